import type { FastifyInstance } from 'fastify'
import { appendDispatch } from '../dispatch/index'
import type { DispatchType } from '../dispatch/schema'
import { pickupRoute, sweepOrder } from './county-seats'
import { destinations, groupSnapshot, reshape, type GroupNames } from './groups'
import { planTransport, type Geography } from './planner'
import * as q from './queries'
import type { TransportGroup, TransportPlan } from './schema'
import { transaction } from '../db/transaction'
import { shanghaiTime } from '../calendar'

export const geography: Geography = { sweep: sweepOrder, route: pickupRoute }

/**
 * The transport desk: drafting plans and changing groups, for the routes and the demo
 * city alike. Every change runs in one transaction that also appends what the stations
 * must hear to their logs; the hub is told after commit.
 */
export function transportDesk(app: FastifyInstance) {
  const names = (): GroupNames => {
    const centers = q.countyCenters(app.db)
    const stations = new Map(q.stationNames(app.db))
    return {
      county: (code) => app.regions.get(code)?.name ?? code,
      pickupPoint: (code) => centers.get(code) ?? `${app.regions.get(code)?.name ?? code}就业服务中心`,
      station: (id) => stations.get(id) ?? `station ${id}`,
    }
  }

  /** Inside the change's transaction: the station learns of it in the same commit. */
  const dispatchGroup = (group: TransportGroup, type: DispatchType) => {
    appendDispatch(app.db, {
      stationId: group.stationId,
      type,
      groupId: group.id,
      groupVersion: group.version,
      payload: groupSnapshot(group, q.seatsOf(app.db, [group.id]), names()),
    })
  }

  /** Runs a change in one transaction, then pushes whatever it appended to the stations' logs. */
  const change = <T>(work: (touched: Set<number>) => T): T => {
    const touched = new Set<number>()
    const result = transaction(app.db, () => work(touched))
    app.dispatch.notify(touched)
    return result
  }

  const destinationOf = (group: TransportGroup) => destinations(app.config.transport, q.stationAreas(app.db)).get(group.stationId)!

  const cancel = (group: TransportGroup, reason: string, touched: Set<number>): TransportGroup => {
    q.releaseSeats(app.db, group.id)
    const updated = q.updateGroup(app.db, group.id, { status: 'cancelled', note: reason })
    if (group.status === 'confirmed') {
      dispatchGroup(updated, 'group.cancelled')
      touched.add(updated.stationId)
    }
    return updated
  }

  /** Re-fits the vehicle and stops after a seat change and tells the station if it knew the group. */
  const refit = (group: TransportGroup, touched: Set<number>): TransportGroup => {
    const seats = q.seatsOf(app.db, [group.id])
    if (seats.length === 0) return cancel(group, 'no one left in the group', touched)
    const { vehicle, stops } = reshape(seats, destinationOf(group), geography)
    const updated = q.updateGroup(app.db, group.id, { vehicleKind: vehicle.kind, capacity: vehicle.capacity, stops })
    if (updated.status === 'confirmed') {
      dispatchGroup(updated, 'group.updated')
      touched.add(updated.stationId)
    }
    return updated
  }

  const confirm = (group: TransportGroup, touched: Set<number>) => {
    const updated = q.updateGroup(app.db, group.id, { status: 'confirmed', confirmedAt: Date.now() })
    dispatchGroup(updated, 'group.confirmed')
    touched.add(updated.stationId)
  }

  /** Groups the placements of an area awaiting organized travel into draft vehicles for the days given. */
  const draftPlan = (scopeCode: string, from: string, to: string, createdBy: number | null): TransportPlan => {
    const settings = app.config.transport
    return transaction(app.db, () => {
      const result = planTransport({
        from,
        to,
        travellers: q.awaitingTravellers(app.db, scopeCode),
        destinations: destinations(settings, q.stationAreas(app.db)),
        geography,
      })
      return q.insertPlan(
        app.db,
        { scopeCode, fromDate: from, toDate: to, lowerBound: result.lowerBound, unassigned: result.unassigned, createdBy },
        result.groups.map((g) => ({
          stationId: g.stationId,
          vehicleKind: g.vehicle.kind,
          capacity: g.vehicle.capacity,
          departureDate: g.departureDate,
          departureAt: shanghaiTime(g.departureDate, settings.departureHour),
          arrivalDate: g.arrivalDate,
          stops: g.stops,
          seats: g.seats,
        })),
      )
    })
  }

  /**
   * Changes the manifest details (vehicle, driver, escort, departure time): a new version
   * of the group, pushed to the station in the same commit once the group is confirmed.
   */
  const editManifest = (group: TransportGroup, patch: Partial<Pick<TransportGroup, q.ManifestField | 'departureAt'>>): TransportGroup =>
    change((touched) => {
      const updated = q.updateGroup(app.db, group.id, patch)
      if (updated.status === 'confirmed') {
        dispatchGroup(updated, 'group.updated')
        touched.add(updated.stationId)
      }
      return updated
    })

  /** Confirms every draft group of a plan: each goes to its station. */
  const confirmPlan = (plan: TransportPlan) =>
    change((touched) => {
      for (const group of q.groupsOfPlan(app.db, plan.id)) if (group.status === 'draft') confirm(group, touched)
    })

  return { names, change, destinationOf, cancel, refit, confirm, draftPlan, confirmPlan, editManifest }
}
