import t from 'tap'
import { WebSocket } from 'ws'
import { addStation } from '../transport/fixtures'
import { laborerBody, villagesOf } from '../laborers/fixtures'
import { ADMIN, call, testApp, tokenFor } from '../helpers'

// Heavy on a loaded machine: the file may take minutes; no step has a short deadline.
t.setTimeout(600_000)

/** GB 11643 national IDs, mainland mobile numbers, laborlink secrets: none may reach a log line. */
const ID_NUMBER = /(?<![0-9])[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])/
const MOBILE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/
const TOKEN = /ll_[A-Za-z0-9_-]{8,}/

t.test('the log of a whole session holds no ID number, phone number, token or cookie', async (t) => {
  const lines: string[] = []
  const app = await testApp(t, { logLevel: 'trace' }, { logStream: { write: (line: string) => void lines.push(line) } })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const v = villagesOf(app)
  const agent = tokenFor(app, 'village_agent', v.a)
  const people = [laborerBody(v.a), laborerBody(v.a), laborerBody(v.a)]
  const secrets = [ADMIN, agent, ...people.flatMap((p) => [p.idNumber, p.phone])]

  // Registering, looking up (the right way and the old URL way), revealing.
  for (const person of people.slice(0, 2)) t.equal((await call(app, agent, { method: 'POST', url: '/api/v1/laborers', payload: person })).statusCode, 201)
  const found = await call(app, agent, { method: 'POST', url: '/api/v1/laborers/lookup', payload: { idNumber: people[0].idNumber, phone: people[0].phone } })
  t.equal(found.body.items.length, 1)
  await call(app, agent, { method: 'GET', url: `/api/v1/laborers?idNumber=${people[0].idNumber}&phone=${people[0].phone}` })
  await call(app, agent, { method: 'GET', url: `/api/v1/laborers/${found.body.items[0].id}?reveal=true&reason=${people[0].phone}` })
  // An import with good and bad rows (bad: a wrong check digit, a bad phone).
  const ndjson = [
    people[2],
    { ...laborerBody(v.a), idNumber: `${people[2].idNumber.slice(0, 17)}${people[2].idNumber.endsWith('1') ? '2' : '1'}` },
    { ...laborerBody(v.a), phone: '12345678901' },
  ]
  const imported = await call(app, agent, {
    method: 'POST',
    url: '/api/v1/laborers/import',
    headers: { 'content-type': 'application/x-ndjson' },
    payload: ndjson.map((row) => JSON.stringify(row)).join('\n'),
  })
  t.equal(imported.statusCode, 200)
  secrets.push(...ndjson.flatMap((p) => [p.idNumber, p.phone]))
  // Tokens: issued (the secret is in the answer), wrong ones, in a cookie, in a URL.
  const issued = await call(app, ADMIN, { method: 'POST', url: '/api/v1/tokens', payload: { role: 'township_staff', scope: v.a.slice(0, 9), label: '乡镇站 王芳' } })
  secrets.push(issued.body.token)
  await call(app, 'll_not-a-real-token-000000', { method: 'GET', url: '/api/v1/me' })
  await call(app, null, { method: 'GET', url: '/api/v1/me', headers: { cookie: `session=${issued.body.token}` } })
  await call(app, null, { method: 'GET', url: `/api/v1/me?token=${issued.body.token}` })
  // A station socket authenticating the old browser way, with ?token= in the URL.
  const station = addStation(app)
  const stationToken = tokenFor(app, 'station_operator', String(station))
  secrets.push(stationToken)
  const ws = new WebSocket(`${base.replace('http', 'ws')}/ws/stations/${station}?since=0&token=${stationToken}`)
  await new Promise<void>((resolve) => {
    ws.on('message', () => (ws.close(), resolve()))
    ws.on('close', () => resolve())
    ws.on('error', () => resolve())
  })

  const log = lines.join('')
  t.ok(lines.length > 20, `the session logged (${lines.length} lines)`)
  t.match(log, /laborers\/lookup/, 'requests are logged')
  t.notMatch(log, ID_NUMBER, 'no national ID number')
  t.notMatch(log, MOBILE, 'no mobile number')
  t.notMatch(log, TOKEN, 'no laborlink token')
  for (const secret of secrets) t.notOk(log.includes(secret), 'no secret of this session, verbatim')
  t.notMatch(log, /session=/, 'no cookie')
})
