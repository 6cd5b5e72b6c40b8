/**
 * `npm run bench -- load [--duration 30] [--search 100] [--list 40] [--get 100] [--patch 20]
 * [--confirm 20] [--stations 300]`: the mixed workload of docs/benchmarks.md. The real
 * server (`src/server.ts`, its own process and event loop) on a real port and a demo
 * city's database; for `--duration` seconds, at fixed rates (requests/s):
 * - kiosk searches (public, `GET /api/v1/jobs/search`),
 * - registry reads and writes by township staff and village agents (laborer list, get,
 *   patch),
 * - an official confirming transport groups one by one, each dispatched to one of
 *   `--stations` connected station sockets, which ack every message.
 * Figures: throughput and p50/p99 per route, errors (anything not 2xx), dispatch delivery
 * (received, acked, append→receive latency), and the server's RSS before, at peak and after.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { buildApp } from '../../src/app'
import { issueToken } from '../../src/auth/tokens'
import { loadConfig } from '../../src/config'
import { databaseFile } from '../../src/db/database'
import { childServer } from '../../test/child-server'
import { addJob, addStation, addTraveller } from '../../test/transport/fixtures'
import { connectStations, cpuSecondsOf, percentile, printTable, round, rssOf } from './lib'
import { transaction } from '../../src/db/transaction'

const ADMIN = 'bench-admin-token-0123456789'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Growth of the server's RSS from before to after the run that still counts as flat. */
const RSS_GROWTH_BOUND_MIB = 64
const SEARCHES = ['瓦工', 'wagong', 'wg', '月嫂', '保安', '电焊工', '北京', '苏州 包吃住', 'yuesao', '普工', '司机', '家政', '育婴师', '厨师', '服务员']
const date = (d: number) => new Date(Date.UTC(2027, 2, 1 + d)).toISOString().slice(0, 10)

interface Agent {
  token: string
  laborerIds: number[]
}

export default async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      duration: { type: 'string', default: '30' },
      search: { type: 'string', default: '100' },
      list: { type: 'string', default: '40' },
      get: { type: 'string', default: '100' },
      patch: { type: 'string', default: '20' },
      confirm: { type: 'string', default: '20' },
      stations: { type: 'string', default: '300' },
    },
  })
  const duration = Number(values.duration)
  const rates = { search: Number(values.search), list: Number(values.list), get: Number(values.get), patch: Number(values.patch) }
  const confirmRate = Number(values.confirm)
  const stationCount = Number(values.stations)
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-load-'))
  const cleanups: (() => void)[] = []
  try {
    // ——— the demo city, plus stations with groups waiting to be confirmed ———
    process.stdout.write('seeding the demo city…\n')
    const seeding = await buildApp({
      ...loadConfig({ SEED_DEMO: '1', LOG_LEVEL: 'warn', ADMIN_TOKEN: ADMIN }),
      dataDir,
      prettyLogs: false,
    })
    const stations: { id: number; token: string }[] = []
    const groupsPerStation = Math.ceil((confirmRate * duration * 1.2) / stationCount) + 1
    const villages = seeding.regions.ofLevel('village').map((v) => v.code)
    transaction(seeding.sqlite, () => {
      const job = addJob(seeding, date(0))
      for (let s = 0; s < stationCount; s++) {
        const id = addStation(seeding, `忻州市驻外劳务服务工作站${s + 1}`)
        stations.push({ id, token: issueToken(seeding.db, { role: 'station_operator', scope: String(id), label: 'load' }).token })
        for (let d = 1; d <= groupsPerStation; d++) {
          for (const k of [0, 1]) addTraveller(seeding, job, { villageCode: villages[(s * 7 + d * 3 + k) % villages.length], stationId: id, startDate: date(d + 1), availableFrom: date(d) })
        }
      }
    })
    const plan = await seeding.inject({
      method: 'POST',
      url: '/api/v1/transport/plans',
      headers: { authorization: `Bearer ${ADMIN}` },
      payload: { from: date(1), to: date(groupsPerStation) },
    })
    const drafts: number[] = (plan.json().groups as { groupId: number; stationId: number }[])
      .filter((g) => stations.some((s) => s.id === g.stationId))
      .map((g) => g.groupId)
    // Agents of the busiest villages and townships, each with the laborers they may see.
    const agentsOf = (role: 'village_agent' | 'township_staff', column: string, n: number): Agent[] =>
      (seeding.sqlite.prepare(`SELECT ${column} AS code FROM laborers GROUP BY 1 ORDER BY count(*) DESC LIMIT ?`).all(n) as { code: string }[]).map(({ code }) => ({
        token: issueToken(seeding.db, { role, scope: code, label: 'load' }).token,
        laborerIds: (seeding.sqlite.prepare(`SELECT id FROM laborers WHERE ${column} = ?`).all(code) as { id: number }[]).map((r) => r.id),
      }))
    const villageAgents = agentsOf('village_agent', 'village_code', 40)
    const townshipStaff = agentsOf('township_staff', 'township_code', 20)
    const laborers = (seeding.sqlite.prepare('SELECT count(*) AS n FROM laborers').get() as { n: number }).n
    const postings = (seeding.sqlite.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }).n
    await seeding.close()

    // ——— the server in its own process; kiosks come from many addresses, here one ———
    const server = await childServer({ teardown: (fn) => cleanups.push(fn) }, {
      DATA_DIR: dataDir,
      SEED_DEMO: '0',
      ADMIN_TOKEN: ADMIN,
      LOG_LEVEL: 'warn',
      SEARCH_RATE_LIMIT: '1000000000',
    })
    await server.start()
    const pid = server.pid!
    const { base } = server
    const stationLatency: number[] = []
    const { tally, sockets } = await connectStations(base.replace('http', 'ws'), stations, (_id, frame, at) => {
      stationLatency.push(at - Date.parse(frame.createdAt))
    })
    cleanups.push(() => sockets.forEach((ws) => ws.terminate()))
    // Warm-up: every route once per agent, then a few seconds of quiet.
    for (const q of SEARCHES) await fetch(`${base}/api/v1/jobs/search?q=${encodeURIComponent(q)}`)
    for (const a of [...villageAgents, ...townshipStaff]) await fetch(`${base}/api/v1/laborers?limit=20`, { headers: { authorization: `Bearer ${a.token}` } })
    await sleep(3000)
    const rssBefore = rssOf(pid)
    const loadBefore = loadavg()[0]
    const cpuBefore = cpuSecondsOf(pid)

    // ——— the mixed workload ———
    let peakRss = rssBefore
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(pid))), 250)
    const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]
    const instance = (route: string, rate: number, request: autocannon.Request) => ({
      route,
      rate,
      result: autocannon({ url: base, duration, connections: Math.max(2, Math.ceil(rate / 20)), overallRate: rate, requests: [request] }),
    })
    const runs = [
      instance('GET /jobs/search (kiosk, public)', rates.search, {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `/api/v1/jobs/search?q=${encodeURIComponent(pick(SEARCHES))}&limit=10` }),
      }),
      instance('GET /laborers (township staff)', rates.list, {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: '/api/v1/laborers?limit=20', headers: { authorization: `Bearer ${pick(townshipStaff).token}` } }),
      }),
      instance('GET /laborers/:id (village agent)', rates.get, {
        method: 'GET',
        setupRequest: (req) => {
          const agent = pick(villageAgents)
          return { ...req, path: `/api/v1/laborers/${pick(agent.laborerIds)}`, headers: { authorization: `Bearer ${agent.token}` } }
        },
      }),
      instance('PATCH /laborers/:id (village agent)', rates.patch, {
        method: 'PATCH',
        setupRequest: (req) => {
          const agent = pick(villageAgents)
          return {
            ...req,
            path: `/api/v1/laborers/${pick(agent.laborerIds)}`,
            headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ expectedWage: 3000 + Math.floor(Math.random() * 40) * 100 }),
          }
        },
      }),
    ]
    // The official: one confirmation every 1/rate s, each a commit (fsync) and a push.
    const confirmLatency: number[] = []
    let confirmErrors = 0
    const confirms: Promise<void>[] = []
    const started = Date.now()
    for (let i = 0; i < drafts.length && Date.now() - started < duration * 1000; i++) {
      const sent = performance.now()
      confirms.push(
        fetch(`${base}/api/v1/transport/groups/${drafts[i]}/confirm`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } }).then(
          async (res) => {
            await res.arrayBuffer()
            confirmLatency.push(performance.now() - sent)
            if (res.status !== 200) confirmErrors++
          },
          () => void confirmErrors++,
        ),
      )
      await sleep(Math.max(0, started + ((i + 1) * 1000) / confirmRate - Date.now()))
    }
    await Promise.all(confirms)
    const results = await Promise.all(runs.map(async ({ route, rate, result }) => ({ route, rate, r: await result })))
    const loadAfter = loadavg()[0]
    const serverCpu = round(((cpuSecondsOf(pid) - cpuBefore) / ((Date.now() - started) / 1000)) * 100, 0)

    // Every confirmed group reaches its station and is acked (delivery times are flushed every 200 ms).
    const confirmed = confirmLatency.length - confirmErrors
    for (let i = 0; i < 100 && tally.received < confirmed; i++) await sleep(50)
    await sleep(500)
    const db = new Database(databaseFile(dataDir), { readonly: true })
    // The demo city's own stations (never connected here) have messages of their own.
    const unacked = (
      db.prepare(`SELECT count(*) AS n FROM dispatches WHERE acked_at IS NULL AND station_id IN (${stations.map((s) => s.id).join(',')})`).get() as { n: number }
    ).n
    db.close()
    await sleep(2000)
    clearInterval(sampler)
    const rssAfter = rssOf(pid)

    const rows = results.map(({ route, rate, r }) => ({
      route,
      'target req/s': rate,
      'req/s': round(r.requests.average, 0),
      requests: r.requests.total,
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      'max ms': r.latency.max,
      errors: r.errors + r.timeouts + r.non2xx,
    }))
    rows.push({
      route: 'POST /transport/groups/:id/confirm (official)',
      'target req/s': confirmRate,
      'req/s': round(confirmLatency.length / duration, 0),
      requests: confirmLatency.length,
      'p50 ms': round(percentile(confirmLatency, 50), 1),
      'p99 ms': round(percentile(confirmLatency, 99), 1),
      'max ms': round(Math.max(...confirmLatency), 1),
      errors: confirmErrors,
    })
    const total = rows.reduce((n, r) => n + r.requests, 0)
    const errors = rows.reduce((n, r) => n + r.errors, 0)
    const worstP99 = Math.max(...rows.map((r) => r['p99 ms']))
    printTable(`load: ${duration} s on a demo city of ${laborers} laborers and ${postings} postings, ${stationCount} stations connected`, rows)
    printTable('totals', [
      {
        'req/s': round(total / duration, 0),
        requests: total,
        errors,
        'worst p99 ms': worstP99,
        'target (0 errors, p99 ≤ 100 ms)': errors === 0 && worstP99 <= 100 ? 'met' : 'NOT met',
        'server CPU % of a core': serverCpu,
        'load average before → after': `${round(loadBefore, 2)} → ${round(loadAfter, 2)}`,
      },
    ])
    printTable('dispatch to stations', [
      {
        confirmed,
        received: tally.received,
        unacked,
        gaps: tally.gaps,
        duplicates: tally.duplicates,
        'append→receive p50 ms': percentile(stationLatency, 50),
        'p99 ms': percentile(stationLatency, 99),
        'max ms': Math.max(...stationLatency),
      },
    ])
    printTable('server memory (RSS, MiB)', [
      {
        before: rssBefore,
        peak: peakRss,
        after: rssAfter,
        growth: round(rssAfter - rssBefore, 1),
        [`bound (+${RSS_GROWTH_BOUND_MIB})`]: rssAfter - rssBefore <= RSS_GROWTH_BOUND_MIB ? 'met' : 'NOT met',
      },
    ])
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup()
    await sleep(200)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
