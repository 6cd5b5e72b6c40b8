import type { Db, Sqlite } from './database'

/**
 * The one way laborlink opens a transaction. better-sqlite3 is synchronous, so a
 * transaction is a plain function run between BEGIN and COMMIT (a SAVEPOINT when nested):
 * a throw rolls everything back and re-throws, and nothing async may run inside (a
 * returned promise is refused) — sockets, Meilisearch and other async work go after the
 * commit, with the value this returns. BEGIN is deferred: the single connection is the
 * only writer in the process, and the import CLI waits on `busy_timeout`.
 */
export function transaction<T>(db: Db | Sqlite, work: () => T): T {
  return transactional(db, work)()
}

/**
 * A reusable transactional function, for bulk loads that commit block by block with the
 * same prepared statements (better-sqlite3 compiles BEGIN/COMMIT once per wrapper).
 */
export function transactional<A extends unknown[], T>(db: Db | Sqlite, work: (...args: A) => T): (...args: A) => T {
  return connection(db).transaction(work)
}

function connection(db: Db | Sqlite): Sqlite {
  return '$client' in db ? db.$client : db
}
