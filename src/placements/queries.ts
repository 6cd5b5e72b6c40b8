import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../db/database'
import { placements, type Placement } from './schema'

/** A laborer is placed while a placement of theirs has not ended. */
export function activePlacement(db: Db, laborerId: number): Placement | undefined {
  return db
    .select()
    .from(placements)
    .where(and(eq(placements.laborerId, laborerId), isNull(placements.endDate)))
    .get()
}

export function insertPlacement(db: Db, values: Omit<Placement, 'id' | 'createdAt' | 'updatedAt' | 'endDate'>): Placement {
  const now = Date.now()
  return db
    .insert(placements)
    .values({ ...values, endDate: null, createdAt: now, updatedAt: now })
    .returning()
    .get()
}

export function placementOfMatch(db: Db, matchId: number): Placement | undefined {
  return db.select().from(placements).where(eq(placements.matchId, matchId)).get()
}

/** Closes a placement on the day its job ended (its employment record was ended: see src/employments). */
export function endPlacement(db: Db, id: number, endDate: string, at = Date.now()): void {
  db.update(placements).set({ endDate, updatedAt: at }).where(eq(placements.id, id)).run()
}

/** Whether the laborer was ever placed in a job received by this out-of-province station (dispatched to it). */
export function placedAtStation(db: Db, laborerId: number, stationId: number): boolean {
  return (
    db
      .select({ id: placements.id })
      .from(placements)
      .where(and(eq(placements.laborerId, laborerId), eq(placements.destinationStationId, stationId)))
      .get() !== undefined
  )
}
