import { and, asc, count, desc, eq, gt, inArray, isNull, like, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/database'
import { jobs, type Job, type JobType } from '../jobs/schema'
import { employmentStatuses, laborers, type DestinationWish, type EmploymentStatus, type Laborer, type PovertyStatus } from '../laborers/schema'
import type { PartnerArea } from '../network/schema'
import {
  matches,
  matchingRunResults,
  matchingRuns,
  scoringConfigs,
  type Match,
  type MatchStatus,
  type MatchingRun,
  type RunMode,
  type UnassignedReason,
} from './schema'
import { defaultConfig, type ScoringConfig, type ScoringSettings } from './scoring-config'
import { transaction } from '../db/transaction'
import { preparedOnce } from '../db/prepared'

const scoringConfigNow = preparedOnce((db) => db.select().from(scoringConfigs).orderBy(desc(scoringConfigs.version)).limit(1).prepare())

export function currentConfig(db: Db): ScoringConfig {
  const row = scoringConfigNow(db).get()
  return row ? { version: row.version, settings: row.settings } : defaultConfig
}

export function saveConfig(db: Db, settings: ScoringSettings, note: string, tokenId: number): ScoringConfig {
  const row = db.insert(scoringConfigs).values({ settings, note, tokenId, createdAt: Date.now() }).returning().get()
  return { version: row.version, settings: row.settings }
}

const jobsByIds = preparedOnce((db) =>
  db
    .select()
    .from(jobs)
    .where(sql`${jobs.id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`)
    .prepare(),
)

/**
 * Postings by id, in no particular order. The ids travel as one JSON array so that one
 * prepared statement serves every list: an `IN (?, ?, …)` of a different length each time was
 * compiled anew on every recommendations request.
 */
export function getJobsByIds(db: Db, ids: number[]): Job[] {
  if (ids.length === 0) return []
  return jobsByIds(db).all({ ids: JSON.stringify(ids) })
}

/** `region_code LIKE '1409%'` as an index range, so a county's laborers are read without a table scan. */
function regionRange(column: typeof laborers.villageCode, prefix: string): SQL {
  return sql`${column} >= ${prefix} AND ${column} < ${`${prefix}~`}`
}

/**
 * Laborers who could take a posting, narrowed in SQL: inside the caller's area, not
 * employed, with one of the trade words among their skills (or anyone, for a general
 * posting), without destination wishes or with one of `wishes` (those that admit the
 * posting's place, from the fit score's destination rule).
 */
export function candidateLaborers(
  db: Db,
  filter: { prefix: string; words: string[] | null; wishes: DestinationWish[]; limit: number },
): Laborer[] {
  const conditions: SQL[] = [regionRange(laborers.villageCode, filter.prefix), sql`${laborers.employmentStatus} = 'unemployed'`]
  if (filter.words) {
    const words = sql.join(
      filter.words.map((w) => sql`${w}`),
      sql`, `,
    )
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${laborers.skills}) s WHERE json_extract(s.value, '$.occupation') IN (${words})
      OR EXISTS (SELECT 1 FROM json_each(json_extract(s.value, '$.tags')) g WHERE g.value IN (${words})))`)
  }
  const wishes = filter.wishes.length > 0 ? sql.join(filter.wishes.map((w) => sql`${w}`), sql`, `) : sql`NULL`
  conditions.push(sql`(json_array_length(${laborers.destinationWishes}) = 0 OR EXISTS (SELECT 1 FROM json_each(${laborers.destinationWishes}) w
      WHERE w.value IN (${wishes})))`)
  return db
    .select()
    .from(laborers)
    .where(and(...conditions))
    .orderBy(asc(laborers.id))
    .limit(filter.limit)
    .all()
}

export const liveStatuses: MatchStatus[] = ['proposed', 'accepted', 'confirmed']

export function liveMatch(db: Db, laborerId: number, jobId: number): Match | undefined {
  return db
    .select()
    .from(matches)
    .where(and(eq(matches.laborerId, laborerId), eq(matches.jobId, jobId), inArray(matches.status, liveStatuses)))
    .get()
}

/** Openings promised to accepted and confirmed matches of a posting (other than `exceptId`). */
export function heldOpenings(db: Db, jobId: number, exceptId: number): number {
  const row = db
    .select({ n: count() })
    .from(matches)
    .where(
      and(eq(matches.jobId, jobId), inArray(matches.status, ['accepted', 'confirmed']), sql`${matches.id} <> ${exceptId}`),
    )
    .get()
  return row?.n ?? 0
}

export function insertMatch(
  db: Db,
  values: { laborerId: number; jobId: number; score: number; scoreVersion: number; origin: string; status?: MatchStatus },
): Match {
  const now = Date.now()
  return db
    .insert(matches)
    .values({ status: 'proposed', ...values, createdAt: now, updatedAt: now })
    .returning()
    .get()
}

export function getMatch(db: Db, id: number): Match | undefined {
  return db.select().from(matches).where(eq(matches.id, id)).get()
}

/** Moves a match on only from the status it was read in, so two racing writers cannot both win. */
export function moveMatch(db: Db, id: number, from: MatchStatus, to: MatchStatus, reason = ''): Match | undefined {
  return db
    .update(matches)
    .set({ status: to, reason, updatedAt: Date.now() })
    .where(and(eq(matches.id, id), eq(matches.status, from)))
    .returning()
    .get()
}

export interface MatchFilter {
  areaPrefix?: string
  employerId?: number
  origin?: string
  status?: MatchStatus
  jobId?: number
  laborerId?: number
  afterId?: number
  limit: number
}

export interface MatchRow extends Match {
  laborerName: string
  villageCode: string
  jobTitle: string
  employerId: number
}

/** A match with the names people read beside it: the one select both lookups share. */
function matchRows(db: Db) {
  return db
    .select({
      id: matches.id,
      laborerId: matches.laborerId,
      jobId: matches.jobId,
      status: matches.status,
      score: matches.score,
      scoreVersion: matches.scoreVersion,
      origin: matches.origin,
      reason: matches.reason,
      createdAt: matches.createdAt,
      updatedAt: matches.updatedAt,
      laborerName: laborers.name,
      villageCode: laborers.villageCode,
      jobTitle: jobs.title,
      employerId: jobs.employerId,
    })
    .from(matches)
    .innerJoin(laborers, eq(laborers.id, matches.laborerId))
    .innerJoin(jobs, eq(jobs.id, matches.jobId))
}

export function listMatches(db: Db, filter: MatchFilter): MatchRow[] {
  return matchRows(db)
    .where(
      and(
        filter.areaPrefix ? like(laborers.villageCode, `${filter.areaPrefix}%`) : undefined,
        filter.employerId !== undefined ? eq(jobs.employerId, filter.employerId) : undefined,
        filter.origin ? eq(matches.origin, filter.origin) : undefined,
        filter.status ? eq(matches.status, filter.status) : undefined,
        filter.jobId ? eq(matches.jobId, filter.jobId) : undefined,
        filter.laborerId ? eq(matches.laborerId, filter.laborerId) : undefined,
        filter.afterId ? gt(matches.id, filter.afterId) : undefined,
      ),
    )
    .orderBy(asc(matches.id))
    .limit(filter.limit)
    .all()
}

export function getMatchRow(db: Db, id: number): MatchRow | undefined {
  return matchRows(db)
    .where(eq(matches.id, id))
    .get()
}

// ——— assignment runs ———

export interface RunLaborerFilter {
  areaPrefix: string
  statuses: EmploymentStatus[]
  poverty?: PovertyStatus[]
  limit: number
}

export type RunLaborer = Pick<
  Laborer,
  | 'id'
  | 'villageCode'
  | 'countyCode'
  | 'skills'
  | 'certificates'
  | 'destinationWishes'
  | 'expectedWage'
  | 'availableFrom'
  | 'povertyStatus'
>

export function runLaborers(db: Db, filter: RunLaborerFilter): RunLaborer[] {
  return db
    .select({
      id: laborers.id,
      villageCode: laborers.villageCode,
      countyCode: laborers.countyCode,
      skills: laborers.skills,
      certificates: laborers.certificates,
      destinationWishes: laborers.destinationWishes,
      expectedWage: laborers.expectedWage,
      availableFrom: laborers.availableFrom,
      povertyStatus: laborers.povertyStatus,
    })
    .from(laborers)
    .where(
      and(
        regionRange(laborers.villageCode, filter.areaPrefix),
        filter.statuses.length < employmentStatuses.length ? inArray(laborers.employmentStatus, filter.statuses) : undefined,
        filter.poverty ? inArray(laborers.povertyStatus, filter.poverty) : undefined,
      ),
    )
    .orderBy(asc(laborers.id))
    .limit(filter.limit)
    .all()
}

export interface RunJobFilter {
  partnerAreas?: PartnerArea[]
  types?: JobType[]
  ids?: number[]
  limit: number
}

export function runJobs(db: Db, filter: RunJobFilter): Job[] {
  return db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.status, 'open'),
        gt(jobs.openingsLeft, 0),
        filter.partnerAreas ? inArray(jobs.partnerArea, filter.partnerAreas) : undefined,
        filter.types ? inArray(jobs.type, filter.types) : undefined,
        filter.ids ? inArray(jobs.id, filter.ids) : undefined,
      ),
    )
    .orderBy(asc(jobs.id))
    .limit(filter.limit)
    .all()
}

export function createRun(
  db: Db,
  values: { mode: RunMode; request: Record<string, unknown>; scoreVersion: number; areaPrefix: string; tokenId: number | null },
): MatchingRun {
  return db
    .insert(matchingRuns)
    .values({ ...values, status: 'running', phase: 'loading', ownerPid: process.pid, createdAt: Date.now() })
    .returning()
    .get()
}

export function getRun(db: Db, id: number): MatchingRun | undefined {
  return db.select().from(matchingRuns).where(eq(matchingRuns.id, id)).get()
}

export function setRunProgress(db: Db, id: number, phase: string, progress: number): void {
  db.update(matchingRuns).set({ phase, progress }).where(eq(matchingRuns.id, id)).run()
}

export interface RunResultRow {
  laborerId: number
  jobId: number | null
  score: number | null
  priority: number
  reason: UnassignedReason | null
}

/** Results and report in one transaction: a run is either finished with all its rows or not at all. */
export function finishRun(db: Db, id: number, report: Record<string, unknown>, rows: RunResultRow[]): void {
  transaction(db, () => {
    const insert = db.$client.prepare(
      'INSERT INTO matching_run_results (run_id, laborer_id, job_id, score, priority, reason) VALUES (?, ?, ?, ?, ?, ?)',
    )
    for (const r of rows) insert.run(id, r.laborerId, r.jobId, r.score, r.priority, r.reason ? JSON.stringify(r.reason) : null)
    db.update(matchingRuns)
      .set({ status: 'done', phase: 'done', progress: 1, report, finishedAt: Date.now() })
      .where(eq(matchingRuns.id, id))
      .run()
  })
}

export function failRun(db: Db, id: number, error: string): void {
  db.update(matchingRuns).set({ status: 'failed', error, finishedAt: Date.now() }).where(eq(matchingRuns.id, id)).run()
}

export function runResults(
  db: Db,
  runId: number,
  filter: { assigned: boolean; afterLaborerId: number; limit: number },
): RunResultRow[] {
  return db
    .select({
      laborerId: matchingRunResults.laborerId,
      jobId: matchingRunResults.jobId,
      score: matchingRunResults.score,
      priority: matchingRunResults.priority,
      reason: matchingRunResults.reason,
    })
    .from(matchingRunResults)
    .where(
      and(
        eq(matchingRunResults.runId, runId),
        filter.assigned ? sql`${matchingRunResults.jobId} IS NOT NULL` : isNull(matchingRunResults.jobId),
        gt(matchingRunResults.laborerId, filter.afterLaborerId),
      ),
    )
    .orderBy(asc(matchingRunResults.laborerId))
    .limit(filter.limit)
    .all()
}

/** Marks a run committed once; false when it already was. */
export function markCommitted(db: Db, id: number): boolean {
  return (
    db
      .update(matchingRuns)
      .set({ committedAt: Date.now() })
      .where(and(eq(matchingRuns.id, id), isNull(matchingRuns.committedAt)))
      .run().changes > 0
  )
}

export function assignedResults(db: Db, runId: number): { laborerId: number; jobId: number; score: number }[] {
  return db
    .select({ laborerId: matchingRunResults.laborerId, jobId: matchingRunResults.jobId, score: matchingRunResults.score })
    .from(matchingRunResults)
    .where(and(eq(matchingRunResults.runId, runId), sql`${matchingRunResults.jobId} IS NOT NULL`))
    .all() as { laborerId: number; jobId: number; score: number }[]
}

/**
 * Runs left `running` by a process that has stopped (a server restarted, a CLI killed):
 * they will never finish, so they are failed with the reason. Returns how many.
 */
export function failOrphanedRuns(db: Db, alive: (pid: number) => boolean): number {
  const running = db.select({ id: matchingRuns.id, ownerPid: matchingRuns.ownerPid }).from(matchingRuns).where(eq(matchingRuns.status, 'running')).all()
  const orphans = running.filter((r) => r.ownerPid === null || !alive(r.ownerPid))
  if (orphans.length === 0) return 0
  return db
    .update(matchingRuns)
    .set({
      status: 'failed',
      error: sql`'interrupted: the process running it (pid ' || coalesce(${matchingRuns.ownerPid}, '?') || ') stopped; start it again'`,
      finishedAt: Date.now(),
    })
    .where(and(inArray(matchingRuns.id, orphans.map((r) => r.id)), eq(matchingRuns.status, 'running')))
    .run().changes
}
