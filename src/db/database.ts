import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'

/** Drizzle over better-sqlite3; `$client` is the raw connection for statements drizzle cannot express (FTS5, bulk loads). */
export type Db = BetterSQLite3Database & { $client: Database.Database }
export type Sqlite = Database.Database

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '../../migrations')

export interface Storage {
  sqlite: Sqlite
  db: Db
}

/**
 * Opens the database with the settings every process uses (server, CLI, benchmarks):
 * WAL so readers never wait on the writer, synchronous=FULL because placements and
 * station dispatches must survive power loss once acknowledged, foreign keys on, and a
 * busy timeout for the CLI importing while the server runs.
 */
export function openStorage(file: string, options: { migrate?: boolean } = {}): Storage {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = checkedCommits(new Database(file))
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('cache_size = -65536')
  sqlite.pragma('temp_store = MEMORY')
  const db = drizzle(sqlite)
  if (options.migrate !== false) migrate(db, { migrationsFolder })
  return { sqlite, db }
}

/**
 * better-sqlite3's `get()` steps a statement once and resets it, ignoring what the reset
 * returns. For a write with RETURNING outside a transaction the reset is the commit
 * (sqlite3_reset's documentation warns of exactly this), so a commit that fails — a full
 * disk with WAL frames to append — would hand back a row that was never stored, and a
 * route would answer 201 for it. Writes read with `get()` (drizzle's
 * `.returning().get()`) run to the end with `all()` instead, which throws.
 */
function checkedCommits(sqlite: Sqlite): Sqlite {
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((source: string) => {
    const statement = prepare(source)
    if (statement.reader && !statement.readonly) {
      const all = statement.all.bind(statement)
      statement.get = ((...params: unknown[]) => all(...params)[0]) as typeof statement.get
    }
    return statement
  }) as typeof sqlite.prepare
  return sqlite
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'laborlink.db')
}

/** True when every migration shipped with this build is recorded as applied. */
export function migrationsApplied(sqlite: Sqlite): boolean {
  const journal = sqlite
    .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get() as { n: number }
  if (journal.n === 0) return false
  const applied = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }
  return applied.n >= shippedMigrationCount()
}

let shipped: number | undefined
function shippedMigrationCount(): number {
  shipped ??= (JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] })
    .entries.length
  return shipped
}
