import t from 'tap'
import { Random } from '../../src/random'
import { seedNetwork } from '../../src/network/demo'
import { ADMIN, call, testApp, tokenFor } from '../helpers'

t.test('service network: demo data, CRUD for city_admin, reads scoped by area', async (t) => {
  const app = await testApp(t, { maxEventLoopDelayMs: 0 })
  seedNetwork(app, new Random(1))
  seedNetwork(app, new Random(2))
  const counts = Object.fromEntries(
    (app.sqlite.prepare('SELECT level, count(*) AS n FROM service_points GROUP BY level').all() as { level: string; n: number }[]).map(
      (r) => [r.level, r.n],
    ),
  )
  t.same(counts, { city: 1, county: 15, township: 173, village: 2878 }, '市有园、县有中心、乡有站、村有专人, seeded once')

  const township = app.regions.ofLevel('township').find((r) => r.code.startsWith('140924'))!
  const village = app.regions.children(township.code)[0]
  const officer = tokenFor(app, 'county_officer', '140924')
  const staff = tokenFor(app, 'township_staff', township.code)
  const agent = tokenFor(app, 'village_agent', village.code)
  const list = (token: string, query = '') => call(app, token, { method: 'GET', url: `/api/v1/service-points${query}` })

  const station = (await list(staff, '?level=township')).body
  t.equal(station.length, 1)
  t.match(station[0], { name: `${township.name}就业服务站`, regionCode: township.code })
  t.equal(station[0].staff.length, 3, 'three public-welfare staff')
  t.equal((await list(agent)).body.length, 1, 'a village agent sees its own point')
  const countyPoints = (await list(officer)).body
  t.ok(countyPoints.every((p: { regionCode: string }) => p.regionCode.startsWith('140924')))
  t.equal((await list(officer, '?region=140931')).body.every((p: { regionCode: string }) => p.regionCode.startsWith('140924')), true, 'cannot widen to another county')
  t.equal((await list(ADMIN, '?level=city')).body[0].name, '忻州市人力资源服务产业园')

  const outside = (await list(ADMIN, '?region=140931&level=county')).body[0]
  t.equal((await call(app, officer, { method: 'GET', url: `/api/v1/service-points/${outside.id}` })).statusCode, 404)
  t.equal((await call(app, ADMIN, { method: 'GET', url: `/api/v1/service-points/${outside.id}` })).statusCode, 200)

  const created = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/service-points',
    payload: { level: 'village', regionCode: village.code, name: '新设服务点', contactPhone: '0350-3336666' },
  })
  t.equal(created.statusCode, 201)
  t.match(created.body, { level: 'village', name: '新设服务点', staff: [], regionName: /^忻州市繁峙县/ })
  t.equal((await call(app, officer, { method: 'POST', url: '/api/v1/service-points', payload: { level: 'city', regionCode: '1409', name: 'x' } })).statusCode, 403)
  const wrongLevel = await call(app, ADMIN, { method: 'POST', url: '/api/v1/service-points', payload: { level: 'county', regionCode: village.code, name: 'x' } })
  t.equal(wrongLevel.statusCode, 400)
  t.match(wrongLevel.body, { code: 'LL_VALIDATION', message: /body\.regionCode/ })
  const unknownField = await call(app, ADMIN, { method: 'POST', url: '/api/v1/service-points', payload: { level: 'city', regionCode: '1409', name: 'x', boss: 1 } })
  t.equal(unknownField.statusCode, 400)
  const patched = await call(app, ADMIN, { method: 'PATCH', url: `/api/v1/service-points/${created.body.id}`, payload: { name: '改名服务点' } })
  t.equal(patched.body.name, '改名服务点')
  t.equal((await call(app, ADMIN, { method: 'DELETE', url: `/api/v1/service-points/${created.body.id}` })).statusCode, 204)
  t.equal((await call(app, ADMIN, { method: 'DELETE', url: `/api/v1/service-points/${created.body.id}` })).statusCode, 404)
})

t.test('labor service stations: partner cities, CRUD, a station operator sees only its own', async (t) => {
  const app = await testApp(t, { maxEventLoopDelayMs: 0 })
  seedNetwork(app, new Random(1))
  const stations = (await call(app, ADMIN, { method: 'GET', url: '/api/v1/stations' })).body
  t.equal(stations.length, 12)
  t.same(new Set(stations.map((s: { partnerArea: string }) => s.partnerArea)), new Set(['jingjinji', 'yangtze_delta', 'greater_bay']))
  t.ok(stations.some((s: { name: string }) => s.name === '忻州市驻苏州市劳务服务工作站'))

  const created = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/stations',
    payload: { name: '忻州市驻太原市劳务服务工作站', cityCode: '1401', partnerArea: 'in_province', contactPhone: '13800000000' },
  })
  t.equal(created.statusCode, 201)
  t.match(created.body, { provinceCode: '14', cityName: '太原市' })
  const operator = tokenFor(app, 'station_operator', String(created.body.id))
  const own = await call(app, operator, { method: 'GET', url: '/api/v1/stations' })
  t.same(own.body.map((s: { id: number }) => s.id), [created.body.id])
  t.equal((await call(app, operator, { method: 'GET', url: `/api/v1/stations/${stations[0].id}` })).statusCode, 404)
  t.equal((await call(app, operator, { method: 'PATCH', url: `/api/v1/stations/${created.body.id}`, payload: { name: 'x' } })).statusCode, 403)
  const notCity = await call(app, ADMIN, { method: 'POST', url: '/api/v1/stations', payload: { name: 'x', cityCode: '9999', partnerArea: 'local' } })
  t.equal(notCity.statusCode, 400)
  const moved = await call(app, ADMIN, { method: 'PATCH', url: `/api/v1/stations/${created.body.id}`, payload: { cityCode: '4403' } })
  t.match(moved.body, { provinceCode: '44', cityName: '深圳市' })
  t.equal((await call(app, null, { method: 'GET', url: '/api/v1/stations' })).statusCode, 401)
})
