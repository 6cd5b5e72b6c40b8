import { Type, type Static, type TSchema, type TSchemaOptions, type TUnsafe } from 'typebox'

/** Shapes shared by many routes. */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) })

export const MobilePhone = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: 'mainland mobile number' })

export const ContactPhone = Type.String({
  pattern: '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$',
  description: 'mobile or landline (0350-3336666)',
})

export const DateString = Type.String({ format: 'date', description: 'YYYY-MM-DD' })

export const Limit = Type.Integer({ minimum: 1, maximum: 500, default: 50 })

/** Opaque cursor for keyset pagination. */
export const Cursor = Type.String({ maxLength: 200 })

const scalarTypes = new Set(['string', 'integer', 'number', 'boolean'])

/**
 * `T` or null — the one way to write a nullable schema.
 *
 * A scalar (`type: 'string' | 'integer' | 'number' | 'boolean'`, or a string enum) becomes
 * `type: [T, 'null']`: Fastify's serializer handles a type list at full speed, while `anyOf`
 * makes it test every alternative of every value (a third of the throughput of a 10-hit search
 * answer). Anything else (objects, arrays, unions, refs) becomes `anyOf: [T, null]`, the only
 * form that is correct for a schema without a scalar `type`.
 */
export function Nullable<T extends TSchema>(schema: T, options: TSchemaOptions = {}): TUnsafe<Static<T> | null> {
  const { type, enum: values, anyOf } = schema as unknown as { type?: unknown; enum?: unknown[]; anyOf?: unknown }
  // TypeBox writes a string enum as a bare `enum`; the serializer wants its type.
  const stringEnum = type === undefined && anyOf === undefined && values?.length && values.every((v) => typeof v === 'string')
  const base = typeof type === 'string' && scalarTypes.has(type) ? type : stringEnum ? 'string' : undefined
  if (!base) return Type.Union([schema, Type.Null()], options) as unknown as TUnsafe<Static<T> | null>
  return Type.Unsafe<Static<T> | null>({
    ...schema,
    ...options,
    type: [base, 'null'],
    ...(values ? { enum: [...values, null] } : {}),
  })
}

