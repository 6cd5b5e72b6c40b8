import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { laborers } from '../laborers/schema'
import { placements } from '../placements/schema'
import { stations } from '../network/schema'

export const vehicleKinds = ['bus', 'train'] as const
export type VehicleKind = (typeof vehicleKinds)[number]

export const groupStatuses = ['draft', 'confirmed', 'cancelled'] as const

export interface Unassigned {
  placementId: number
  laborerId: number
  reason: string
}

export interface Stop {
  countyCode: string
  /** Minutes after the group's departure time. */
  offsetMinutes: number
  people: number
}

/** One run of the grouping over a date range, by a city or county official. */
export const transportPlans = sqliteTable('transport_plans', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Region code whose laborers the plan covers: the city, or one county. */
  scopeCode: text('scope_code').notNull(),
  fromDate: text('from_date').notNull(),
  toDate: text('to_date').notNull(),
  lowerBound: integer('lower_bound').notNull(),
  unassigned: text('unassigned', { mode: 'json' }).$type<Unassigned[]>().notNull().default([]),
  createdBy: integer('created_by'),
  createdAt: integer('created_at').notNull(),
})

/** A vehicle (bus, or a block of train seats) taking people from county centers to one station. */
export const transportGroups = sqliteTable(
  'transport_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id')
      .notNull()
      .references(() => transportPlans.id),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    vehicleKind: text('vehicle_kind', { enum: vehicleKinds }).notNull(),
    capacity: integer('capacity').notNull(),
    departureDate: text('departure_date').notNull(),
    /** Epoch ms of the first pickup. */
    departureAt: integer('departure_at').notNull(),
    arrivalDate: text('arrival_date').notNull(),
    stops: text('stops', { mode: 'json' }).$type<Stop[]>().notNull(),
    status: text('status', { enum: groupStatuses }).notNull(),
    /** Bumped by every change after confirmation; stations apply (groupId, version) idempotently. */
    version: integer('version').notNull().default(1),
    note: text('note').notNull().default(''),
    // The manifest (乘车名单) details county officers fill in until departure; every change
    // is a new version pushed to the station. Phones here are staff work numbers, not laborers'.
    vehiclePlate: text('vehicle_plate').notNull().default(''),
    driverName: text('driver_name').notNull().default(''),
    driverPhone: text('driver_phone').notNull().default(''),
    trainNumber: text('train_number').notNull().default(''),
    carriage: text('carriage').notNull().default(''),
    escortName: text('escort_name').notNull().default(''),
    escortPhone: text('escort_phone').notNull().default(''),
    confirmedAt: integer('confirmed_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('transport_groups_plan_idx').on(t.planId), index('transport_groups_station_idx').on(t.stationId, t.status)],
)

/** Who rides in which group; a placement holds at most one seat. */
export const transportSeats = sqliteTable(
  'transport_seats',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: integer('group_id')
      .notNull()
      .references(() => transportGroups.id),
    placementId: integer('placement_id')
      .notNull()
      .references(() => placements.id),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    countyCode: text('county_code').notNull(),
    villageCode: text('village_code').notNull(),
    arrivedAt: integer('arrived_at'),
  },
  (t) => [uniqueIndex('transport_seats_placement_idx').on(t.placementId), index('transport_seats_group_idx').on(t.groupId)],
)

export type TransportPlan = typeof transportPlans.$inferSelect
export type TransportGroup = typeof transportGroups.$inferSelect
