import t from 'tap'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { laborer } from '../matching/fixtures'
import { addDays, shanghaiToday } from '../../src/calendar'

const today = shanghaiToday()
const month = today.slice(0, 7)

t.test('employment records of every source count by form and by the day they took effect, with township and village breakdowns', async (t) => {
  const app = await testApp(t)
  const townships = app.regions.children('140922').slice(0, 2)
  const [villageA, villageB] = app.regions.children(townships[0].code).slice(0, 2).map((v) => v.code)
  const villageC = app.regions.children(townships[1].code)[0].code
  const agentA = tokenFor(app, 'village_agent', villageA)
  const agentB = tokenFor(app, 'village_agent', villageB)
  const agentC = tokenFor(app, 'village_agent', villageC)
  const record = async (token: string, village: string, body: Record<string, unknown>) => {
    const who = laborer(app, village, { povertyStatus: 'ordinary' })
    const answer = await call(app, token, { method: 'POST', url: `/api/v1/laborers/${who.id}/employments`, payload: { source: 'self_reported', ...body } })
    t.equal(answer.statusCode, 201, JSON.stringify(answer.body))
    return answer.body as { id: number }
  }
  // Took effect today: 省外务工 in A, 灵活就业 in B, 帮扶车间 in C; 县内务工 last year in A, still held.
  await record(agentA, villageA, { form: 'cross_province', placeCode: '110105', startDate: today })
  await record(agentB, villageB, { form: 'flexible', placeCode: '140922', startDate: today })
  await record(agentC, villageC, { form: 'workshop', placeCode: '140922', startDate: today, source: 'agent_reported' })
  await record(agentA, villageA, { form: 'local', placeCode: '140922', startDate: addDays(today, -400) })
  // Started and ended before today in A: took effect this month only when this month had a day before today.
  const ended = await record(agentA, villageA, { form: 'in_province', placeCode: '140105', startDate: addDays(today, -400) })
  t.equal((await call(app, agentA, { method: 'POST', url: `/api/v1/employments/${ended.id}/end`, payload: { endDate: addDays(today, -300), reason: 'quit' } })).statusCode, 200)

  const county = tokenFor(app, 'county_officer', '140922')
  const byCounty = await call(app, county, { method: 'GET', url: '/api/v1/reports/forms?period=month' })
  t.equal(byCounty.statusCode, 200)
  const body = byCounty.body
  t.equal(body.area.code, '140922')
  t.equal(body.area.level, 'county')
  t.equal(body.forms.length, 7, 'the seven forms')
  t.same(body.forms.map((f: { label: string }) => f.label), ['省外务工', '省内县外务工', '县内务工', '公益性岗位', '自主创业', '灵活就业', '帮扶车间'])
  t.equal(body.total.startedTotal, 3, 'three took effect this month')
  t.equal(body.total.started.cross_province, 1)
  t.equal(body.total.started.flexible, 1)
  t.equal(body.total.started.workshop, 1)
  t.equal(body.total.open.local, 1, 'last year’s job still held')
  t.equal(body.total.open.in_province, 0, 'an ended job is not held')
  t.equal(body.total.openTotal, 4)
  t.equal(body.rows.length, app.regions.children('140922').length, 'every township, zeros included')
  const rowA = body.rows.find((r: { code: string }) => r.code === townships[0].code)
  const rowC = body.rows.find((r: { code: string }) => r.code === townships[1].code)
  t.equal(rowA.startedTotal, 2)
  t.equal(rowA.openTotal, 3)
  t.equal(rowC.started.workshop, 1)
  t.same(body.byDay, [{ date: today, started: { ...body.byDay[0].started }, total: 3 }], 'by the day they took effect')

  const staff = tokenFor(app, 'township_staff', townships[0].code)
  const byVillage = (await call(app, staff, { method: 'GET', url: '/api/v1/reports/forms' })).body
  t.equal(byVillage.area.level, 'township')
  t.equal(byVillage.total.startedTotal, 2, 'the township sees only its own')
  t.equal(byVillage.rows.find((r: { code: string }) => r.code === villageA).started.cross_province, 1)
  t.equal(byVillage.rows.find((r: { code: string }) => r.code === villageB).started.flexible, 1)

  t.equal((await call(app, staff, { method: 'GET', url: `/api/v1/reports/forms?area=${townships[1].code}` })).body.code, 'LL_REGION_NOT_FOUND', 'another township is not found')
  t.equal((await call(app, county, { method: 'GET', url: '/api/v1/reports/forms?area=140902' })).statusCode, 404)
  t.equal((await call(app, agentA, { method: 'GET', url: '/api/v1/reports/forms' })).statusCode, 403, 'village agents read no reports')

  const city = (await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/forms' })).body
  t.equal(city.area.level, 'city')
  t.equal(city.rows.find((r: { code: string }) => r.code === '140922').startedTotal, 3)

  const csv = await call(app, county, { method: 'GET', url: '/api/v1/reports/forms?format=csv' })
  t.match(csv.headers['content-type'], 'text/csv')
  t.match(csv.body, '乡镇（街道）,省外务工（本期新增）')
  t.match(csv.body, townships[0].name)
  t.match(csv.body, /合计,1,0,0,0,0,1,1,3,/)

  // The ranking counts records of every source: the month's records by form per county, and the status they make.
  const ranking = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/reports/ranking?month=${month}&group=all` })).body
  const row = ranking.rows.find((r: { countyCode: string }) => r.countyCode === '140922')
  t.equal(row.started.workshop, 1)
  t.equal(row.started.flexible, 1)
  t.equal(row.count, 4, 'four laborers employed at the month’s end (every source)')
})
