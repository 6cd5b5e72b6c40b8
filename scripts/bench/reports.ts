/**
 * `npm run bench -- reports [--laborers 600000] [--changes 2]`: a city-sized registry with
 * a year of employment status changes, then the progress report (each period kind) and
 * the monthly ranking, timed in-process and over HTTP (JSON and CSV).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildApp } from '../../src/app'
import { loadConfig } from '../../src/config'
import { Random } from '../../src/random'
import { employmentStatuses, type EmploymentStatus } from '../../src/laborers/schema'
import { addDays } from '../../src/calendar'
import { buildProgress, buildRanking, reportScope, type ReportScope } from '../../src/reports/build'
import { refreshIntervals } from '../../src/reports/queries'
import { periodContaining } from '../../src/reports/periods'
import { printTable, round, summarize, trackPeakRss } from './lib'
import { transaction, transactional } from '../../src/db/transaction'

const ADMIN = 'bench-admin-token-0123456789'
const YEAR = 2022

const statusWeights: [EmploymentStatus, number][] = [
  ['unemployed', 18],
  ['in_province', 26],
  ['cross_province', 14],
  ['local', 30],
  ['self_employed', 7],
  ['public_welfare_post', 5],
]

export default async function reports(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { laborers: { type: 'string' }, changes: { type: 'string' }, runs: { type: 'string' } } })
  const laborerCount = Number(values.laborers ?? 600_000)
  const changesPerLaborer = Number(values.changes ?? 2)
  const runs = Number(values.runs ?? 5)
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-bench-reports-'))
  const app = await buildApp({ ...loadConfig({ SEED_DEMO: '0', LOG_LEVEL: 'warn', ADMIN_TOKEN: ADMIN }), dataDir, prettyLogs: false })
  try {
    const generated = generate(app.sqlite, app.regions.ofLevel('village').map((v) => v.code), laborerCount, changesPerLaborer)
    printTable('data', [generated])

    const scope = reportScope(app)
    const peak = trackPeakRss()
    const t0 = performance.now()
    const folded = refreshIntervals(app.sqlite)
    const firstBuild = { step: `first build of employment_intervals (${folded} events)`, ms: round(performance.now() - t0, 0) }
    appendChanges(app.sqlite, 1000)
    const t1 = performance.now()
    const refreshed = refreshIntervals(app.sqlite)
    printTable('derived spans', [firstBuild, { step: `incremental refresh after ${refreshed} new events`, ms: round(performance.now() - t1, 0) }])
    const timed = (name: string, fn: () => unknown) => {
      const ms: number[] = []
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now()
        fn()
        ms.push(performance.now() - t0)
      }
      return { measure: name, ...summarize(ms) }
    }
    const rows = [
      timed('progress 旬 (2022-12 下旬), in-process', () => buildProgress(scope, periodContaining('xun', '2022-12-25'))),
      timed('progress month (2022-06), in-process', () => buildProgress(scope, periodContaining('month', '2022-06-15'))),
      timed('progress quarter (2022 Q3), in-process', () => buildProgress(scope, periodContaining('quarter', '2022-08-01'))),
      timed('progress year to date (2022-12-31), in-process', () => buildProgress(scope, periodContaining('ytd', '2022-12-31'))),
      timed('ranking 2022-12 vs 2022-11, in-process', () => buildRanking(scope, '2022-12', { category: 'rural_employment', group: 'poverty' })),
    ]
    const http = async (name: string, url: string, headers: Record<string, string> = {}) => {
      const ms: number[] = []
      let status = 0
      let bytes = 0
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now()
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN}`, ...headers } })
        ms.push(performance.now() - t0)
        status = res.statusCode
        bytes = res.body.length
      }
      return { measure: `${name} (HTTP ${status}, ${bytes} chars)`, ...summarize(ms) }
    }
    rows.push(
      await http('GET /reports/progress?period=ytd', '/api/v1/reports/progress?period=ytd&date=2022-12-31'),
      await http('GET /reports/progress?period=xun csv', '/api/v1/reports/progress?period=xun&date=2022-12-25&format=csv'),
      await http('GET /reports/ranking', '/api/v1/reports/ranking?month=2022-12'),
      await http('GET /reports/ranking Accept: text/csv', '/api/v1/reports/ranking?month=2022-12', { accept: 'text/csv' }),
    )
    printTable(`reports: ${laborerCount} laborers, ${generated.events} events, ${runs} runs each (ms)`, rows)
    printTable('memory', [{ peakRssMiB: peak() }])
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Status changes for `n` random laborers dated in late December, as the registry appends them. */
function appendChanges(sqlite: ReportScope['sqlite'], n: number): void {
  const random = new Random(n)
  const latest = sqlite.prepare(
    'SELECT to_status AS status, county_code AS county, poverty_status AS poverty FROM employment_events WHERE laborer_id = ? ORDER BY id DESC LIMIT 1',
  )
  const { maxId } = sqlite.prepare('SELECT max(id) AS maxId FROM laborers').get() as { maxId: number }
  const insert = sqlite.prepare(
    `INSERT INTO employment_events (laborer_id, from_status, to_status, effective_date, county_code, poverty_status, note, at)
     VALUES (?, ?, ?, ?, ?, ?, '', ?)`,
  )
  transaction(sqlite, () => {
    for (let i = 0; i < n; i++) {
      const id = random.int(1, maxId)
      const last = latest.get(id) as { status: EmploymentStatus; county: string; poverty: string }
      const next = last.status === 'unemployed' ? 'cross_province' : 'unemployed'
      insert.run(id, last.status, next, `${YEAR}-12-${random.int(21, 31)}`, last.county, last.poverty, Date.now())
    }
  })
}

/**
 * Rows straight through prepared statements: laborers over real villages, a registration
 * event at the end of the previous year and `changes` status changes on average during
 * the year, each carrying county and poverty status as the registry writes them.
 */
function generate(sqlite: ReportScope['sqlite'], villages: string[], count: number, changes: number) {
  const started = performance.now()
  const random = new Random(YEAR)
  const insertLaborer = sqlite.prepare(
    `INSERT INTO laborers (id, name, id_hash, id_cipher, id_masked, phone_hash, phone_cipher, phone_masked, gender, birth_date,
       village_code, township_code, county_code, poverty_status, employment_status, created_at, updated_at)
     VALUES (?, ?, ?, '', '1409**********0000', ?, '', '138****0000', ?, '1985-01-01', ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertEvent = sqlite.prepare(
    `INSERT INTO employment_events (laborer_id, from_status, to_status, effective_date, county_code, poverty_status, note, at)
     VALUES (?, ?, ?, ?, ?, ?, '', ?)`,
  )
  const pickStatus = () => random.weighted(statusWeights)
  let events = 0
  const batch = transactional(sqlite, (from: number, to: number) => {
    const at = Date.now()
    for (let id = from; id < to; id++) {
      const village = random.pick(villages)
      const county = village.slice(0, 6)
      const poverty = random.weighted([['poverty_alleviated', 25], ['monitored', 4], ['ordinary', 71]] as const)
      let status = pickStatus()
      const moves = random.int(0, changes * 2)
      const days = Array.from({ length: moves }, () => random.int(0, 364)).sort((a, b) => a - b)
      const timeline: [EmploymentStatus | null, EmploymentStatus, string][] = [[null, status, `${YEAR - 1}-12-31`]]
      for (const d of days) {
        let next = pickStatus()
        if (next === status) next = employmentStatuses[(employmentStatuses.indexOf(status) + 1) % employmentStatuses.length]
        timeline.push([status, next, addDays(`${YEAR}-01-01`, d)])
        status = next
      }
      insertLaborer.run(id, `劳动力${id}`, `bench-${id}`, `p-${id}`, random.chance(0.5) ? 'male' : 'female', village, village.slice(0, 9), county, poverty, status, at, at)
      for (const [fromStatus, toStatus, date] of timeline) insertEvent.run(id, fromStatus, toStatus, date, county, poverty, at)
      events += timeline.length
    }
  })
  for (let from = 1; from <= count; from += 50_000) batch(from, Math.min(count + 1, from + 50_000))
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  sqlite.exec('ANALYZE')
  return { laborers: count, events, generateSeconds: round((performance.now() - started) / 1000, 1) }
}
