import type { Db } from '../db/database'
import { addDays } from '../calendar'

/** A monitored household's laborer the township and county should look at. */
export interface HouseholdAlert {
  kind: 'monitored_unemployed' | 'monitored_job_lost'
  laborerId: number
  name: string
  countyCode: string
  townshipCode: string
  /** YYYY-MM-DD the condition began (unemployed since; the job's end). */
  since: string
  endReason: string | null
}

const areaColumn = (prefix: string) =>
  prefix.length === 12 ? 'l.village_code = @area' : prefix.length === 9 ? 'l.township_code = @area' : prefix.length === 6 ? 'l.county_code = @area' : "l.county_code LIKE @area || '%'"

/**
 * 防返贫监测对象 at risk, in an area: unemployed for more than 30 days (since their last
 * status change), or whose job ended with 欠薪 or 工伤 and who has had no visit since.
 */
export function householdAlerts(db: Db, prefix: string, today: string): HouseholdAlert[] {
  const area = areaColumn(prefix)
  const unemployed = db.$client
    .prepare(
      `SELECT 'monitored_unemployed' AS kind, id AS laborerId, name, countyCode, townshipCode, since, NULL AS endReason FROM (
         SELECT l.id, l.name, l.county_code AS countyCode, l.township_code AS townshipCode,
           (SELECT max(e.effective_date) FROM employment_events e WHERE e.laborer_id = l.id) AS since
         FROM laborers l WHERE ${area} AND l.poverty_status = 'monitored' AND l.employment_status = 'unemployed')
       WHERE since < @cutoff ORDER BY since, id`,
    )
    .all({ area: prefix, cutoff: addDays(today, -30) }) as HouseholdAlert[]
  const lost = db.$client
    .prepare(
      `SELECT 'monitored_job_lost' AS kind, l.id AS laborerId, l.name, l.county_code AS countyCode, l.township_code AS townshipCode,
         r.end_date AS since, r.end_reason AS endReason
       FROM employment_records r JOIN laborers l ON l.id = r.laborer_id
       WHERE ${area} AND l.poverty_status = 'monitored' AND r.end_reason IN ('unpaid_wages', 'injury')
         AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.laborer_id = l.id AND v.visit_date >= r.end_date)
       ORDER BY r.end_date, r.id`,
    )
    .all({ area: prefix }) as HouseholdAlert[]
  return [...lost, ...unemployed]
}
