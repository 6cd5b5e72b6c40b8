import { Readable } from 'node:stream'
import t from 'tap'
import { BULK_BODY_LIMITS, PUBLIC_BODY_LIMIT } from '../../src/http/body-limits'
import { ADMIN, auth, call, testApp, tokenFor } from '../helpers'
import { laborerBody, villagesOf } from './fixtures'

// Heavy on a loaded machine: the file may take minutes; no step has a short deadline.
t.setTimeout(600_000)

const ndjson = { 'content-type': 'application/x-ndjson' }

t.test('request bodies are limited by role: 413 beyond the caller’s limit, declared or streamed', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const agent = tokenFor(app, 'village_agent', v.a)
  const county = tokenFor(app, 'county_officer', v.a.slice(0, 6))
  // Lines that are not JSON: each is a bad row, cheap to check. Sent as a stream of 1 MiB chunks.
  const chunk = Buffer.from(`${'x'.repeat(1023)}\n`.repeat(1024))
  const stream = (mib: number) => Readable.from(Array.from({ length: mib }, () => chunk))
  const post = (token: string, headers: Record<string, string>, payload: unknown) =>
    app.inject({ method: 'POST', url: '/api/v1/laborers/import', headers: { ...auth(token), ...ndjson, ...headers }, payload: payload as string })
  const agentMiB = BULK_BODY_LIMITS.village_agent / 1_048_576

  const declared = await post(agent, { 'content-length': String(BULK_BODY_LIMITS.village_agent + 1) }, stream(agentMiB + 1))
  t.equal(declared.statusCode, 413, 'a village agent declaring more than 16 MiB is refused before the body is read')
  const streamed = await post(agent, { 'transfer-encoding': 'chunked' }, stream(agentMiB + 1))
  t.equal(streamed.statusCode, 413, 'the same, chunked without a length, is cut off at the limit')
  const accepted = await post(county, { 'transfer-encoding': 'chunked' }, stream(agentMiB + 1))
  t.equal(accepted.statusCode, 200, 'a county officer may send more')
  t.match(JSON.parse(accepted.body), { inserted: 0, badCount: (agentMiB + 1) * 1024 })

  const pub = await call(app, null, { method: 'POST', url: '/api/v1/kiosk/interests', payload: { jobId: 1, pointId: 1, pad: 'x'.repeat(PUBLIC_BODY_LIMIT) } })
  t.equal(pub.statusCode, 413, 'anyone: 64 KiB')
  const big = await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers', payload: { ...laborerBody(v.a), name: 'x'.repeat(1_100_000) } })
  t.equal(big.statusCode, 413, 'a token on an ordinary route: 1 MiB')
})

t.test('an import is prepared off the event loop: other requests are answered while it runs', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const agent = tokenFor(app, 'village_agent', v.a)
  const rows = Array.from({ length: 3000 }, () => JSON.stringify(laborerBody(v.a))).join('\n')
  let finished = false
  const importing = call(app, agent, { method: 'POST', url: '/api/v1/laborers/import', headers: ndjson, payload: rows }).then((res) => {
    finished = true
    return res
  })
  let answeredDuring = 0
  let failed = 0
  while (!finished) {
    const health = await app.inject({ method: 'GET', url: '/healthz' })
    if (health.statusCode !== 200) failed++
    else if (!finished) answeredDuring++
    // inject can complete without leaving the microtask queue: let the worker's messages in.
    await new Promise((resolve) => setImmediate(resolve))
  }
  t.equal(failed, 0)
  const result = await importing
  t.equal(result.statusCode, 200)
  t.equal(result.body.inserted + result.body.existing, 3000)
  t.ok(answeredDuring >= 5, `/healthz answered ${answeredDuring} times while the import ran`)
})
