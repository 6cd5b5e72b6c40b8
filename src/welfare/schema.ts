import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { publicWelfareCategories } from '../jobs/schema'
import { laborers } from '../laborers/schema'

export { publicWelfareCategories }
export type PublicWelfareCategory = (typeof publicWelfareCategories)[number]

export const welfarePostStatuses = ['active', 'closed'] as const

/**
 * A public-welfare post (公益性岗位), created by a county (以县统筹) for a village or a
 * township: one of the five categories, its duties, the monthly allowance (integer 元) and
 * the length of one term of service. Its holders are `welfare_post_terms`.
 */
export const welfarePosts = sqliteTable(
  'welfare_posts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    countyCode: text('county_code').notNull(),
    townshipCode: text('township_code').notNull(),
    /** The village (12 digits) or township (9 digits) the post serves. */
    regionCode: text('region_code').notNull(),
    category: text('category', { enum: publicWelfareCategories }).notNull(),
    title: text('title').notNull(),
    duties: text('duties').notNull(),
    /** 元 per month. */
    monthlyAllowance: integer('monthly_allowance').notNull(),
    /** Months of one term (聘期). */
    termMonths: integer('term_months').notNull(),
    status: text('status', { enum: welfarePostStatuses }).notNull().default('active'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('welfare_posts_county_idx').on(t.countyCode, t.id), index('welfare_posts_township_idx').on(t.townshipCode, t.status)],
)

export const termEndReasons = ['term_end', 'renewed', 'resigned', 'dismissed', 'post_closed'] as const
export type TermEndReason = (typeof termEndReasons)[number]

/**
 * One term of one holder on one post. A term is open while `endedOn` is null: one open
 * term per post (one holder at a time) and one per laborer (one post per person at a
 * time), both kept by the database. A term past its `endDate` is closed as `term_end`.
 */
export const welfareTerms = sqliteTable(
  'welfare_post_terms',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    postId: integer('post_id')
      .notNull()
      .references(() => welfarePosts.id),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    startDate: text('start_date').notNull(),
    /** Last day of the term as agreed. */
    endDate: text('end_date').notNull(),
    /** Last day actually served; null while the term is open. */
    endedOn: text('ended_on'),
    endReason: text('end_reason', { enum: termEndReasons }),
    /** The term this one renews. */
    renewalOf: integer('renewal_of'),
    tokenId: integer('token_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('welfare_terms_open_post_idx').on(t.postId).where(sql`ended_on is null`),
    uniqueIndex('welfare_terms_open_laborer_idx').on(t.laborerId).where(sql`ended_on is null`),
    index('welfare_terms_post_idx').on(t.postId, t.id),
    index('welfare_terms_due_idx').on(t.endDate).where(sql`ended_on is null`),
  ],
)

export type WelfarePost = typeof welfarePosts.$inferSelect
export type WelfareTerm = typeof welfareTerms.$inferSelect
