import t from 'tap'
import { shanghaiToday } from '../../src/calendar'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { laborerBody, villagesOf } from '../laborers/fixtures'

t.test('local employment by carrier against the local target; the demo city has every part', async (t) => {
  const app = await testApp(t, { seedDemo: true, demoLaborers: 400, demoJobs: 60 })
  const v = villagesOf(app)
  const officer = tokenFor(app, 'county_officer', '140922')
  const before = await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/local-carriers' })
  t.equal(before.statusCode, 200)
  const county = (body: any) => body.rows.find((r: any) => r.regionCode === '140922')
  const carrier = (body: any, name: string) => county(body).carriers.find((c: any) => c.name === name)
  t.same(before.body.rows[0].carriers.map((c: any) => c.name), ['公益岗位', '帮扶车间', '零工', '自主创业', '本地企业'])
  t.ok(before.body.rows[0].carriers[0].all > 0, 'demo public-welfare holders are counted')
  t.equal(before.body.rows[0].target.all, 294_000, 'the plan’s local target')

  const laborer = (await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers', payload: laborerBody(v.a, { povertyStatus: 'poverty_alleviated', employmentStatus: 'unemployed' }) })).body.id
  const post = await call(app, officer, {
    method: 'POST',
    url: '/api/v1/welfare-posts',
    payload: { regionCode: v.a, category: 'public_service', title: '养老服务员', duties: '上门照料独居老人', monthlyAllowance: 900, termMonths: 12 },
  })
  t.equal((await call(app, officer, { method: 'POST', url: `/api/v1/welfare-posts/${post.body.id}/fill`, payload: { laborerId: laborer } })).statusCode, 201)
  const after = await call(app, officer, { method: 'GET', url: '/api/v1/reports/local-carriers?period=month' })
  t.equal(after.body.rows.length, 1, 'a county officer sees its county')
  t.equal(carrier(after.body, '公益岗位').all, carrier(before.body, '公益岗位').all + 1)
  t.equal(carrier(after.body, '公益岗位').poverty, carrier(before.body, '公益岗位').poverty + 1)
  t.equal(county(after.body).total.all, county(after.body).carriers.reduce((a: number, c: any) => a + c.all, 0))
  t.equal((await call(app, officer, { method: 'GET', url: '/api/v1/reports/local-carriers?county=140931' })).statusCode, 404)

  const point = await call(app, ADMIN, { method: 'POST', url: '/api/v1/service-points', payload: { level: 'county', regionCode: '140922', name: '五台县就业服务中心' } })
  const board = await call(app, null, { method: 'GET', url: `/api/v1/kiosk/gigs?point=${point.body.id}` })
  t.ok(board.body.gigs.length > 0, 'demo gigs on the board')
  t.ok(board.body.gigs.every((g: any) => /^(今天|明天|进行中)/.test(g.when) && g.lastDate >= shanghaiToday()), 'today and tomorrow only')
  t.ok((await call(app, ADMIN, { method: 'GET', url: '/api/v1/workshops' })).body.length > 0, 'demo workshops')
  t.ok((await call(app, ADMIN, { method: 'GET', url: '/api/v1/welfare-posts/summary' })).body.length > 0, 'demo posts')
})
