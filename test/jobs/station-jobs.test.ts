import t from 'tap'
import { makeCreditCode } from '../../src/employers/credit-code'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { laborer, station, villageIn } from '../matching/fixtures'
import { employer, jobBody } from './fixtures'

/**
 * 岗位收集 (issue 16, part 5): a station operator registers employers in its station's city
 * and posts their jobs; only that station sees and changes them (another station: the same
 * 404 as a missing one); the postings are ordinary postings with source `station`, found at
 * kiosks as 工作站推荐, recommended to laborers and taken into fairs.
 */
t.test('stations collect jobs in their city, scoped to the station, shown as 工作站推荐', async (t) => {
  const app = await testApp(t)
  const beijing = station(app, '1101', 'jingjinji')
  const suzhou = station(app, '3205', 'yangtze_delta')
  const op = tokenFor(app, 'station_operator', String(beijing.id))
  const other = tokenFor(app, 'station_operator', String(suzhou.id))

  const register = (token: string, regionCode: string, serial: number) =>
    call(app, token, {
      method: 'POST',
      url: '/api/v1/employers',
      payload: { name: `北京朝阳家政服务有限公司${serial}`, creditCode: makeCreditCode(regionCode, serial), sizeClass: 'small', regionCode },
    })
  const registered = await register(op, '110105', 7001)
  t.equal(registered.statusCode, 201)
  t.equal(registered.body.stationId, beijing.id)
  const refused = await register(op, '320505', 7002)
  t.equal(refused.statusCode, 400, 'not outside the station’s city')
  t.equal(refused.body.code, 'LL_VALIDATION')
  const employerId = registered.body.id

  // Its employers only: another station and the city's partners are as absent as missing ones.
  const cityPartner = employer(app, '北京建工集团', '110105')
  t.equal((await call(app, other, { method: 'GET', url: `/api/v1/employers/${employerId}` })).statusCode, 404)
  t.equal((await call(app, other, { method: 'PATCH', url: `/api/v1/employers/${employerId}`, payload: { contactName: '冒名' } })).statusCode, 404)
  t.equal((await call(app, op, { method: 'GET', url: `/api/v1/employers/${cityPartner.id}` })).statusCode, 404)
  t.same((await call(app, op, { method: 'GET', url: '/api/v1/employers' })).body.map((e: any) => e.id), [employerId])
  t.equal((await call(app, op, { method: 'PATCH', url: `/api/v1/employers/${employerId}`, payload: { contactName: '张站长' } })).statusCode, 200)
  t.equal((await call(app, ADMIN, { method: 'GET', url: `/api/v1/employers/${employerId}` })).statusCode, 200, 'the city sees it')

  // Postings: for its employers, in its city; source station.
  const posting = { title: '北京朝阳育婴师 包吃住', occupation: '瓦工', regionCode: '110105', description: '朝阳区建筑工地招瓦工，包吃住。' }
  const posted = await call(app, op, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ ...posting, employerId }) })
  t.equal(posted.statusCode, 201, JSON.stringify(posted.body).slice(0, 200))
  t.match(posted.body, { source: 'station', stationId: beijing.id, employerId, partnerArea: 'jingjinji' })
  const jobId = posted.body.id
  t.equal((await call(app, op, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ ...posting, employerId: cityPartner.id }) })).statusCode, 404, 'not for the city’s employer')
  t.equal((await call(app, op, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ ...posting, employerId, regionCode: '320505' }) })).statusCode, 400, 'not outside its city')
  t.equal((await call(app, other, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ ...posting, employerId }) })).statusCode, 404, 'not for another station’s employer')
  t.equal((await call(app, other, { method: 'GET', url: `/api/v1/jobs/${jobId}` })).statusCode, 404)
  t.equal((await call(app, other, { method: 'PATCH', url: `/api/v1/jobs/${jobId}`, payload: { openings: 3 } })).statusCode, 404, 'another station cannot edit it')
  t.equal((await call(app, op, { method: 'PATCH', url: `/api/v1/jobs/${jobId}`, payload: { openings: 40 } })).statusCode, 200)
  const cityJob = await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ employerId: cityPartner.id, regionCode: '110105' }) })
  t.equal((await call(app, op, { method: 'GET', url: `/api/v1/jobs/${cityJob.body.id}` })).statusCode, 404)
  t.same((await call(app, op, { method: 'GET', url: '/api/v1/jobs' })).body.map((j: any) => j.id), [jobId])
  t.same((await call(app, ADMIN, { method: 'GET', url: '/api/v1/jobs?source=station' })).body.map((j: any) => j.id), [jobId])

  // At the kiosk: found by search and shown with the station as source.
  await app.jobSearch.engine.settle()
  const found = await call(app, null, { method: 'GET', url: '/api/v1/jobs/search?q=瓦工' })
  const hit = found.body.hits.find((h: any) => h.id === jobId)
  t.equal(hit?.recommendedBy, beijing.name)
  const plain = (await call(app, null, { method: 'GET', url: '/api/v1/jobs/search?q=普工' })).body.hits.find((h: any) => h.id === cityJob.body.id)
  t.equal(plain.recommendedBy, null, 'the city’s own postings have no station')
  t.equal((await call(app, null, { method: 'GET', url: `/api/v1/kiosk/jobs/${jobId}` })).body.recommendedBy, beijing.name)

  // Recommended to a laborer who wants Beijing, and taken into a fair.
  const village = villageIn(app, '140922')
  const mason = laborer(app, village)
  const recs = await call(app, tokenFor(app, 'village_agent', village), { method: 'GET', url: `/api/v1/laborers/${mason.id}/recommendations?limit=10` })
  t.ok(recs.body.items.some((i: any) => i.jobId === jobId), 'recommended like any posting')
  const fair = await call(app, tokenFor(app, 'fair_organizer'), {
    method: 'POST',
    url: '/api/v1/fairs',
    payload: { name: '五台县春风行动招聘会', venue: '五台县人力资源市场', date: '2030-02-10', regionCode: '140922', jobIds: [jobId] },
  })
  t.equal(fair.statusCode, 201)
})
