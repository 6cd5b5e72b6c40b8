import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import fc from 'fast-check'
import t from 'tap'
import { errorCodes } from '../../src/errors'
import { testApp } from '../helpers'
import { invalid, invalidObject, jsonWithRawNumbers, RawNumber, valid, type JsonSchema } from './arbitraries'
import { callersOfEveryRole, keepCallersAlive } from './callers'

/**
 * Requests derived from the server's own OpenAPI document, for every route: valid,
 * boundary and invalid values for every parameter and body field. The server must never
 * answer 5xx, every 4xx must be the JSON error shape, every 2xx must match the declared
 * response schema, and unknown body fields must be refused rather than stored.
 * `FUZZ_RUNS` sets the cases per route (`npm run fuzz` runs many more).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60)
const SEED = Number(process.env.FUZZ_SEED ?? 20220519)
/** Every error answer carries one of the declared codes (docs/errors.md). */
const codes = new Set(errorCodes())

interface Parameter {
  in: 'path' | 'query' | 'header'
  name: string
  required?: boolean
  schema: JsonSchema
}

interface Operation {
  parameters?: Parameter[]
  requestBody?: { content: Record<string, { schema: JsonSchema }> }
  responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }>
}

interface Request {
  method: string
  url: string
  token: string | null
  body?: unknown
  label: string
}

const ajv = new Ajv({ strict: false, allErrors: false })
addFormats(ajv)

// Sampling finds a body schema that lets unknown fields through only by luck (a PATCH
// built with Type.Partial, which drops the object's options, took 215 cases): every
// object body is checked here once, in full.
t.test('every object body refuses unknown fields', async (t) => {
  const app = await testApp(t)
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, Record<string, Operation>>
  }
  let bodies = 0
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const schema = operation.requestBody?.content['application/json']?.schema as { type?: string; additionalProperties?: unknown } | undefined
      if (schema?.type !== 'object') continue
      bodies++
      t.equal(schema.additionalProperties, false, `${method.toUpperCase()} ${path}: additionalProperties false`)
    }
  }
  t.ok(bodies > 20, `${bodies} object bodies`)
})

t.test('every route survives generated requests', async (t) => {
  const app = await testApp(t, { authFailureLimit: 1_000_000 })
  const byRole = callersOfEveryRole(app)
  const tokens = [byRole.city_admin, ...Object.values(byRole).filter((tk) => tk !== byRole.city_admin), null]
  const reviveTokens = keepCallersAlive(app)
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, Record<string, Operation>>
  }

  let routes = 0
  const statuses = new Map<number, number>()
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (path.startsWith('/ws/') || path.startsWith('/docs')) continue
    for (const [method, operation] of Object.entries(operations)) {
      routes++
      const requests = requestsFor(method.toUpperCase(), path, operation, tokens)
      const responseSchemas = compiledResponses(operation)
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          reviveTokens()
          const response = await app.inject({
            method: request.method as 'GET',
            url: request.url,
            headers: {
              ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
              ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
            },
            // Written by hand so that 1e309, NaN and Infinity reach the server as sent.
            ...(request.body !== undefined ? { payload: jsonWithRawNumbers(request.body) } : {}),
          })
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
          const where = `${request.method} ${request.url} [${request.label}] -> ${response.statusCode} ${response.body.slice(0, 300)}`
          if (response.statusCode >= 500) throw new Error(`5xx: ${where}`)
          const isJson = String(response.headers['content-type'] ?? '').includes('json')
          if (response.statusCode >= 400) {
            const body = response.json() as Record<string, unknown>
            if (
              body.statusCode !== response.statusCode ||
              typeof body.error !== 'string' ||
              typeof body.message !== 'string' ||
              !codes.has(body.code as string)
            ) {
              throw new Error(`bad error shape: ${where}`)
            }
          } else if (isJson && response.statusCode !== 204) {
            const check = responseSchemas.get(String(response.statusCode))
            if (check && !check(response.json())) {
              throw new Error(`response does not match its schema (${ajv.errorsText(check.errors)}): ${where}`)
            }
          }
          if (request.label === 'unknown field' && response.statusCode < 300) {
            throw new Error(`an unknown body field was accepted: ${where}`)
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
    }
  }
  t.ok(routes > 10, `fuzzed ${routes} routes × ${RUNS} cases`)
  const tally = Object.fromEntries([...statuses].sort(([a], [b]) => a - b))
  t.comment(`responses by status: ${JSON.stringify(tally)}`)
  // The generator must reach handlers, not only bounce off validation and auth.
  for (const status of [200, 400, 401, 403, 404]) t.ok(statuses.get(status), `some requests answered ${status}`)
})

function compiledResponses(operation: Operation) {
  const out = new Map<string, ReturnType<typeof ajv.compile>>()
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const schema = response.content?.['application/json']?.schema
    if (schema && status.startsWith('2')) out.set(status, ajv.compile(schema))
  }
  return out
}

function requestsFor(method: string, path: string, operation: Operation, tokens: (string | null)[]): fc.Arbitrary<Request> {
  const params = operation.parameters ?? []
  const pathParams = params.filter((p) => p.in === 'path')
  const queryParams = params.filter((p) => p.in === 'query')
  const bodySchema = operation.requestBody?.content['application/json']?.schema

  const pathValues = fc.record(
    Object.fromEntries(
      pathParams.map((p) => {
        const bad = invalid(p.schema)
        return [p.name, bad ? fc.oneof({ weight: 4, arbitrary: valid(p.schema) }, { weight: 1, arbitrary: bad }) : valid(p.schema)]
      }),
    ),
  )
  const querySchema: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(queryParams.map((p) => [p.name, p.schema])),
    required: queryParams.filter((p) => p.required).map((p) => p.name),
  }
  const badQuery = invalidObject(querySchema)
  const queryValues = badQuery ? fc.oneof({ weight: 3, arbitrary: valid(querySchema) }, { weight: 1, arbitrary: badQuery }) : valid(querySchema)

  const bodies: fc.Arbitrary<{ body?: unknown; label: string }>[] = [
    bodySchema ? valid(bodySchema).map((body) => ({ body, label: 'valid' })) : fc.constant({ label: 'valid' }),
  ]
  if (bodySchema) {
    const bad = invalidObject(bodySchema)
    if (bad) bodies.push(bad.map((body) => ({ body, label: 'invalid' })))
    if (bodySchema.type === 'object' && bodySchema.properties) {
      bodies.push(
        (valid(bodySchema) as fc.Arbitrary<Record<string, unknown>>).map((body) => ({
          body: { ...body, role: 'city_admin', scope: '1409', stationId: 1, employerId: 1 },
          label: 'unknown field',
        })),
      )
    }
  }

  return fc
    .tuple(pathValues, queryValues as fc.Arbitrary<Record<string, unknown>>, fc.oneof(...bodies), fc.oneof({ weight: 3, arbitrary: fc.constant(tokens[0]) }, fc.constantFrom(...tokens)))
    .map(([pv, qv, { body, label }, token]) => {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(pv[name])))
      const query = new URLSearchParams()
      for (const [k, v] of Object.entries(qv ?? {})) {
        if (v === undefined) continue
        for (const item of Array.isArray(v) ? v : [v]) {
          query.append(k, typeof item === 'object' && !(item instanceof RawNumber) ? JSON.stringify(item) : String(item))
        }
      }
      const qs = query.toString()
      return { method, url: qs ? `${url}?${qs}` : url, token, body, label }
    })
}
