/**
 * `npm run bench -- fairboard [--boards 560] [--events 20000] [--live-s 20] [--rate 5]`: the
 * fair-board figure of docs/security.md. The real server runs in a child process with its
 * default caps (FAIR_SOCKETS_TOTAL 500, FAIR_SOCKETS_PER_CLIENT 20, FAIR_BOARD_TAIL 50,
 * load shedding on) on a fair whose log already holds `--events` events. `--boards` wall
 * boards connect at once (a reconnect storm) from another child process, spread over
 * loopback addresses 127.0.0.2… (21 per address, one more than the per-address cap) with
 * the board key as a subprotocol and `since=0`; then the organizer writes `--rate` events
 * a second for `--live-s` seconds, each pushed to every board. This process asks
 * `/healthz` every 20 ms throughout and reports its latency per phase, with the boards
 * admitted and refused (4429) and what each got on connect. `--cpu-prof DIR` runs the server
 * child with `node --cpu-prof` and stops it with SIGTERM at the end, so its V8 CPU profile
 * (open it in Chrome DevTools) shows what held the event loop.
 */
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { WebSocket } from 'ws'
import { databaseFile, openStorage } from '../../src/db/database'
import { apiClient, childServer, sleep } from '../../test/child-server'
import { printTable, round, summarize } from './lib'
import { transaction } from '../../src/db/transaction'

const ADMIN = 'bench-admin-token-0123456789'

interface BoardsReport {
  attempted: number
  admitted: number
  refused: Record<string, number>
  /** Frames each admitted board got before it was caught up (snapshot + tail). */
  catchUpFrames: number[]
  /** ms from the storm's start until every admitted board had caught up. */
  caughtUpMs: number
  maxPerAddress: number
}

/** The child: `boards` sockets spread over loopback addresses, `perAddress` each. */
async function boards(url: string, key: string, count: number, perAddress: number, lastSeq: number): Promise<void> {
  const started = Date.now()
  const refused: Record<string, number> = {}
  const catchUpFrames: number[] = []
  const perAddressAdmitted = new Map<string, number>()
  let admitted = 0
  let settled = 0
  let caughtUp = 0
  let caughtUpAt = 0
  let live = 0
  const sockets: WebSocket[] = []
  const done = () => {
    if (settled === count && caughtUp === admitted) {
      caughtUpAt = Date.now()
      process.send!({
        report: {
          attempted: count,
          admitted,
          refused,
          catchUpFrames,
          caughtUpMs: caughtUpAt - started,
          maxPerAddress: Math.max(...perAddressAdmitted.values()),
        } satisfies BoardsReport,
      })
    }
  }
  for (let i = 0; i < count; i++) {
    const address = `127.0.${Math.floor(i / perAddress / 250)}.${2 + (Math.floor(i / perAddress) % 250)}`
    const ws = new WebSocket(`${url}?since=0`, ['laborlink.v1', `board.${key}`], { localAddress: address })
    sockets.push(ws)
    let frames = 0
    let seq = 0
    let counted = false
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data))
      frames++
      if (!counted) {
        counted = true
        admitted++
        settled++
        perAddressAdmitted.set(address, (perAddressAdmitted.get(address) ?? 0) + 1)
      }
      seq = frame.seq
      if (seq === lastSeq) {
        caughtUp++
        catchUpFrames.push(frames)
        done()
      } else if (seq > lastSeq) live++
    })
    ws.on('error', () => {})
    ws.on('close', (code, reason) => {
      if (counted) return
      settled++
      const why = `${code} ${String(reason).split(';')[0]}`
      refused[why] = (refused[why] ?? 0) + 1
      done()
    })
  }
  process.on('message', (m: any) => {
    if (m.live) process.send!({ live })
  })
}

// This file is also the boards' process: forked with this variable, it runs only them.
if (process.env.FAIRBOARD_BENCH_CHILD) {
  const { url, key, count, perAddress, lastSeq } = JSON.parse(process.env.FAIRBOARD_BENCH_CHILD)
  await boards(url, key, count, perAddress, lastSeq)
}

/** Asks `/healthz` every 20 ms until stopped: [time since start, latency] pairs. */
function probe(base: string, start: number) {
  const samples: { at: number; ms: number; status: number }[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const t0 = performance.now()
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(30_000) }).catch(() => undefined)
      if (res) await res.arrayBuffer()
      samples.push({ at: t0 - start, ms: performance.now() - t0, status: res?.status ?? 0 })
      await sleep(20)
    }
  })()
  return {
    samples,
    async stop() {
      running = false
      await loop
    },
  }
}

export default async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      boards: { type: 'string', default: '560' },
      events: { type: 'string', default: '20000' },
      'per-address': { type: 'string', default: '21' },
      'live-s': { type: 'string', default: '20' },
      rate: { type: 'string', default: '5' },
      tail: { type: 'string' },
      total: { type: 'string' },
      'cpu-prof': { type: 'string', description: 'a directory: the server child writes a V8 CPU profile there (stopped with SIGTERM at the end)' },
    },
  })
  const count = Number(values.boards)
  const events = Number(values.events)
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-fairboard-'))
  const cleanups: (() => void)[] = []
  try {
    const env: Record<string, string> = { DATA_DIR: dataDir, SEED_DEMO: '0', ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' }
    if (values.tail) env.FAIR_BOARD_TAIL = values.tail
    if (values.total) env.FAIR_SOCKETS_TOTAL = values.total
    const profileDir = values['cpu-prof']
    const server = await childServer({ teardown: (fn) => cleanups.push(fn) }, env, profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {})
    await server.start()
    const api = apiClient(server.base, ADMIN)
    const fair = (await api('POST', '/fairs', { name: '忻州市2027年春风行动大型招聘会', venue: '忻州市人力资源服务产业园', date: '2027-02-20', regionCode: '1409' })).body
    if (!fair?.id) throw new Error(`creating the fair failed: ${JSON.stringify(fair)}`)

    // The log of a long, busy fair, written beside the running server (same WAL file).
    const { sqlite } = openStorage(databaseFile(dataDir), { migrate: false })
    const insert = sqlite.prepare('INSERT INTO fair_events (fair_id, seq, type, payload, at) VALUES (?, ?, ?, ?, ?)')
    const now = Date.now()
    transaction(sqlite, () => {
      for (let seq = 2; seq <= events + 1; seq++) {
        const k = seq % 20
        const [type, payload] =
          k < 8
            ? ['checkin', { laborerId: seq, name: '王*', village: '忻州市忻府区播明镇东播明村' }]
            : k < 16
              ? ['match.proposed', { matchId: seq, round: 1 + Math.floor(seq / 1000), laborerId: seq - 8, name: '李**', jobId: 1 + (seq % 300), title: '北京朝阳区住宅项目招瓦工', score: 60 + (seq % 40) }]
              : k < 19
                ? ['match.accepted', { matchId: seq - 8, laborerId: seq - 16, jobId: 1 + (seq % 300), by: 'fair_organizer', reason: null }]
                : ['round', { round: 1 + Math.floor(seq / 1000), checkedIn: seq, free: 100, proposed: 40 }]
        insert.run(fair.id, seq, type, JSON.stringify(payload), now)
      }
    })
    sqlite.close()
    const lastSeq = events + 1

    const start = performance.now()
    const health = probe(server.base, start)
    await sleep(3000)
    const stormAt = performance.now() - start
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        FAIRBOARD_BENCH_CHILD: JSON.stringify({
          url: `${server.base.replace('http', 'ws')}/ws/fairs/${fair.id}`,
          key: fair.boardToken,
          count,
          perAddress: Number(values['per-address']),
          lastSeq,
        }),
      },
    })
    cleanups.push(() => child.kill())
    const fromChild = <T>(key: string) => new Promise<T>((resolve) => child.on('message', (m: any) => key in m && resolve(m[key])))
    const report = await fromChild<BoardsReport>('report')
    const caughtUpAt = performance.now() - start

    // Live: the organizer writes; every event goes to every board.
    const liveFrom = performance.now() - start
    const liveSeconds = Number(values['live-s'])
    const rate = Number(values.rate)
    let written = 0
    for (let i = 0; i < liveSeconds * rate; i++) {
      const due = liveFrom + (i * 1000) / rate
      const wait = due - (performance.now() - start)
      if (wait > 0) await sleep(wait)
      const res = await api('PATCH', `/fairs/${fair.id}`, { name: `忻州市2027年春风行动大型招聘会（第${i + 1}场）` })
      if (res.status === 200) written++
    }
    await sleep(2000)
    child.send({ live: true })
    const liveReceived = await fromChild<number>('live')
    const liveTo = performance.now() - start
    await health.stop()

    const phase = (from: number, to: number) => health.samples.filter((s) => s.at >= from && s.at < to)
    const row = (name: string, samples: typeof health.samples) => ({
      phase: name,
      ...summarize(samples.map((s) => s.ms)),
      'non-200': samples.filter((s) => s.status !== 200).length,
    })
    const [load1, load5] = loadavg()
    printTable(`fair boards: ${count} connect at once, caps ${values.total ?? 500} in all / 20 per address`, [
      {
        'log events': lastSeq,
        attempted: report.attempted,
        admitted: report.admitted,
        'most from one address': report.maxPerAddress,
        refused: Object.entries(report.refused).map(([why, n]) => `${n}× ${why}`).join(', '),
        'frames on connect (min–max)': `${Math.min(...report.catchUpFrames)}–${Math.max(...report.catchUpFrames)}`,
        'all caught up after (s)': round(report.caughtUpMs / 1000, 1),
        'live events': written,
        'live frames received': `${liveReceived} of ${written * report.admitted}`,
      },
    ])
    printTable('/healthz latency (ms), asked every 20 ms', [
      row('before (no boards)', phase(0, stormAt)),
      row('connect storm until all caught up', phase(stormAt, caughtUpAt)),
      row(`${report.admitted} boards, ${rate} events/s pushed to each`, phase(liveFrom, liveTo)),
      row('whole run with boards', phase(stormAt, liveTo)),
    ])
    process.stdout.write(`\nload average during the run: ${round(load1, 2)} (1 min), ${round(load5, 2)} (5 min); 2 cores\n`)
    if (profileDir && server.pid) {
      // A profile is written only on an orderly exit: SIGTERM, then wait for the process to go.
      process.kill(server.pid, 'SIGTERM')
      for (let i = 0; i < 600; i++) {
        try {
          process.kill(server.pid, 0)
        } catch {
          break
        }
        await sleep(50)
      }
      process.stdout.write(`server CPU profile in ${profileDir}\n`)
    }
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup()
    await sleep(200)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
