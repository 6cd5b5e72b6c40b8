import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { backupDatabase } from '../../src/db/backup'
import { databaseFile } from '../../src/db/database'
import { ADMIN, call, freshDir, testApp } from '../helpers'

const dump = (file: string) => {
  const db = new Database(file, { readonly: true })
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[]
  const rows = Object.fromEntries(
    tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all().map((r) => JSON.stringify(r)).sort()]),
  )
  const integrity = db.pragma('integrity_check', { simple: true })
  db.close()
  return { rows, integrity }
}

t.test('an online backup restores to an identical database', async (t) => {
  const dataDir = freshDir(t)
  const app = await testApp(t, { dataDir })
  const station = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/stations',
    payload: { name: '忻州市驻苏州劳务服务工作站', cityCode: '3205', partnerArea: 'yangtze_delta' },
  })
  t.equal(station.statusCode, 201)

  const target = join(freshDir(t), 'copy.db')
  let progressed = 0
  const { pages } = await backupDatabase(databaseFile(dataDir), target, () => progressed++)
  t.ok(pages > 0)
  t.ok(progressed > 0, 'progress is reported')

  const original = dump(databaseFile(dataDir))
  const copy = dump(target)
  t.equal(copy.integrity, 'ok')
  t.same(copy.rows, original.rows)
  t.equal((copy.rows.stations as unknown[]).length, 1)

  await t.rejects(backupDatabase(databaseFile(dataDir), target), /exists/, 'never overwrites')
  await t.rejects(backupDatabase(join(dataDir, 'nope.db'), join(freshDir(t), 'x.db')), /no database/)
})
