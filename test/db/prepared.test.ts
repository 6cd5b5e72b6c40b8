import { join } from 'node:path'
import t, { type Test } from 'tap'
import { eq, sql } from 'drizzle-orm'
import { openStorage } from '../../src/db/database'
import { preparedOnce } from '../../src/db/prepared'
import { tokens } from '../../src/auth/schema'
import { freshDir } from '../helpers'

const open = (t: Test, name: string) => {
  const storage = openStorage(join(freshDir(t), name))
  t.teardown(() => storage.sqlite.close())
  return storage
}

t.test('one statement per connection, fed by placeholders, seeing later writes', async (t) => {
  let built = 0
  const labelOf = preparedOnce((db) => {
    built++
    return db.select({ label: tokens.label }).from(tokens).where(eq(tokens.hash, sql.placeholder('hash'))).prepare()
  })
  const a = open(t, 'a.db')
  const b = open(t, 'b.db')
  t.equal(labelOf(a.db).get({ hash: 'h1' }), undefined)
  const insert = a.sqlite.prepare("INSERT INTO tokens (hash, role, scope, label, created_at) VALUES (?, 'city_admin', '1409', ?, 0)")
  insert.run('h1', '市级管理员')
  insert.run('h2', '县级专员')
  t.same(labelOf(a.db).get({ hash: 'h1' }), { label: '市级管理员' }, 'a row written after the statement was prepared')
  t.same(labelOf(a.db).get({ hash: 'h2' }), { label: '县级专员' })
  t.equal(labelOf(a.db), labelOf(a.db), 'the same prepared query each time')
  t.equal(built, 1)
  t.equal(labelOf(b.db).get({ hash: 'h1' }), undefined, 'another connection has its own statement over its own data')
  t.equal(built, 2)
})
