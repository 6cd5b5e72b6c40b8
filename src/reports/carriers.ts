import type { Sqlite } from '../db/database'

/**
 * 就地就近就业 by carrier (plan §二(二): 公益岗位、帮扶车间、零工市场、自主创业 and local
 * enterprises), counted from employment records: a laborer counts once in a period, under
 * the first carrier below among the local records that overlap it (a 公益性岗位 holder who
 * also did a gig counts as 公益岗位). Forms map to carriers as data.
 */
export const carriers = ['public_welfare', 'workshop', 'gig', 'entrepreneurship', 'local_enterprise'] as const
export type Carrier = (typeof carriers)[number]

export const carrierNames: Record<Carrier, string> = {
  public_welfare: '公益岗位',
  workshop: '帮扶车间',
  gig: '零工',
  entrepreneurship: '自主创业',
  local_enterprise: '本地企业',
}

/** Employment form → carrier (forms not listed are not local work). */
export const carrierOfForm: Record<string, Carrier> = {
  public_welfare_post: 'public_welfare',
  workshop: 'workshop',
  flexible: 'gig',
  self_employed: 'entrepreneurship',
  local: 'local_enterprise',
}

export interface CarrierRow {
  countyCode: string
  carrier: Carrier
  all: number
  poverty: number
}

/** Laborers per county and carrier with a local record overlapping [from, to]. */
export function countCarriers(sqlite: Sqlite, from: string, to: string): CarrierRow[] {
  const forms = Object.keys(carrierOfForm)
  const rank = forms.map((f, i) => `WHEN '${f}' THEN ${i}`).join(' ')
  const rows = sqlite
    .prepare(
      `SELECT county_code AS countyCode, rank, count(*) AS n, sum(poverty) AS poverty FROM (
         SELECT l.county_code, l.poverty_status IN ('poverty_alleviated', 'monitored') AS poverty,
                min(CASE r.form ${rank} END) AS rank
           FROM employment_records r JOIN laborers l ON l.id = r.laborer_id
          WHERE r.form IN (${forms.map(() => '?').join(',')}) AND r.start_date <= ? AND (r.end_date IS NULL OR r.end_date >= ?)
          GROUP BY r.laborer_id)
       GROUP BY county_code, rank`,
    )
    .all(...forms, to, from) as { countyCode: string; rank: number; n: number; poverty: number }[]
  return rows.map((r) => ({ countyCode: r.countyCode, carrier: carrierOfForm[forms[r.rank]], all: r.n, poverty: r.poverty ?? 0 }))
}
