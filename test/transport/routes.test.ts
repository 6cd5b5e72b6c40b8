import t, { type Test } from 'tap'
import { ADMIN, auth, call, testApp, tokenFor } from '../helpers'
import { connectStation, terminateAll } from '../dispatch/client'
import { addJob, addStation, addTraveller, villagesOf } from './fixtures'
import { waitFor } from '../wait'


const START = '2026-03-10'

async function city(t: Test) {
  const app = await testApp(t)
  t.teardown(terminateAll)
  const stationId = addStation(app)
  const job = addJob(app, START)
  const xinfu = villagesOf(app, '140902', 3)
  const fanshi = villagesOf(app, '140924', 2)
  const people = [
    ...Array.from({ length: 60 }, (_, i) => addTraveller(app, job, { villageCode: xinfu[i % 3], stationId, startDate: START, name: '张三丰' })),
    ...Array.from({ length: 10 }, (_, i) => addTraveller(app, job, { villageCode: fanshi[i % 2], stationId, startDate: START })),
  ]
  return { app, stationId, people, county: tokenFor(app, 'county_officer', '140924') }
}

const log = (app: any, stationId: number) =>
  app.sqlite.prepare('SELECT seq, type, group_id AS groupId, group_version AS version FROM dispatches WHERE station_id = ? ORDER BY seq').all(stationId)

t.test('officials plan within their area; the plan shows vehicles, stops, masked seats and quality', async (t) => {
  const { app, county } = await city(t)
  const bad = await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-09', to: '2026-03-01' } })
  t.equal(bad.statusCode, 400)
  const extra = await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-01', to: '2026-03-09', x: 1 } })
  t.equal(extra.statusCode, 400)
  t.equal((await call(app, tokenFor(app, 'station_operator', '1'), { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-01', to: '2026-03-09' } })).statusCode, 403)

  const mine = await call(app, county, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-01', to: '2026-03-09' } })
  t.equal(mine.statusCode, 201)
  t.equal(mine.body.scopeCode, '140924')
  t.equal(mine.body.people, 10, 'a county officer plans only their county’s laborers')
  t.equal(mine.body.groups.length, 1)
  const group = mine.body.groups[0]
  t.match(group, {
    status: 'draft',
    vehicle: { kind: 'bus', capacity: 45 },
    departureDate: '2026-03-09',
    departureAt: '2026-03-08T23:00:00.000Z',
    stops: [{ countyCode: '140924', countyName: '繁峙县', people: 10 }],
    delivery: { state: 'draft' },
  })
  t.match(group.seats[0].name, /^王\*+\d$/, 'names are masked')

  const whole = await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-01', to: '2026-03-09' } })
  t.equal(whole.body.people, 60, 'people already grouped are not planned twice')
  t.same(whole.body.quality, { vehicles: 2, lowerBound: 2, ratio: 1 })
  t.same(whole.body.groups.map((g: any) => g.seats.length).sort(), [5, 55])
  t.equal(whole.body.groups.find((g: any) => g.seats.length === 5).vehicle.capacity, 45)
  t.equal(JSON.stringify(whole.body).includes('张三丰'), false, 'no full name anywhere')

  t.equal((await call(app, county, { method: 'GET', url: `/api/v1/transport/plans/${whole.body.id}` })).statusCode, 404, 'another area’s plan is not found')
  t.equal((await call(app, county, { method: 'GET', url: `/api/v1/transport/groups/${whole.body.groups[0].groupId}` })).statusCode, 404)
  t.equal((await call(app, county, { method: 'GET', url: '/api/v1/transport/plans' })).body.length, 1)
  t.equal((await call(app, ADMIN, { method: 'GET', url: '/api/v1/transport/plans' })).body.length, 2)
})

t.test('confirm dispatches in the same commit; changes are new versions; the sender sees delivery and arrivals', async (t) => {
  const { app, stationId } = await city(t)
  const plan = (await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-01', to: '2026-03-09' } })).body
  t.same(log(app, stationId), [], 'drafts are not dispatched')
  const confirmed = await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/plans/${plan.id}/confirm` })
  t.equal(confirmed.statusCode, 200)
  const [big, small] = [...confirmed.body.groups].sort((a: any, b: any) => b.seats.length - a.seats.length)
  t.same(
    log(app, stationId).map((e: any) => e.type),
    ['group.confirmed', 'group.confirmed'],
  )
  t.equal(big.delivery.state, 'written')
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/groups/${big.groupId}/confirm` })).statusCode, 409)

  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const station = connectStation(`${address.replace('http', 'ws')}/ws/stations/${stationId}`, auth(tokenFor(app, 'station_operator', String(stationId))))
  const first = await station.next((f) => f.groupId === big.groupId)
  t.equal(first.data.seats.length, big.seats.length)
  t.equal(first.version, big.version)
  station.ws.send(JSON.stringify({ type: 'ack', seq: 2 }))
  const seen = await waitFor(async () => {
    const group = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/transport/groups/${big.groupId}` })).body
    return group.delivery.state === 'delivered' && group
  }, 'the group to be delivered')
  t.equal(seen.delivery.state, 'delivered')
  t.ok(Date.parse(seen.delivery.deliveredAt) > 0, 'with the time')

  const mover = big.seats[0]
  const placementOf = (laborerId: number) => (app.sqlite.prepare('SELECT id FROM placements WHERE laborer_id = ?').get(laborerId) as any).id
  const moved = await call(app, ADMIN, {
    method: 'POST',
    url: `/api/v1/transport/groups/${big.groupId}/move`,
    payload: { placementId: placementOf(mover.laborerId), toGroupId: small.groupId },
  })
  t.equal(moved.statusCode, 200)
  t.equal(big.seats.length, 55, 'a full bus straight from 忻府区')
  t.equal(small.seats.length, 15, 'the 5 left over share a bus with 繁峙县’s 10')
  t.equal(moved.body.from.seats.length, 54)
  t.equal(moved.body.to.seats.length, 16)
  const updates = await station.next((f) => f.type === 'group.updated' && f.groupId === small.groupId)
  t.ok(updates.version > small.version, 'a change carries a new version')
  t.ok(updates.data.seats.some((s: any) => s.laborerId === mover.laborerId))

  const split = await call(app, ADMIN, {
    method: 'POST',
    url: `/api/v1/transport/groups/${big.groupId}/split`,
    payload: { placementIds: moved.body.from.seats.slice(0, 4).map((s: any) => placementOf(s.laborerId)) },
  })
  t.equal(split.statusCode, 200)
  t.equal(split.body.to.seats.length, 4)
  t.equal(split.body.to.status, 'confirmed', 'split off a confirmed group, the new group is dispatched too')
  const merged = await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/groups/${small.groupId}/merge`, payload: { groupId: split.body.to.groupId } })
  t.equal(merged.statusCode, 200)
  t.equal(merged.body.seats.length, 20)
  await station.next((f) => f.type === 'group.cancelled' && f.groupId === split.body.to.groupId)

  const arrivedIds = merged.body.seats.slice(0, 7).map((s: any) => s.laborerId)
  station.ws.send(JSON.stringify({ type: 'arrival', groupId: small.groupId, laborerIds: arrivedIds }))
  t.match(await station.next((f) => f.type === 'arrival.recorded'), { groupId: small.groupId, arrived: 7, inTransit: 13 })
  const after = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/transport/groups/${small.groupId}` })).body
  t.same(after.arrivals, { total: 20, arrived: 7, inTransit: 13 })
  const statuses = app.sqlite.prepare('SELECT transport_status AS s, count(*) AS n FROM placements GROUP BY s ORDER BY s').all()
  t.same(statuses, [{ s: 'arrived', n: 7 }, { s: 'grouped', n: 50 }, { s: 'in_transit', n: 13 }])
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/groups/${small.groupId}/cancel`, payload: { reason: 'x' } })).statusCode, 409, 'an arrived group cannot change')

  const cancelled = await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/groups/${big.groupId}/cancel`, payload: { reason: '道路封闭' } })
  t.equal(cancelled.body.status, 'cancelled')
  const notice = await station.next((f) => f.type === 'group.cancelled' && f.groupId === big.groupId)
  t.equal(notice.data.note, '道路封闭')
  const seqs = station.frames.filter((f) => f.seq).map((f) => f.seq)
  t.same(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'the station saw every message in order')
  t.equal((app.sqlite.prepare("SELECT count(*) AS n FROM placements WHERE transport_status = 'awaiting'").get() as any).n, 50, 'cancelled seats wait for the next plan')
  station.ws.close()
})
