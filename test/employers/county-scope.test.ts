import t from 'tap'
import { makeCreditCode } from '../../src/employers/credit-code'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { employer, jobBody } from '../jobs/fixtures'

/**
 * A county officer changes the employers and postings of its own county and the partner
 * ones outside the city, never another county's local ones (docs/security.md, "Employers
 * and postings"). Before, a county officer could change any employer or posting city-wide.
 */
t.test('county officers manage their county’s employers and postings and the partners outside the city', async (t) => {
  const app = await testApp(t)
  const fanshi = tokenFor(app, 'county_officer', '140924')
  const wutai = tokenFor(app, 'county_officer', '140922')
  const partner = employer(app) // 苏州, outside the city
  const local = employer(app, '繁峙县绣娘帮扶车间', '140924')

  // Employers: a partner and one's own county's can be changed; another county's answers 404.
  t.equal((await call(app, wutai, { method: 'PATCH', url: `/api/v1/employers/${partner.id}`, payload: { contactName: '王经理' } })).statusCode, 200)
  t.equal((await call(app, fanshi, { method: 'PATCH', url: `/api/v1/employers/${local.id}`, payload: { contactName: '李主任' } })).statusCode, 200)
  const foreign = await call(app, wutai, { method: 'PATCH', url: `/api/v1/employers/${local.id}`, payload: { contactName: '冒名' } })
  t.equal(foreign.statusCode, 404, 'another county’s employer is as absent as a missing one')
  t.equal((await call(app, wutai, { method: 'GET', url: `/api/v1/employers/${local.id}` })).statusCode, 200, 'reading stays city-wide')
  t.equal((await call(app, ADMIN, { method: 'PATCH', url: `/api/v1/employers/${local.id}`, payload: { contactName: '市局' } })).statusCode, 200)
  const moved = await call(app, wutai, { method: 'PATCH', url: `/api/v1/employers/${partner.id}`, payload: { regionCode: '140924' } })
  t.equal(moved.statusCode, 400, 'nor may it move one into another county')

  const register = (token: string, regionCode: string, serial: number) =>
    call(app, token, {
      method: 'POST',
      url: '/api/v1/employers',
      payload: { name: `单位${serial}`, creditCode: makeCreditCode(regionCode, serial), sizeClass: 'small', regionCode },
    })
  t.equal((await register(fanshi, '140924', 901)).statusCode, 201)
  t.equal((await register(fanshi, '110105', 902)).statusCode, 201, 'a partner outside the city')
  t.equal((await register(wutai, '140924', 903)).statusCode, 400, 'not in another county')

  // Postings: the same rule for the posting's place and its employer.
  const post = (token: string, overrides: Record<string, unknown>) => call(app, token, { method: 'POST', url: '/api/v1/jobs', payload: jobBody(overrides) })
  const suzhou = await post(wutai, { employerId: partner.id })
  t.equal(suzhou.statusCode, 201, 'any county posts for a partner outside the city')
  const workshop = await post(fanshi, { employerId: local.id, regionCode: '140924', partnerArea: 'local' })
  t.equal(workshop.statusCode, 201, JSON.stringify(workshop.body).slice(0, 200))
  t.equal((await post(wutai, { employerId: local.id, regionCode: '140924', partnerArea: 'local' })).statusCode, 404, 'not for another county’s employer')
  t.equal((await post(wutai, { employerId: partner.id, regionCode: '140924', partnerArea: 'local' })).statusCode, 400, 'not at a place in another county')

  const patch = (token: string, id: number, payload: object) => call(app, token, { method: 'PATCH', url: `/api/v1/jobs/${id}`, payload })
  t.equal((await patch(fanshi, suzhou.body.id, { openings: 5 })).statusCode, 200)
  t.equal((await patch(fanshi, workshop.body.id, { openings: 5 })).statusCode, 200)
  t.equal((await patch(wutai, workshop.body.id, { openings: 1 })).statusCode, 404, 'another county’s posting is as absent as a missing one')
  t.equal((await patch(wutai, suzhou.body.id, { regionCode: '140924', partnerArea: 'local' })).statusCode, 400)
  t.equal((await call(app, wutai, { method: 'GET', url: `/api/v1/jobs/${workshop.body.id}` })).statusCode, 200, 'reading stays city-wide')

  // Partner feeds are the city's.
  const feed = await call(app, fanshi, { method: 'POST', url: '/api/v1/jobs/import', payload: { source: 'suzhou-hr', format: 'jsonl', data: '' } })
  t.equal(feed.statusCode, 403)
})
