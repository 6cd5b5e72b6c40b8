import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Postings whose search document must be sent to Meilisearch, written in the posting's
 * own transaction. One row per posting (a later change re-queues the same row), so the
 * outbox never holds more rows than there are postings, and the drainer always sends
 * the posting's current state.
 */
export const searchOutbox = sqliteTable('search_outbox', {
  jobId: integer('job_id').primaryKey(),
  /** Bumped on every change: a row is acknowledged only if unchanged since it was read. */
  version: integer('version').notNull(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  queuedAt: integer('queued_at').notNull(),
})

/**
 * Words seen in titles, tags and places with their pinyin, so kiosk input in pinyin
 * (`wagong`, initials `wg`, small typos) resolves to the Chinese words both engines index.
 */
export const searchLexicon = sqliteTable('search_lexicon', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  word: text('word').notNull().unique(),
  full: text('full').notNull(),
  initials: text('initials').notNull(),
  /** Postings the word was indexed for (counted on indexing, an approximate popularity). */
  df: integer('df').notNull().default(0),
})

/** Small facts about the search state shared by every process on this database. */
export const searchMeta = sqliteTable('search_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})
