import fc from 'fast-check'
import t from 'tap'
import { ADMIN, testApp } from '../helpers'
import { jsonWithRawNumbers, nonFiniteNumbers, valid, type JsonSchema } from './arbitraries'
import { callersOfEveryRole } from './callers'

/**
 * Every number a route takes, in the path, the query or a body, refuses 1e309, -1e309,
 * NaN, Infinity and -Infinity with 400 (one rule: `src/http/finite-numbers.ts`), the rest
 * of the request being valid. Before that rule `offset=1e309` became Infinity, passed
 * `minimum` and answered 500 on 14 routes, the public kiosk search among them.
 */

interface Parameter {
  in: 'path' | 'query' | 'header'
  name: string
  required?: boolean
  schema: JsonSchema
}

interface Operation {
  parameters?: Parameter[]
  requestBody?: { content: Record<string, { schema: JsonSchema }> }
}

function isNumeric(schema: JsonSchema | undefined): boolean {
  if (!schema) return false
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  if (types.includes('number') || types.includes('integer')) return true
  if (types.includes('array')) return isNumeric(schema.items)
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some(isNumeric)
}

const sample = <T>(arb: fc.Arbitrary<T>): T => fc.sample(arb, { numRuns: 1, seed: 7 })[0]

t.test('non-finite numbers answer 400 on every route', async (t) => {
  const app = await testApp(t)
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, Operation>> }
  const byRole = callersOfEveryRole(app)
  const tokens = [ADMIN, ...Object.values(byRole).filter((token) => token !== ADMIN)]
  let fields = 0
  const failures: string[] = []
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (path.startsWith('/ws/stations')) continue // a websocket upgrade; same hook as every route
    for (const [method, operation] of Object.entries(operations)) {
      const params = operation.parameters ?? []
      const bodySchema = operation.requestBody?.content['application/json']?.schema
      const pathValues = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, sample(valid(p.schema))]))
      const requiredQuery = Object.fromEntries(params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, sample(valid(p.schema))]))
      const validBody = bodySchema ? sample(valid({ ...bodySchema, properties: bodySchema.properties })) : undefined
      const targets: { where: string; build: (bad: unknown) => { url: string; body?: unknown } }[] = []
      const url = (pv: Record<string, unknown>, q: Record<string, unknown>) => {
        const base = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(pv[name])))
        const qs = new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString()
        return qs ? `${base}?${qs}` : base
      }
      for (const p of params) {
        if (!isNumeric(p.schema) || p.in === 'header') continue
        targets.push({
          where: `${p.in} ${p.name}`,
          build: (bad) =>
            p.in === 'path'
              ? { url: url({ ...pathValues, [p.name]: bad }, requiredQuery), body: validBody }
              : { url: url(pathValues, { ...requiredQuery, [p.name]: bad }), body: validBody },
        })
      }
      if (bodySchema?.type === 'object') {
        for (const [name, schema] of Object.entries(bodySchema.properties ?? {})) {
          if (!isNumeric(schema)) continue
          const types = Array.isArray(schema.type) ? schema.type : [schema.type]
          targets.push({
            where: `body ${name}`,
            build: (bad) => ({
              url: url(pathValues, requiredQuery),
              body: { ...(validBody as object), [name]: types.includes('array') ? [bad] : bad },
            }),
          })
        }
      }
      for (const target of targets) {
        fields++
        for (const bad of nonFiniteNumbers) {
          const { url: u, body } = target.build(bad)
          // As the city admin, or, on a route the admin may not call (a station's own), as a role that may.
          let response
          for (const token of tokens) {
            response = await app.inject({
              method: method.toUpperCase() as 'GET',
              url: u,
              headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
              ...(body !== undefined ? { payload: jsonWithRawNumbers(body) } : {}),
            })
            if (response.statusCode !== 403) break
          }
          response = response!
          if (response.statusCode !== 400) {
            failures.push(`${method.toUpperCase()} ${path} ${target.where}=${bad.text} -> ${response.statusCode} ${response.body.slice(0, 120)}`)
          }
        }
      }
    }
  }
  t.ok(fields > 30, `${fields} numeric fields tried`)
  t.same(failures, [], 'every non-finite number refused with 400')
})

t.test('a search text that reads as a number is still text', async (t) => {
  const app = await testApp(t)
  const response = await app.inject({ method: 'GET', url: '/api/v1/jobs/search?q=Infinity&offset=0' })
  t.equal(response.statusCode, 200)
  const refused = await app.inject({ method: 'GET', url: '/api/v1/jobs/search?q=瓦工&offset=1e309' })
  t.equal(refused.statusCode, 400)
  t.match(refused.json(), { statusCode: 400, code: 'LL_VALIDATION', message: /querystring\.offset/ })
})
