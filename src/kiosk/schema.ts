import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { jobs } from '../jobs/schema'
import { servicePoints } from '../network/schema'

/**
 * "请工作人员帮我报名": a laborer at a kiosk asks the staff for help with a posting. No
 * personal data is typed at the kiosk; the staff of the service point where the kiosk
 * stands come over, or follow up.
 */
export const kioskInterests = sqliteTable(
  'kiosk_interests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id),
    servicePointId: integer('service_point_id')
      .notNull()
      .references(() => servicePoints.id),
    /** The service point's region, copied so staff lists filter by area without a join. */
    regionCode: text('region_code').notNull(),
    createdAt: integer('created_at').notNull(),
    handledAt: integer('handled_at'),
    handledBy: integer('handled_by'),
  },
  (t) => [index('kiosk_interests_region_idx').on(t.regionCode, t.handledAt)],
)

