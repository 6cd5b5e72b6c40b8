import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { employers } from '../employers/schema'
import type { Certificate } from '../laborers/schema'
import { partnerAreas, stations } from '../network/schema'

export const wageUnits = ['month', 'day', 'task', 'piece'] as const
export const jobTypes = ['regular', 'public_welfare', 'temporary', 'platform_gig', 'assistance_workshop'] as const
/** 公共管理类、公共服务类、社会事业类、设施维护类、社会治理类 */
export const publicWelfareCategories = [
  'public_management',
  'public_service',
  'social_undertaking',
  'facility_maintenance',
  'social_governance',
] as const
export const temporaryUnits = ['month', 'day', 'task'] as const
/** 外卖、即时配送、同城货运 */
export const gigKinds = ['food_delivery', 'instant_delivery', 'city_freight'] as const
export const laborBrands = ['xinzhou_yuesao', 'fanshi_xiuniang', 'wutai_wagong', 'baode_siji'] as const
export const jobStatuses = ['open', 'filled', 'closed'] as const

export type JobType = (typeof jobTypes)[number]
export type LaborBrand = (typeof laborBrands)[number]
export type WageUnit = (typeof wageUnits)[number]

export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    /** Feed the posting came from ('manual' for postings typed in) and its id there. */
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    provinceCode: text('province_code').notNull(),
    cityCode: text('city_code'),
    countyCode: text('county_code'),
    partnerArea: text('partner_area', { enum: partnerAreas }).notNull(),
    occupation: text('occupation').notNull(),
    skillTags: text('skill_tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    certificatesRequired: text('certificates_required', { mode: 'json' }).$type<Certificate[]>().notNull().default([]),
    openings: integer('openings').notNull(),
    openingsLeft: integer('openings_left').notNull(),
    /** Integer 元 per `wageUnit`. */
    wageMin: integer('wage_min').notNull(),
    wageMax: integer('wage_max').notNull(),
    wageUnit: text('wage_unit', { enum: wageUnits }).notNull(),
    benefits: text('benefits', { mode: 'json' }).$type<string[]>().notNull().default([]),
    contractMonths: integer('contract_months').notNull(),
    startDate: text('start_date').notNull(),
    deadline: text('deadline').notNull(),
    type: text('type', { enum: jobTypes }).notNull(),
    publicWelfareCategory: text('public_welfare_category', { enum: publicWelfareCategories }),
    temporaryUnit: text('temporary_unit', { enum: temporaryUnits }),
    gigKind: text('gig_kind', { enum: gigKinds }),
    laborBrand: text('labor_brand', { enum: laborBrands }),
    status: text('status', { enum: jobStatuses }).notNull().default('open'),
    /** Collected by this out-of-province station (岗位收集, source 'station'): shown as 工作站推荐, changed only by it. */
    stationId: integer('station_id').references(() => stations.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('jobs_source_external_idx').on(t.source, t.externalId),
    index('jobs_employer_idx').on(t.employerId),
    index('jobs_status_idx').on(t.status, t.partnerArea),
    index('jobs_station_idx').on(t.stationId),
  ],
)

export type Job = typeof jobs.$inferSelect
export type NewJob = typeof jobs.$inferInsert
