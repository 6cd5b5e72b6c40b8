import t from 'tap'
import { loadConfig } from '../../src/config'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { addStation } from '../transport/fixtures'

const DAY = 86_400_000

t.test('tokens expire after their role’s lifetime; an expired token answers 401 LL_TOKEN_EXPIRED', async (t) => {
  const app = await testApp(t)
  const before = Date.now()
  const issued = await call(app, ADMIN, { method: 'POST', url: '/api/v1/tokens', payload: { role: 'fair_organizer', label: '招聘会 王伟' } })
  t.equal(issued.statusCode, 201)
  const expires = Date.parse(issued.body.expiresAt)
  t.ok(expires >= before + 30 * DAY && expires <= Date.now() + 30 * DAY, 'fair_organizer: 30 days by default')
  t.equal(issued.body.lastUsedAt, null)

  const custom = await call(app, ADMIN, { method: 'POST', url: '/api/v1/tokens', payload: { role: 'county_officer', scope: '140924', label: 'x', expiresInDays: 7 } })
  t.ok(Math.abs(Date.parse(custom.body.expiresAt) - (Date.now() + 7 * DAY)) < 60_000, 'expiresInDays overrides the default')
  const forever = await call(app, ADMIN, { method: 'POST', url: '/api/v1/tokens', payload: { role: 'county_officer', scope: '140924', label: 'y', expiresInDays: 0 } })
  t.equal(forever.body.expiresAt, null, '0: never expires')

  const me = await call(app, issued.body.token, { method: 'GET', url: '/api/v1/me' })
  t.equal(me.statusCode, 200)
  t.equal(me.body.expiresAt, issued.body.expiresAt)
  t.ok(me.body.lastUsedAt, '/me shows the last use')
  const listed = (await call(app, ADMIN, { method: 'GET', url: '/api/v1/tokens' })).body.find((x: { id: number }) => x.id === issued.body.id)
  t.match(listed, { expiresAt: issued.body.expiresAt, lastUsedAt: /^20/ }, 'GET /tokens shows expiresAt and lastUsedAt')

  app.sqlite.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').run(Date.now() - 1, issued.body.id)
  const expired = await call(app, issued.body.token, { method: 'GET', url: '/api/v1/me' })
  t.equal(expired.statusCode, 401)
  t.equal(expired.body.code, 'LL_TOKEN_EXPIRED')
  const unknown = await call(app, 'll_no-such-token-at-all-000000000', { method: 'GET', url: '/api/v1/me' })
  t.equal(unknown.statusCode, 401)
  t.equal(unknown.body.code, 'LL_UNAUTHORIZED', 'an unknown token has another code')
})

t.test('lastUsedAt is written at most once a minute per token', async (t) => {
  const app = await testApp(t)
  const token = tokenFor(app, 'county_officer', '140924')
  const id = (app.sqlite.prepare('SELECT max(id) AS id FROM tokens').get() as { id: number }).id
  const lastUsed = () => (app.sqlite.prepare('SELECT last_used_at AS v FROM tokens WHERE id = ?').get(id) as { v: number | null }).v
  t.equal(lastUsed(), null)
  await call(app, token, { method: 'GET', url: '/api/v1/me' })
  const first = lastUsed()
  t.ok(first)
  const thirtySecondsAgo = Date.now() - 30_000
  app.sqlite.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(thirtySecondsAgo, id)
  await call(app, token, { method: 'GET', url: '/api/v1/me' })
  t.equal(lastUsed(), thirtySecondsAgo, 'used again within the minute: no write')
  app.sqlite.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(Date.now() - 61_000, id)
  await call(app, token, { method: 'GET', url: '/api/v1/me' })
  t.ok(lastUsed()! > Date.now() - 60_000, 'over a minute later: written')
})

t.test('a station token rotates without downtime: old and new secrets both work for the grace period', async (t) => {
  const app = await testApp(t)
  const stationId = addStation(app)
  const old = tokenFor(app, 'station_operator', String(stationId))
  const other = tokenFor(app, 'station_operator', String(addStation(app)))
  const me = (await call(app, old, { method: 'GET', url: '/api/v1/me' })).body
  const station = (token: string) => call(app, token, { method: 'GET', url: `/api/v1/stations/${stationId}` })

  t.equal((await call(app, other, { method: 'POST', url: `/api/v1/tokens/${me.tokenId}/rotate`, payload: {} })).statusCode, 404, 'not another station’s token')
  const rotated = await call(app, old, { method: 'POST', url: `/api/v1/tokens/${me.tokenId}/rotate`, payload: {} })
  t.equal(rotated.statusCode, 200)
  t.equal(rotated.body.id, me.tokenId, 'the same token: audit trails and ownership keep their id')
  t.not(rotated.body.token, old)
  t.ok(Date.parse(rotated.body.previousValidUntil) >= Date.now() + 23 * 3600_000, 'default grace: a day')
  t.ok(Date.parse(rotated.body.expiresAt) > Date.now() + 364 * DAY, 'a fresh lifetime')

  t.equal((await station(old)).statusCode, 200, 'the old secret still works during the grace period')
  t.equal((await station(rotated.body.token)).statusCode, 200, 'the new one works at once')

  app.sqlite.prepare('UPDATE tokens SET previous_valid_until = ? WHERE id = ?').run(Date.now() - 1, me.tokenId)
  const late = await station(old)
  t.equal(late.statusCode, 401)
  t.equal(late.body.code, 'LL_TOKEN_EXPIRED', 'after the grace period the old secret is expired')
  t.equal((await station(rotated.body.token)).statusCode, 200)

  // An admin rotates with no grace: the previous secret stops at once.
  const again = await call(app, ADMIN, { method: 'POST', url: `/api/v1/tokens/${me.tokenId}/rotate`, payload: { graceMinutes: 0 } })
  t.equal(again.statusCode, 200)
  t.equal((await station(rotated.body.token)).statusCode, 401)
  t.equal((await station(again.body.token)).statusCode, 200)

  const adminId = (await call(app, ADMIN, { method: 'GET', url: '/api/v1/me' })).body.tokenId
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/tokens/${adminId}/rotate`, payload: {} })).statusCode, 409, 'ADMIN_TOKEN is rotated in the environment')
  t.equal((await call(app, tokenFor(app, 'county_officer', '140924'), { method: 'POST', url: `/api/v1/tokens/${me.tokenId}/rotate`, payload: {} })).statusCode, 403)
})

t.test('ADMIN_TOKEN never expires; a generated bootstrap token has the city_admin lifetime', async (t) => {
  const app = await testApp(t)
  const admin = await call(app, ADMIN, { method: 'GET', url: '/api/v1/me' })
  t.equal(admin.body.expiresAt, null)
  const generated = await testApp(t, { adminToken: undefined })
  const row = generated.sqlite.prepare("SELECT expires_at AS e FROM tokens WHERE label = 'bootstrap'").get() as { e: number }
  t.ok(row.e > Date.now() + 89 * DAY && row.e <= Date.now() + 90 * DAY)
})

t.test('TOKEN_LIFETIME_DAYS and TOKEN_ROTATION_GRACE_MINUTES', async (t) => {
  const config = loadConfig({ TOKEN_LIFETIME_DAYS: 'employer=10,fair_organizer=0', TOKEN_ROTATION_GRACE_MINUTES: '5' })
  t.equal(config.tokenLifetimeMs.employer, 10 * DAY)
  t.equal(config.tokenLifetimeMs.fair_organizer, null)
  t.equal(config.tokenLifetimeMs.county_officer, 365 * DAY, 'roles not named keep their default')
  t.equal(config.tokenRotationGraceMs, 5 * 60_000)
  t.throws(() => loadConfig({ TOKEN_LIFETIME_DAYS: 'boss=3' }), /TOKEN_LIFETIME_DAYS/)
  t.throws(() => loadConfig({ TOKEN_LIFETIME_DAYS: 'employer=-1' }), /TOKEN_LIFETIME_DAYS/)
})
