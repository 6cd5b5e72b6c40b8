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

/** Who moved between groups, as the station is told (masked names). */
export interface Moves {
  movedOut?: { laborerId: number; name: string; toGroupId: number }[]
  movedIn?: { laborerId: number; name: string; fromGroupId: number }[]
}

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
  const dispatchGroup = (group: TransportGroup, type: DispatchType, extra: Record<string, unknown> = {}) => {
    appendDispatch(app.db, {
      stationId: group.stationId,
      type,
      groupId: group.id,
      groupVersion: group.version,
      payload: { ...groupSnapshot(group, q.seatsOf(app.db, [group.id]), names()), ...extra },
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

  /** The people of `placementIds` as the station's seats name them (masked), to say who moved. */
  const movers = (groupId: number, placementIds: number[]) => {
    const seats = q.seatsOf(app.db, [groupId])
    const snapshot = groupSnapshot(q.getGroup(app.db, groupId)!, seats, names()).seats
    return snapshot.filter((_, i) => placementIds.includes(seats[i].placementId)).map((s) => ({ laborerId: s.laborerId, name: s.name }))
  }

  /**
   * Cancels a group. The station hears who was on it (`cancelledSeats`, as it last knew them:
   * pass `wereOnBoard` when the seats already moved, as in a merge) and why (`reason`).
   */
  const cancel = (
    group: TransportGroup,
    reason: string,
    touched: Set<number>,
    extra: { wereOnBoard?: unknown[]; movedToGroupId?: number } = {},
  ): TransportGroup => {
    const wereOnBoard = extra.wereOnBoard ?? groupSnapshot(group, q.seatsOf(app.db, [group.id]), names()).seats
    q.releaseSeats(app.db, group.id)
    const updated = q.updateGroup(app.db, group.id, { status: 'cancelled', note: reason })
    if (group.status === 'confirmed') {
      dispatchGroup(updated, 'group.cancelled', { cancelledSeats: wereOnBoard, reason, movedToGroupId: extra.movedToGroupId ?? null })
      touched.add(updated.stationId)
    }
    return updated
  }

  /**
   * Re-fits the vehicle and stops after a seat change and tells the station if it knew the
   * group; `moves` names who left for which group (`movedOut`) or came from which (`movedIn`).
   */
  const refit = (group: TransportGroup, touched: Set<number>, moves: Moves = {}): TransportGroup => {
    const seats = q.seatsOf(app.db, [group.id])
    if (seats.length === 0) return cancel(group, '车上已无人（全部调出或取消）', touched)
    const { vehicle, stops } = reshape(seats, destinationOf(group), geography)
    const updated = q.updateGroup(app.db, group.id, { vehicleKind: vehicle.kind, capacity: vehicle.capacity, stops })
    if (updated.status === 'confirmed') {
      dispatchGroup(updated, 'group.updated', { movedOut: moves.movedOut ?? [], movedIn: moves.movedIn ?? [] })
      touched.add(updated.stationId)
    }
    return updated
  }

  const confirm = (group: TransportGroup, touched: Set<number>, moves: Moves = {}) => {
    const updated = q.updateGroup(app.db, group.id, { status: 'confirmed', confirmedAt: Date.now() })
    dispatchGroup(updated, 'group.confirmed', moves.movedIn ? { movedIn: moves.movedIn } : {})
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

  return { names, change, destinationOf, cancel, refit, confirm, movers, draftPlan, confirmPlan, editManifest }
}
