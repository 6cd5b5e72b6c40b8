import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** 农民就业 (all), 省内转移, 省际输出, 在乡创业就业, 公益岗位 */
export const categories = ['rural_employment', 'in_province', 'cross_province', 'local', 'public_welfare'] as const
export type Category = (typeof categories)[number]

/** All laborers, or 脱贫劳动力（含防返贫监测对象）. */
export const groups = ['all', 'poverty'] as const
export type Group = (typeof groups)[number]

/**
 * Targets set for a county (or the city, by its 4-digit code) in a year. A county without
 * a row gets a share of the city's target (see `targets.ts`).
 */
export const reportTargets = sqliteTable(
  'report_targets',
  {
    year: integer('year').notNull(),
    regionCode: text('region_code').notNull(),
    category: text('category', { enum: categories }).notNull(),
    group: text('group', { enum: groups }).notNull(),
    target: integer('target').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.regionCode, t.category, t.group] })],
)

export type ReportTarget = typeof reportTargets.$inferSelect

/**
 * Each employment event with the day the next event of the same laborer replaced it: the
 * span during which it was that laborer's status. Derived from `employment_events`
 * (append-only); kept so that a laborer's new or back-dated event can take back exactly
 * what their old spans added to `employment_daily`.
 */
export const employmentIntervals = sqliteTable(
  'employment_intervals',
  {
    eventId: integer('event_id').primaryKey(),
    laborerId: integer('laborer_id').notNull(),
    countyCode: text('county_code').notNull(),
    povertyStatus: text('poverty_status').notNull(),
    status: text('status').notNull(),
    /** YYYYMMDD of the event's effective date. */
    validFrom: integer('valid_from').notNull(),
    /** YYYYMMDD of the next event's effective date; null while it is the laborer's latest. */
    validUntil: integer('valid_until'),
  },
  (t) => [
    index('employment_intervals_laborer_idx').on(t.laborerId),
    // A county's townships (GET /reports/townships, the county's progress summary) read one
    // county's spans; without it every span of the city was scanned.
    index('employment_intervals_county_idx').on(t.countyCode, t.validFrom),
  ],
)

/**
 * Net change of the employment stock per day, county, poverty status and status: +1 where
 * a span begins, −1 where it ends. The stock as of a day is the sum up to that day, a scan
 * of at most days × 270 rows however many laborers there are.
 */
export const employmentDaily = sqliteTable(
  'employment_daily',
  {
    day: integer('day').notNull(),
    countyCode: text('county_code').notNull(),
    povertyStatus: text('poverty_status').notNull(),
    status: text('status').notNull(),
    delta: integer('delta').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.countyCode, t.povertyStatus, t.status] }),
    // Covering, in GROUP BY order: a report reads it front to back without sorting.
    index('employment_daily_group_idx').on(t.countyCode, t.povertyStatus, t.status, t.day, t.delta),
  ],
)

/** How far derived report tables have read their source (the highest event id folded in). */
export const reportWatermarks = sqliteTable('report_watermarks', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
})
