import { and, asc, eq, gt } from 'drizzle-orm'
import type { Db } from '../db/database'
import { employers, type Employer } from './schema'

export type EmployerInput = Omit<Employer, 'id' | 'createdAt' | 'updatedAt' | 'stationId'> & { stationId?: number | null }

export function getEmployer(db: Db, id: number): Employer | undefined {
  return db.select().from(employers).where(eq(employers.id, id)).get()
}

export function findEmployerByCreditCode(db: Db, creditCode: string): Employer | undefined {
  return db.select().from(employers).where(eq(employers.creditCode, creditCode)).get()
}

export function listEmployers(db: Db, filter: { afterId: number; limit: number; onlyId?: number; stationId?: number }): Employer[] {
  return db
    .select()
    .from(employers)
    .where(
      and(
        gt(employers.id, filter.afterId),
        filter.onlyId === undefined ? undefined : eq(employers.id, filter.onlyId),
        filter.stationId === undefined ? undefined : eq(employers.stationId, filter.stationId),
      ),
    )
    .orderBy(asc(employers.id))
    .limit(filter.limit)
    .all()
}

export function createEmployer(db: Db, input: EmployerInput): Employer {
  const now = Date.now()
  return db.insert(employers).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

export function updateEmployer(db: Db, id: number, patch: Partial<EmployerInput>): Employer | undefined {
  return db.update(employers).set({ ...patch, updatedAt: Date.now() }).where(eq(employers.id, id)).returning().get()
}

export function employerExists(db: Db, id: number): boolean {
  return db.select({ id: employers.id }).from(employers).where(eq(employers.id, id)).get() !== undefined
}
