import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { employers } from '../employers/schema'
import { laborers } from '../laborers/schema'
import { placements } from '../placements/schema'

/**
 * 就业形式. The first five keys are also employment statuses (src/laborers/schema.ts) and
 * mean the same; 灵活就业 and 帮扶车间 count as local work (see `statusOfForm` in ./status).
 */
export const employmentForms = [
  'cross_province',
  'in_province',
  'local',
  'public_welfare_post',
  'self_employed',
  'flexible',
  'workshop',
] as const
export type EmploymentForm = (typeof employmentForms)[number]

export const formLabels: Record<EmploymentForm, string> = {
  cross_province: '省外务工',
  in_province: '省内县外务工',
  local: '县内务工',
  public_welfare_post: '公益性岗位',
  self_employed: '自主创业',
  flexible: '灵活就业',
  workshop: '帮扶车间',
}

/** Why a job ended (务工结束原因). */
export const endReasons = ['contract_ended', 'quit', 'dismissed', 'shutdown', 'injury', 'unpaid_wages', 'caregiving', 'other'] as const
export type EndReason = (typeof endReasons)[number]

export const endReasonLabels: Record<EndReason, string> = {
  contract_ended: '合同到期',
  quit: '主动离职',
  dismissed: '被辞退',
  shutdown: '企业停产',
  injury: '工伤',
  unpaid_wages: '欠薪',
  caregiving: '返乡照料',
  other: '其他',
}

/**
 * Where an employment record came from: THE one list (add a source here, nothing else
 * changes; the column has no CHECK constraint). `selfFound` records (自主就业, reported by
 * the laborer, family, the village agent or the employer) wait for a township's
 * verification before transport subsidies count them; `reportable` ones may be given in
 * `POST /laborers/{id}/employments`; the others are written by the domain named.
 */
export const employmentSourceInfo = {
  placement: { label: '平台安置', selfFound: false, reportable: false },
  registry: { label: '登记或导入时已就业', selfFound: false, reportable: false },
  self_reported: { label: '本人报告', selfFound: true, reportable: true },
  family_reported: { label: '家属报告', selfFound: true, reportable: true },
  agent_reported: { label: '村专员走访了解', selfFound: true, reportable: true },
  employer_reported: { label: '用人单位报告', selfFound: true, reportable: true },
  welfare_post: { label: '公益性岗位安置', selfFound: false, reportable: false },
  workshop: { label: '帮扶车间吸纳', selfFound: false, reportable: false },
  gig: { label: '零工市场', selfFound: false, reportable: false },
  station_follow_up: { label: '工作站回访', selfFound: false, reportable: false },
} as const satisfies Record<string, { label: string; selfFound: boolean; reportable: boolean }>
export type EmploymentSource = keyof typeof employmentSourceInfo
export const employmentSources = Object.keys(employmentSourceInfo) as EmploymentSource[]
export const reportableSources = employmentSources.filter((s) => employmentSourceInfo[s].reportable)
export const selfFoundSources = employmentSources.filter((s) => employmentSourceInfo[s].selfFound)

/**
 * Every job a laborer holds (就业记录): from a placement, found by the laborer, or
 * recorded by another domain. Open while `end_date` is null; the laborer's employment
 * status follows from the open records (./status). The laborer's home area is copied so
 * that township queues and report breakdowns need no join.
 */
export const employmentRecords = sqliteTable(
  'employment_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    villageCode: text('village_code').notNull(),
    townshipCode: text('township_code').notNull(),
    countyCode: text('county_code').notNull(),
    /** A registered employer, or null with the name as written in `employerName`. */
    employerId: integer('employer_id').references(() => employers.id),
    employerName: text('employer_name').notNull().default(''),
    /** Division code of the work place (province down to village); null when unknown (old registry rows). */
    placeCode: text('place_code'),
    /** Derived from the place (京津冀, 长三角, …); null when the place is unknown. */
    partnerArea: text('partner_area'),
    form: text('form', { enum: employmentForms }).notNull(),
    /** YYYY-MM-DD (Asia/Shanghai). */
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    endReason: text('end_reason', { enum: endReasons }),
    endNote: text('end_note').notNull().default(''),
    /** 元 per month. */
    monthlyIncome: integer('monthly_income'),
    source: text('source').$type<EmploymentSource>().notNull(),
    note: text('note').notNull().default(''),
    placementId: integer('placement_id').references(() => placements.id),
    /** Client-generated ids of the offline workbench: a write sent twice is recorded once. */
    clientId: text('client_id'),
    endClientId: text('end_client_id'),
    recordedBy: integer('recorded_by'),
    endedBy: integer('ended_by'),
    verifiedBy: integer('verified_by'),
    verifiedAt: integer('verified_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('employment_records_laborer_idx').on(t.laborerId, t.endDate),
    index('employment_records_township_idx').on(t.townshipCode, t.verifiedAt),
    index('employment_records_start_idx').on(t.startDate, t.countyCode),
    uniqueIndex('employment_records_placement_idx').on(t.placementId).where(sql`placement_id IS NOT NULL`),
    uniqueIndex('employment_records_client_idx').on(t.clientId).where(sql`client_id IS NOT NULL`),
    uniqueIndex('employment_records_end_client_idx').on(t.endClientId).where(sql`end_client_id IS NOT NULL`),
  ],
)

export type EmploymentRecord = typeof employmentRecords.$inferSelect
export type NewEmploymentRecord = typeof employmentRecords.$inferInsert
