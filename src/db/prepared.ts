import type { Db } from './database'

/**
 * A drizzle query prepared once per connection, for the queries nearly every request makes
 * (the caller's token, a laborer by id, the scoring config, postings by id). drizzle's plain
 * `.get()`/`.all()` rebuild the SQL text and have SQLite compile it on every call, which in
 * the recommendations profile cost more than running the queries. Values come in through
 * `sql.placeholder(name)`.
 */
export function preparedOnce<Query>(build: (db: Db) => Query): (db: Db) => Query {
  const byConnection = new WeakMap<Db, Query>()
  return (db) => {
    let query = byConnection.get(db)
    if (!query) byConnection.set(db, (query = build(db)))
    return query
  }
}
