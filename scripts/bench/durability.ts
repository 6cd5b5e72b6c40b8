/**
 * `npm run bench -- durability [--commits 2000]`: what `synchronous = FULL` costs, for
 * docs/durability.md. One small durable write per transaction — a station dispatch
 * appended with its group snapshot, the write a confirmation or a placement makes — on
 * the database settings every process uses (`openStorage`: WAL, FULL), then the same
 * with `synchronous = NORMAL` on the same file. FULL syncs the WAL at every commit;
 * NORMAL only at checkpoints, so its last commits can be lost in a power cut (not in a
 * process crash).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { databaseFile, openStorage } from '../../src/db/database'
import { appendDispatch } from '../../src/dispatch/queries'
import { printTable, round, summarize } from './lib'
import { transactional } from '../../src/db/transaction'

export default async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { commits: { type: 'string', default: '2000' } } })
  const commits = Number(values.commits)
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-durability-'))
  const { sqlite, db } = openStorage(databaseFile(dataDir))
  try {
    const now = Date.now()
    const stationId = Number(
      sqlite
        .prepare("INSERT INTO stations (name, province_code, city_code, partner_area, created_at, updated_at) VALUES ('工作站', '11', '1101', 'jingjinji', ?, ?)")
        .run(now, now).lastInsertRowid,
    )
    const payload = { seats: Array.from({ length: 45 }, (_, i) => ({ seat: i + 1, laborerId: i, name: '王*', employer: '北京某物业服务有限公司' })) }
    const append = transactional(sqlite, (groupId: number) => appendDispatch(db, { stationId, type: 'group.confirmed', groupId, groupVersion: 1, payload }))
    const measure = (mode: 'FULL' | 'NORMAL') => {
      sqlite.pragma(`synchronous = ${mode}`)
      for (let i = 0; i < 50; i++) append(i)
      const latencies: number[] = []
      const started = performance.now()
      for (let i = 0; i < commits; i++) {
        const t0 = performance.now()
        append(i)
        latencies.push(performance.now() - t0)
      }
      const seconds = (performance.now() - started) / 1000
      return { synchronous: mode, 'commits/s': round(commits / seconds, 0), ...summarize(latencies) }
    }
    const rows = [measure('FULL'), measure('NORMAL'), measure('FULL'), measure('NORMAL')]
    printTable(`durability: ${commits} single-message transactions per row (WAL, ${tmpdir()}), alternating`, rows)
  } finally {
    sqlite.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
