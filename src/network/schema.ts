import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** 市有园、县有中心、乡有站、村有专人 */
export const servicePointLevels = ['city', 'county', 'township', 'village'] as const
export type ServicePointLevel = (typeof servicePointLevels)[number]

export const partnerAreas = ['jingjinji', 'yangtze_delta', 'greater_bay', 'in_province', 'local', 'other'] as const
export type PartnerArea = (typeof partnerAreas)[number]

export interface StaffMember {
  name: string
  phone: string
  duty?: string
}

export const servicePoints = sqliteTable(
  'service_points',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    level: text('level', { enum: servicePointLevels }).notNull(),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    /** Township stations recruit three public-welfare staff; village points name one agent. */
    staff: text('staff', { mode: 'json' }).$type<StaffMember[]>().notNull().default([]),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('service_points_region_idx').on(t.regionCode, t.level)],
)

/** 省外劳务服务工作站: receive point-to-point groups and look after laborers there. */
export const stations = sqliteTable(
  'stations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    provinceCode: text('province_code').notNull(),
    cityCode: text('city_code').notNull(),
    partnerArea: text('partner_area', { enum: partnerAreas }).notNull(),
    address: text('address').notNull().default(''),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('stations_city_idx').on(t.cityCode)],
)

export type ServicePoint = typeof servicePoints.$inferSelect
export type Station = typeof stations.$inferSelect
