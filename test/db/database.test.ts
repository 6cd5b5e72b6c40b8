import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { openStorage } from '../../src/db/database'
import { freshDir } from '../helpers'

// A deferred foreign key is checked at COMMIT, so it makes the commit fail the way a
// full disk does (the WAL frames cannot be appended), on any machine.
const schema = `CREATE TABLE parent (id INTEGER PRIMARY KEY);
  CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`

t.test('a lone write read with get() throws when its commit fails, instead of returning a row never stored', async (t) => {
  const { sqlite } = openStorage(join(freshDir(t), 'checked.db'), { migrate: false })
  t.teardown(() => sqlite.close())
  sqlite.exec(schema)
  const insert = sqlite.prepare('INSERT INTO child (parent) VALUES (?) RETURNING id')
  t.throws(() => insert.get(42), { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })
  t.equal((sqlite.prepare('SELECT count(*) AS n FROM child').get() as { n: number }).n, 0)
  sqlite.prepare('INSERT INTO parent (id) VALUES (42)').run()
  t.same(insert.get(42), { id: 1 }, 'a commit that succeeds still returns its row')
  t.same(insert.raw().get(42), [2], 'in raw mode too (drizzle reads rows that way)')
  t.same(sqlite.prepare('SELECT id FROM child WHERE id = ?').get(2), { id: 2 }, 'reads are untouched')
})

t.test('better-sqlite3 alone would have returned it (why openStorage wraps get)', async (t) => {
  const raw = new Database(join(freshDir(t), 'raw.db'))
  t.teardown(() => raw.close())
  raw.pragma('foreign_keys = ON')
  raw.exec(schema)
  t.same(raw.prepare('INSERT INTO child (parent) VALUES (42) RETURNING id').get(), { id: 1 })
  t.equal((raw.prepare('SELECT count(*) AS n FROM child').get() as { n: number }).n, 0, 'yet nothing was stored')
})

t.test('openStorage: WAL, synchronous FULL, foreign keys', async (t) => {
  const { sqlite } = openStorage(join(freshDir(t), 'settings.db'), { migrate: false })
  t.teardown(() => sqlite.close())
  t.equal(sqlite.pragma('journal_mode', { simple: true }), 'wal')
  t.equal(sqlite.pragma('synchronous', { simple: true }), 2, 'FULL')
  t.equal(sqlite.pragma('foreign_keys', { simple: true }), 1)
})
