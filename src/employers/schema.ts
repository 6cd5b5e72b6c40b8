import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { stations } from '../network/schema'

export const sizeClasses = ['micro', 'small', 'medium', 'large'] as const
export type SizeClass = (typeof sizeClasses)[number]

export const employers = sqliteTable('employers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  /** 统一社会信用代码 (GB 32100), check digit validated. */
  creditCode: text('credit_code').notNull().unique(),
  sizeClass: text('size_class', { enum: sizeClasses }).notNull(),
  /** Province, city or county code anywhere in China. */
  regionCode: text('region_code').notNull(),
  contactName: text('contact_name').notNull().default(''),
  contactPhone: text('contact_phone').notNull().default(''),
  /** Registered by this out-of-province station (岗位收集): only that station sees and changes it. */
  stationId: integer('station_id').references(() => stations.id),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

export type Employer = typeof employers.$inferSelect
