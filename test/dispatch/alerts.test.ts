import t from 'tap'
import { raiseAlerts, type AlertFacts } from '../../src/alerts/alerts'
import { ADMIN, auth, call, testApp, tokenFor } from '../helpers'
import { addJob, addStation, addTraveller, villagesOf } from '../transport/fixtures'
import { connectStation, terminateAll } from './client'
import { waitFor } from '../wait'


const H = 3_600_000
const base: AlertFacts = {
  now: 100 * H,
  unackedBeforeDepartureMs: 24 * H,
  stationOfflineMs: 2 * H,
  arrivalOverdueMs: 12 * H,
  groups: [],
  stations: [],
}
const group = (over: Partial<AlertFacts['groups'][number]>): AlertFacts['groups'][number] => ({
  id: 1,
  stationId: 1,
  departureAt: 200 * H,
  expectedArrivalAt: 210 * H,
  countyCodes: ['140924'],
  delivered: false,
  unarrived: [{ countyCode: '140924', n: 40 }],
  ...over,
})

t.test('thresholds decide, not the passage of time alone', async (t) => {
  t.same(raiseAlerts({ ...base, groups: [group({})] }), [], 'departure far away: no alert yet')
  const soon = raiseAlerts({ ...base, groups: [group({ departureAt: 110 * H })] })
  t.match(soon, [{ kind: 'group_unacked', severity: 'warning', since: 86 * H, groupId: 1, count: 40 }])
  t.match(raiseAlerts({ ...base, groups: [group({ departureAt: 90 * H })] }), [{ kind: 'group_unacked', severity: 'critical' }])
  t.same(raiseAlerts({ ...base, groups: [group({ departureAt: 90 * H, delivered: true })] }), [], 'acked: fine')
  const overdue = raiseAlerts({
    ...base,
    groups: [group({ departureAt: 50 * H, expectedArrivalAt: 80 * H, delivered: true, unarrived: [{ countyCode: '140924', n: 3 }, { countyCode: '140902', n: 1 }] })],
  })
  t.match(overdue, [
    { kind: 'arrival_overdue', countyCodes: ['140924'], count: 3 },
    { kind: 'arrival_overdue', countyCodes: ['140902'], count: 1 },
  ])
  t.same(raiseAlerts({ ...base, groups: [group({ departureAt: 50 * H, expectedArrivalAt: 95 * H, delivered: true })] }), [], 'not yet overdue')
  const station = { id: 1, name: '北京朝阳劳务服务工作站', online: false, disconnectedAt: 97 * H, pending: 2, oldestPendingAt: 90 * H }
  t.match(raiseAlerts({ ...base, groups: [group({})], stations: [station] }), [{ kind: 'station_offline', countyCodes: ['140924'], count: 2 }])
  t.same(raiseAlerts({ ...base, stations: [{ ...station, disconnectedAt: 99 * H }] }), [], 'offline for one hour only')
  t.same(raiseAlerts({ ...base, stations: [{ ...station, online: true }] }), [])
  t.same(raiseAlerts({ ...base, stations: [{ ...station, pending: 0 }] }), [], 'nothing waiting for it')
  t.match(raiseAlerts({ ...base, stations: [{ ...station, disconnectedAt: null }] }), [{ kind: 'station_offline' }], 'never connected: counted from the oldest pending message')
})

t.test('GET /alerts: county officials see their county, the city sees all', async (t) => {
  const app = await testApp(t, { alerts: { unackedBeforeDepartureMs: 10_000_000 * 60_000, stationOfflineMs: 0, arrivalOverdueMs: 0 } })
  t.teardown(terminateAll)
  const stationId = addStation(app)
  const job = addJob(app, '2026-01-10')
  for (const [county, n] of [['140924', 3], ['140902', 2]] as const) {
    for (const village of villagesOf(app, county, n)) addTraveller(app, job, { villageCode: village, stationId, startDate: '2026-01-10' })
  }
  const plan = (await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-01-01', to: '2026-01-09' } })).body
  t.equal(plan.groups.length, 1)
  await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/plans/${plan.id}/confirm` })

  const all = (await call(app, ADMIN, { method: 'GET', url: '/api/v1/alerts' })).body
  t.same(all.map((a: any) => a.kind).sort(), ['arrival_overdue', 'arrival_overdue', 'group_unacked', 'station_offline'])
  const fanshi = (await call(app, tokenFor(app, 'county_officer', '140924'), { method: 'GET', url: '/api/v1/alerts' })).body
  t.ok(fanshi.every((a: any) => a.countyCodes.includes('140924')))
  t.match(fanshi.find((a: any) => a.kind === 'arrival_overdue'), { count: 3, message: /3人/ })
  const other = (await call(app, tokenFor(app, 'county_officer', '140930'), { method: 'GET', url: '/api/v1/alerts' })).body
  t.same(other, [], 'a county with no one concerned sees nothing')
  t.equal((await call(app, tokenFor(app, 'village_agent', '140902001001'), { method: 'GET', url: '/api/v1/alerts' })).statusCode, 403)

  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const station = connectStation(`${address.replace('http', 'ws')}/ws/stations/${stationId}`, auth(tokenFor(app, 'station_operator', String(stationId))))
  const message = await station.next((f) => f.type === 'group.confirmed')
  station.ws.send(JSON.stringify({ type: 'ack', seq: message.seq }))
  station.ws.send(JSON.stringify({ type: 'arrival', groupId: message.groupId, laborerIds: message.data.seats.map((s: any) => s.laborerId) }))
  await station.next((f) => f.type === 'arrival.recorded')
  await waitFor(async () => (await call(app, ADMIN, { method: 'GET', url: '/api/v1/alerts' })).body.length === 0, 'the alerts to clear')
  t.same((await call(app, ADMIN, { method: 'GET', url: '/api/v1/alerts' })).body, [], 'acked, connected and arrived: all clear')
  station.ws.close()
})
