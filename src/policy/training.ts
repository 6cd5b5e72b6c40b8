import { and, asc, eq, gte, like, or, sql } from 'drizzle-orm'
import type { Db, Sqlite } from '../db/database'
import { laborers } from '../laborers/schema'
import { trainingCourses, trainingProviders, type TrainingCourse } from './schema'

/**
 * Training that follows wishes and orders (愿培尽培, 订单式/定向式培训), as data and queries:
 * which wish a course answers, who should be told of a course, the coverage of wishes by
 * county and township, and "employed after training" as the provider rule reads it.
 */

/** Days after a course's last day within which work found counts as employment after training. */
export const EMPLOYED_WITHIN_DAYS = 90

/** Names people give a wish and courses give an occupation that mean the same training. */
export const wishSynonyms: string[][] = [
  ['育婴员', '育婴师'],
  ['母婴护理', '母婴护理员', '月嫂'],
  ['焊工', '电焊工'],
  ['刺绣', '刺绣工', '绣娘'],
  ['中式烹调师', '厨师', '烹饪'],
  ['家政服务员', '家政', '保姆'],
  ['挖掘机驾驶', '挖掘机驾驶员', '挖掘机'],
  ['汽车驾驶员', '驾驶员', '司机'],
  ['砌筑工', '瓦工', '泥瓦工'],
]

const groupOf = new Map<string, number>()
wishSynonyms.forEach((names, i) => names.forEach((n) => groupOf.set(n, i)))

/** Does a training wish ask for a course of this occupation? Same name, synonyms, or one name inside the other. */
export function wishMatches(wish: string, occupation: string): boolean {
  const a = wish.trim()
  const b = occupation.trim()
  if (!a || !b) return false
  if (a === b || a.includes(b) || b.includes(a)) return true
  const g = groupOf.get(a)
  return g !== undefined && g === groupOf.get(b)
}

/** Every name a course's occupation may be wished under (for SQL prefilters). */
export function wishNames(occupation: string): string[] {
  const g = groupOf.get(occupation)
  return g === undefined ? [occupation] : wishSynonyms[g]
}

/** The area a course recruits from: its place, else its provider's region. */
export function courseArea(course: Pick<TrainingCourse, 'placeCode'>, providerRegion: string): string {
  return course.placeCode ?? providerRegion
}

export interface WishHolder {
  id: number
  name: string
  villageCode: string
  povertyStatus: string
  trainingWishes: string[]
}

/** Laborers under `prefix` whose wishes ask for `occupation` and who are not in course `courseId`, poverty first. */
export function wishersFor(db: Db, prefix: string, occupation: string, courseId: number, limit: number): WishHolder[] {
  const names = wishNames(occupation)
  const rows = db
    .select({ id: laborers.id, name: laborers.name, villageCode: laborers.villageCode, povertyStatus: laborers.povertyStatus, trainingWishes: laborers.trainingWishes })
    .from(laborers)
    .where(
      and(
        like(laborers.villageCode, `${prefix}%`),
        sql`json_array_length(${laborers.trainingWishes}) > 0`,
        or(...names.map((n) => sql`instr(${laborers.trainingWishes}, ${n.slice(0, 2)}) > 0`)),
        sql`not exists (select 1 from training_enrollments e where e.course_id = ${courseId} and e.laborer_id = ${laborers.id})`,
      ),
    )
    .orderBy(sql`${laborers.povertyStatus} = 'ordinary'`, asc(laborers.id))
    .all()
  return rows.filter((r) => r.trainingWishes.some((w) => wishMatches(w, occupation))).slice(0, limit)
}

/** Laborers under `prefix` who wanted training and were never enrolled in any course: the 愿培尽培 gap by name. */
export function untrainedWishers(db: Db, prefix: string, limit: number): WishHolder[] {
  return db
    .select({ id: laborers.id, name: laborers.name, villageCode: laborers.villageCode, povertyStatus: laborers.povertyStatus, trainingWishes: laborers.trainingWishes })
    .from(laborers)
    .where(
      and(
        like(laborers.villageCode, `${prefix}%`),
        sql`json_array_length(${laborers.trainingWishes}) > 0`,
        sql`not exists (select 1 from training_enrollments e where e.laborer_id = ${laborers.id})`,
      ),
    )
    .orderBy(sql`${laborers.povertyStatus} = 'ordinary'`, asc(laborers.id))
    .limit(limit)
    .all()
}

export interface UpcomingCourse {
  id: number
  occupation: string
  providerName: string
  providerRegion: string
  placeCode: string | null
  startDate: string
  endDate: string
  days: number
  seats: number | null
  enrolled: number
  mode: TrainingCourse['mode']
}

/** Courses not begun by `today` whose area covers `code` or lies under it, soonest first. */
export function upcomingCourses(db: Db, code: string, today: string, limit: number): UpcomingCourse[] {
  const area = sql`coalesce(${trainingCourses.placeCode}, ${trainingProviders.regionCode})`
  return db
    .select({
      id: trainingCourses.id,
      occupation: trainingCourses.occupation,
      providerName: trainingProviders.name,
      providerRegion: trainingProviders.regionCode,
      placeCode: trainingCourses.placeCode,
      startDate: trainingCourses.startDate,
      endDate: trainingCourses.endDate,
      days: trainingCourses.days,
      seats: trainingCourses.seats,
      enrolled: sql<number>`(select count(*) from training_enrollments e where e.course_id = ${trainingCourses.id})`,
      mode: trainingCourses.mode,
    })
    .from(trainingCourses)
    .innerJoin(trainingProviders, eq(trainingProviders.id, trainingCourses.providerId))
    .where(and(gte(trainingCourses.startDate, today), or(sql`${code} like ${area} || '%'`, sql`${area} like ${code} || '%'`)))
    .orderBy(asc(trainingCourses.startDate), asc(trainingCourses.id))
    .limit(limit)
    .all()
}

export interface CoverageRow {
  countyCode: string
  townshipCode: string
  wanted: number
  /** Of those who wanted training, enrolled in a course of the year. */
  wantedEnrolled: number
  enrolled: number
  completed: number
  certified: number
  employedWithin90: number
}

/**
 * Coverage per township under `prefix` for courses starting in [from, to]: laborers who
 * want training; enrolled, completed, certified; employed within 90 days of the course's
 * last day (an employment event to an employed status from its first day to 90 days after
 * its last, or the enrollment's own flag). One pass over the registry and the enrollments.
 */
export function coverageByTownship(sqlite: Sqlite, prefix: string, from: string, to: string): CoverageRow[] {
  const wanted = sqlite
    .prepare(
      `SELECT county_code AS countyCode, township_code AS townshipCode, count(*) AS wanted
         FROM laborers
        WHERE village_code >= ? AND village_code < ? AND training_wishes <> '[]'
        GROUP BY township_code`,
    )
    .all(prefix, `${prefix};`) as { countyCode: string; townshipCode: string; wanted: number }[]
  const enrolled = sqlite
    .prepare(
      `SELECT l.county_code AS countyCode, l.township_code AS townshipCode,
              count(DISTINCT e.laborer_id) AS enrolled,
              count(DISTINCT CASE WHEN l.training_wishes <> '[]' THEN e.laborer_id END) AS wantedEnrolled,
              count(DISTINCT CASE WHEN e.completed THEN e.laborer_id END) AS completed,
              count(DISTINCT CASE WHEN e.certificate_tier IS NOT NULL THEN e.laborer_id END) AS certified,
              count(DISTINCT CASE WHEN e.completed AND (e.employed_after OR EXISTS (
                  SELECT 1 FROM employment_events ev
                   WHERE ev.laborer_id = e.laborer_id AND ev.to_status <> 'unemployed'
                     AND ev.effective_date >= c.start_date AND ev.effective_date <= date(c.end_date, '+${EMPLOYED_WITHIN_DAYS} days')))
                THEN e.laborer_id END) AS employedWithin90
         FROM training_enrollments e
         JOIN training_courses c ON c.id = e.course_id
         JOIN laborers l ON l.id = e.laborer_id
        WHERE c.start_date >= ? AND c.start_date <= ? AND l.village_code >= ? AND l.village_code < ?
        GROUP BY l.township_code`,
    )
    .all(from, to, prefix, `${prefix};`) as Omit<CoverageRow, 'wanted'>[]
  const rows = new Map<string, CoverageRow>()
  const row = (countyCode: string, townshipCode: string) => {
    let r = rows.get(townshipCode)
    if (!r) rows.set(townshipCode, (r = { countyCode, townshipCode, wanted: 0, wantedEnrolled: 0, enrolled: 0, completed: 0, certified: 0, employedWithin90: 0 }))
    return r
  }
  for (const w of wanted) row(w.countyCode, w.townshipCode).wanted = w.wanted
  for (const e of enrolled) Object.assign(row(e.countyCode, e.townshipCode), { ...e })
  return [...rows.values()].sort((a, b) => a.townshipCode.localeCompare(b.townshipCode))
}

/** Enrollments (ids) whose trainee found work within 90 days of the course, for the provider's employment rule. */
export function employedAfterTraining(db: Db, enrollmentIds: number[]): Set<number> {
  const out = new Set<number>()
  for (let i = 0; i < enrollmentIds.length; i += 500) {
    const chunk = enrollmentIds.slice(i, i + 500)
    const rows = db.$client
      .prepare(
        `SELECT e.id FROM training_enrollments e JOIN training_courses c ON c.id = e.course_id
          WHERE e.id IN (${chunk.map(() => '?').join(',')}) AND EXISTS (
            SELECT 1 FROM employment_events ev WHERE ev.laborer_id = e.laborer_id AND ev.to_status <> 'unemployed'
               AND ev.effective_date >= c.start_date AND ev.effective_date <= date(c.end_date, '+${EMPLOYED_WITHIN_DAYS} days'))`,
      )
      .all(...chunk) as { id: number }[]
    for (const r of rows) out.add(r.id)
  }
  return out
}

