import type { TransportSettings } from '../config'
import type { Destination, Geography, Traveller, VehicleType } from './planner'
import { dayNumber } from '../calendar'
import type { Stop, TransportGroup } from './schema'
import type { SeatDetail } from './queries'

/** 王伟 → 王*, 欧阳明月 → 欧**月: enough for a station to call a name at the bus door. */
export function maskName(name: string): string {
  const chars = [...name]
  if (chars.length <= 1) return name
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

/** Travel days and vehicles for each station, from its partner area and the settings. */
export function destinations(settings: TransportSettings, areas: Map<number, string>): Map<number, Destination> {
  const out = new Map<number, Destination>()
  for (const [stationId, area] of areas) {
    const vehicles: VehicleType[] = settings.trainAreas.includes(area)
      ? [{ kind: 'train', capacity: settings.trainBlockSeats }]
      : settings.busSeats.map((capacity) => ({ kind: 'bus' as const, capacity }))
    const travelDays = settings.travelDays[`station:${stationId}`] ?? settings.travelDays[area] ?? settings.travelDays.other ?? 2
    out.set(stationId, { travelDays, vehicles })
  }
  return out
}


/** Vehicle and stops after people were moved in or out of a group. */
export function reshape(
  seats: Pick<Traveller, 'countyCode'>[],
  destination: Destination,
  geography: Geography,
): { vehicle: VehicleType; stops: Stop[] } {
  const fitting = [...destination.vehicles].reverse().find((v) => v.capacity >= seats.length)
  const route = geography.route([...new Set(seats.map((s) => s.countyCode))])
  return {
    vehicle: fitting ?? destination.vehicles[0],
    stops: route.map((r) => ({ ...r, people: seats.filter((s) => s.countyCode === r.countyCode).length })),
  }
}

/** Can this traveller still leave on this group's day and arrive the day before work? */
export function canLeaveOn(traveller: Traveller, departureDate: string, destination: Destination): boolean {
  const day = dayNumber(departureDate)
  const earliest = traveller.availableFrom ? dayNumber(traveller.availableFrom) : -Infinity
  return day >= earliest && day <= dayNumber(traveller.startDate) - destination.travelDays
}

export interface GroupNames {
  county(code: string): string
  pickupPoint(code: string): string
  station(id: number): string
}

/**
 * The group as a station receives it: everything needed to meet the vehicle, with no
 * national ID or phone. The same shape is shown to officials.
 */
export function groupSnapshot(group: TransportGroup, seats: SeatDetail[], names: GroupNames) {
  return {
    groupId: group.id,
    version: group.version,
    status: group.status,
    planId: group.planId,
    stationId: group.stationId,
    stationName: names.station(group.stationId),
    vehicle: {
      kind: group.vehicleKind,
      capacity: group.capacity,
      plate: group.vehiclePlate,
      driverName: group.driverName,
      driverPhone: group.driverPhone,
      trainNumber: group.trainNumber,
      carriage: group.carriage,
    },
    escort: { name: group.escortName, phone: group.escortPhone },
    departureDate: group.departureDate,
    departureAt: new Date(group.departureAt).toISOString(),
    arrivalDate: group.arrivalDate,
    stops: group.stops.map((s) => ({
      countyCode: s.countyCode,
      countyName: names.county(s.countyCode),
      pickupPoint: names.pickupPoint(s.countyCode),
      time: new Date(group.departureAt + s.offsetMinutes * 60_000).toISOString(),
      people: s.people,
    })),
    seats: seats.map((s, i) => ({
      seat: i + 1,
      laborerId: s.laborerId,
      name: maskName(s.name),
      gender: s.gender,
      countyName: names.county(s.countyCode),
      employer: s.employerName,
      jobTitle: s.jobTitle,
      startDate: s.startDate,
    })),
    note: group.note,
  }
}
