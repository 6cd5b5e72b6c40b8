import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { laborers } from '../laborers/schema'

/** 入户 / 电话 / 微信 */
export const visitMethods = ['home', 'phone', 'wechat'] as const
export type VisitMethod = (typeof visitMethods)[number]
export const visitMethodLabels: Record<VisitMethod, string> = { home: '入户', phone: '电话', wechat: '微信' }

/** 在岗 / 已返乡 / 有困难 / 联系不上 */
export const visitOutcomes = ['working', 'returned', 'difficulty', 'unreachable'] as const
export type VisitOutcome = (typeof visitOutcomes)[number]
export const visitOutcomeLabels: Record<VisitOutcome, string> = { working: '在岗', returned: '已返乡', difficulty: '有困难', unreachable: '联系不上' }

/** A laborer not visited for this many days is overdue (超过30天未走访), unless a later visit was planned. */
export const VISIT_OVERDUE_DAYS = 30

/**
 * Follow-up visits (走访 / 回访) of a laborer by the service network. The laborer's home
 * area is copied so the township's table counts without a join.
 */
export const visits = sqliteTable(
  'visits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    villageCode: text('village_code').notNull(),
    townshipCode: text('township_code').notNull(),
    countyCode: text('county_code').notNull(),
    /** YYYY-MM-DD (Asia/Shanghai). */
    visitDate: text('visit_date').notNull(),
    /** Who visited, as written (defaults to the signed-in account's label). */
    visitor: text('visitor').notNull(),
    method: text('method', { enum: visitMethods }).notNull(),
    outcome: text('outcome', { enum: visitOutcomes }).notNull(),
    note: text('note').notNull().default(''),
    nextVisitDue: text('next_visit_due'),
    clientId: text('client_id'),
    tokenId: integer('token_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('visits_laborer_idx').on(t.laborerId, t.visitDate),
    index('visits_village_idx').on(t.villageCode, t.visitDate),
    uniqueIndex('visits_client_idx').on(t.clientId).where(sql`client_id IS NOT NULL`),
  ],
)

export type Visit = typeof visits.$inferSelect
