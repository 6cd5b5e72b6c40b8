import { Type, type Static } from 'typebox'
import { DateString, Nullable } from '../http/schemas'
import { partnerAreas, type PartnerArea } from '../network/schema'
import {
  gigKinds,
  jobStatuses,
  jobTypes,
  laborBrands,
  publicWelfareCategories,
  temporaryUnits,
  wageUnits,
  type NewJob,
} from './schema'

const Tag = Type.String({ minLength: 1, maxLength: 30 })
const Wage = Type.Integer({ minimum: 0, maximum: 1_000_000, description: '元 per wageUnit' })

/**
 * Every field of a posting a caller writes (openings left, status and timestamps are
 * the server's). Defaults only where a whole posting is written: a PATCH must not reset
 * the lists it leaves out.
 */
function jobFields(withDefaults: boolean) {
  const d = (value: unknown) => (withDefaults ? { default: value } : {})
  return {
    title: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 5000, ...d('') })),
    regionCode: Type.String({
      pattern: '^[0-9]{2}([0-9]{2}([0-9]{2})?)?$',
      description: 'work location: province, city or county code anywhere in China',
    }),
    partnerArea: Type.Optional(Type.Enum(partnerAreas, { description: 'derived from regionCode when left out' })),
    occupation: Type.String({ minLength: 1, maxLength: 50 }),
    skillTags: Type.Optional(Type.Array(Tag, { maxItems: 20, ...d([]) })),
    certificatesRequired: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 50 }),
            tier: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10, ...d([]) },
      ),
    ),
    openings: Type.Integer({ minimum: 1, maximum: 100_000 }),
    wageMin: Wage,
    wageMax: Wage,
    wageUnit: Type.Enum(wageUnits),
    benefits: Type.Optional(Type.Array(Tag, { maxItems: 20, ...d([]), description: '包吃, 包住, 五险一金, 路费报销 …' })),
    contractMonths: Type.Integer({ minimum: 0, maximum: 120 }),
    startDate: DateString,
    deadline: Type.String({ format: 'date', description: 'application deadline, YYYY-MM-DD, not in the past' }),
    type: Type.Enum(jobTypes),
    publicWelfareCategory: Type.Optional(Nullable(Type.Enum(publicWelfareCategories))),
    temporaryUnit: Type.Optional(Nullable(Type.Enum(temporaryUnits))),
    gigKind: Type.Optional(Nullable(Type.Enum(gigKinds))),
    laborBrand: Type.Optional(Nullable(Type.Enum(laborBrands))),
  }
}
const JobFields = jobFields(true)

export const JobBody = Type.Object(
  {
    ...JobFields,
    employerId: Type.Optional(Type.Integer({ minimum: 1, description: 'required for officials; an employer token posts for itself' })),
  },
  { additionalProperties: false },
)
export type JobBody = Static<typeof JobBody>

export const JobPatch = Type.Partial(
  Type.Object(
    {
      ...jobFields(false),
      status: Type.Enum(['open', 'closed'], { description: 'filled is set by placements' }),
    },
    { additionalProperties: false },
  ),
  // Partial does not carry the object's options over.
  { additionalProperties: false },
)
export type JobPatch = Static<typeof JobPatch>

/** One row of a feed: a posting keyed by (source, externalId), its employer named by credit code. */
export const JobImportRow = Type.Object(
  {
    ...JobFields,
    externalId: Type.String({ minLength: 1, maxLength: 100 }),
    employerCreditCode: Type.String({ minLength: 18, maxLength: 18 }),
    status: Type.Optional(Type.Enum(['open', 'closed'])),
  },
  { additionalProperties: false },
)
export type JobImportRow = Static<typeof JobImportRow>

export const JobView = Type.Object({
  id: Type.Integer(),
  employerId: Type.Integer(),
  source: Type.String(),
  externalId: Type.String(),
  title: Type.String(),
  description: Type.String(),
  provinceCode: Type.String(),
  cityCode: Nullable(Type.String()),
  countyCode: Nullable(Type.String()),
  partnerArea: Type.Enum(partnerAreas),
  occupation: Type.String(),
  skillTags: Type.Array(Type.String()),
  certificatesRequired: Type.Array(Type.Object({ name: Type.String(), tier: Type.Integer() })),
  openings: Type.Integer(),
  openingsLeft: Type.Integer(),
  wageMin: Type.Integer(),
  wageMax: Type.Integer(),
  wageUnit: Type.Enum(wageUnits),
  benefits: Type.Array(Type.String()),
  contractMonths: Type.Integer(),
  startDate: Type.String(),
  deadline: Type.String(),
  type: Type.Enum(jobTypes),
  publicWelfareCategory: Nullable(Type.Enum(publicWelfareCategories)),
  temporaryUnit: Nullable(Type.Enum(temporaryUnits)),
  gigKind: Nullable(Type.Enum(gigKinds)),
  laborBrand: Nullable(Type.Enum(laborBrands)),
  status: Type.Enum(jobStatuses),
  stationId: Nullable(Type.Integer({ description: 'the out-of-province station that collected it (source station, 工作站推荐)' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})

/** The fields of a posting as stored, before ids, counters and timestamps. */
export type JobContent = Omit<NewJob, 'id' | 'employerId' | 'source' | 'externalId' | 'openingsLeft' | 'status' | 'stationId' | 'createdAt' | 'updatedAt'>

export type Checked = { ok: true; content: JobContent } | { ok: false; field: string; reason: string }

/** Greater Bay Area cities of Guangdong (粤港澳大湾区 九市); Hong Kong and Macau are provinces 81, 82. */
const greaterBayCities = new Set(['4401', '4403', '4404', '4406', '4407', '4412', '4413', '4419', '4420'])

const partnerAreaNames: Record<PartnerArea, string> = {
  jingjinji: '京津冀',
  yangtze_delta: '长三角',
  greater_bay: '粤港澳大湾区',
  in_province: '省内',
  local: '本地',
  other: '其他地区',
}

/** Which cooperation area a work place falls in, for the city this server serves. */
export function partnerAreaOf(regionCode: string, cityCode: string): PartnerArea {
  const province = regionCode.slice(0, 2)
  if (regionCode.startsWith(cityCode)) return 'local'
  if (province === cityCode.slice(0, 2)) return 'in_province'
  if (['11', '12', '13'].includes(province)) return 'jingjinji'
  if (['31', '32', '33', '34'].includes(province)) return 'yangtze_delta'
  if (['81', '82'].includes(province) || greaterBayCities.has(regionCode.slice(0, 4))) return 'greater_bay'
  return 'other'
}

const FieldsObject = Type.Object(JobFields)
type Fields = Static<typeof FieldsObject>

/**
 * The rules a schema cannot say: the place exists, wages are ordered, the deadline has
 * not passed, and each type carries exactly the detail it needs.
 */
export function checkJob(
  fields: Fields,
  ctx: { regionLevel: (code: string) => string | undefined; cityCode: string; today: string; checkDeadline?: boolean },
): Checked {
  const level = ctx.regionLevel(fields.regionCode)
  if (level !== 'province' && level !== 'city' && level !== 'county') {
    return { ok: false, field: 'regionCode', reason: `${fields.regionCode} 不是我国的省、市或县级行政区划` }
  }
  if (fields.wageMax < fields.wageMin) return { ok: false, field: 'wageMax', reason: '不能低于 wageMin（工资下限）' }
  if (ctx.checkDeadline !== false && fields.deadline < ctx.today) return { ok: false, field: 'deadline', reason: `${fields.deadline} 已过` }
  // A partner area is where the place lies: 京津冀 for a posting in 苏州 would be found under the wrong chip.
  const derived = partnerAreaOf(fields.regionCode, ctx.cityCode)
  if (fields.partnerArea !== undefined && fields.partnerArea !== derived) {
    return {
      ok: false,
      field: 'partnerArea',
      reason: `与工作地点不符：${fields.regionCode} 属于 ${partnerAreaNames[derived]}（${derived}），不是 ${partnerAreaNames[fields.partnerArea]}（${fields.partnerArea}）；不填则按地点自动判断`,
    }
  }
  const needs = { public_welfare: 'publicWelfareCategory', temporary: 'temporaryUnit', platform_gig: 'gigKind' } as const
  for (const [type, field] of Object.entries(needs)) {
    const given = fields[field] != null
    if (fields.type === type && !given) return { ok: false, field, reason: `类型为 ${type} 时必填` }
    if (fields.type !== type && given) return { ok: false, field, reason: `只适用于类型 ${type}` }
  }
  const code = fields.regionCode
  return {
    ok: true,
    content: {
      title: fields.title.trim(),
      description: fields.description ?? '',
      provinceCode: code.slice(0, 2),
      cityCode: code.length >= 4 ? code.slice(0, 4) : null,
      countyCode: code.length === 6 ? code : null,
      partnerArea: derived,
      occupation: fields.occupation.trim(),
      skillTags: fields.skillTags ?? [],
      certificatesRequired: fields.certificatesRequired ?? [],
      openings: fields.openings,
      wageMin: fields.wageMin,
      wageMax: fields.wageMax,
      wageUnit: fields.wageUnit,
      benefits: fields.benefits ?? [],
      contractMonths: fields.contractMonths,
      startDate: fields.startDate,
      deadline: fields.deadline,
      type: fields.type,
      publicWelfareCategory: fields.publicWelfareCategory ?? null,
      temporaryUnit: fields.temporaryUnit ?? null,
      gigKind: fields.gigKind ?? null,
      laborBrand: fields.laborBrand ?? null,
    },
  }
}

/** The caller-facing fields of a stored posting, to merge a PATCH onto. */
export function fieldsOf(job: JobContent & { countyCode: string | null; cityCode: string | null; provinceCode: string }): Fields {
  return {
    ...job,
    regionCode: job.countyCode ?? job.cityCode ?? job.provinceCode,
    description: job.description,
    skillTags: job.skillTags ?? [],
    certificatesRequired: job.certificatesRequired ?? [],
    benefits: job.benefits ?? [],
  } as Fields
}
