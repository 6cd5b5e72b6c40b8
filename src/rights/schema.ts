import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { laborers } from '../laborers/schema'
import { stations } from '../network/schema'

/** 欠薪, 工伤, 劳动合同纠纷, 社保, 其他 */
export const rightsCaseTypes = ['wage_arrears', 'work_injury', 'labor_contract', 'social_insurance', 'other'] as const
export type RightsCaseType = (typeof rightsCaseTypes)[number]
export const rightsCaseTypeLabels: Record<RightsCaseType, string> = {
  wage_arrears: '欠薪',
  work_injury: '工伤',
  labor_contract: '劳动合同纠纷',
  social_insurance: '社保',
  other: '其他',
}

/** 受理, 处理中, 已解决, 转交 (handed to labour inspection, arbitration or a court: still followed). */
export const rightsCaseStatuses = ['accepted', 'in_progress', 'resolved', 'referred'] as const
export type RightsCaseStatus = (typeof rightsCaseStatuses)[number]
export const rightsCaseStatusLabels: Record<RightsCaseStatus, string> = {
  accepted: '受理',
  in_progress: '处理中',
  resolved: '已解决',
  referred: '转交',
}

/**
 * 维权案件: a laborer's case of withheld wages, injury, a contract dispute or social
 * insurance, opened by an out-of-province station (for laborers dispatched to it) or a
 * county officer. The laborer's home area is copied so county lists and reports need no join.
 */
export const rightsCases = sqliteTable(
  'rights_cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    countyCode: text('county_code').notNull(),
    townshipCode: text('township_code').notNull(),
    /** The station that opened it (only that station sees it); null when a county opened it. */
    stationId: integer('station_id').references(() => stations.id),
    type: text('type', { enum: rightsCaseTypes }).notNull(),
    status: text('status', { enum: rightsCaseStatuses }).notNull().default('accepted'),
    employerName: text('employer_name').notNull().default(''),
    description: text('description').notNull().default(''),
    /** 元. */
    amountClaimed: integer('amount_claimed').notNull().default(0),
    amountRecovered: integer('amount_recovered').notNull().default(0),
    /** YYYY-MM-DD (Asia/Shanghai). */
    openedDate: text('opened_date').notNull(),
    /** The day it was last marked 已解决; null while not resolved. */
    resolvedDate: text('resolved_date'),
    openedBy: integer('opened_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('rights_cases_county_idx').on(t.countyCode, t.openedDate),
    index('rights_cases_station_idx').on(t.stationId),
    index('rights_cases_laborer_idx').on(t.laborerId),
  ],
)

/** The case's history: every note, with the status and money recovered it brought. */
export const rightsCaseNotes = sqliteTable(
  'rights_case_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => rightsCases.id),
    note: text('note').notNull(),
    /** The status it set; null: unchanged. */
    status: text('status', { enum: rightsCaseStatuses }),
    /** 元 recovered by this step (the case's total rose by this much); counted in reports on `day`. */
    recoveredDelta: integer('recovered_delta').notNull().default(0),
    /** YYYY-MM-DD (Asia/Shanghai). */
    day: text('day').notNull(),
    tokenId: integer('token_id'),
    at: integer('at').notNull(),
  },
  (t) => [index('rights_case_notes_case_idx').on(t.caseId), index('rights_case_notes_day_idx').on(t.day)],
)

export type RightsCase = typeof rightsCases.$inferSelect
export type RightsCaseNote = typeof rightsCaseNotes.$inferSelect
