import { and, asc, eq, inArray, isNull, like, type SQL } from 'drizzle-orm'
import type { Db } from '../db/database'
import { laborers } from '../laborers/schema'
import { employmentRecords, selfFoundSources, type EmploymentRecord } from './schema'

/** The area's column for a region-code prefix (4: city, 6: county, 9: township, 12: village). */
export function recordArea(prefix: string): SQL {
  if (prefix.length === 12) return eq(employmentRecords.villageCode, prefix)
  if (prefix.length === 9) return eq(employmentRecords.townshipCode, prefix)
  if (prefix.length === 6) return eq(employmentRecords.countyCode, prefix)
  return like(employmentRecords.countyCode, `${prefix}%`)
}

/** Self-found jobs of an area nobody has verified yet, oldest first, with whose job it is (the township's queue). */
export function listUnverified(db: Db, prefix: string, limit: number): { record: EmploymentRecord; laborerName: string }[] {
  return db
    .select({ record: employmentRecords, laborerName: laborers.name })
    .from(employmentRecords)
    .innerJoin(laborers, eq(laborers.id, employmentRecords.laborerId))
    .where(and(recordArea(prefix), isNull(employmentRecords.verifiedAt), inArray(employmentRecords.source, selfFoundSources)))
    .orderBy(asc(employmentRecords.id))
    .limit(limit)
    .all()
}
