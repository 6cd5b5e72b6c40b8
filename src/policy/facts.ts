import { Type, type Static } from 'typebox'
import { Nullable } from '../http/schemas'
import { povertyStatuses } from '../laborers/schema'
import { sizeClasses } from '../employers/schema'
import { travelKinds } from '../placements/schema'
import { employmentForms } from '../employments/schema'

/**
 * The facts the subsidy rules read, one shape per beneficiary. Routes fill them from the
 * database; `POST /subsidies/evaluate` takes them as they are, so a what-if question is
 * the same evaluation on facts nobody has recorded.
 */
const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 })
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' })
const Money = Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: '元' })
const Poverty = Type.Enum(povertyStatuses)

export const CertificateTier = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)], {
  description: '1 初级(五级) · 2 中级(四级) · 3 高级(三级) · 4 技师(二级)及以上',
})

export const EnrollmentFact = Type.Object(
  {
    enrollmentId: Id,
    laborerId: Id,
    poverty: Poverty,
    /** 搬迁劳动力 (relocated household), for the training transport rule. */
    relocated: Type.Boolean(),
    completed: Type.Boolean(),
    attendedDays: Type.Integer({ minimum: 0, maximum: 366 }),
    certificateTier: Nullable(CertificateTier),
    employedAfter: Type.Boolean(),
  },
  { additionalProperties: false },
)

export const CourseFact = Type.Object(
  {
    courseId: Id,
    providerId: Id,
    evaluatorId: Nullable(Id),
    occupation: Type.String({ maxLength: 100 }),
    days: Type.Integer({ minimum: 1, maximum: 366 }),
    startDate: Day,
    endDate: Day,
    /** Part of 技能培训提升工程 (the provider subsidy applies to it only). */
    skillsProgram: Type.Boolean(),
    /** 集中组织培训 */
    centralized: Type.Boolean(),
    enrollments: Type.Array(EnrollmentFact, { maxItems: 2000 }),
  },
  { additionalProperties: false },
)

export const PlacementFact = Type.Object(
  {
    placementId: Id,
    laborerId: Id,
    poverty: Poverty,
    employerId: Id,
    intermediaryId: Nullable(Id),
    homeCountyCode: Type.String({ pattern: '^[0-9]{6}$' }),
    /** County of the workplace when it is known (null for postings that name only a province or city). */
    destinationCountyCode: Nullable(Type.String({ pattern: '^[0-9]{6}$' })),
    startDate: Day,
    endDate: Nullable(Day),
    contractMonths: Type.Integer({ minimum: 0, maximum: 600 }),
    organized: Type.Boolean(),
    travel: Type.Enum(travelKinds),
  },
  { additionalProperties: false },
)

/**
 * A job the laborer found (自主就业, src/employments): it earns the transport subsidies once
 * a township has verified it; its end date counts like a placement's.
 */
export const SelfFoundJobFact = Type.Object(
  {
    recordId: Id,
    form: Type.Enum(employmentForms),
    /** County of the workplace when the place is a county or finer; the province code otherwise. */
    placeCode: Nullable(Type.String({ pattern: '^[0-9]{2,12}$' })),
    startDate: Day,
    endDate: Nullable(Day),
    verified: Type.Boolean(),
  },
  { additionalProperties: false },
)

export const loanKinds = ['guarantee', 'microcredit'] as const
export const LoanFact = Type.Object(
  {
    loanId: Id,
    kind: Type.Enum(loanKinds),
    principal: Money,
    /** Yearly interest rate in 1/10,000 (435 = 4.35%). */
    rateBasisPoints: Type.Integer({ minimum: 0, maximum: 3000 }),
    termMonths: Type.Integer({ minimum: 1, maximum: 120 }),
    issuedOn: Day,
  },
  { additionalProperties: false },
)

export const BusinessFact = Type.Object(
  {
    businessId: Id,
    registeredOn: Day,
    /** Meets 重点群体创业税收优惠政策条件 (checked by the tax office). */
    qualifies: Type.Boolean(),
  },
  { additionalProperties: false },
)

export const LaborerFacts = Type.Object(
  {
    laborerId: Id,
    poverty: Poverty,
    homeCountyCode: Type.String({ pattern: '^[0-9]{6}$' }),
    enrollments: Type.Array(
      Type.Object({ ...EnrollmentFact.properties, course: Type.Omit(CourseFact, ['enrollments']) }, { additionalProperties: false }),
      { maxItems: 200 },
    ),
    placements: Type.Array(PlacementFact, { maxItems: 200 }),
    selfFoundJobs: Type.Optional(Type.Array(SelfFoundJobFact, { maxItems: 200 })),
    loans: Type.Array(LoanFact, { maxItems: 50 }),
    businesses: Type.Array(BusinessFact, { maxItems: 50 }),
  },
  { additionalProperties: false },
)

export const EmployerFacts = Type.Object(
  {
    employerId: Id,
    sizeClass: Type.Enum(sizeClasses),
    placements: Type.Array(PlacementFact, { maxItems: 20_000 }),
    loans: Type.Array(LoanFact, { maxItems: 50 }),
  },
  { additionalProperties: false },
)

export const ProviderFacts = Type.Object(
  {
    providerId: Id,
    /** Courses the provider ran or evaluated. */
    courses: Type.Array(CourseFact, { maxItems: 500 }),
  },
  { additionalProperties: false },
)

export const IntermediaryFacts = Type.Object(
  {
    intermediaryId: Id,
    /** 合法资质 (licensed HR firm, training institution, export base or certified broker). */
    qualified: Type.Boolean(),
    placements: Type.Array(PlacementFact, { maxItems: 20_000 }),
  },
  { additionalProperties: false },
)

export const IncubationBaseFacts = Type.Object(
  {
    baseId: Id,
    countyCode: Type.String({ pattern: '^[0-9]{6}$' }),
    /** The county is a 乡村振兴重点帮扶县 (from the key-county list). */
    inKeyCounty: Type.Boolean(),
    openedOn: Day,
    /** 正常运营: not suspended. */
    operating: Type.Boolean(),
    entities: Type.Integer({ minimum: 0, maximum: 100_000 }),
    povertyEmployed: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
)

export type EnrollmentFact = Static<typeof EnrollmentFact>
export type CourseFact = Static<typeof CourseFact>
export type PlacementFact = Static<typeof PlacementFact>
export type LoanFact = Static<typeof LoanFact>
export type BusinessFact = Static<typeof BusinessFact>
export type LaborerFacts = Static<typeof LaborerFacts>
export type SelfFoundJobFact = Static<typeof SelfFoundJobFact>
export type EmployerFacts = Static<typeof EmployerFacts>
export type ProviderFacts = Static<typeof ProviderFacts>
export type IntermediaryFacts = Static<typeof IntermediaryFacts>
export type IncubationBaseFacts = Static<typeof IncubationBaseFacts>

export const beneficiaryKinds = ['laborer', 'employer', 'provider', 'intermediary', 'incubation_base'] as const
export type BeneficiaryKind = (typeof beneficiaryKinds)[number]

export interface FactsOf {
  laborer: LaborerFacts
  employer: EmployerFacts
  provider: ProviderFacts
  intermediary: IntermediaryFacts
  incubation_base: IncubationBaseFacts
}
