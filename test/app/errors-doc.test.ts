import { readFileSync } from 'node:fs'
import t from 'tap'
import { errorCatalogue, errorCodes, renderErrorsDoc } from '../../src/errors'
import { call, testApp } from '../helpers'

t.test('docs/errors.md is the catalogue of the current code', async (t) => {
  t.equal(readFileSync('docs/errors.md', 'utf8'), renderErrorsDoc(), 'run `npm run cli -- errors-doc` to update docs/errors.md')
  const codes = errorCodes()
  t.same([...new Set(codes)], codes, 'every code declared once')
  for (const entry of errorCatalogue) t.match(entry.code, /^LL_[A-Z_]+$/, entry.code)
})

t.test('the OpenAPI document lists the codes, and every operation points its errors at them', async (t) => {
  const app = await testApp(t)
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as {
    components: { schemas: Record<string, { properties: { code: { enum: string[] } } }> }
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
  }
  t.same(doc.components.schemas.ErrorResponse.properties.code.enum, errorCodes())
  const missing = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, operation]) => !operation.responses?.['4XX'])
      .map(([method]) => `${method} ${path}`),
  )
  t.same(missing, [], 'every operation has a 4XX answer')
})

t.test('answers the handler builds carry a declared code', async (t) => {
  const app = await testApp(t)
  const declared = new Set(errorCodes())
  const answers = [
    await call(app, null, { method: 'GET', url: '/api/v1/nope' }),
    await call(app, null, { method: 'GET', url: '/api/v1/laborers' }),
    await call(app, 'll_not-a-token', { method: 'GET', url: '/api/v1/laborers' }),
  ]
  t.same(
    answers.map((a) => a.body.code),
    ['LL_ROUTE_NOT_FOUND', 'LL_UNAUTHORIZED', 'LL_UNAUTHORIZED'],
  )
  for (const answer of answers) t.ok(declared.has(answer.body.code), answer.body.code)
})
