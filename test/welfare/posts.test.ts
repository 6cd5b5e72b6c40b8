import t from 'tap'
import { addDays, addMonths, shanghaiToday } from '../../src/calendar'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { laborerBody, villagesOf } from '../laborers/fixtures'

t.test('public-welfare posts: create, rank, fill, renew, end, lapse, count, kiosk', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const officer = tokenFor(app, 'county_officer', '140922')
  const otherOfficer = tokenFor(app, 'county_officer', '140931')
  const agent = tokenFor(app, 'village_agent', v.a)
  const register = async (village: string, extra: Record<string, unknown>) => {
    const res = await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers', payload: laborerBody(village, extra) })
    t.equal(res.statusCode, 201, res.body.message)
    return res.body.id as number
  }
  const ordinary = await register(v.a, { povertyStatus: 'ordinary', skills: [{ occupation: '保洁', tags: [], years: 3 }] })
  const poor = await register(v.sameTownship, { povertyStatus: 'poverty_alleviated', skills: [] })
  const monitored = await register(v.a, { povertyStatus: 'monitored', skills: [] })
  const elsewhere = await register(v.sameCounty, { povertyStatus: 'poverty_alleviated' })

  const create = (token: string, body: Record<string, unknown> = {}) =>
    call(app, token, {
      method: 'POST',
      url: '/api/v1/welfare-posts',
      payload: { regionCode: v.a, category: 'facility_maintenance', title: '村级保洁员', duties: '村内道路清扫保洁', monthlyAllowance: 800, termMonths: 12, ...body },
    })
  const post = await create(officer)
  t.equal(post.statusCode, 201)
  t.equal(post.body.categoryName, '设施维护类')
  t.equal(post.body.holder, null)
  t.equal((await create(otherOfficer)).body.code, 'LL_OUT_OF_SCOPE', 'another county cannot create posts here')
  t.equal((await create(officer, { regionCode: '140922' })).statusCode, 400, 'a post serves a township or village')
  t.equal((await call(app, otherOfficer, { method: 'GET', url: `/api/v1/welfare-posts/${post.body.id}` })).body.code, 'LL_WELFARE_POST_NOT_FOUND', 'out of scope is not found')
  t.equal((await call(app, agent, { method: 'POST', url: `/api/v1/welfare-posts/${post.body.id}/fill`, payload: { laborerId: ordinary } })).statusCode, 403)

  await t.test('candidates: poverty and monitored first, reasons shown, the township only', async (t) => {
    const res = await call(app, officer, { method: 'GET', url: `/api/v1/welfare-posts/${post.body.id}/candidates` })
    t.equal(res.statusCode, 200)
    const ids = res.body.map((c: any) => c.laborerId)
    t.same(ids.slice(0, 2).sort(), [poor, monitored].sort(), 'priority groups rank first')
    t.equal(ids[2], ordinary)
    t.notOk(ids.includes(elsewhere), 'another township is not a candidate')
    const m = res.body.find((c: any) => c.laborerId === monitored)
    t.ok(m.reasons.includes('防返贫监测对象，优先安置'))
    t.ok(m.reasons.includes('本村人员，就近上岗'))
    t.ok(res.body.find((c: any) => c.laborerId === ordinary).reasons.includes('有相关技能：保洁'))
  })

  await t.test('fill: employment follows; one holder per post, one post per person', async (t) => {
    const fill = (postId: number, laborerId: number) => call(app, officer, { method: 'POST', url: `/api/v1/welfare-posts/${postId}/fill`, payload: { laborerId } })
    t.equal((await fill(post.body.id, elsewhere)).statusCode, 400, 'not of this township')
    const res = await fill(post.body.id, monitored)
    t.equal(res.statusCode, 201)
    t.equal(res.body.holder.laborerId, monitored)
    t.equal(res.body.holder.poverty, '防返贫监测对象')
    t.equal(res.body.holder.endDate, addDays(addMonths(shanghaiToday(), 12), -1), 'one term of 12 months')
    const laborer = await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${monitored}` })
    t.equal(laborer.body.employmentStatus, 'public_welfare_post')
    const records = await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${monitored}/employments` })
    t.equal(records.statusCode, 200)
    t.match(JSON.stringify(records.body), /"form":"public_welfare_post"/, 'the holder’s employment record follows')
    t.match(JSON.stringify(records.body), /"source":"welfare_post"/)
    t.equal((await fill(post.body.id, poor)).body.code, 'LL_POST_HELD')
    const second = await create(officer, { title: '生态护林员', regionCode: v.a.slice(0, 9) })
    t.equal((await fill(second.body.id, monitored)).body.code, 'LL_HOLDS_POST')
    t.equal((await fill(second.body.id, poor)).statusCode, 201)
    const candidates = await call(app, officer, { method: 'GET', url: `/api/v1/welfare-posts/${post.body.id}/candidates` })
    t.same(candidates.body.map((c: any) => c.laborerId), [ordinary], 'holders are not candidates')
  })

  await t.test('renew and end', async (t) => {
    const renewed = await call(app, officer, { method: 'POST', url: `/api/v1/welfare-posts/${post.body.id}/renew`, payload: { months: 6 } })
    t.equal(renewed.statusCode, 200)
    t.equal(renewed.body.terms.length, 2)
    t.equal(renewed.body.terms[1].endReason, '续聘')
    t.equal(renewed.body.holder.laborerId, monitored)
    const ended = await call(app, officer, { method: 'POST', url: `/api/v1/welfare-posts/${post.body.id}/end`, payload: { reason: 'resigned' } })
    t.equal(ended.statusCode, 400, 'the renewed term has not begun: it cannot end before its first day')
    t.equal(ended.body.code, 'LL_VALIDATION')
  })

  await t.test('a term past its last day ends by itself; the holder is unemployed again', async (t) => {
    const short = await create(officer, { title: '道路养护员', termMonths: 1 })
    const res = await call(app, officer, { method: 'POST', url: `/api/v1/welfare-posts/${short.body.id}/fill`, payload: { laborerId: ordinary, startDate: addMonths(shanghaiToday(), -3) } })
    t.equal(res.statusCode, 201)
    const after = await call(app, officer, { method: 'GET', url: `/api/v1/welfare-posts/${short.body.id}` })
    t.equal(after.body.holder, null)
    t.equal(after.body.terms[0].endReason, '聘期届满')
    t.equal((await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${ordinary}` })).body.employmentStatus, 'unemployed')
    const ended = await call(app, officer, { method: 'POST', url: `/api/v1/welfare-posts/${short.body.id}/end`, payload: { reason: 'resigned' } })
    t.equal(ended.body.code, 'LL_POST_VACANT')
  })

  await t.test('counts per county, lists and the kiosk', async (t) => {
    const summary = await call(app, officer, { method: 'GET', url: '/api/v1/welfare-posts/summary' })
    t.same(summary.body, [{ countyCode: '140922', countyName: app.regions.get('140922')!.name, posts: 3, filled: 2, vacant: 1, heldByPoverty: 2, monthlyAllowance: 1600 }])
    t.same((await call(app, otherOfficer, { method: 'GET', url: '/api/v1/welfare-posts/summary' })).body, [])
    const vacant = await call(app, officer, { method: 'GET', url: '/api/v1/welfare-posts?vacant=true' })
    t.same(vacant.body.map((p: any) => p.title), ['道路养护员'])
    const agentList = await call(app, agent, { method: 'GET', url: '/api/v1/welfare-posts' })
    t.equal(agentList.body.length, 3, 'a village agent sees its village’s and its township’s posts')
    const point = await call(app, ADMIN, { method: 'POST', url: '/api/v1/service-points', payload: { level: 'township', regionCode: v.a.slice(0, 9), name: '测试镇就业服务站' } })
    const kiosk = await call(app, null, { method: 'GET', url: `/api/v1/kiosk/welfare-posts?point=${point.body.id}` })
    t.equal(kiosk.statusCode, 200)
    t.same(kiosk.body.map((p: any) => p.title), ['道路养护员'])
    t.notOk(JSON.stringify(kiosk.body).includes('holder'), 'no personal data at the kiosk')
    const closed = await call(app, officer, { method: 'POST', url: `/api/v1/welfare-posts/${post.body.id}/close` })
    t.equal(closed.body.status, '已撤销')
    t.equal(closed.body.holder, null)
    t.equal((await call(app, officer, { method: 'POST', url: `/api/v1/welfare-posts/${post.body.id}/fill`, payload: { laborerId: ordinary } })).body.code, 'LL_POST_CLOSED')
  })
})
