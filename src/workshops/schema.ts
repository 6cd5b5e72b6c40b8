import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { employers } from '../employers/schema'

/** 帮扶车间、社区工厂、卫星工厂: the local carriers the plan names besides public-welfare posts. */
export const carrierKinds = ['assistance_workshop', 'community_factory', 'satellite_factory'] as const
export type CarrierKind = (typeof carrierKinds)[number]

/**
 * A local carrier of employment. It hires as an employer (its postings are of type
 * `assistance_workshop`, its hires are placements), so the employer-side subsidy rules
 * and the ≥ 6-month retention rule read it as they read any employer.
 */
export const workshops = sqliteTable(
  'workshops',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: carrierKinds }).notNull(),
    countyCode: text('county_code').notNull(),
    townshipCode: text('township_code').notNull(),
    /** Village (12 digits) or township (9 digits) where it stands. */
    regionCode: text('region_code').notNull(),
    address: text('address').notNull().default(''),
    /** Who runs it (a company, a cooperative, a person), as people name it. */
    operator: text('operator').notNull(),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    product: text('product').notNull(),
    capacity: integer('capacity').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('workshops_employer_idx').on(t.employerId), index('workshops_county_idx').on(t.countyCode, t.id)],
)

export type Workshop = typeof workshops.$inferSelect
