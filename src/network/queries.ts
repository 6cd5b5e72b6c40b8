import { and, asc, eq, like } from 'drizzle-orm'
import type { Db } from '../db/database'
import {
  servicePoints,
  stations,
  type ServicePoint,
  type ServicePointLevel,
  type Station,
} from './schema'

export type ServicePointInput = Omit<ServicePoint, 'id' | 'createdAt' | 'updatedAt'>
export type StationInput = Omit<Station, 'id' | 'createdAt' | 'updatedAt'>

export function listServicePoints(db: Db, filter: { regionPrefix: string; level?: ServicePointLevel }): ServicePoint[] {
  return db
    .select()
    .from(servicePoints)
    .where(
      and(
        like(servicePoints.regionCode, `${filter.regionPrefix}%`),
        filter.level ? eq(servicePoints.level, filter.level) : undefined,
      ),
    )
    .orderBy(asc(servicePoints.regionCode), asc(servicePoints.id))
    .all()
}

export function getServicePoint(db: Db, id: number): ServicePoint | undefined {
  return db.select().from(servicePoints).where(eq(servicePoints.id, id)).get()
}

export function createServicePoint(db: Db, input: ServicePointInput): ServicePoint {
  const now = Date.now()
  return db.insert(servicePoints).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

export function updateServicePoint(db: Db, id: number, patch: Partial<ServicePointInput>): ServicePoint | undefined {
  return db.update(servicePoints).set({ ...patch, updatedAt: Date.now() }).where(eq(servicePoints.id, id)).returning().get()
}

export function deleteServicePoint(db: Db, id: number): boolean {
  return db.delete(servicePoints).where(eq(servicePoints.id, id)).run().changes > 0
}

export function listStations(db: Db): Station[] {
  return db.select().from(stations).orderBy(asc(stations.id)).all()
}

export function getStation(db: Db, id: number): Station | undefined {
  return db.select().from(stations).where(eq(stations.id, id)).get()
}

export function createStation(db: Db, input: StationInput): Station {
  const now = Date.now()
  return db.insert(stations).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

export function updateStation(db: Db, id: number, patch: Partial<StationInput>): Station | undefined {
  return db.update(stations).set({ ...patch, updatedAt: Date.now() }).where(eq(stations.id, id)).returning().get()
}

export function deleteStation(db: Db, id: number): boolean {
  return db.delete(stations).where(eq(stations.id, id)).run().changes > 0
}
