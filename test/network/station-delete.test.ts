import t from 'tap'
import { ADMIN, call, testApp } from '../helpers'
import { addJob, addStation, addTraveller, villagesOf } from '../transport/fixtures'

t.test('a station that people are travelling to cannot be deleted', async (t) => {
  const app = await testApp(t)
  const stationId = addStation(app)
  addTraveller(app, addJob(app, '2026-03-10'), { villageCode: villagesOf(app, '140902', 1)[0], stationId, startDate: '2026-03-10' })
  const refused = await call(app, ADMIN, { method: 'DELETE', url: `/api/v1/stations/${stationId}` })
  t.equal(refused.statusCode, 409)
  t.match(refused.body, { statusCode: 409, error: 'Conflict', code: 'LL_STILL_REFERENCED' })
  t.equal((await call(app, ADMIN, { method: 'GET', url: `/api/v1/stations/${stationId}` })).statusCode, 200, 'nothing was deleted')

  const unused = addStation(app, '驻深圳劳务服务工作站', 'greater_bay')
  t.equal((await call(app, ADMIN, { method: 'DELETE', url: `/api/v1/stations/${unused}` })).statusCode, 204)
})
