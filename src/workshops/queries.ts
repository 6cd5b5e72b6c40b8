import { and, asc, eq, isNull, like, or, sql, gte } from 'drizzle-orm'
import type { Db } from '../db/database'
import { jobs } from '../jobs/schema'
import { laborers } from '../laborers/schema'
import { placements } from '../placements/schema'
import { workshops, type Workshop } from './schema'

export function createWorkshop(db: Db, input: Omit<Workshop, 'id' | 'createdAt' | 'updatedAt'>): Workshop {
  const now = Date.now()
  return db.insert(workshops).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

export function getWorkshop(db: Db, id: number): Workshop | undefined {
  return db.select().from(workshops).where(eq(workshops.id, id)).get()
}

export function workshopOfEmployer(db: Db, employerId: number): Workshop | undefined {
  return db.select().from(workshops).where(eq(workshops.employerId, employerId)).get()
}

/** A placement is held on `day` when it began by then and has not ended before it. */
const heldOn = (day: string) => and(sql`${placements.startDate} <= ${day}`, or(isNull(placements.endDate), gte(placements.endDate, day)))

export interface WorkshopCounts {
  employees: number
  poverty: number
  /** Held ≥ 6 months by `day` (the employer subsidy's retention rule reads the same placements). */
  keptSixMonths: number
  openPostings: number
}

export function countsOf(db: Db, employerIds: number[], day: string, sixMonthsAgo: string): Map<number, WorkshopCounts> {
  const out = new Map<number, WorkshopCounts>(employerIds.map((id) => [id, { employees: 0, poverty: 0, keptSixMonths: 0, openPostings: 0 }]))
  if (employerIds.length === 0) return out
  const ids = sql.join(employerIds.map((id) => sql`${id}`), sql`, `)
  for (const row of db
    .select({
      employerId: placements.employerId,
      employees: sql<number>`count(*)`,
      poverty: sql<number>`coalesce(sum(${laborers.povertyStatus} in ('poverty_alleviated', 'monitored')), 0)`,
      kept: sql<number>`coalesce(sum(${placements.startDate} <= ${sixMonthsAgo}), 0)`,
    })
    .from(placements)
    .innerJoin(laborers, eq(laborers.id, placements.laborerId))
    .where(and(sql`${placements.employerId} in (${ids})`, heldOn(day)))
    .groupBy(placements.employerId)
    .all()) {
    Object.assign(out.get(row.employerId)!, { employees: row.employees, poverty: row.poverty, keptSixMonths: row.kept })
  }
  for (const row of db
    .select({ employerId: jobs.employerId, n: sql<number>`count(*)` })
    .from(jobs)
    .where(and(sql`${jobs.employerId} in (${ids})`, eq(jobs.type, 'assistance_workshop'), eq(jobs.status, 'open')))
    .groupBy(jobs.employerId)
    .all()) {
    out.get(row.employerId)!.openPostings = row.n
  }
  return out
}

export function listWorkshops(db: Db, prefix: string, limit: number): Workshop[] {
  return db.select().from(workshops).where(like(workshops.regionCode, `${prefix}%`)).orderBy(asc(workshops.id)).limit(limit).all()
}

export function employeesOf(db: Db, employerId: number, day: string) {
  return db
    .select({
      placementId: placements.id,
      laborerId: placements.laborerId,
      name: laborers.name,
      villageCode: laborers.villageCode,
      povertyStatus: laborers.povertyStatus,
      jobId: placements.jobId,
      startDate: placements.startDate,
    })
    .from(placements)
    .innerJoin(laborers, eq(laborers.id, placements.laborerId))
    .where(and(eq(placements.employerId, employerId), heldOn(day)))
    .orderBy(asc(placements.startDate), asc(placements.id))
    .limit(2000)
    .all()
}

export function postingsOf(db: Db, employerId: number) {
  return db
    .select({ id: jobs.id, title: jobs.title, openings: jobs.openings, openingsLeft: jobs.openingsLeft, status: jobs.status })
    .from(jobs)
    .where(and(eq(jobs.employerId, employerId), eq(jobs.type, 'assistance_workshop')))
    .orderBy(asc(jobs.id))
    .limit(200)
    .all()
}

