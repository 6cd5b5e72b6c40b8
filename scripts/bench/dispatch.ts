/**
 * `npm run bench -- dispatch [--stations N] [--messages N] [--seats N] [--batch N] [--rate N]`: the station
 * dispatch figures of docs/benchmarks.md. The server runs in this process on a fresh
 * database; N stations connect from a child process (its own event loop and core, like
 * real stations) and ack every message. Messages are appended `--batch` (50) per
 * transaction, as confirming a plan writes all its groups, and pushed after commit. Figures:
 * messages/s from the first commit to the last receipt, commit-to-receive latency (the
 * moment the transaction returned to the station's receipt; append-to-receive adds the
 * commit itself, an fsync), ack round trip (ack sent → `acked`, i.e. recorded durably and
 * confirmed), and memory per idle connection. `--rate` offers messages at a steady rate
 * instead of as fast as possible (ack round trips then are not queued behind a saturated log).
 */
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildApp } from '../../src/app'
import { issueToken } from '../../src/auth/tokens'
import { loadConfig } from '../../src/config'
import { appendDispatch } from '../../src/dispatch/queries'
import { connectStations, percentile, printTable, round } from './lib'
import { transaction } from '../../src/db/transaction'

interface ClientReport {
  ackRoundTrips: number[]
  received: number
  duplicates: number
  gaps: number
  /** [stationId, seq, received at (epoch ms)] per message. */
  receipts: [number, number, number][]
  lastAt: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A full collection before each memory reading, without needing `node --expose-gc`. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

/** The child: N station sockets that check order and ack, reporting latencies to the parent. */
async function stations(url: string, list: { id: number; token: string }[], expected: number): Promise<void> {
  const report: ClientReport = { ackRoundTrips: [], received: 0, duplicates: 0, gaps: 0, receipts: [], lastAt: 0 }
  let sent = false
  const done = () => {
    if (sent || tally.received < expected || tally.acksPending > 0) return
    sent = true
    process.send!({ report: { ...report, ...tally } })
  }
  const { tally } = await connectStations(
    url,
    list,
    (id, frame, at) => {
      report.receipts.push([id, frame.seq, at])
      report.lastAt = at
    },
    done,
  )
  process.send!({ ready: true })
}

// This file is also the stations' process: forked with this variable, it runs only them.
if (process.env.DISPATCH_BENCH_CHILD) {
  const { url, list, expected } = JSON.parse(process.env.DISPATCH_BENCH_CHILD)
  await stations(url, list, expected)
}

/** A group snapshot of the size stations really get. */
function payload(seats: number, i: number) {
  return {
    groupId: i,
    status: 'confirmed',
    vehicle: { kind: 'bus', capacity: 55 },
    departureAt: '2027-02-20T23:00:00.000Z',
    stops: [{ countyCode: '140924', countyName: '繁峙县', pickupPoint: '繁峙县就业服务中心', time: '2027-02-20T23:00:00.000Z', people: seats }],
    seats: Array.from({ length: seats }, (_, s) => ({
      seat: s + 1,
      laborerId: i * 100 + s,
      name: '王*伟',
      gender: 'male',
      countyName: '繁峙县',
      employer: '北京某物业服务有限公司',
      jobTitle: '保安员',
      startDate: '2027-02-22',
    })),
  }
}

export default async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      stations: { type: 'string', default: '300' },
      messages: { type: 'string', default: '30000' },
      seats: { type: 'string', default: '20' },
      batch: { type: 'string', default: '50' },
      /** Messages per second offered (0: as fast as the log takes them). */
      rate: { type: 'string', default: '0' },
    },
  })
  const stationCount = Number(values.stations)
  const messages = Number(values.messages)
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-dispatch-'))
  const app = await buildApp({
    ...loadConfig({ SEED_DEMO: '0', LOG_LEVEL: 'warn', ADMIN_TOKEN: 'bench-admin-token-0123456789' }),
    dataDir,
    prettyLogs: false,
  })
  try {
    const now = Date.now()
    const insert = app.sqlite.prepare(
      "INSERT INTO stations (name, province_code, city_code, partner_area, created_at, updated_at) VALUES (?, '11', '1101', 'jingjinji', ?, ?)",
    )
    const list = Array.from({ length: stationCount }, (_, i) => {
      const id = Number(insert.run(`工作站${i + 1}`, now, now).lastInsertRowid)
      return { id, token: issueToken(app.db, { role: 'station_operator', scope: String(id), label: 'bench' }).token }
    })
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    await sleep(300)
    collectGarbage()
    const before = process.memoryUsage()
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, DISPATCH_BENCH_CHILD: JSON.stringify({ url: address.replace('http', 'ws'), list, expected: messages }) },
    })
    const fromChild = <T>(key: string) => new Promise<T>((resolve) => child.on('message', (m: any) => key in m && resolve(m[key])))
    await fromChild('ready')
    await sleep(1000)
    collectGarbage()
    const idle = process.memoryUsage()

    const reported = fromChild<ClientReport>('report')
    const sample = payload(Number(values.seats), 1)
    const bytes = JSON.stringify(sample).length
    const started = Date.now()
    const batch = Number(values.batch)
    const appendedAt = new Map<string, number>()
    const committedAt = new Map<string, number>()
    let commits = 0
    for (let i = 0; i < messages; i += batch) {
      const keys: string[] = []
      const touched = transaction(app.db, () => {
        const ids = new Set<number>()
        for (let k = i; k < Math.min(i + batch, messages); k++) {
          const stationId = list[k % stationCount].id
          const at = Date.now()
          const { seq } = appendDispatch(app.db, { stationId, type: 'group.confirmed', groupId: k + 1, groupVersion: 1, payload: payload(Number(values.seats), k + 1) }, at)
          keys.push(`${stationId}:${seq}`)
          appendedAt.set(`${stationId}:${seq}`, at)
          ids.add(stationId)
        }
        return ids
      })
      const at = Date.now()
      for (const key of keys) committedAt.set(key, at)
      commits++
      app.dispatch.notify(touched)
      // Confirmations arrive as separate requests: pushes interleave with writes.
      await new Promise((r) => setImmediate(r))
      const rate = Number(values.rate)
      if (rate > 0) await sleep(Math.max(0, started + ((i + batch) / rate) * 1000 - Date.now()))
    }
    const written = Date.now()
    const report = await reported
    child.kill()
    const seconds = (report.lastAt - started) / 1000
    const fromCommit = report.receipts.map(([id, seq, t]) => t - committedAt.get(`${id}:${seq}`)!)
    const fromAppend = report.receipts.map(([id, seq, t]) => t - appendedAt.get(`${id}:${seq}`)!)
    const offered = Number(values.rate) > 0 ? `, ${values.rate}/s offered` : ', as fast as possible'
    printTable(`dispatch: ${stationCount} stations, ${messages} messages of ${round(bytes / 1024, 1)} KiB (${values.seats} seats), ${batch} per commit${offered}`, [
      {
        'messages/s': round(messages / seconds, 0),
        'commits/s': round(commits / ((written - started) / 1000), 0),
        'commit→receive p50 ms': percentile(fromCommit, 50),
        'p99 ms': percentile(fromCommit, 99),
        'max ms': Math.max(...fromCommit),
        'append→receive p99 ms': percentile(fromAppend, 99),
        'ack→acked p50 ms': round(percentile(report.ackRoundTrips, 50), 1),
        'ack→acked p99 ms': round(percentile(report.ackRoundTrips, 99), 1),
        received: report.received,
        gaps: report.gaps,
        duplicates: report.duplicates,
      },
    ])
    printTable('memory per idle connection (server process)', [
      {
        'heap + external KiB': round((idle.heapUsed + idle.external - before.heapUsed - before.external) / stationCount / 1024, 1),
        connections: app.dispatch.onlineStations().length,
      },
    ])
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
