import { and, asc, desc, eq, gte, like, lte, sql } from 'drizzle-orm'
import type { Db, Sqlite } from '../db/database'
import { laborers } from '../laborers/schema'
import { gigs, gigSignups, type Gig, type GigSignup, type SignupStatus } from './schema'

export type NewGig = Omit<Gig, 'id' | 'confirmed' | 'status' | 'createdAt' | 'updatedAt'>

export function createGig(db: Db, input: NewGig): Gig {
  const now = Date.now()
  return db.insert(gigs).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

export function getGig(db: Db, id: number): Gig | undefined {
  return db.select().from(gigs).where(eq(gigs.id, id)).get()
}

export function setGigStatus(db: Db, id: number, status: Gig['status']): Gig {
  return db.update(gigs).set({ status, updatedAt: Date.now() }).where(eq(gigs.id, id)).returning().get()
}

export function addConfirmed(db: Db, id: number, delta: number): void {
  db.update(gigs).set({ confirmed: sql`${gigs.confirmed} + ${delta}`, updatedAt: Date.now() }).where(eq(gigs.id, id)).run()
}

export interface GigFilter {
  employerId?: number
  prefix?: string
  from?: string
  status?: Gig['status']
  limit: number
}

export function listGigs(db: Db, f: GigFilter): (Gig & { signups: number })[] {
  return db
    .select({ gig: gigs, signups: sql<number>`(select count(*) from gig_signups s where s.gig_id = ${gigs.id} and s.status in ('signed', 'confirmed', 'done'))` })
    .from(gigs)
    .where(
      and(
        f.employerId !== undefined ? eq(gigs.employerId, f.employerId) : undefined,
        f.prefix ? like(gigs.regionCode, `${f.prefix}%`) : undefined,
        f.from ? gte(gigs.lastDate, f.from) : undefined,
        f.status ? eq(gigs.status, f.status) : undefined,
      ),
    )
    .orderBy(desc(gigs.workDate), desc(gigs.id))
    .limit(f.limit)
    .all()
    .map((r) => ({ ...r.gig, signups: r.signups }))
}

export function getSignup(db: Db, id: number): GigSignup | undefined {
  return db.select().from(gigSignups).where(eq(gigSignups.id, id)).get()
}

export function findSignup(db: Db, gigId: number, laborerId: number): GigSignup | undefined {
  return db.select().from(gigSignups).where(and(eq(gigSignups.gigId, gigId), eq(gigSignups.laborerId, laborerId))).get()
}

export function insertSignup(db: Db, gigId: number, laborerId: number, servicePointId: number | null): GigSignup {
  const now = Date.now()
  return db.insert(gigSignups).values({ gigId, laborerId, servicePointId, createdAt: now, updatedAt: now }).returning().get()
}

export function setSignupStatus(db: Db, id: number, status: SignupStatus): GigSignup {
  return db.update(gigSignups).set({ status, updatedAt: Date.now() }).where(eq(gigSignups.id, id)).returning().get()
}

export function signupsOf(db: Db, gigId: number): (GigSignup & { name: string; villageCode: string; povertyStatus: string })[] {
  return db
    .select({ signup: gigSignups, name: laborers.name, villageCode: laborers.villageCode, povertyStatus: laborers.povertyStatus })
    .from(gigSignups)
    .innerJoin(laborers, eq(laborers.id, gigSignups.laborerId))
    .where(eq(gigSignups.gigId, gigId))
    .orderBy(asc(gigSignups.id))
    .all()
    .map((r) => ({ ...r.signup, name: r.name, villageCode: r.villageCode, povertyStatus: r.povertyStatus }))
}

/** A laborer's live sign-ups on gigs whose days overlap [from, to]: one person cannot work two gigs at once. */
export function overlapping(db: Db, laborerId: number, from: string, to: string): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(gigSignups)
    .innerJoin(gigs, eq(gigs.id, gigSignups.gigId))
    .where(and(eq(gigSignups.laborerId, laborerId), sql`${gigSignups.status} in ('signed', 'confirmed')`, lte(gigs.workDate, to), gte(gigs.lastDate, from), eq(gigs.status, 'open')))
    .get()!.n
}

export interface BoardRow {
  id: number
  title: string
  occupation: string
  description: string
  regionCode: string
  address: string
  workDate: string
  lastDate: string
  unit: 'day' | 'task'
  pay: number
  slots: number
  confirmed: number
  contact: string
}

/**
 * The kiosk board: open gigs of a county that are under way today or begin tomorrow, with
 * places left, soonest first. One prepared statement on the (county, last day) index.
 */
export function boardStatement(sqlite: Sqlite) {
  const statement = sqlite.prepare(
    `SELECT id, title, occupation, description, region_code AS regionCode, address, work_date AS workDate, last_date AS lastDate,
            unit, pay, slots, confirmed, contact
       FROM gigs
      WHERE county_code = ? AND last_date >= ? AND work_date <= ? AND status = 'open' AND confirmed < slots
      ORDER BY work_date, id
      LIMIT ?`,
  )
  return (countyCode: string, today: string, tomorrow: string, limit: number) => statement.all(countyCode, today, tomorrow, limit) as BoardRow[]
}

