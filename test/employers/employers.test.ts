import t from 'tap'
import { creditCodeCheckChar, isValidCreditCode, makeCreditCode } from '../../src/employers/credit-code'
import { ADMIN, call, tokenFor, testApp } from '../helpers'

const body = (overrides: Record<string, unknown> = {}) => ({
  name: '天津建工集团第三建筑有限公司',
  creditCode: makeCreditCode('120104', 42),
  sizeClass: 'large',
  regionCode: '120104',
  contactName: '刘经理',
  contactPhone: '022-23456789',
  ...overrides,
})

t.test('credit code check character (GB 32100)', async (t) => {
  // Published codes of real companies.
  t.ok(isValidCreditCode('91350100M000100Y43'))
  t.ok(isValidCreditCode('911100001000120003'.slice(0, 17) + creditCodeCheckChar('91110000100012000')))
  t.notOk(isValidCreditCode('91350100M000100Y44'), 'one wrong check character')
  t.notOk(isValidCreditCode('91350100M000100Y4'), 'too short')
  t.notOk(isValidCreditCode('91350100I000100Y43'), 'I is not in the alphabet')
  for (let serial = 0; serial < 200; serial++) t.ok(isValidCreditCode(makeCreditCode('140924', serial)))
})

t.test('officials register employers; bad input is a 400', async (t) => {
  const app = await testApp(t)
  const county = tokenFor(app, 'county_officer', '140924')
  const created = await call(app, county, { method: 'POST', url: '/api/v1/employers', payload: body() })
  t.equal(created.statusCode, 201)
  t.match(created.body, { name: '天津建工集团第三建筑有限公司', sizeClass: 'large', regionName: /天津市.*南开区/ })

  const again = await call(app, ADMIN, { method: 'POST', url: '/api/v1/employers', payload: body() })
  t.equal(again.statusCode, 409, 'a credit code is registered once')

  const bad = [
    body({ creditCode: makeCreditCode('120104', 43).slice(0, 17) + '0' }),
    body({ creditCode: 'ABC' }),
    body({ regionCode: '999999' }),
    body({ regionCode: '140924001' }),
    body({ sizeClass: 'huge' }),
    body({ name: '' }),
    { ...body(), id: 5 },
  ]
  for (const payload of bad) {
    const res = await call(app, ADMIN, { method: 'POST', url: '/api/v1/employers', payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.match(res.body, { statusCode: 400, error: 'Bad Request', code: 'LL_VALIDATION', message: /body/ })
  }
  const agent = tokenFor(app, 'village_agent', '140902001001')
  t.equal((await call(app, agent, { method: 'POST', url: '/api/v1/employers', payload: body() })).statusCode, 403)
})

t.test('an employer token sees and changes only its own employer', async (t) => {
  const app = await testApp(t)
  const a = (await call(app, ADMIN, { method: 'POST', url: '/api/v1/employers', payload: body() })).body
  const b = (
    await call(app, ADMIN, {
      method: 'POST',
      url: '/api/v1/employers',
      payload: body({ name: '苏州精工电子科技有限公司', creditCode: makeCreditCode('320505', 7), regionCode: '320505' }),
    })
  ).body
  const issued = await call(app, ADMIN, { method: 'POST', url: '/api/v1/tokens', payload: { role: 'employer', scope: String(a.id), label: 'hr' } })
  t.equal(issued.statusCode, 201, 'employer scope is checked against the employers table')
  const token = issued.body.token

  const list = await call(app, token, { method: 'GET', url: '/api/v1/employers' })
  t.same(list.body.map((e: { id: number }) => e.id), [a.id])
  t.equal((await call(app, token, { method: 'GET', url: `/api/v1/employers/${a.id}` })).statusCode, 200)
  t.equal((await call(app, token, { method: 'GET', url: `/api/v1/employers/${b.id}` })).statusCode, 404)
  t.equal(
    (await call(app, token, { method: 'PATCH', url: `/api/v1/employers/${b.id}`, payload: { contactName: 'x' } })).statusCode,
    404,
    'another employer is not found, not forbidden',
  )
  const renamed = await call(app, token, { method: 'PATCH', url: `/api/v1/employers/${a.id}`, payload: { contactName: '赵主任' } })
  t.equal(renamed.statusCode, 200)
  t.equal(renamed.body.contactName, '赵主任')
  const stolen = await call(app, token, { method: 'PATCH', url: `/api/v1/employers/${a.id}`, payload: { creditCode: b.creditCode } })
  t.equal(stolen.statusCode, 409)
  t.equal((await call(app, token, { method: 'POST', url: '/api/v1/employers', payload: body() })).statusCode, 403)

  const all = await call(app, ADMIN, { method: 'GET', url: '/api/v1/employers?limit=1' })
  t.equal(all.body.length, 1)
  const next = await call(app, ADMIN, { method: 'GET', url: `/api/v1/employers?afterId=${all.body[0].id}` })
  t.same(next.body.map((e: { id: number }) => e.id), [b.id])
})
