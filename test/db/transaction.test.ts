import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { openStorage } from '../../src/db/database'
import { transaction, transactional } from '../../src/db/transaction'
import { freshDir } from '../helpers'

const open = (t: Test) => {
  const storage = openStorage(join(freshDir(t), 'tx.db'), { migrate: false })
  t.teardown(() => storage.sqlite.close())
  storage.sqlite.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)')
  return storage
}
const count = (sqlite: ReturnType<typeof open>['sqlite']) => (sqlite.prepare('SELECT count(*) AS n FROM item').get() as { n: number }).n

t.test('commits and returns the work’s value, through drizzle or the raw connection', async (t) => {
  const { db, sqlite } = open(t)
  const insert = sqlite.prepare('INSERT INTO item (name) VALUES (?)')
  t.equal(transaction(db, () => insert.run('a').changes), 1)
  t.equal(transaction(sqlite, () => insert.run('b').changes), 1)
  t.equal(count(sqlite), 2)
  t.notOk(sqlite.inTransaction, 'nothing left open')
})

t.test('a throw rolls the whole work back and reaches the caller', async (t) => {
  const { db, sqlite } = open(t)
  const insert = sqlite.prepare('INSERT INTO item (name) VALUES (?)')
  t.throws(
    () =>
      transaction(db, () => {
        insert.run('a')
        insert.run('a')
      }),
    { code: 'SQLITE_CONSTRAINT_UNIQUE' },
  )
  t.equal(count(sqlite), 0, 'the first insert went too')
  t.notOk(sqlite.inTransaction)
})

t.test('nested work is a savepoint: its failure undoes only itself when the outer work catches it', async (t) => {
  const { db, sqlite } = open(t)
  const insert = sqlite.prepare('INSERT INTO item (name) VALUES (?)')
  transaction(db, () => {
    insert.run('outer')
    t.throws(() =>
      transaction(db, () => {
        insert.run('inner')
        throw new Error('inner fails')
      }),
    )
  })
  t.same(sqlite.prepare('SELECT name FROM item').all(), [{ name: 'outer' }])
})

t.test('async work is refused, so nothing can run between BEGIN and a later COMMIT', async (t) => {
  const { db, sqlite } = open(t)
  t.throws(() => transaction(db, (async () => undefined) as () => unknown))
  t.notOk(sqlite.inTransaction)
})

t.test('a reusable transactional function commits each call on its own', async (t) => {
  const { sqlite } = open(t)
  const insert = sqlite.prepare('INSERT INTO item (name) VALUES (?)')
  const block = transactional(sqlite, (names: string[]) => names.forEach((n) => insert.run(n)))
  block(['a', 'b'])
  t.throws(() => block(['c', 'a']))
  t.equal(count(sqlite), 2, 'the failed block left nothing behind, the first stayed')
})

t.test('transactions are opened only through src/db/transaction.ts', async (t) => {
  const hits: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.ts$/.test(entry.name) && path !== join('src', 'db', 'transaction.ts')) {
        if (/\.transaction\(/.test(readFileSync(path, 'utf8'))) hits.push(path)
      }
    }
  }
  walk('src')
  walk('scripts')
  t.same(hits, [], 'use transaction(db, work) or transactional(db, work) from src/db/transaction.ts')
})
