import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { jobs } from '../jobs/schema'
import { laborers } from '../laborers/schema'
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
export type MatchingRun = typeof matchingRuns.$inferSelect
