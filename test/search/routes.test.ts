import t from 'tap'
import { ADMIN, call, testApp } from '../helpers'
import { employer, jobBody } from '../jobs/fixtures'

t.test('GET /jobs/search: public, facets, snippets; bad input is a 400', async (t) => {
  const app = await testApp(t)
  const e = employer(app)
  for (const overrides of [{}, { title: '东莞电子厂普工', regionCode: '4419', laborBrand: null, wageMax: 9000 }]) {
    await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ employerId: e.id, ...overrides }) })
  }
  const url = `/api/v1/jobs/search?q=${encodeURIComponent('电子厂 普工')}&partnerArea=greater_bay&partnerArea=yangtze_delta&benefits=${encodeURIComponent('包吃')}&minWage=5000&sort=wage`
  const res = await call(app, null, { method: 'GET', url })
  t.equal(res.statusCode, 200)
  t.equal(res.body.total, 2)
  t.same(res.body.hits.map((h: { title: string }) => h.title), ['东莞电子厂普工', '苏州电子厂普工 包吃包住'])
  t.same(res.body.facets.partnerArea, { greater_bay: 1, yangtze_delta: 1 })
  t.match(res.body.hits[0].highlight, { title: '东莞<mark>电子厂</mark><mark>普工</mark>' })
  t.match(res.body.hits[0], { cityCode: '4419', countyCode: null, laborBrand: null }, 'nulls survive serialization')
  t.type(res.body.tookMs, 'number')
  t.match(res.headers['content-type'], /^application\/json/)
  const again = await call(app, null, { method: 'GET', url })
  const { tookMs: _first, ...answer } = res.body
  const { tookMs: _second, ...repeated } = again.body
  t.same(repeated, answer, 'a cached answer (sent from its kept JSON) is the same answer')
  await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ employerId: e.id, title: '惠州电子厂普工', regionCode: '4413' }) })
  const changed = await call(app, null, { method: 'GET', url })
  t.equal(changed.body.total, 3, 'a new posting is not hidden behind the kept JSON')
  const topOnly = await call(app, null, { method: 'GET', url: url.replace('minWage=5000', 'minWage=6000') })
  t.equal(topOnly.body.total, 0, 'minWage compares with the bottom of the range (5,000), what a posting guarantees, not the top')
  const escaped = await call(app, null, { method: 'GET', url: `/api/v1/jobs/search?q=${encodeURIComponent('<script>')}` })
  t.equal(escaped.statusCode, 200, 'markup in a query is just words')

  const bad = [
    `q=${'瓦'.repeat(65)}`,
    'partnerArea=mars',
    'type=slavery',
    'brand=acme',
    'minWage=-1',
    'minWage=abc',
    'limit=0',
    'limit=51',
    'offset=5000',
    'startsBefore=2026-13-45',
    'province=1',
    'city=14091',
    'sort=random',
    'color=red',
    `q=${encodeURIComponent('瓦工\u0000')}`,
  ]
  for (const query of bad) {
    const r = await call(app, null, { method: 'GET', url: `/api/v1/jobs/search?${query}` })
    t.equal(r.statusCode, 400, query)
    // Said in Chinese, naming the parameter (contract-nowords.test.ts checks the allowed values).
    const field = query.split('=')[0]
    t.match(r.body, { statusCode: 400, error: 'Bad Request', code: 'LL_VALIDATION', message: new RegExp(`${field}（|（${field}）`) }, `${query} → ${r.body.message}`)
  }
  const quotes = await call(app, null, { method: 'GET', url: `/api/v1/jobs/search?q=${encodeURIComponent('"瓦工" OR NEAR( * -')}` })
  t.equal(quotes.statusCode, 200, 'FTS5 syntax in a query is not syntax')
})

t.test('rate limit per client applies to search only', async (t) => {
  const app = await testApp(t, { searchRateLimit: 3 })
  const from = (ip: string) => call(app, null, { method: 'GET', url: '/api/v1/jobs/search?q=abc', remoteAddress: ip } as never)
  for (let i = 0; i < 3; i++) t.equal((await from('10.0.0.1')).statusCode, 200)
  const limited = await from('10.0.0.1')
  t.match(limited, { statusCode: 429, body: { code: 'LL_RATE_LIMITED' } })
  t.ok(limited.headers['retry-after'])
  t.equal((await from('10.0.0.2')).statusCode, 200, 'another kiosk has its own budget')
  for (let i = 0; i < 5; i++) t.equal((await call(app, ADMIN, { method: 'GET', url: '/api/v1/jobs' })).statusCode, 200, 'other routes are not limited')
})
