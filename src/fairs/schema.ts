import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { jobs } from '../jobs/schema'
import { laborers } from '../laborers/schema'

export const fairStatuses = ['planned', 'open', 'closed'] as const

/** A job fair (招聘会): postings take part, laborers check in, organizers run matching rounds. */
export const fairs = sqliteTable('fairs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  venue: text('venue').notNull(),
  date: text('date').notNull(),
  /** County or city code the fair serves; check-in is open to laborers from inside it. */
  regionCode: text('region_code').notNull(),
  status: text('status', { enum: fairStatuses }).notNull().default('planned'),
  organizerTokenId: integer('organizer_token_id'),
  /** SHA-256 of the read-only board secret shown once at creation, for a wall screen. */
  boardHash: text('board_hash').notNull(),
  rounds: integer('rounds').notNull().default(0),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

export const fairJobs = sqliteTable(
  'fair_jobs',
  {
    fairId: integer('fair_id')
      .notNull()
      .references(() => fairs.id),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id),
  },
  (t) => [primaryKey({ columns: [t.fairId, t.jobId] })],
)

export const fairCheckins = sqliteTable(
  'fair_checkins',
  {
    fairId: integer('fair_id')
      .notNull()
      .references(() => fairs.id),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    at: integer('at').notNull(),
    tokenId: integer('token_id'),
  },
  (t) => [primaryKey({ columns: [t.fairId, t.laborerId] })],
)

/** Everything that happened at a fair, numbered per fair, so a board that reconnects catches up. */
export const fairEvents = sqliteTable(
  'fair_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fairId: integer('fair_id')
      .notNull()
      .references(() => fairs.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('fair_events_seq_idx').on(t.fairId, t.seq), index('fair_events_type_idx').on(t.fairId, t.type)],
)

export type Fair = typeof fairs.$inferSelect
export type FairEvent = typeof fairEvents.$inferSelect

/**
 * A laborer invited to a fair (邀请参加招聘会) by township staff or above from the
 * workbench's recommendations; once per fair and laborer. The organizer's check-in list is
 * unchanged: an invitation is a nudge, not a check-in.
 */
export const fairInvitations = sqliteTable(
  'fair_invitations',
  {
    fairId: integer('fair_id')
      .notNull()
      .references(() => fairs.id),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    tokenId: integer('token_id'),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fairId, t.laborerId] }), index('fair_invitations_laborer_idx').on(t.laborerId)],
)
