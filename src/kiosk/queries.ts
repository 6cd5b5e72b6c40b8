import { and, desc, eq, isNull, like } from 'drizzle-orm'
import type { Db } from '../db/database'
import { jobs } from '../jobs/schema'
import { kioskInterests } from './schema'

export function recordInterest(db: Db, input: { jobId: number; servicePointId: number; regionCode: string }) {
  return db
    .insert(kioskInterests)
    .values({ ...input, createdAt: Date.now() })
    .returning()
    .get()
}

export function listOpenInterests(db: Db, regionPrefix: string, limit: number) {
  return db
    .select({
      id: kioskInterests.id,
      jobId: kioskInterests.jobId,
      jobTitle: jobs.title,
      servicePointId: kioskInterests.servicePointId,
      regionCode: kioskInterests.regionCode,
      createdAt: kioskInterests.createdAt,
    })
    .from(kioskInterests)
    .innerJoin(jobs, eq(jobs.id, kioskInterests.jobId))
    .where(and(like(kioskInterests.regionCode, `${regionPrefix}%`), isNull(kioskInterests.handledAt)))
    .orderBy(desc(kioskInterests.id))
    .limit(limit)
    .all()
}

export function getInterest(db: Db, id: number) {
  return db.select().from(kioskInterests).where(eq(kioskInterests.id, id)).get()
}

export function markHandled(db: Db, id: number, tokenId: number): boolean {
  return (
    db
      .update(kioskInterests)
      .set({ handledAt: Date.now(), handledBy: tokenId })
      .where(and(eq(kioskInterests.id, id), isNull(kioskInterests.handledAt)))
      .run().changes > 0
  )
}
