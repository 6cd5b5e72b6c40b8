import t from 'tap'
import { compilePendingSchemas, schemaCompilerCounts } from '../../src/http/schema-compilers'
import { ADMIN, call, testApp } from '../helpers'

t.test('route schemas compile on first use, once per process, and all of them compile', async (t) => {
  const before = schemaCompilerCounts()
  const app = await testApp(t)
  await app.ready()
  const started = schemaCompilerCounts()
  t.ok(started.pending - before.pending > 300, `${started.pending - before.pending} validators and serializers wait for their first use`)
  t.ok(started.compiled - before.compiled < 20, `${started.compiled - before.compiled} compiled while the app started`)

  // Validation and serialization behave as Fastify's own compilers did.
  const bad = await call(app, ADMIN, { method: 'POST', url: '/api/v1/tokens', payload: { role: 'superuser', label: 'x' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.body, { statusCode: 400, error: 'Bad Request', code: 'LL_VALIDATION', message: /body\.role/ })
  const coerced = await call(app, ADMIN, { method: 'GET', url: '/api/v1/laborers?limit=2' })
  t.equal(coerced.statusCode, 200, 'a query string number is coerced')
  const notNumber = await call(app, ADMIN, { method: 'GET', url: '/api/v1/laborers?limit=two' })
  t.match(notNumber.body, { statusCode: 400, code: 'LL_VALIDATION', message: /querystring\.limit/ })
  const me = await call(app, ADMIN, { method: 'GET', url: '/api/v1/me' })
  t.equal(me.statusCode, 200)
  t.notOk('hash' in me.body, 'the response schema still decides what is sent')

  // Every schema of every route compiles (a schema error would otherwise wait for its first request).
  await compilePendingSchemas()
  const all = schemaCompilerCounts()
  t.equal(all.pending, 0)
  t.ok(all.compiled - started.compiled > 150, `${all.compiled - started.compiled} distinct schemas compiled`)

  // A second app in the same process reuses them: nothing new to compile.
  const again = await testApp(t)
  await again.ready()
  t.ok(schemaCompilerCounts().pending > 300)
  await compilePendingSchemas()
  t.equal(schemaCompilerCounts().compiled, all.compiled, 'the second app compiled no schema again')
  const secondBad = await call(again, ADMIN, { method: 'POST', url: '/api/v1/tokens', payload: { role: 'superuser', label: 'x' } })
  t.match(secondBad.body, { statusCode: 400, code: 'LL_VALIDATION', message: /body\.role/ })
})
