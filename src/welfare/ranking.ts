import { sql, type SQL } from 'drizzle-orm'
import { ageOn } from '../laborers/index'
import { laborers, type Laborer } from '../laborers/schema'
import type { PublicWelfareCategory, WelfarePost } from './schema'

/**
 * Who a public-welfare post goes to, as data: the plan fills posts 按需设岗、就近上岗、以岗聘任、
 * 人岗相适, poverty-alleviated laborers first (优先安置脱贫劳动力). A candidate must pass every
 * `requirements` line; `points` lines add up, and the reasons of the lines that apply are
 * shown beside the candidate. Poverty lines outweigh all the others together, so a
 * poverty-alleviated or monitored laborer always ranks above everyone else.
 *
 * Each line also says itself in SQL (`where` for a requirement, `when` for points), beside
 * its JavaScript form: a township of a city-sized registry has ~3,000 laborers, so the
 * database ranks them and only the best `limit` come back to have their reasons written
 * (`test/welfare/ranking.test.ts` holds both forms to the same answers).
 */

/** What the rules read (the name is looked up for the few ranked first). */
export type Candidate = Pick<Laborer, 'id' | 'villageCode' | 'povertyStatus' | 'employmentStatus' | 'birthDate' | 'skills'>

export interface RankContext {
  post: Pick<WelfarePost, 'regionCode' | 'category'>
  /** Today, YYYY-MM-DD. */
  today: string
}

export const AGE_MIN = 16
export const AGE_MAX = 65

/** Hard conditions: a laborer failing one is not a candidate. */
export const requirements: { id: string; text: string; holds: (l: Candidate, c: RankContext) => boolean; where: (c: RankContext) => SQL }[] = [
  {
    id: 'age',
    text: `年龄 ${AGE_MIN}–${AGE_MAX} 岁`,
    holds: (l, c) => ageOn(l.birthDate, c.today) >= AGE_MIN && ageOn(l.birthDate, c.today) <= AGE_MAX,
    // ageOn ≥ n exactly when born on or before the same day n years ago.
    where: (c) => sql`${laborers.birthDate} <= ${bornYearsAgo(c.today, AGE_MIN)} and ${laborers.birthDate} > ${bornYearsAgo(c.today, AGE_MAX + 1)}`,
  },
]

const bornYearsAgo = (today: string, years: number) => `${String(Number(today.slice(0, 4)) - years).padStart(4, '0')}${today.slice(4)}`

/** Occupations that fit each category's work (人岗相适). */
export const fittingSkills: Record<PublicWelfareCategory, string[]> = {
  public_management: ['文员', '统计', '电脑', '会计', '收银'],
  public_service: ['保洁', '养老护理', '护理', '家政', '厨师', '保安', '保育员', '育婴师'],
  social_undertaking: ['保育员', '教师', '卫生', '文员', '养老护理'],
  facility_maintenance: ['保洁', '电工', '水电', '护林', '绿化', '瓦工', '维修', '园林'],
  social_governance: ['保安', '调解', '网格', '文员'],
}

export interface PointRule {
  id: string
  points: number
  /** The reason shown when the rule applies (null: it does not apply). */
  reason: (l: Candidate, c: RankContext) => string | null
  /** The same condition over `laborers` in SQL. */
  when: (c: RankContext) => SQL
}

export const pointRules: PointRule[] = [
  {
    id: 'poverty_alleviated',
    points: 100,
    reason: (l) => (l.povertyStatus === 'poverty_alleviated' ? '脱贫劳动力，优先安置' : null),
    when: () => sql`${laborers.povertyStatus} = 'poverty_alleviated'`,
  },
  {
    id: 'monitored',
    points: 100,
    reason: (l) => (l.povertyStatus === 'monitored' ? '防返贫监测对象，优先安置' : null),
    when: () => sql`${laborers.povertyStatus} = 'monitored'`,
  },
  {
    id: 'unemployed',
    points: 20,
    reason: (l) => (l.employmentStatus === 'unemployed' ? '目前未就业' : null),
    when: () => sql`${laborers.employmentStatus} = 'unemployed'`,
  },
  {
    id: 'same_village',
    points: 15,
    reason: (l, c) => (c.post.regionCode.length === 12 && l.villageCode === c.post.regionCode ? '本村人员，就近上岗' : null),
    when: (c) => (c.post.regionCode.length === 12 ? sql`${laborers.villageCode} = ${c.post.regionCode}` : sql`0`),
  },
  {
    id: 'skill',
    points: 10,
    reason: (l, c) => {
      const fit = l.skills.find((s) => fittingSkills[c.post.category].some((w) => s.occupation.includes(w)))
      return fit ? `有相关技能：${fit.occupation}` : null
    },
    // The words anywhere in the JSON first (cheap, and most laborers have none), then in an occupation.
    when: (c) =>
      sql`(${sql.join(
        fittingSkills[c.post.category].map((w) => sql`instr(${laborers.skills}, ${w}) > 0`),
        sql` or `,
      )}) and exists (select 1 from json_each(${laborers.skills}) s where ${sql.join(
        fittingSkills[c.post.category].map((w) => sql`instr(json_extract(s.value, '$.occupation'), ${w}) > 0`),
        sql` or `,
      )})`,
  },
]

/** The requirements and the score as SQL over `laborers`, for ranking in the database. */
export function rankingSql(context: RankContext): { where: SQL; score: SQL } {
  return {
    where: sql.join(
      requirements.map((r) => sql`(${r.where(context)})`),
      sql` and `,
    ),
    score: sql.join(
      pointRules.map((r) => sql`(case when ${r.when(context)} then ${r.points} else 0 end)`),
      sql` + `,
    ),
  }
}

export interface Ranked {
  laborer: Candidate
  score: number
  reasons: string[]
}

/** Candidates that pass the requirements, best first (score, then registry order). */
export function rankCandidates(laborers: readonly Candidate[], context: RankContext, limit: number): Ranked[] {
  const out: Ranked[] = []
  for (const laborer of laborers) {
    if (!requirements.every((r) => r.holds(laborer, context))) continue
    let score = 0
    const reasons: string[] = []
    for (const rule of pointRules) {
      const reason = rule.reason(laborer, context)
      if (reason === null) continue
      score += rule.points
      reasons.push(reason)
    }
    out.push({ laborer, score, reasons })
  }
  out.sort((a, b) => b.score - a.score || a.laborer.id - b.laborer.id)
  return out.slice(0, limit)
}

/** How a candidate compares with the best: the reason a lower-ranked pick needs. */
export function isPriority(l: Pick<Candidate, 'povertyStatus'>): boolean {
  return l.povertyStatus !== 'ordinary'
}
