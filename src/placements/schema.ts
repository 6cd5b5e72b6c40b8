import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { employers } from '../employers/schema'
import { jobs } from '../jobs/schema'
import { laborers } from '../laborers/schema'
import { matches } from '../matching/schema'
import { stations } from '../network/schema'

/** How a placement's journey is organized: 'none' for local work. */
export const travelKinds = ['none', 'in_province', 'cross_province'] as const
export type TravelKind = (typeof travelKinds)[number]

export const transportStatuses = ['not_needed', 'awaiting', 'grouped', 'in_transit', 'arrived'] as const
export type TransportStatus = (typeof transportStatuses)[number]

/**
 * A laborer placed in a job: changes employment status and openings in the same
 * transaction, and feeds transport grouping, subsidies and progress reports.
 */
export const placements = sqliteTable(
  'placements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    matchId: integer('match_id')
      .notNull()
      .references(() => matches.id),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    homeCountyCode: text('home_county_code').notNull(),
    startDate: text('start_date').notNull(),
    contractMonths: integer('contract_months').notNull(),
    /** Organized by the public employment service (有组织劳务输出). */
    organized: integer('organized', { mode: 'boolean' }).notNull(),
    /** Intermediary (劳务经纪人 / HR firm) credited with the introduction, if any. */
    intermediaryId: integer('intermediary_id'),
    travel: text('travel', { enum: travelKinds }).notNull(),
    transportStatus: text('transport_status', { enum: transportStatuses }).notNull(),
    destinationStationId: integer('destination_station_id').references(() => stations.id),
    /** YYYY-MM-DD the job ended, if it has. */
    endDate: text('end_date'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('placements_match_idx').on(t.matchId),
    index('placements_laborer_idx').on(t.laborerId),
    index('placements_transport_idx').on(t.transportStatus, t.destinationStationId),
    index('placements_employer_idx').on(t.employerId),
  ],
)

export type Placement = typeof placements.$inferSelect
