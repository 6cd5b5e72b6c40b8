import t from 'tap'
import { issueToken, revokeToken } from '../../src/auth/tokens'
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
  t.match(me.body, { tokenId: issued.body.id, role: 'county_officer', scope: '140924', label: '繁峙县就业中心 李娜', cityCode: '1409' })

  const list = await call(app, ADMIN, { method: 'GET', url: '/api/v1/tokens' })
  t.notOk(JSON.stringify(list.body).includes(issued.body.token), 'secrets are never listed')
  const stored = app.sqlite.prepare('SELECT hash FROM tokens WHERE id = ?').get(issued.body.id) as { hash: string }
  t.not(stored.hash, issued.body.token, 'only a hash is stored')

  t.equal((await call(app, ADMIN, { method: 'DELETE', url: `/api/v1/tokens/${issued.body.id}` })).statusCode, 204)
  const after = await call(app, issued.body.token, { method: 'GET', url: '/api/v1/me' })
  t.equal(after.statusCode, 401)
  t.match(after.body, { statusCode: 401, error: 'Unauthorized', code: 'LL_UNAUTHORIZED' })
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
    t.match(res.body, { statusCode: 400, error: 'Bad Request', code: 'LL_VALIDATION', message: /body\.(scope|role)/ })
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
  t.equal(res.body.code, 'LL_FORBIDDEN')
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

t.test('repeated failed authentications from one client are slowed down, a valid token still gets in', async (t) => {
  const app = await testApp(t, { authFailureLimit: 3 })
  for (let i = 0; i < 3; i++) {
    t.equal((await call(app, `ll_guess-${i}`, { method: 'GET', url: '/api/v1/me' })).statusCode, 401)
  }
  const blocked = await call(app, 'll_guess-3', { method: 'GET', url: '/api/v1/me' })
  t.equal(blocked.statusCode, 429, 'the guessing client waits out the window')
  t.match(blocked.body, { statusCode: 429, error: 'Too Many Requests', code: 'LL_AUTH_THROTTLED' })
  t.ok(Number(blocked.headers['retry-after']) > 0)
  t.equal((await call(app, null, { method: 'GET', url: '/api/v1/me' })).statusCode, 429, 'so does the same client without a token')
  const admin = await call(app, ADMIN, { method: 'GET', url: '/api/v1/me' })
  t.equal(admin.statusCode, 200, 'the real admin behind the same address is not locked out')
  t.equal(admin.body.role, 'city_admin')
  t.equal((await call(app, null, { method: 'GET', url: '/api/v1/regions/1409' })).statusCode, 200, 'public routes unaffected')
})

t.test('one presented credential that keeps failing is limited from every address', async (t) => {
  const app = await testApp(t, { authFailureLimit: 3 })
  const issued = issueToken(app.db, { role: 'county_officer', scope: '140924', label: 'to be revoked' })
  const revoked = issued.token
  const me = (token: string, remoteAddress: string) => call(app, token, { method: 'GET', url: '/api/v1/me', remoteAddress })
  t.equal((await me(revoked, '10.0.0.1')).statusCode, 200)
  revokeToken(app.db, issued.id)
  for (let i = 0; i < 3; i++) t.equal((await me(revoked, `10.0.1.${i}`)).statusCode, 401, `address ${i}: 401`)
  t.equal((await me(revoked, '10.0.2.1')).statusCode, 429, 'the revoked token from a fresh address: 429')
  t.equal((await me('ll_other-wrong-token', '10.0.2.1')).statusCode, 401, 'that address is not blocked for other credentials')
  t.equal((await me(ADMIN, '10.0.1.0')).statusCode, 200)
})

t.test('X-Forwarded-For is believed only from a configured proxy', async (t) => {
  const guess = (app: Awaited<ReturnType<typeof testApp>>, token: string, forwardedFor: string) =>
    call(app, token, { method: 'GET', url: '/api/v1/me', remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': forwardedFor } })

  const direct = await testApp(t, { authFailureLimit: 2 })
  t.equal((await guess(direct, 'll_guess-a', '1.1.1.1')).statusCode, 401)
  t.equal((await guess(direct, 'll_guess-b', '2.2.2.2')).statusCode, 401)
  t.equal((await guess(direct, 'll_guess-c', '3.3.3.3')).statusCode, 429, 'a forged header does not make a new client')

  const proxied = await testApp(t, { authFailureLimit: 2, trustProxy: ['10.9.9.0/24'] })
  t.equal((await guess(proxied, 'll_guess-a', '1.1.1.1')).statusCode, 401)
  t.equal((await guess(proxied, 'll_guess-b', '1.1.1.1')).statusCode, 401)
  t.equal((await guess(proxied, 'll_guess-c', '1.1.1.1')).statusCode, 429, 'the forwarded client is limited')
  t.equal((await guess(proxied, 'll_guess-d', '2.2.2.2')).statusCode, 401, 'another client behind the proxy is not')
})
