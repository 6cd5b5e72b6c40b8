import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { stations } from '../network/schema'

export const dispatchTypes = ['group.confirmed', 'group.updated', 'group.cancelled'] as const
export type DispatchType = (typeof dispatchTypes)[number]

/**
 * Every message ever addressed to a station, in the order the station must apply them.
 * Rows are never deleted: a station that was offline for weeks still gets everything.
 */
export const dispatches = sqliteTable(
  'dispatches',
  {
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    /** 1, 2, 3 … per station, with no gaps. */
    seq: integer('seq').notNull(),
    /** Stable across replays, so a station can drop duplicates. */
    id: text('id').notNull(),
    type: text('type', { enum: dispatchTypes }).notNull(),
    groupId: integer('group_id'),
    groupVersion: integer('group_version'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    ackedAt: integer('acked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.stationId, t.seq] }),
    uniqueIndex('dispatches_id_idx').on(t.id),
    index('dispatches_group_idx').on(t.groupId, t.groupVersion),
  ],
)

/** When each station was last connected: the facts behind the "station offline" alert. */
export const stationLinks = sqliteTable('station_links', {
  stationId: integer('station_id')
    .primaryKey()
    .references(() => stations.id),
  connectedAt: integer('connected_at'),
  /** Null while a connection is open. */
  disconnectedAt: integer('disconnected_at'),
  lastAckAt: integer('last_ack_at'),
  lastAckSeq: integer('last_ack_seq').notNull().default(0),
})

export type Dispatch = typeof dispatches.$inferSelect
export type StationLink = typeof stationLinks.$inferSelect
