import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { laborers } from '../laborers/schema'
import { beneficiaryKinds, loanKinds } from './facts'

/** 培训主体 and 评价机构: one body may both train and evaluate. */
export const providerKinds = ['training', 'evaluation', 'both'] as const

export const trainingProviders = sqliteTable('training_providers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  kind: text('kind', { enum: providerKinds }).notNull(),
  /** County (or city) the provider is registered in; area officials see providers of their area. */
  regionCode: text('region_code').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** 普通 (open to anyone who wants it), 订单式, 定向式 */
export const courseModes = ['open', 'order', 'directed'] as const
export type CourseMode = (typeof courseModes)[number]

export const trainingCourses = sqliteTable(
  'training_courses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => trainingProviders.id),
    evaluatorId: integer('evaluator_id').references(() => trainingProviders.id),
    occupation: text('occupation').notNull(),
    days: integer('days').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    skillsProgram: integer('skills_program', { mode: 'boolean' }).notNull(),
    centralized: integer('centralized', { mode: 'boolean' }).notNull(),
    /** County (6 digits) or township (9 digits) where the course is held; null for courses recorded before places were kept. */
    placeCode: text('place_code'),
    /** Seats offered; null when not limited. */
    seats: integer('seats'),
    /** open (anyone who wants it), order (订单式: for an employer's postings), directed (定向式: for an employer's kind of work). */
    mode: text('mode', { enum: courseModes }).notNull().default('open'),
    /** The employer an ordered or directed course trains for. */
    employerId: integer('employer_id'),
    /** The employer's postings its trainees are proposed to on completion. */
    jobIds: text('job_ids', { mode: 'json' }).$type<number[]>().notNull().default([]),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('training_courses_place_idx').on(t.placeCode, t.startDate), index('training_courses_provider_idx').on(t.providerId), index('training_courses_evaluator_idx').on(t.evaluatorId)],
)

export const trainingEnrollments = sqliteTable(
  'training_enrollments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courseId: integer('course_id')
      .notNull()
      .references(() => trainingCourses.id),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    relocated: integer('relocated', { mode: 'boolean' }).notNull().default(false),
    completed: integer('completed', { mode: 'boolean' }).notNull().default(false),
    attendedDays: integer('attended_days').notNull().default(0),
    certificateTier: integer('certificate_tier'),
    employedAfter: integer('employed_after', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('training_enrollments_course_laborer_idx').on(t.courseId, t.laborerId), index('training_enrollments_laborer_idx').on(t.laborerId)],
)

/** 经营性人力资源服务企业、职业培训机构、劳务输出基地、劳务经纪人 */
export const intermediaryKinds = ['hr_firm', 'training_institution', 'export_base', 'broker'] as const

export const intermediaries = sqliteTable('intermediaries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  kind: text('kind', { enum: intermediaryKinds }).notNull(),
  regionCode: text('region_code').notNull(),
  /** 合法资质 / 经认定: checked by the human resources bureau. */
  qualified: integer('qualified', { mode: 'boolean' }).notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** 创业孵化基地、创业园区等创业载体, with the figures the reward rule reads. */
export const incubationBases = sqliteTable('incubation_bases', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  countyCode: text('county_code').notNull(),
  openedOn: text('opened_on').notNull(),
  operating: integer('operating', { mode: 'boolean' }).notNull(),
  entities: integer('entities').notNull(),
  povertyEmployed: integer('poverty_employed').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** 乡村振兴重点帮扶县: designated by the province, so kept as data. */
export const keyCounties = sqliteTable('key_counties', {
  countyCode: text('county_code').primaryKey(),
  designation: text('designation').notNull(),
})

export const borrowerKinds = ['laborer', 'employer'] as const

/** 创业担保贷款 and 小额信贷 as the interest-subsidy rules need them. */
export const loans = sqliteTable(
  'loans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    borrowerKind: text('borrower_kind', { enum: borrowerKinds }).notNull(),
    borrowerId: integer('borrower_id').notNull(),
    kind: text('kind', { enum: loanKinds }).notNull(),
    principal: integer('principal').notNull(),
    rateBasisPoints: integer('rate_basis_points').notNull(),
    termMonths: integer('term_months').notNull(),
    issuedOn: text('issued_on').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('loans_borrower_idx').on(t.borrowerKind, t.borrowerId)],
)

/** 个体工商户 registered by a laborer, for the 3-year tax deduction. */
export const individualBusinesses = sqliteTable(
  'individual_businesses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    registeredOn: text('registered_on').notNull(),
    qualifies: integer('qualifies', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('individual_businesses_laborer_idx').on(t.laborerId)],
)

/**
 * The grants ledger. `key` names the facts paid for (one enrollment, one laborer's
 * transport in one year, one employer's reward …); its uniqueness is what makes a second
 * payment for the same facts impossible, whichever route or process tries.
 */
export const subsidyGrants = sqliteTable(
  'subsidy_grants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    ruleId: text('rule_id').notNull(),
    version: text('version').notNull(),
    beneficiaryKind: text('beneficiary_kind', { enum: beneficiaryKinds }).notNull(),
    beneficiaryId: integer('beneficiary_id').notNull(),
    amount: integer('amount').notNull(),
    facts: text('facts', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    note: text('note').notNull().default(''),
    tokenId: integer('token_id'),
    /** The batch (发放批次) that granted it, if any: cancelling the batch before payment reverses it. */
    batchId: integer('batch_id'),
    grantedAt: integer('granted_at').notNull(),
  },
  (t) => [
    uniqueIndex('subsidy_grants_key_idx').on(t.key),
    index('subsidy_grants_beneficiary_idx').on(t.beneficiaryKind, t.beneficiaryId),
    index('subsidy_grants_batch_idx').on(t.batchId),
  ],
)

export const batchStatuses = ['approved', 'paid', 'cancelled'] as const
export type BatchStatus = (typeof batchStatuses)[number]

/** One line of a batch as approved: kept on the batch, so a cancelled batch still shows what it held. */
export interface BatchLine {
  grantId: number
  key: string
  laborerId: number
  amount: number
}

/**
 * A batch of grants (发放批次) of one rule and year for an area, approved at once by a
 * county officer; its payment roll (发放花名册) is signed and paid. Cancelled before
 * payment, its grants leave the ledger (the keys can be paid again).
 */
export const subsidyBatches = sqliteTable(
  'subsidy_batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    scopeCode: text('scope_code').notNull(),
    ruleId: text('rule_id').notNull(),
    year: integer('year').notNull(),
    asOf: text('as_of').notNull(),
    status: text('status', { enum: batchStatuses }).notNull(),
    people: integer('people').notNull(),
    total: integer('total').notNull(),
    lines: text('lines', { mode: 'json' }).$type<BatchLine[]>().notNull(),
    note: text('note').notNull().default(''),
    tokenId: integer('token_id'),
    createdAt: integer('created_at').notNull(),
    paidAt: integer('paid_at'),
    cancelledAt: integer('cancelled_at'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [index('subsidy_batches_scope_idx').on(t.scopeCode)],
)

export type TrainingProvider = typeof trainingProviders.$inferSelect
export type TrainingCourse = typeof trainingCourses.$inferSelect
export type TrainingEnrollment = typeof trainingEnrollments.$inferSelect
export type Intermediary = typeof intermediaries.$inferSelect
export type IncubationBase = typeof incubationBases.$inferSelect
export type Loan = typeof loans.$inferSelect
export type IndividualBusiness = typeof individualBusinesses.$inferSelect
export type SubsidyGrant = typeof subsidyGrants.$inferSelect
export type SubsidyBatch = typeof subsidyBatches.$inferSelect
