import { and, desc, eq, gte } from 'drizzle-orm'
import type { Db } from '../db/database'
import { BadRequestError, ClientIdReusedError } from '../errors'
import type { Laborer } from '../laborers/schema'
import { shanghaiToday } from '../calendar'
import { visits, type Visit, type VisitMethod, type VisitOutcome } from './schema'

export interface NewVisit {
  visitDate: string
  visitor: string
  method: VisitMethod
  outcome: VisitOutcome
  note?: string
  nextVisitDue?: string | null
  clientId?: string | null
  tokenId?: number | null
  at?: number
}

/**
 * Records a visit, in the caller's transaction. The same `clientId` again answers the visit
 * it made (`created: false`); used for another laborer it is a conflict. A visit in the
 * future, or a next visit due before this one, is refused naming the field.
 */
export function recordVisit(db: Db, laborer: Laborer, input: NewVisit): { visit: Visit; created: boolean } {
  if (input.clientId) {
    const seen = db.select().from(visits).where(eq(visits.clientId, input.clientId)).get()
    if (seen) {
      if (seen.laborerId !== laborer.id) throw new ClientIdReusedError(`clientId ${input.clientId} 已用于另一条走访记录`)
      return { visit: seen, created: false }
    }
  }
  const at = input.at ?? Date.now()
  const today = shanghaiToday(at)
  if (input.visitDate > today) throw new BadRequestError(`body.visitDate（${input.visitDate}）晚于今天（${today}）：走访日期不能是将来的日期`)
  if (input.nextVisitDue && input.nextVisitDue < input.visitDate) {
    throw new BadRequestError(`body.nextVisitDue（${input.nextVisitDue}）早于本次走访日期（${input.visitDate}）`)
  }
  const visit = db
    .insert(visits)
    .values({
      laborerId: laborer.id,
      villageCode: laborer.villageCode,
      townshipCode: laborer.townshipCode,
      countyCode: laborer.countyCode,
      visitDate: input.visitDate,
      visitor: input.visitor,
      method: input.method,
      outcome: input.outcome,
      note: input.note ?? '',
      nextVisitDue: input.nextVisitDue ?? null,
      clientId: input.clientId ?? null,
      tokenId: input.tokenId ?? null,
      createdAt: at,
    })
    .returning()
    .get()
  return { visit, created: true }
}

/** A laborer's visits, the latest first. */
export function visitsOf(db: Db, laborerId: number): Visit[] {
  return db.select().from(visits).where(eq(visits.laborerId, laborerId)).orderBy(desc(visits.visitDate), desc(visits.id)).all()
}

/** The latest visit of a laborer on or after a day, if any. */
export function visitSince(db: Db, laborerId: number, day: string): Visit | undefined {
  return db
    .select()
    .from(visits)
    .where(and(eq(visits.laborerId, laborerId), gte(visits.visitDate, day)))
    .orderBy(desc(visits.visitDate))
    .limit(1)
    .get()
}

/** Keeps the home-area copies of a laborer's visits with the registry when they move village. */
export function rehomeVisits(db: Db, laborerId: number, area: { villageCode: string; townshipCode: string; countyCode: string }): void {
  db.update(visits).set(area).where(eq(visits.laborerId, laborerId)).run()
}
