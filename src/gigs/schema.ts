import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { laborers } from '../laborers/schema'

/** Paid by the day or for the whole task. */
export const gigUnits = ['day', 'task'] as const
export const gigStatuses = ['open', 'cancelled', 'done'] as const
export const posterKinds = ['employer', 'staff'] as const

/**
 * A short job in the county (零工): a day or a few days, or one task, posted by an
 * employer or by township staff for someone in their township, shown on the kiosk board
 * of the county from the day before it starts until its last day.
 */
export const gigs = sqliteTable(
  'gigs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    countyCode: text('county_code').notNull(),
    townshipCode: text('township_code').notNull(),
    /** Township or village where the work is. */
    regionCode: text('region_code').notNull(),
    address: text('address').notNull().default(''),
    title: text('title').notNull(),
    occupation: text('occupation').notNull(),
    description: text('description').notNull().default(''),
    /** First and last day of work, YYYY-MM-DD (Asia/Shanghai). */
    workDate: text('work_date').notNull(),
    lastDate: text('last_date').notNull(),
    unit: text('unit', { enum: gigUnits }).notNull(),
    /** 元 per day or for the task. */
    pay: integer('pay').notNull(),
    slots: integer('slots').notNull(),
    /** Confirmed sign-ups, kept with each confirmation so the board reads one row. */
    confirmed: integer('confirmed').notNull().default(0),
    contact: text('contact').notNull().default(''),
    posterKind: text('poster_kind', { enum: posterKinds }).notNull(),
    employerId: integer('employer_id'),
    tokenId: integer('token_id'),
    status: text('status', { enum: gigStatuses }).notNull().default('open'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('gigs_board_idx').on(t.countyCode, t.lastDate, t.workDate), index('gigs_employer_idx').on(t.employerId, t.id)],
)

export const signupStatuses = ['signed', 'confirmed', 'declined', 'done', 'absent', 'withdrawn'] as const
export type SignupStatus = (typeof signupStatuses)[number]

/** A registered laborer's sign-up for a gig, made at a kiosk by ID number (no account). */
export const gigSignups = sqliteTable(
  'gig_signups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    gigId: integer('gig_id')
      .notNull()
      .references(() => gigs.id),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    servicePointId: integer('service_point_id'),
    status: text('status', { enum: signupStatuses }).notNull().default('signed'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('gig_signups_gig_laborer_idx').on(t.gigId, t.laborerId), index('gig_signups_laborer_idx').on(t.laborerId)],
)

export type Gig = typeof gigs.$inferSelect
export type GigSignup = typeof gigSignups.$inferSelect
