import type { Statement } from 'better-sqlite3'
import type { Sqlite } from '../db/database'
import { addDays } from '../calendar'
import { VISIT_OVERDUE_DAYS } from './schema'

/**
 * The workbench's read models, in plain SQL on cached statements (a township's 3,500
 * laborers, a village's 200, at the 600k registry).
 *
 * Definitions (one place):
 * - employed: an employment status other than unemployed (it follows from open employment records);
 * - unemployed wanting work: unemployed with a destination wish or an availability date;
 * - visit overdue (超过30天未走访): no visit in the last 30 days, and no later visit planned
 *   (a visit's next-visit-due still ahead).
 */
const WANTS_WORK = `(l.destination_wishes <> '[]' OR l.available_from IS NOT NULL)`
const VISITED = `EXISTS (SELECT 1 FROM visits v WHERE v.laborer_id = l.id AND (v.visit_date > @since OR v.next_visit_due >= @today))`

const statements = new WeakMap<Sqlite, Map<string, Statement>>()
function prepared(sqlite: Sqlite, text: string): Statement {
  let cache = statements.get(sqlite)
  if (!cache) statements.set(sqlite, (cache = new Map()))
  let statement = cache.get(text)
  if (!statement) cache.set(text, (statement = sqlite.prepare(text)))
  return statement
}

export interface VillageRow {
  villageCode: string
  laborers: number
  employed: number
  unemployedWantingWork: number
  monitored: number
  visitsOverdue: number
}

/** Per village of a township: laborers, employed, unemployed wanting work, monitored, visits overdue. */
export function townshipTable(sqlite: Sqlite, townshipCode: string, today: string): VillageRow[] {
  return prepared(
    sqlite,
    `SELECT l.village_code AS villageCode, count(*) AS laborers,
       sum(l.employment_status <> 'unemployed') AS employed,
       sum(l.employment_status = 'unemployed' AND ${WANTS_WORK}) AS unemployedWantingWork,
       sum(l.poverty_status = 'monitored') AS monitored,
       sum(NOT ${VISITED}) AS visitsOverdue
     FROM laborers l WHERE l.township_code = @township GROUP BY l.village_code ORDER BY l.village_code`,
  ).all({ township: townshipCode, today, since: addDays(today, -VISIT_OVERDUE_DAYS) }) as VillageRow[]
}

/**
 * A village's laborers for the agent's list and cards (masked PII only: this is what the
 * phone keeps offline), as JSON text built by SQLite, in id order.
 */
export function villageRoster(sqlite: Sqlite, villageCode: string, today: string): string[] {
  return prepared(
    sqlite,
    `SELECT json_object('id', l.id, 'name', l.name, 'gender', l.gender, 'birthDate', l.birth_date,
       'idNumber', l.id_masked, 'phone', l.phone_masked, 'villageCode', l.village_code,
       'povertyStatus', l.poverty_status, 'employmentStatus', l.employment_status,
       'trainingWishes', json(l.training_wishes), 'destinationWishes', json(l.destination_wishes),
       'skills', json(l.skills), 'expectedWage', l.expected_wage, 'availableFrom', l.available_from,
       'wantsWork', json(CASE WHEN l.employment_status = 'unemployed' AND ${WANTS_WORK} THEN 'true' ELSE 'false' END),
       'lastVisitDate', (SELECT max(v.visit_date) FROM visits v WHERE v.laborer_id = l.id),
       'visitOverdue', json(CASE WHEN ${VISITED} THEN 'false' ELSE 'true' END),
       'currentJob', json((SELECT json_object('id', r.id, 'form', r.form, 'employerName', r.employer_name, 'placeCode', r.place_code,
            'startDate', r.start_date, 'verified', json(CASE WHEN r.verified_at IS NULL THEN 'false' ELSE 'true' END))
          FROM employment_records r WHERE r.laborer_id = l.id AND r.end_date IS NULL ORDER BY r.start_date DESC, r.id DESC LIMIT 1)),
       'updatedAt', l.updated_at) AS json
     FROM laborers l WHERE l.village_code = @village ORDER BY l.id`,
  )
    .pluck()
    .all({ village: villageCode, today, since: addDays(today, -VISIT_OVERDUE_DAYS) }) as string[]
}
