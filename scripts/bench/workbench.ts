/**
 * `npm run bench -- workbench [--laborers 600000] [--runs 200]`: the workbench's two
 * hottest reads at the city's registry size — a village agent's list (GET
 * /villages/{code}/laborers, ≈ 200 laborers) and the township table (GET
 * /townships/{code}/villages, ≈ 3,500 laborers) — over HTTP (app.inject, token checked),
 * with a third of the laborers visited in the last 60 days.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { buildApp } from '../../src/app'
import { loadConfig } from '../../src/config'
import { Random } from '../../src/random'
import { shanghaiToday } from '../../src/calendar'
import { insertDemoLaborers } from '../../src/laborers/demo'
import { issueToken } from '../../src/auth/tokens'
import { printTable, round, summarize } from './lib'

const ADMIN = 'bench-admin-token-0123456789'

export default async function workbench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { laborers: { type: 'string' }, runs: { type: 'string' } } })
  const laborerCount = Number(values.laborers ?? 600_000)
  const runs = Number(values.runs ?? 200)
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-bench-workbench-'))
  const app = await buildApp({ ...loadConfig({ SEED_DEMO: '0', LOG_LEVEL: 'warn', ADMIN_TOKEN: ADMIN, MAX_EVENT_LOOP_DELAY_MS: '0' }), dataDir, prettyLogs: false })
  try {
    const t0 = performance.now()
    insertDemoLaborers(app, new Random(13), laborerCount)
    const today = shanghaiToday()
    app.sqlite
      .prepare(
        `INSERT INTO visits (laborer_id, village_code, township_code, county_code, visit_date, visitor, method, outcome, next_visit_due, created_at)
         SELECT id, village_code, township_code, county_code, date(?, '-' || (id % 60) || ' days'), '村专员', 'home', 'working',
           CASE WHEN id % 2 = 0 THEN date(?, '+' || (id % 40) || ' days') END, ?
         FROM laborers WHERE id % 3 = 0`,
      )
      .run(today, today, Date.now())
    app.sqlite.exec('ANALYZE')
    const counts = app.sqlite
      .prepare(`SELECT (SELECT count(*) FROM laborers) AS laborers, (SELECT count(*) FROM employment_records) AS records, (SELECT count(*) FROM visits) AS visits`)
      .get() as Record<string, number>
    printTable('data', [{ ...counts, seedSeconds: round((performance.now() - t0) / 1000, 0) }])

    // The villages and township nearest the asked-for sizes.
    const villages = app.sqlite
      .prepare('SELECT village_code AS code, count(*) AS n FROM laborers GROUP BY village_code ORDER BY abs(count(*) - 200), village_code LIMIT 20')
      .all() as { code: string; n: number }[]
    const township = app.sqlite
      .prepare('SELECT township_code AS code, count(*) AS n FROM laborers GROUP BY township_code ORDER BY abs(count(*) - 3500), township_code LIMIT 1')
      .get() as { code: string; n: number }
    const agentTokens = villages.map((v) => issueToken(app.db, { role: 'village_agent', scope: v.code, label: 'bench agent' }).token)
    const staffToken = issueToken(app.db, { role: 'township_staff', scope: township.code, label: 'bench staff' }).token

    const http = async (name: string, request: (i: number) => { url: string; token: string }) => {
      const ms: number[] = []
      let bytes = 0
      let status = 0
      for (let i = 0; i < runs + 10; i++) {
        const { url, token } = request(i)
        const t = performance.now()
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
        if (i >= 10) ms.push(performance.now() - t)
        status = res.statusCode
        bytes = res.body.length
      }
      return { measure: `${name} (HTTP ${status}, last ${bytes} chars)`, ...summarize(ms) }
    }
    const countyToken = issueToken(app.db, { role: 'county_officer', scope: township.code.slice(0, 6), label: 'bench county' }).token
    const countyReport = (label: string) =>
      http(`county by township (GET /reports/townships), ${label}`, () => ({ url: '/api/v1/reports/townships?period=month', token: countyToken }))
    // Before and after the county index on the report spans, in the same run (the index is
    // migration 0017; dropped here for the "before" figure, then made again).
    app.sqlite.exec('DROP INDEX IF EXISTS employment_intervals_county_idx; ANALYZE')
    const before = await countyReport('without employment_intervals_county_idx')
    const t1 = performance.now()
    app.sqlite.exec('CREATE INDEX employment_intervals_county_idx ON employment_intervals (county_code, valid_from); ANALYZE')
    const indexMs = Math.round(performance.now() - t1)
    const after = await countyReport(`with the index (built in ${indexMs} ms)`)
    const rows = [
      before,
      after,
      await http(`village list, ${villages.length} villages of ${villages[0].n}–${villages.at(-1)!.n} laborers`, (i) => ({
        url: `/api/v1/villages/${villages[i % villages.length].code}/laborers`,
        token: agentTokens[i % villages.length],
      })),
      await http(`township table, ${township.n} laborers`, () => ({ url: `/api/v1/townships/${township.code}/villages`, token: staffToken })),
    ]
    printTable(`workbench at ${laborerCount} laborers, ${runs} runs each (ms); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`, rows)
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
