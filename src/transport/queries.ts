import { shanghaiToday } from '../calendar'
import { and, asc, desc, eq, inArray, isNull, like, ne, sql } from 'drizzle-orm'
import type { Statement } from 'better-sqlite3'
import type { Db, Sqlite } from '../db/database'
import { employers } from '../employers/schema'
import { jobs } from '../jobs/schema'
import { laborers } from '../laborers/schema'
import { placements } from '../placements/schema'
import { servicePoints, stations } from '../network/schema'
import type { Traveller } from './planner'
import {
  transportGroups,
  transportPlans,
  transportSeats,
  type Stop,
  type TransportGroup,
  type TransportPlan,
  type Unassigned,
  type VehicleKind,
} from './schema'

const travellerColumns = {
  placementId: placements.id,
  laborerId: placements.laborerId,
  stationId: placements.destinationStationId,
  countyCode: laborers.countyCode,
  villageCode: laborers.villageCode,
  availableFrom: laborers.availableFrom,
  startDate: placements.startDate,
}

/** Placements waiting for organized travel whose laborer lives under `regionPrefix`. */
export function awaitingTravellers(db: Db, regionPrefix: string): Traveller[] {
  return db
    .select(travellerColumns)
    .from(placements)
    .innerJoin(laborers, eq(laborers.id, placements.laborerId))
    .where(
      and(
        eq(placements.transportStatus, 'awaiting'),
        ne(placements.travel, 'none'),
        like(placements.homeCountyCode, `${regionPrefix}%`),
      ),
    )
    .orderBy(asc(placements.id))
    .all()
}

export function travellersOf(db: Db, placementIds: number[]): Traveller[] {
  if (placementIds.length === 0) return []
  return db
    .select(travellerColumns)
    .from(placements)
    .innerJoin(laborers, eq(laborers.id, placements.laborerId))
    .where(inArray(placements.id, placementIds))
    .all()
}

export function stationAreas(db: Db): Map<number, string> {
  return new Map(db.select({ id: stations.id, area: stations.partnerArea }).from(stations).all().map((s) => [s.id, s.area]))
}

export function countyCenters(db: Db): Map<string, string> {
  return new Map([...countyCenterPoints(db)].map(([code, p]) => [code, p.name]))
}

/** County employment service centers (the pickup points) with their addresses. */
export function countyCenterPoints(db: Db): Map<string, { name: string; address: string }> {
  return new Map(
    db
      .select({ code: servicePoints.regionCode, name: servicePoints.name, address: servicePoints.address })
      .from(servicePoints)
      .where(eq(servicePoints.level, 'county'))
      .orderBy(desc(servicePoints.id))
      .all()
      .map((p) => [p.code, { name: p.name, address: p.address }]),
  )
}

export function stationOf(db: Db, id: number): { name: string; address: string; contactName: string; contactPhone: string } | undefined {
  return db
    .select({ name: stations.name, address: stations.address, contactName: stations.contactName, contactPhone: stations.contactPhone })
    .from(stations)
    .where(eq(stations.id, id))
    .get()
}

/** A passenger as the manifest lists them, in seat order; the ID cipher only for the real-name version. */
export interface ManifestSeat {
  laborerId: number
  name: string
  gender: string
  villageCode: string
  phoneMasked: string
  idMasked: string
  idCipher: string
}

export function manifestSeats(db: Db, groupId: number): ManifestSeat[] {
  return db
    .select({
      laborerId: transportSeats.laborerId,
      name: laborers.name,
      gender: laborers.gender,
      villageCode: transportSeats.villageCode,
      phoneMasked: laborers.phoneMasked,
      idMasked: laborers.idMasked,
      idCipher: laborers.idCipher,
    })
    .from(transportSeats)
    .innerJoin(laborers, eq(laborers.id, transportSeats.laborerId))
    .where(eq(transportSeats.groupId, groupId))
    .orderBy(asc(transportSeats.id))
    .all()
}

export interface NewGroup {
  stationId: number
  vehicleKind: VehicleKind
  capacity: number
  departureDate: string
  departureAt: number
  arrivalDate: string
  stops: Stop[]
  seats: Traveller[]
}

const seatStatements = new WeakMap<Sqlite, { seat: Statement; status: Statement }>()

/** Plans write tens of thousands of seats: prepared once, not rebuilt by drizzle per row. */
function seatWriters(db: Db) {
  let found = seatStatements.get(db.$client)
  if (!found) {
    found = {
      seat: db.$client.prepare('INSERT INTO transport_seats (group_id, placement_id, laborer_id, county_code, village_code) VALUES (?, ?, ?, ?, ?)'),
      status: db.$client.prepare('UPDATE placements SET transport_status = ?, updated_at = ? WHERE id = ?'),
    }
    seatStatements.set(db.$client, found)
  }
  return found
}

function insertGroup(db: Db, planId: number, group: NewGroup, status: TransportGroup['status'], at: number): TransportGroup {
  const row = db
    .insert(transportGroups)
    .values({
      planId,
      stationId: group.stationId,
      vehicleKind: group.vehicleKind,
      capacity: group.capacity,
      departureDate: group.departureDate,
      departureAt: group.departureAt,
      arrivalDate: group.arrivalDate,
      stops: group.stops,
      status,
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get()
  const { seat } = seatWriters(db)
  for (const s of group.seats) seat.run(row.id, s.placementId, s.laborerId, s.countyCode, s.villageCode)
  setTransportStatus(db, group.seats.map((s) => s.placementId), 'grouped', at)
  return row
}

/** Inside the caller's transaction: the plan, its groups and seats, placements marked grouped. */
export function insertPlan(
  db: Db,
  plan: { scopeCode: string; fromDate: string; toDate: string; lowerBound: number; unassigned: Unassigned[]; createdBy: number | null },
  groups: NewGroup[],
  at = Date.now(),
): TransportPlan {
  const row = db.insert(transportPlans).values({ ...plan, createdAt: at }).returning().get()
  for (const group of groups) insertGroup(db, row.id, group, 'draft', at)
  return row
}

export function addGroup(db: Db, planId: number, group: NewGroup, status: TransportGroup['status'], at = Date.now()): TransportGroup {
  return insertGroup(db, planId, group, status, at)
}

export function getPlan(db: Db, id: number): TransportPlan | undefined {
  return db.select().from(transportPlans).where(eq(transportPlans.id, id)).get()
}

export function listPlans(db: Db, scopePrefix: string, limit: number): TransportPlan[] {
  return db
    .select()
    .from(transportPlans)
    .where(like(transportPlans.scopeCode, `${scopePrefix}%`))
    .orderBy(desc(transportPlans.id))
    .limit(limit)
    .all()
}

/**
 * The latest groups (by departure) that concern an area: of a plan of the area, or picking
 * up or carrying someone in it (a city-wide plan's bus stopping at a county's center is that
 * county's too).
 */
export function recentGroupsInArea(db: Db, prefix: string, limit: number): TransportGroup[] {
  const pattern = `${prefix}%`
  return db
    .select()
    .from(transportGroups)
    .where(
      sql`${transportGroups.planId} IN (SELECT id FROM transport_plans WHERE scope_code LIKE ${pattern})
        OR EXISTS (SELECT 1 FROM json_each(${transportGroups.stops}) WHERE json_extract(value, '$.countyCode') LIKE ${pattern})
        OR EXISTS (SELECT 1 FROM transport_seats s WHERE s.group_id = ${transportGroups.id} AND s.county_code LIKE ${pattern})`,
    )
    .orderBy(desc(transportGroups.departureAt), desc(transportGroups.id))
    .limit(limit)
    .all()
}

export function groupsOfPlan(db: Db, planId: number): TransportGroup[] {
  return db.select().from(transportGroups).where(eq(transportGroups.planId, planId)).orderBy(asc(transportGroups.id)).all()
}

export function getGroup(db: Db, id: number): TransportGroup | undefined {
  return db.select().from(transportGroups).where(eq(transportGroups.id, id)).get()
}

export interface SeatDetail {
  groupId: number
  placementId: number
  laborerId: number
  name: string
  gender: string
  countyCode: string
  villageCode: string
  employerName: string
  jobTitle: string
  startDate: string
  arrivedAt: number | null
  transportStatus: string
}

export function seatsOf(db: Db, groupIds: number[]): SeatDetail[] {
  if (groupIds.length === 0) return []
  return db
    .select({
      groupId: transportSeats.groupId,
      placementId: transportSeats.placementId,
      laborerId: transportSeats.laborerId,
      name: laborers.name,
      gender: laborers.gender,
      countyCode: transportSeats.countyCode,
      villageCode: transportSeats.villageCode,
      employerName: employers.name,
      jobTitle: jobs.title,
      startDate: placements.startDate,
      arrivedAt: transportSeats.arrivedAt,
      transportStatus: placements.transportStatus,
    })
    .from(transportSeats)
    .innerJoin(laborers, eq(laborers.id, transportSeats.laborerId))
    .innerJoin(placements, eq(placements.id, transportSeats.placementId))
    .innerJoin(employers, eq(employers.id, placements.employerId))
    .innerJoin(jobs, eq(jobs.id, placements.jobId))
    .where(inArray(transportSeats.groupId, groupIds))
    .orderBy(asc(transportSeats.groupId), asc(transportSeats.id))
    .all()
}

export function updateGroup(
  db: Db,
  id: number,
  patch: Partial<Pick<TransportGroup, 'status' | 'vehicleKind' | 'capacity' | 'stops' | 'note' | 'confirmedAt' | ManifestField | 'departureAt'>>,
  at = Date.now(),
): TransportGroup {
  return db
    .update(transportGroups)
    .set({ ...patch, version: sql`${transportGroups.version} + 1`, updatedAt: at })
    .where(eq(transportGroups.id, id))
    .returning()
    .get()
}

export const manifestFields = ['vehiclePlate', 'driverName', 'driverPhone', 'trainNumber', 'carriage', 'escortName', 'escortPhone'] as const
export type ManifestField = (typeof manifestFields)[number]

export function moveSeats(db: Db, placementIds: number[], toGroupId: number): void {
  db.update(transportSeats).set({ groupId: toGroupId }).where(inArray(transportSeats.placementId, placementIds)).run()
}

/** A cancelled group gives its people back to the pool for the next plan. */
export function releaseSeats(db: Db, groupId: number, at = Date.now()): void {
  const seats = db.select({ placementId: transportSeats.placementId }).from(transportSeats).where(eq(transportSeats.groupId, groupId)).all()
  db.delete(transportSeats).where(eq(transportSeats.groupId, groupId)).run()
  setTransportStatus(db, seats.map((s) => s.placementId), 'awaiting', at)
}

function setTransportStatus(db: Db, placementIds: number[], status: 'awaiting' | 'grouped' | 'in_transit' | 'arrived', at: number): void {
  const { status: update } = seatWriters(db)
  for (const id of placementIds) update.run(status, at, id)
}

export type ArrivalResult =
  | { ok: true; arrived: number; inTransit: number }
  | {
      ok: false
      code: 'unknown_group' | 'unknown_laborers' | 'too_early'
      message: string
      /** For `unknown_laborers`: those now seated in another group of this station, and which. */
      moved?: { laborerId: number; toGroupId: number }[]
    }

/**
 * A station reports who arrived: they are arrived; the rest of the group is on the road
 * (in transit) until a later report, or the county is alerted. Repeating a report is harmless.
 * Refused: a group not confirmed to this station (a cancelled one says so), a report before
 * the departure day (Asia/Shanghai), and anyone not seated in the group (someone moved to
 * another group is named with the group they are in now).
 */
export function recordArrival(db: Db, stationId: number, groupId: number, laborerIds: number[], at = Date.now()): ArrivalResult {
  const group = getGroup(db, groupId)
  if (!group || group.stationId !== stationId || (group.status !== 'confirmed' && group.status !== 'cancelled')) {
    return { ok: false, code: 'unknown_group', message: `第 ${groupId} 组不是本工作站已确认的乘车组` }
  }
  if (group.status === 'cancelled') {
    return { ok: false, code: 'unknown_group', message: `第 ${groupId} 组已取消（${group.note || '未说明原因'}），不能确认到达` }
  }
  if (shanghaiToday(at) < group.departureDate) {
    return { ok: false, code: 'too_early', message: `第 ${groupId} 组 ${group.departureDate} 才发车，发车当天起才能确认到达` }
  }
  const seats = db.select().from(transportSeats).where(eq(transportSeats.groupId, groupId)).all()
  const onBoard = new Set(seats.map((s) => s.laborerId))
  const strangers = laborerIds.filter((id) => !onBoard.has(id))
  if (strangers.length > 0) {
    const moved = db
      .select({ laborerId: transportSeats.laborerId, toGroupId: transportSeats.groupId })
      .from(transportSeats)
      .innerJoin(transportGroups, eq(transportGroups.id, transportSeats.groupId))
      .where(and(inArray(transportSeats.laborerId, strangers), eq(transportGroups.stationId, stationId)))
      .all()
    const movedText = moved.map((m) => `${m.laborerId} 已调到第 ${m.toGroupId} 组`)
    const others = strangers.filter((id) => !moved.some((m) => m.laborerId === id))
    const parts = [...movedText, ...(others.length > 0 ? [`${others.slice(0, 20).join('、')} 不在本组`] : [])]
    return { ok: false, code: 'unknown_laborers', message: `第 ${groupId} 组：${parts.join('；')}（未记录任何到达）`, moved }
  }
  const listed = new Set(laborerIds)
  const arriving = seats.filter((s) => listed.has(s.laborerId) && s.arrivedAt === null)
  if (arriving.length > 0) {
    db.update(transportSeats)
      .set({ arrivedAt: at })
      .where(inArray(transportSeats.id, arriving.map((s) => s.id)))
      .run()
    setTransportStatus(db, arriving.map((s) => s.placementId), 'arrived', at)
  }
  const onTheRoad = seats.filter((s) => !listed.has(s.laborerId) && s.arrivedAt === null)
  const stillGrouped = db
    .select({ id: placements.id })
    .from(placements)
    .where(and(inArray(placements.id, onTheRoad.map((s) => s.placementId).concat(0)), eq(placements.transportStatus, 'grouped')))
    .all()
  setTransportStatus(db, stillGrouped.map((p) => p.id), 'in_transit', at)
  return { ok: true, arrived: seats.length - onTheRoad.length, inTransit: onTheRoad.length }
}

/** Confirmed groups not yet fully arrived: what the alerts look at. */
export function openGroups(db: Db): TransportGroup[] {
  return db.select().from(transportGroups).where(eq(transportGroups.status, 'confirmed')).all()
}

export function unarrivedSeats(db: Db, groupIds: number[]): { groupId: number; countyCode: string; n: number }[] {
  if (groupIds.length === 0) return []
  return db
    .select({ groupId: transportSeats.groupId, countyCode: transportSeats.countyCode, n: sql<number>`count(*)` })
    .from(transportSeats)
    .where(and(inArray(transportSeats.groupId, groupIds), isNull(transportSeats.arrivedAt)))
    .groupBy(transportSeats.groupId, transportSeats.countyCode)
    .all()
}

export function stationNames(db: Db): [number, string][] {
  return db.select({ id: stations.id, name: stations.name }).from(stations).all().map((s) => [s.id, s.name])
}

/** Who arrived at a station (seats of its groups reported arrived), oldest arrival first: what its follow-ups (跟踪服务) start from. */
export function arrivedAtStation(
  db: Db,
  stationId: number,
): { placementId: number; laborerId: number; groupId: number; arrivedAt: number }[] {
  return db
    .select({ placementId: transportSeats.placementId, laborerId: transportSeats.laborerId, groupId: transportSeats.groupId, arrivedAt: transportSeats.arrivedAt })
    .from(transportSeats)
    .innerJoin(transportGroups, eq(transportGroups.id, transportSeats.groupId))
    .where(and(eq(transportGroups.stationId, stationId), sql`${transportSeats.arrivedAt} IS NOT NULL`))
    .orderBy(asc(transportSeats.arrivedAt), asc(transportSeats.id))
    .all() as { placementId: number; laborerId: number; groupId: number; arrivedAt: number }[]
}
