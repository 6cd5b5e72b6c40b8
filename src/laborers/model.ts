import { Type, type Static } from 'typebox'
import { DateString, MobilePhone, Nullable } from '../http/schemas'
import { destinationWishes, employmentStatuses, povertyStatuses } from './schema'

export const PovertyStatus = Type.Enum(povertyStatuses, {
  description: 'poverty_alleviated 脱贫户, monitored 防返贫监测对象, ordinary 一般农户',
})
export const EmploymentStatus = Type.Enum(employmentStatuses)
export const DestinationWish = Type.Enum(destinationWishes)

const ShortText = Type.String({ minLength: 1, maxLength: 50 })

export const SkillBody = Type.Object(
  {
    occupation: ShortText,
    tags: Type.Optional(Type.Array(ShortText, { maxItems: 20 })),
    years: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
  },
  { additionalProperties: false },
)

export const CertificateBody = Type.Object(
  {
    name: ShortText,
    tier: Type.Integer({ minimum: 1, maximum: 4, description: '1 初级(五级) … 4 技师(二级)' }),
  },
  { additionalProperties: false },
)

export const IdNumber = Type.String({ pattern: '^[0-9]{17}[0-9Xx]$', description: '18-character resident ID (GB 11643)' })

const editable = {
  name: Type.String({ minLength: 1, maxLength: 50, description: 'real name as on the ID card' }),
  phone: MobilePhone,
  villageCode: Type.String({ pattern: '^[0-9]{12}$', description: 'home village (12-digit code)' }),
  povertyStatus: PovertyStatus,
  skills: Type.Optional(Type.Array(SkillBody, { maxItems: 20 })),
  certificates: Type.Optional(Type.Array(CertificateBody, { maxItems: 20 })),
  trainingWishes: Type.Optional(Type.Array(ShortText, { maxItems: 20 })),
  destinationWishes: Type.Optional(Type.Array(DestinationWish, { maxItems: 6, uniqueItems: true })),
  expectedWage: Type.Optional(
    Nullable(Type.Integer({ minimum: 0, maximum: 100_000, description: '元 per month' })),
  ),
  availableFrom: Type.Optional(Nullable(DateString)),
  employmentStatus: Type.Optional(EmploymentStatus),
}

/** A new registry entry (the HTTP body and each import row). */
export const LaborerBody = Type.Object(
  {
    ...editable,
    idNumber: IdNumber,
  },
  { additionalProperties: false },
)
export type LaborerBody = Static<typeof LaborerBody>

/** Everything but the ID number (which is who the record is); a status change may carry its date and a note. */
export const LaborerPatch = Type.Object(
  {
    ...Type.Partial(Type.Object(editable)).properties,
    statusDate: Type.Optional(DateString),
    statusNote: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type LaborerPatch = Static<typeof LaborerPatch>

export const SkillView = Type.Object({ occupation: Type.String(), tags: Type.Array(Type.String()), years: Type.Integer() })
export const CertificateView = Type.Object({ name: Type.String(), tier: Type.Integer() })

/**
 * `type: [T, 'null']` rather than a union: fast-json-stringify serializes it directly,
 * where an anyOf is resolved by validating every value (a list page has 50 rows of them).
 */
const nullable = <T extends 'integer' | 'string'>(type: T) =>
  Type.Unsafe<(T extends 'integer' ? number : string) | null>({ type: [type, 'null'] })

export const LaborerView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  idNumber: Type.String({ description: 'masked (1409**********1234) unless revealed' }),
  phone: Type.String({ description: 'masked (138****5678) unless revealed' }),
  gender: Type.Enum(['male', 'female']),
  birthDate: Type.String(),
  villageCode: Type.String(),
  townshipCode: Type.String(),
  countyCode: Type.String(),
  povertyStatus: PovertyStatus,
  skills: Type.Array(SkillView),
  certificates: Type.Array(CertificateView),
  trainingWishes: Type.Array(Type.String()),
  destinationWishes: Type.Array(DestinationWish),
  expectedWage: nullable('integer'),
  availableFrom: nullable('string'),
  employmentStatus: EmploymentStatus,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})

export const EmploymentEventView = Type.Object({
  id: Type.Integer(),
  fromStatus: Type.Unsafe<(typeof EmploymentStatus)['enum'][number] | null>({ type: ['string', 'null'] }),
  toStatus: EmploymentStatus,
  effectiveDate: Type.String(),
  note: Type.String(),
  at: Type.String({ format: 'date-time' }),
})
