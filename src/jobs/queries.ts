import { and, asc, eq, gt, sql } from 'drizzle-orm'
import type { Db } from '../db/database'
import { syncJobAvailability, syncJobIndex } from '../search/index'
import type { JobContent } from './model'
import { jobs, type Job, type JobType } from './schema'
import type { PartnerArea } from '../network/schema'
import { transaction } from '../db/transaction'

/**
 * Every write here keeps search in step inside the same transaction (FTS5 entry,
 * Meilisearch outbox), and is safe to call inside a caller's transaction: better-sqlite3
 * nests it as a savepoint.
 */
export function getJob(db: Db, id: number): Job | undefined {
  return db.select().from(jobs).where(eq(jobs.id, id)).get()
}

export interface JobListFilter {
  afterId: number
  limit: number
  employerId?: number
  status?: Job['status']
  partnerArea?: PartnerArea
  type?: JobType
  source?: string
  stationId?: number
}

export function listJobs(db: Db, f: JobListFilter): Job[] {
  return db
    .select()
    .from(jobs)
    .where(
      and(
        gt(jobs.id, f.afterId),
        f.employerId === undefined ? undefined : eq(jobs.employerId, f.employerId),
        f.status ? eq(jobs.status, f.status) : undefined,
        f.partnerArea ? eq(jobs.partnerArea, f.partnerArea) : undefined,
        f.type ? eq(jobs.type, f.type) : undefined,
        f.source ? eq(jobs.source, f.source) : undefined,
        f.stationId === undefined ? undefined : eq(jobs.stationId, f.stationId),
      ),
    )
    .orderBy(asc(jobs.id))
    .limit(f.limit)
    .all()
}

export function findBySource(db: Db, source: string, externalId: string): Job | undefined {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.source, source), eq(jobs.externalId, externalId)))
    .get()
}

export function createJob(
  db: Db,
  input: JobContent & { employerId: number; source: string; stationId?: number | null; externalId?: string; status?: 'open' | 'closed'; createdAt?: number },
): Job {
  return transaction(db, () => {
    const now = input.createdAt ?? Date.now()
    let job = db
      .insert(jobs)
      .values({
        ...input,
        // Postings typed in get their own id as external id, keeping (source, externalId) unique.
        externalId: input.externalId ?? `pending-${now}-${Math.random()}`,
        openingsLeft: input.openings,
        status: input.status ?? 'open',
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get()
    if (input.externalId === undefined) {
      job = db.update(jobs).set({ externalId: String(job.id) }).where(eq(jobs.id, job.id)).returning().get()
    }
    syncJobIndex(db, job.id)
    return job
  })
}

/**
 * Changes a posting. A new `openings` keeps the number already taken (openings −
 * openings left); it may not drop below it. Returns undefined when the change would.
 */
export function updateJob(
  db: Db,
  id: number,
  patch: Partial<JobContent> & { status?: 'open' | 'closed' },
): Job | undefined {
  return transaction(db, () => {
    const current = getJob(db, id)
    if (!current) return undefined
    const taken = current.openings - current.openingsLeft
    const openings = patch.openings ?? current.openings
    if (openings < taken) return undefined
    const openingsLeft = openings - taken
    const closed = patch.status === 'closed' || (patch.status === undefined && current.status === 'closed')
    // An open posting with nothing left is filled, and fills up or reopens as openings change.
    const status = closed ? 'closed' : openingsLeft > 0 ? 'open' : 'filled'
    const job = db
      .update(jobs)
      .set({ ...patch, openings, openingsLeft, status, updatedAt: Date.now() })
      .where(eq(jobs.id, id))
      .returning()
      .get()
    syncJobIndex(db, id)
    return job
  })
}

/**
 * Takes one opening for a placement: false when the posting is not open or has none
 * left. At zero the posting becomes `filled` and leaves search, in the same transaction.
 */
export function takeOpening(db: Db, jobId: number): boolean {
  return transaction(db, () => {
    const row = db
      .update(jobs)
      .set({
        openingsLeft: sql`${jobs.openingsLeft} - 1`,
        status: sql`CASE WHEN ${jobs.openingsLeft} = 1 THEN 'filled' ELSE ${jobs.status} END`,
        updatedAt: Date.now(),
      })
      .where(and(eq(jobs.id, jobId), eq(jobs.status, 'open'), gt(jobs.openingsLeft, 0)))
      .returning({ openingsLeft: jobs.openingsLeft })
      .get()
    if (!row) return false
    syncJobAvailability(db, jobId, row.openingsLeft > 0)
    return true
  })
}

/** After an employer is renamed: its name is part of each posting's search text. */
export function reindexEmployerJobs(db: Db, employerId: number): void {
  const ids = db.select({ id: jobs.id }).from(jobs).where(eq(jobs.employerId, employerId)).all()
  for (const { id } of ids) syncJobIndex(db, id)
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'openings_below_taken'

/** A feed row: created, or updated when its content differs (so a re-import changes nothing). */
export function upsertFromFeed(
  db: Db,
  row: JobContent & { employerId: number; source: string; externalId: string; status?: 'open' | 'closed' },
): UpsertOutcome {
  const current = findBySource(db, row.source, row.externalId)
  if (!current) {
    createJob(db, row)
    return 'created'
  }
  const { source: _source, externalId: _externalId, ...content } = row
  const changed = Object.entries(content).some(([key, value]) => {
    if (value === undefined) return false
    // A feed saying "open" about a posting our placements filled is no change.
    if (key === 'status' && value === 'open' && current.status === 'filled') return false
    return JSON.stringify(value) !== JSON.stringify(current[key as keyof Job])
  })
  if (!changed) return 'unchanged'
  const { employerId, ...patch } = content
  if (employerId !== current.employerId) db.update(jobs).set({ employerId }).where(eq(jobs.id, current.id)).run()
  return updateJob(db, current.id, patch) ? 'updated' : 'openings_below_taken'
}

/**
 * Bulk load without touching search, 500 rows per statement: for loads so large that
 * one index rebuild afterwards (`rebuildFts`, `reindex`) beats indexing row by row.
 */
export function insertJobsUnindexed(
  db: Db,
  rows: (JobContent & { employerId: number; source: string; externalId: string })[],
): void {
  const now = Date.now()
  transaction(db, () => {
    for (let i = 0; i < rows.length; i += 500) {
      db.insert(jobs)
        .values(rows.slice(i, i + 500).map((r) => ({ ...r, openingsLeft: r.openings, status: 'open' as const, createdAt: now, updatedAt: now })))
        .run()
    }
  })
}
