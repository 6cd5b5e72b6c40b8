import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm'
import type { Db } from '../db/database'
import { preparedOnce } from '../db/prepared'
import { jobs, type Job } from '../jobs/schema'
import { laborers, type Laborer } from '../laborers/schema'
import { matches } from '../matching/schema'
import { fairCheckins, fairEvents, fairJobs, fairs, type Fair, type FairEvent } from './schema'

export interface FairInput {
  name: string
  venue: string
  date: string
  regionCode: string
  organizerTokenId: number | null
  boardHash: string
}

export function createFair(db: Db, input: FairInput): Fair {
  const now = Date.now()
  return db.insert(fairs).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

// Prepared once per connection: every board's handshake reads both (a storm of 500 built
// and prepared the same SQL 1,000 times).
const fairById = preparedOnce((db) => db.select().from(fairs).where(eq(fairs.id, sql.placeholder('id'))).prepare())
const lastSeqOf = preparedOnce((db) =>
  db
    .select({ seq: sql<number>`coalesce(max(${fairEvents.seq}), 0)` })
    .from(fairEvents)
    .where(eq(fairEvents.fairId, sql.placeholder('fairId')))
    .prepare(),
)

export function getFair(db: Db, id: number): Fair | undefined {
  return fairById(db).get({ id })
}

export function listFairs(db: Db): Fair[] {
  return db.select().from(fairs).orderBy(desc(fairs.date), desc(fairs.id)).limit(500).all()
}

export function updateFair(
  db: Db,
  id: number,
  patch: Partial<Pick<Fair, 'name' | 'venue' | 'date' | 'status' | 'rounds'>>,
): Fair {
  return db.update(fairs).set({ ...patch, updatedAt: Date.now() }).where(eq(fairs.id, id)).returning().get()!
}

export function addFairJobs(db: Db, fairId: number, jobIds: number[]): number[] {
  const added: number[] = []
  for (const jobId of jobIds) {
    const result = db.insert(fairJobs).values({ fairId, jobId }).onConflictDoNothing().run()
    if (result.changes > 0) added.push(jobId)
  }
  return added
}

export function removeFairJob(db: Db, fairId: number, jobId: number): boolean {
  return db.delete(fairJobs).where(and(eq(fairJobs.fairId, fairId), eq(fairJobs.jobId, jobId))).run().changes > 0
}

export function fairJobList(db: Db, fairId: number): Job[] {
  return db
    .select({ job: jobs })
    .from(fairJobs)
    .innerJoin(jobs, eq(jobs.id, fairJobs.jobId))
    .where(eq(fairJobs.fairId, fairId))
    .orderBy(asc(jobs.id))
    .all()
    .map((r) => r.job)
}

/** Returns false when the laborer had already checked in. */
export function checkIn(db: Db, fairId: number, laborerId: number, tokenId: number | null): boolean {
  return db.insert(fairCheckins).values({ fairId, laborerId, at: Date.now(), tokenId }).onConflictDoNothing().run().changes > 0
}

export function checkedIn(db: Db, fairId: number): (Laborer & { checkedInAt: number })[] {
  return db
    .select({ laborer: laborers, at: fairCheckins.at })
    .from(fairCheckins)
    .innerJoin(laborers, eq(laborers.id, fairCheckins.laborerId))
    .where(eq(fairCheckins.fairId, fairId))
    .orderBy(asc(fairCheckins.at), asc(laborers.id))
    .all()
    .map((r) => ({ ...r.laborer, checkedInAt: r.at }))
}

/** Live matches on each posting (proposals included), so a round never proposes more than the openings left. */
export function liveMatchCounts(db: Db, jobIds: number[]): Map<number, number> {
  if (jobIds.length === 0) return new Map()
  const rows = db
    .select({ jobId: matches.jobId, n: sql<number>`count(*)` })
    .from(matches)
    .where(and(inArray(matches.jobId, jobIds), inArray(matches.status, ['proposed', 'accepted', 'confirmed'])))
    .groupBy(matches.jobId)
    .all()
  return new Map(rows.map((r) => [r.jobId, r.n]))
}

/** Laborers with a live match anywhere: a round leaves them alone. */
export function laborersWithLiveMatches(db: Db, laborerIds: number[]): Set<number> {
  if (laborerIds.length === 0) return new Set()
  const rows = db
    .selectDistinct({ laborerId: matches.laborerId })
    .from(matches)
    .where(and(inArray(matches.laborerId, laborerIds), inArray(matches.status, ['proposed', 'accepted', 'confirmed'])))
    .all()
  return new Set(rows.map((r) => r.laborerId))
}

/** Appends an event with the fair's next sequence number, inside the caller's transaction. */
export function appendEvent(db: Db, fairId: number, type: string, payload: Record<string, unknown>): FairEvent {
  const { seq } = db
    .select({ seq: sql<number>`coalesce(max(${fairEvents.seq}), 0) + 1` })
    .from(fairEvents)
    .where(eq(fairEvents.fairId, fairId))
    .get()!
  return db.insert(fairEvents).values({ fairId, seq, type, payload, at: Date.now() }).returning().get()
}

export function lastSeq(db: Db, fairId: number): number {
  return lastSeqOf(db).get({ fairId })!.seq
}

export function checkinCount(db: Db, fairId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(fairCheckins).where(eq(fairCheckins.fairId, fairId)).get()!.n
}

export function eventsAfter(db: Db, fairId: number, since: number, limit: number): FairEvent[] {
  return db
    .select()
    .from(fairEvents)
    .where(and(eq(fairEvents.fairId, fairId), gt(fairEvents.seq, since)))
    .orderBy(asc(fairEvents.seq))
    .limit(limit)
    .all()
}


/** How many events of each type the fair's log holds after `after` (0: all of them). */
export function eventCounts(db: Db, fairId: number, after = 0): Map<string, number> {
  const rows = db
    .select({ type: fairEvents.type, n: sql<number>`count(*)` })
    .from(fairEvents)
    .where(after > 0 ? and(eq(fairEvents.fairId, fairId), gt(fairEvents.seq, after)) : eq(fairEvents.fairId, fairId))
    .groupBy(fairEvents.type)
    .all()
  return new Map(rows.map((r) => [r.type, r.n]))
}

/** The latest events of one type up to `seq`, newest first. */
export function latestEvents(db: Db, fairId: number, type: string, upTo: number, limit: number): FairEvent[] {
  return db
    .select()
    .from(fairEvents)
    .where(and(eq(fairEvents.fairId, fairId), eq(fairEvents.type, type), lte(fairEvents.seq, upTo)))
    .orderBy(desc(fairEvents.seq))
    .limit(limit)
    .all()
}

/** Current status of these matches. */
export function matchStatuses(db: Db, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map()
  const rows = db.select({ id: matches.id, status: matches.status }).from(matches).where(inArray(matches.id, ids)).all()
  return new Map(rows.map((r) => [r.id, r.status]))
}
