import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { employers } from '../employers/schema'
import { jobs } from '../jobs/schema'
import { laborers } from '../laborers/schema'
import { stations } from '../network/schema'
import type { ScoringSettings } from './scoring-config'

export const matchStatuses = ['proposed', 'accepted', 'confirmed', 'placed', 'declined', 'withdrawn'] as const
export type MatchStatus = (typeof matchStatuses)[number]

/** A laborer proposed for a posting, and what became of it. */
export const matches = sqliteTable(
  'matches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id),
    status: text('status', { enum: matchStatuses }).notNull(),
    /** Fit score 0–100 at proposal time, and the scoring configuration version used. */
    score: integer('score').notNull(),
    scoreVersion: integer('score_version').notNull(),
    /** 'manual', 'run:<id>' or 'fair:<id>'. */
    origin: text('origin').notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('matches_laborer_idx').on(t.laborerId, t.status), index('matches_job_idx').on(t.jobId, t.status)],
)

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

/** Versions of the fit-score settings; the newest is in force. Version 0 is the built-in default. */
export const scoringConfigs = sqliteTable('scoring_configs', {
  version: integer('version').primaryKey({ autoIncrement: true }),
  settings: text('settings', { mode: 'json' }).$type<ScoringSettings>().notNull(),
  note: text('note').notNull().default(''),
  tokenId: integer('token_id'),
  createdAt: integer('created_at').notNull(),
})

export const runModes = ['optimal', 'stable'] as const
export type RunMode = (typeof runModes)[number]
export const runStatuses = ['running', 'done', 'failed'] as const

/** One assignment run: what was asked, how far it got, and its report. */
export const matchingRuns = sqliteTable('matching_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  mode: text('mode', { enum: runModes }).notNull(),
  status: text('status', { enum: runStatuses }).notNull(),
  /** The request as given (selections, K, seed, options). */
  request: text('request', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  scoreVersion: integer('score_version').notNull(),
  /** Caller's area prefix when the run was made: committing re-checks nothing outside it. */
  areaPrefix: text('area_prefix').notNull(),
  phase: text('phase').notNull().default(''),
  /** 0–1 within the current phase. */
  progress: real('progress').notNull().default(0),
  report: text('report', { mode: 'json' }).$type<Record<string, unknown>>(),
  error: text('error'),
  tokenId: integer('token_id'),
  /** The process solving it (the server, or `npm run cli -- match-run`): a run whose process is gone is failed. */
  ownerPid: integer('owner_pid'),
  createdAt: integer('created_at').notNull(),
  finishedAt: integer('finished_at'),
  committedAt: integer('committed_at'),
})

/** Every laborer of a run: the posting assigned (with score), or why none. */
export const matchingRunResults = sqliteTable(
  'matching_run_results',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => matchingRuns.id),
    laborerId: integer('laborer_id').notNull(),
    jobId: integer('job_id'),
    score: integer('score'),
    priority: integer('priority').notNull(),
    /** For the unassigned: no_candidate, outranked or posting_full, with the details. */
    reason: text('reason', { mode: 'json' }).$type<UnassignedReason>(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.laborerId] }), index('matching_run_results_job_idx').on(t.runId, t.jobId)],
)

export type UnassignedReason =
  | { kind: 'no_candidate' }
  | { kind: 'outranked'; jobId: number; byLaborerId: number; margin: number }
  | { kind: 'posting_full'; jobId: number }

export type Match = typeof matches.$inferSelect
export type Placement = typeof placements.$inferSelect
export type MatchingRun = typeof matchingRuns.$inferSelect
