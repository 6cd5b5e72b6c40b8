import t from 'tap'
import { ADMIN, call, testApp, tokenFor } from '../helpers'

t.test('issuing, using and revoking tokens', async (t) => {
  const app = await testApp(t)
  const issued = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/tokens',
    payload: { role: 'county_officer', scope: '140924', label: '繁峙县就业中心 李娜' },
  })
  t.equal(issued.statusCode, 201)
  t.match(issued.body, { role: 'county_officer', scope: '140924', token: /^ll_/ })

  const me = await call(app, issued.body.token, { method: 'GET', url: '/api/v1/me' })
  t.same(me.body, { tokenId: issued.body.id, role: 'county_officer', scope: '140924', label: '繁峙县就业中心 李娜', cityCode: '1409' })

  const list = await call(app, ADMIN, { method: 'GET', url: '/api/v1/tokens' })
  t.notOk(JSON.stringify(list.body).includes(issued.body.token), 'secrets are never listed')
  const stored = app.sqlite.prepare('SELECT hash FROM tokens WHERE id = ?').get(issued.body.id) as { hash: string }
  t.not(stored.hash, issued.body.token, 'only a hash is stored')

  t.equal((await call(app, ADMIN, { method: 'DELETE', url: `/api/v1/tokens/${issued.body.id}` })).statusCode, 204)
  const after = await call(app, issued.body.token, { method: 'GET', url: '/api/v1/me' })
  t.equal(after.statusCode, 401)
  t.match(after.body, { statusCode: 401, error: 'Unauthorized', message: /revoked/ })
  t.equal((await call(app, ADMIN, { method: 'DELETE', url: `/api/v1/tokens/${issued.body.id}` })).statusCode, 404)
})

t.test('scopes must exist and fit the role', async (t) => {
  const app = await testApp(t)
  const bad = [
    { role: 'county_officer', scope: '140924001', label: 'x' },
    { role: 'county_officer', scope: '110101', label: 'outside the city' },
    { role: 'village_agent', label: 'missing scope' },
    { role: 'city_admin', scope: '1409', label: 'city admin has no scope' },
    { role: 'station_operator', scope: '999', label: 'no such station' },
    { role: 'employer', scope: '999', label: 'no such employer' },
    { role: 'superuser', label: 'no such role' },
  ]
  for (const payload of bad) {
    const res = await call(app, ADMIN, { method: 'POST', url: '/api/v1/tokens', payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.match(res.body, { statusCode: 400, error: 'Bad Request', message: /scope|role/ })
  }
  const extra = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/tokens',
    payload: { role: 'fair_organizer', label: 'x', tokenId: 1 },
  })
  t.equal(extra.statusCode, 400, 'unknown fields are refused')
})

t.test('who may call: 401 without a token, 403 for the wrong role', async (t) => {
  const app = await testApp(t)
  t.equal((await call(app, null, { method: 'GET', url: '/api/v1/tokens' })).statusCode, 401)
  t.equal((await call(app, 'll_not-a-real-token', { method: 'GET', url: '/api/v1/tokens' })).statusCode, 401)
  const agent = tokenFor(app, 'village_agent', '140902001001')
  const res = await call(app, agent, { method: 'GET', url: '/api/v1/tokens' })
  t.equal(res.statusCode, 403)
  t.match(res.body.message, /village_agent/)
})

t.test('first start without ADMIN_TOKEN generates one admin token, once', async (t) => {
  const { buildApp } = await import('../../src/app')
  const { testConfig } = await import('../helpers')
  const config = { ...testConfig(t), adminToken: undefined }
  const first = await buildApp(config)
  const secret = first.bootstrapToken
  t.match(secret, /^ll_/)
  t.equal((await call(first, secret!, { method: 'GET', url: '/api/v1/me' })).body.role, 'city_admin')
  await first.close()
  const second = await buildApp(config)
  t.equal(second.bootstrapToken, undefined, 'not printed again')
  await second.close()
})

t.test('repeated failed authentications from one client are slowed down', async (t) => {
  const app = await testApp(t, { authFailureLimit: 3 })
  for (let i = 0; i < 3; i++) {
    t.equal((await call(app, `ll_guess-${i}`, { method: 'GET', url: '/api/v1/me' })).statusCode, 401)
  }
  const blocked = await call(app, ADMIN, { method: 'GET', url: '/api/v1/me' })
  t.equal(blocked.statusCode, 429, 'even a good token waits out the window')
  t.match(blocked.body, { statusCode: 429, error: 'Too Many Requests' })
  t.ok(Number(blocked.headers['retry-after']) > 0)
  t.equal((await call(app, null, { method: 'GET', url: '/api/v1/regions/1409' })).statusCode, 200, 'public routes unaffected')
})
