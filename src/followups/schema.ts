import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { laborers } from '../laborers/schema'
import { stations } from '../network/schema'
import { placements } from '../placements/schema'

/** 在岗, 换岗, 离职, 返乡 */
export const followUpOutcomes = ['in_job', 'changed_job', 'left', 'returned_home'] as const
export type FollowUpOutcome = (typeof followUpOutcomes)[number]
export const followUpOutcomeLabels: Record<FollowUpOutcome, string> = {
  in_job: '在岗',
  changed_job: '换岗',
  left: '离职',
  returned_home: '返乡',
}
/** Months after arrival a station asks again. */
export const followUpMonths = [1, 3] as const

/**
 * 跟踪服务: a station's word, 1 and 3 months after a laborer arrived, on whether they are
 * still in the job. One per placement and milestone.
 */
export const stationFollowUps = sqliteTable(
  'station_follow_ups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    placementId: integer('placement_id')
      .notNull()
      .references(() => placements.id),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    /** 1 or 3: months after arrival. */
    month: integer('month').notNull(),
    outcome: text('outcome', { enum: followUpOutcomes }).notNull(),
    note: text('note').notNull().default(''),
    /** YYYY-MM-DD (Asia/Shanghai) it was recorded. */
    day: text('day').notNull(),
    /** The employment record it ended, and the one it started (换岗). */
    endedEmploymentId: integer('ended_employment_id'),
    newEmploymentId: integer('new_employment_id'),
    tokenId: integer('token_id'),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('station_follow_ups_placement_idx').on(t.placementId, t.month)],
)

export type StationFollowUp = typeof stationFollowUps.$inferSelect
