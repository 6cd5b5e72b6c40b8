import t from 'tap'
import { eq } from 'drizzle-orm'
import { placements } from '../../src/placements/schema'
import { ADMIN, call, tokenFor } from '../helpers'
import { addJob, addStation, addTraveller, villagesOf } from '../transport/fixtures'
import { bearerProtocols, connectStation, listening } from './client'

const PAST = '2026-03-10'
const FUTURE = '2099-06-10'

t.test('arrivals that make sense: not before the departure day, moved people named with their group, cancelled groups say who and why', async (t) => {
  const { app, ws } = await listening(t)
  const stationId = addStation(app)
  const villages = villagesOf(app, '140902', 2)
  const past = addJob(app, PAST)
  const placementOf = new Map<number, number>()
  for (let i = 0; i < 6; i++) {
    const { laborerId, placementId } = addTraveller(app, past, { villageCode: villages[i % 2], stationId, startDate: PAST })
    placementOf.set(laborerId, placementId)
  }
  const plan = (await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-01', to: '2026-03-09' } })).body
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/plans/${plan.id}/confirm` })).statusCode, 200)
  const fetched = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/transport/groups/${plan.groups[0].groupId}` })).body
  const group = { ...fetched, id: fetched.groupId }
  const token = tokenFor(app, 'station_operator', String(stationId))
  const station = connectStation(`${ws}/ws/stations/${stationId}`, {}, bearerProtocols(token))
  await station.next((f) => f.type === 'group.confirmed')

  // Two people split off into a new group: the old group's update names them and where they went.
  const leaving = group.seats.slice(0, 2)
  const split = await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/groups/${group.id}/split`, payload: { placementIds: leaving.map((s: any) => placementOf.get(s.laborerId)) } })
  t.equal(split.statusCode, 200)
  const newGroup = split.body.to.groupId
  const updated = await station.next((f) => f.type === 'group.updated' && f.groupId === group.id)
  t.same(updated.data.movedOut.map((m: any) => [m.laborerId, m.toGroupId]), leaving.map((s: any) => [s.laborerId, newGroup]))
  t.ok(updated.data.movedOut.every((m: any) => m.name.includes('*')), 'names masked')
  const confirmed = await station.next((f) => f.type === 'group.confirmed' && f.groupId === newGroup)
  t.same(confirmed.data.movedIn.map((m: any) => m.fromGroupId), [group.id, group.id])

  // Arrival of a moved person on the old group: refused, naming the group they are in now.
  station.ws.send(JSON.stringify({ type: 'arrival', groupId: group.id, laborerIds: [leaving[0].laborerId, group.seats[2].laborerId] }))
  const refused = await station.next((f) => f.type === 'error' && f.code === 'unknown_laborers')
  t.match(refused, { groupId: group.id, moved: [{ laborerId: leaving[0].laborerId, toGroupId: newGroup }] })
  t.match((await call(app, ADMIN, { method: 'GET', url: `/api/v1/transport/groups/${group.id}` })).body.arrivals, { arrived: 0 }, 'nothing recorded')

  // A cancelled group lists who was on it and why; arrivals for it are refused.
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/groups/${newGroup}/cancel`, payload: { reason: '用工单位推迟开工' } })).statusCode, 200)
  const cancelled = await station.next((f) => f.type === 'group.cancelled' && f.groupId === newGroup)
  t.match(cancelled.data, { status: 'cancelled', seats: [], reason: '用工单位推迟开工' })
  t.same(cancelled.data.cancelledSeats.map((s: any) => s.laborerId), leaving.map((s: any) => s.laborerId))
  station.ws.send(JSON.stringify({ type: 'arrival', groupId: newGroup, laborerIds: [leaving[0].laborerId] }))
  t.match(await station.next((f) => f.type === 'error' && f.groupId === newGroup), { code: 'unknown_group', message: /已取消/ })

  // A group leaving in the future: no arrival before its departure day.
  const future = addJob(app, FUTURE)
  for (let i = 0; i < 3; i++) addTraveller(app, future, { villageCode: villages[0], stationId, startDate: FUTURE })
  const later = (await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2099-06-01', to: '2099-06-09' } })).body
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/plans/${later.id}/confirm` })).statusCode, 200)
  const laterGroup = (await station.next((f) => f.type === 'group.confirmed' && f.data.departureDate > '2099')).data
  station.ws.send(JSON.stringify({ type: 'arrival', groupId: laterGroup.groupId, laborerIds: [laterGroup.seats[0].laborerId] }))
  t.match(await station.next((f) => f.type === 'error' && f.groupId === laterGroup.groupId), { code: 'too_early' })

  // The rest of the first group arrives as usual.
  station.ws.send(JSON.stringify({ type: 'arrival', groupId: group.id, laborerIds: [group.seats[2].laborerId] }))
  t.match(await station.next((f) => f.type === 'arrival.recorded'), { groupId: group.id, arrived: 1, inTransit: 3 })
  // The arrival updates the placement: arrived for who was ticked, on the road for the rest of the bus.
  const status = (laborerId: number) =>
    app.db.select({ s: placements.transportStatus }).from(placements).where(eq(placements.id, placementOf.get(laborerId)!)).get()!.s
  t.equal(status(group.seats[2].laborerId), 'arrived')
  t.same(group.seats.slice(3).map((s: any) => status(s.laborerId)), group.seats.slice(3).map(() => 'in_transit'))
  station.ws.close()
})
