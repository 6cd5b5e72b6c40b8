import t from 'tap'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { issueToken } from '../../src/auth/tokens'
import { sessionCaller } from '../../src/auth/sessions'
import { addStation } from '../transport/fixtures'

const cookieOf = (headers: Record<string, unknown>): string => {
  const set = String(headers['set-cookie'])
  const match = /^(__Host-laborlink_session=[^;]+)/.exec(set)
  if (!match) throw new Error(`no session cookie in ${set}`)
  return match[1]
}

t.test('a token is exchanged once for an HttpOnly session cookie that acts as the token', async (t) => {
  const app = await testApp(t)
  const agent = tokenFor(app, 'village_agent', '140902001001')

  const anonymous = await call(app, null, { method: 'GET', url: '/api/v1/session' })
  t.equal(anonymous.statusCode, 200)
  t.same(anonymous.body, { caller: null }, 'asking without a session is not an error')

  const signIn = await call(app, agent, { method: 'POST', url: '/api/v1/session' })
  t.equal(signIn.statusCode, 201)
  t.equal(signIn.body.role, 'village_agent')
  const setCookie = String(signIn.headers['set-cookie'])
  t.match(setCookie, /^__Host-laborlink_session=ls_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/)
  t.notMatch(setCookie, agent, 'the cookie is not the token')
  const cookie = cookieOf(signIn.headers)

  const me = await call(app, null, { method: 'GET', url: '/api/v1/me', headers: { cookie } })
  t.equal(me.statusCode, 200)
  t.equal(me.body.scope, '140902001001')
  const session = await call(app, null, { method: 'GET', url: '/api/v1/session', headers: { cookie } })
  t.equal(session.body.caller.role, 'village_agent')
  const list = await call(app, null, { method: 'GET', url: '/api/v1/laborers', headers: { cookie } })
  t.equal(list.statusCode, 200, 'the session reads what the token may read')
  const forbidden = await call(app, null, { method: 'GET', url: '/api/v1/tokens', headers: { cookie } })
  t.equal(forbidden.statusCode, 403, 'and nothing more')
  t.equal(forbidden.body.code, 'LL_FORBIDDEN')

  const withoutBearer = await call(app, null, {
    method: 'POST',
    url: '/api/v1/session',
    headers: { cookie, origin: 'http://localhost:80', host: 'localhost:80', 'x-laborlink-csrf': '1' },
  })
  t.equal(withoutBearer.statusCode, 400, 'a session cannot mint another session')

  const out = await call(app, null, { method: 'DELETE', url: '/api/v1/session', headers: { cookie } })
  t.equal(out.statusCode, 204)
  t.match(String(out.headers['set-cookie']), /Max-Age=0/)
  const after = await call(app, null, { method: 'GET', url: '/api/v1/me', headers: { cookie } })
  t.equal(after.statusCode, 401, 'signed out: the cookie no longer works')
  t.equal(after.body.code, 'LL_SESSION_ENDED')
  t.match(String(after.headers['set-cookie']), /Max-Age=0/, 'and is cleared')
})

t.test('cookie writes need our origin and the CSRF header; bearer writes do not', async (t) => {
  const app = await testApp(t)
  const cookie = cookieOf((await call(app, ADMIN, { method: 'POST', url: '/api/v1/session' })).headers)
  const body = { role: 'fair_organizer', label: '测试' }
  const host = 'laborlink.example:443'

  const bare = await call(app, null, { method: 'POST', url: '/api/v1/tokens', headers: { cookie, host, origin: `https://${host}` }, payload: body })
  t.equal(bare.statusCode, 403, 'no CSRF header')
  t.equal(bare.body.code, 'LL_CROSS_SITE')
  const foreign = await call(app, null, {
    method: 'POST',
    url: '/api/v1/tokens',
    headers: { cookie, host, origin: 'https://evil.example', 'x-laborlink-csrf': '1' },
    payload: body,
  })
  t.equal(foreign.statusCode, 403, 'another origin')
  t.equal(foreign.body.code, 'LL_CROSS_SITE')
  const noOrigin = await call(app, null, { method: 'POST', url: '/api/v1/tokens', headers: { cookie, host, 'x-laborlink-csrf': '1' }, payload: body })
  t.equal(noOrigin.statusCode, 403, 'a write without Origin')
  const ours = await call(app, null, {
    method: 'POST',
    url: '/api/v1/tokens',
    headers: { cookie, host, origin: `https://${host}`, 'x-laborlink-csrf': '1' },
    payload: body,
  })
  t.equal(ours.statusCode, 201, 'our own page')
  const bearer = await call(app, ADMIN, { method: 'POST', url: '/api/v1/tokens', payload: body })
  t.equal(bearer.statusCode, 201, 'programs with a bearer token are unaffected')
})

t.test('revoking or expiring the token ends its sessions; idle sessions end', async (t) => {
  const app = await testApp(t, { sessionIdleMs: 3_600_000 })
  const issued = issueToken(app.db, { role: 'township_staff', scope: '140902001', label: '乡镇' })
  const cookie = cookieOf((await call(app, issued.token, { method: 'POST', url: '/api/v1/session' })).headers)
  t.equal((await call(app, null, { method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode, 200)
  t.equal((await call(app, ADMIN, { method: 'DELETE', url: `/api/v1/tokens/${issued.id}` })).statusCode, 204)
  const revoked = await call(app, null, { method: 'GET', url: '/api/v1/me', headers: { cookie } })
  t.equal(revoked.statusCode, 401)
  t.equal(revoked.body.code, 'LL_SESSION_ENDED')

  const expiring = issueToken(app.db, { role: 'county_officer', scope: '140902', label: '县', expiresAt: Date.now() + 60_000 })
  const secret = cookieOf((await call(app, expiring.token, { method: 'POST', url: '/api/v1/session' })).headers).split('=')[1]
  t.ok(sessionCaller(app.db, secret, 3_600_000), 'live')
  t.equal(sessionCaller(app.db, secret, 3_600_000, Date.now() + 120_000), undefined, 'the token expired: the session ends with it')

  const idle = issueToken(app.db, { role: 'county_officer', scope: '140902', label: '县' })
  const idleSecret = cookieOf((await call(app, idle.token, { method: 'POST', url: '/api/v1/session' })).headers).split('=')[1]
  t.equal(sessionCaller(app.db, idleSecret, 3_600_000, Date.now() + 2 * 3_600_000), undefined, 'unused past SESSION_IDLE_DAYS')
})

t.test('a station socket is authenticated by the session cookie from its own origin only', async (t) => {
  const { WebSocket } = await import('ws')
  const app = await testApp(t)
  const station = { id: addStation(app) }
  const token = tokenFor(app, 'station_operator', String(station.id))
  const cookie = cookieOf((await call(app, token, { method: 'POST', url: '/api/v1/session' })).headers)
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const host = new URL(base).host
  const open = (origin: string) =>
    new Promise<number | 'open'>((resolve) => {
      const socket = new WebSocket(`ws://${host}/ws/stations/${station.id}`, ['laborlink.v1'], { headers: { cookie, origin } })
      socket.on('message', () => {
        resolve('open')
        socket.close()
      })
      socket.on('close', (code) => resolve(code))
      socket.on('error', () => resolve(0))
    })
  t.equal(await open('https://evil.example'), 4403, 'another origin is refused')
  t.equal(await open(`http://${host}`), 'open', 'our origin gets the log')
})
