import fc from 'fast-check'

/** The subset of JSON Schema (as @fastify/swagger prints OpenAPI 3.0) our routes use. */
export interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  nullable?: boolean
  default?: unknown
}

const SAMPLE_CAP = 6

/**
 * A number as written on the wire, for values JSON.stringify cannot write (`1e309` parses
 * to Infinity; `NaN` and `Infinity` are not JSON at all). In a URL it is its text; in a
 * body `jsonWithRawNumbers` writes the literal.
 */
export class RawNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
  toJSON(): string {
    return `__raw_number:${this.text}__`
  }
}

/** Non-finite numbers in every spelling a client could send. */
export const nonFiniteNumbers = ['1e309', '-1e309', 'NaN', 'Infinity', '-Infinity'].map((text) => new RawNumber(text))

/** JSON text of `value` with every RawNumber written bare. */
export function jsonWithRawNumbers(value: unknown): string {
  return JSON.stringify(value).replace(/"__raw_number:([^"]*)__"/g, '$1')
}

/** Values the schema accepts (the server may still refuse them on meaning: 404, 409…). */
export function valid(schema: JsonSchema): fc.Arbitrary<unknown> {
  const base = validNonNull(schema)
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base
}

function validNonNull(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const options = schema.anyOf ?? schema.oneOf
  if (options) return fc.oneof(...options.map(valid))
  if (schema.allOf) return valid(Object.assign({}, ...schema.allOf))
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000)
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000_000)
      return fc.oneof(fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }), fc.constantFrom(min, max))
    }
    case 'string':
      return validString(schema)
    case 'array': {
      const min = schema.minItems ?? 0
      return fc.array(valid(schema.items ?? {}), { minLength: min, maxLength: Math.max(min, Math.min(schema.maxItems ?? SAMPLE_CAP, SAMPLE_CAP)) })
    }
    case 'object':
    case undefined: {
      if (!schema.properties) return type === 'object' ? fc.constant({}) : fc.anything()
      const required = new Set(schema.required ?? [])
      const model = Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, valid(s)]))
      return fc.record(model, { requiredKeys: [...required].filter((k) => k in model) })
    }
    default:
      return fc.anything()
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0
  const maxLength = Math.min(schema.maxLength ?? 40, 200)
  const fit = (s: string) => s.length >= minLength && s.length <= maxLength
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter(fit)
  switch (schema.format) {
    case 'date':
      return fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10))
    case 'date-time':
      return fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString())
    case 'uri':
      return fc.webUrl()
  }
  const chars = fc.constantFrom(...'瓦工月嫂司机忻州繁峙绣娘abcxyzAZ09 -_.'.split(''))
  return fc.string({ unit: chars, minLength, maxLength: Math.max(minLength, maxLength) })
}

/** Values the schema refuses: wrong types, out of range, too long, not in the enum. */
export function invalid(schema: JsonSchema): fc.Arbitrary<unknown> | undefined {
  const options: fc.Arbitrary<unknown>[] = []
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  if (schema.enum) options.push(fc.constant('__not_in_enum__'))
  if (type === 'integer' || type === 'number') {
    options.push(fc.constant('not-a-number'), fc.constant({ n: 1 }), fc.constantFrom(...nonFiniteNumbers))
    if (schema.minimum !== undefined) options.push(fc.constant(schema.minimum - 1))
    if (schema.maximum !== undefined) options.push(fc.constant(schema.maximum + 1))
    if (type === 'integer') options.push(fc.constant(1.5))
  }
  if (type === 'string') {
    options.push(fc.constant({ s: 'object' }), fc.constant(['array']))
    if (schema.maxLength !== undefined) options.push(fc.constant('x'.repeat(schema.maxLength + 1)))
    if (schema.minLength) options.push(fc.constant(''))
    if (schema.pattern || schema.format) options.push(fc.constant('%%%not valid%%%'))
  }
  if (type === 'array') {
    options.push(fc.constant('not-an-array'))
    if (schema.maxItems !== undefined) options.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, () => null)))
  }
  if (type === 'boolean') options.push(fc.constant('maybe'))
  if (type === 'object' && schema.properties) options.push(fc.constant('not-an-object'))
  return options.length > 0 && !schema.nullable ? fc.oneof(...options) : undefined
}

/** A valid object with one property replaced by a refused value (or a required one dropped). */
export function invalidObject(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> | undefined {
  const properties = Object.entries(schema.properties ?? {})
  const broken = properties.flatMap(([key, s]) => {
    const bad = invalid(s)
    return bad ? [fc.tuple(fc.constant(key), bad)] : []
  })
  const required = schema.required ?? []
  if (broken.length === 0 && required.length === 0) return undefined
  const base = valid(schema) as fc.Arbitrary<Record<string, unknown>>
  const edits: fc.Arbitrary<(o: Record<string, unknown>) => Record<string, unknown>>[] = []
  if (broken.length > 0) edits.push(fc.oneof(...broken).map(([k, v]) => (o) => ({ ...o, [k]: v })))
  if (required.length > 0) {
    edits.push(
      fc.constantFrom(...required).map((k) => (o) => {
        const copy = { ...o }
        delete copy[k]
        return copy
      }),
    )
  }
  return fc.tuple(base, fc.oneof(...edits)).map(([o, edit]) => edit(o))
}
