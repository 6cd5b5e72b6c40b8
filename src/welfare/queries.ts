import { and, asc, desc, eq, gt, inArray, isNull, like, lt, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/database'
import { addDays } from '../calendar'
import { laborers } from '../laborers/schema'
import { rankingSql, type Candidate, type RankContext } from './ranking'
import { welfarePosts, welfareTerms, type TermEndReason, type WelfarePost, type WelfareTerm } from './schema'

type NewPost = Omit<WelfarePost, 'id' | 'status' | 'createdAt' | 'updatedAt'>

export function createPost(db: Db, input: NewPost): WelfarePost {
  const now = Date.now()
  return db.insert(welfarePosts).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

export function getPost(db: Db, id: number): WelfarePost | undefined {
  return db.select().from(welfarePosts).where(eq(welfarePosts.id, id)).get()
}

export function closePost(db: Db, id: number): WelfarePost {
  return db.update(welfarePosts).set({ status: 'closed', updatedAt: Date.now() }).where(eq(welfarePosts.id, id)).returning().get()
}

export interface PostFilter {
  /** Region-code prefix of the caller's area (or a narrower one asked for). */
  prefix: string
  category?: WelfarePost['category']
  vacant?: boolean
  status?: WelfarePost['status']
  afterId?: number
  limit: number
}

export interface PostWithHolder {
  post: WelfarePost
  term: WelfareTerm | null
  holderName: string | null
  holderPoverty: string | null
}

/** Posts under a region prefix with their open term and its holder, in id order. */
export function listPosts(db: Db, f: PostFilter): PostWithHolder[] {
  const rows = db
    .select({ post: welfarePosts, term: welfareTerms, holderName: laborers.name, holderPoverty: laborers.povertyStatus })
    .from(welfarePosts)
    .leftJoin(welfareTerms, and(eq(welfareTerms.postId, welfarePosts.id), isNull(welfareTerms.endedOn)))
    .leftJoin(laborers, eq(laborers.id, welfareTerms.laborerId))
    .where(
      and(
        like(welfarePosts.regionCode, `${f.prefix}%`),
        f.category ? eq(welfarePosts.category, f.category) : undefined,
        f.status ? eq(welfarePosts.status, f.status) : undefined,
        f.vacant === undefined ? undefined : f.vacant ? isNull(welfareTerms.id) : sql`${welfareTerms.id} is not null`,
        f.afterId ? gt(welfarePosts.id, f.afterId) : undefined,
      ),
    )
    .orderBy(asc(welfarePosts.id))
    .limit(f.limit)
    .all()
  return rows
}

/** One post with its open term and holder. */
export function postWithHolder(db: Db, id: number): PostWithHolder | undefined {
  return db
    .select({ post: welfarePosts, term: welfareTerms, holderName: laborers.name, holderPoverty: laborers.povertyStatus })
    .from(welfarePosts)
    .leftJoin(welfareTerms, and(eq(welfareTerms.postId, welfarePosts.id), isNull(welfareTerms.endedOn)))
    .leftJoin(laborers, eq(laborers.id, welfareTerms.laborerId))
    .where(eq(welfarePosts.id, id))
    .get()
}

export function openTermOfPost(db: Db, postId: number): WelfareTerm | undefined {
  return db.select().from(welfareTerms).where(and(eq(welfareTerms.postId, postId), isNull(welfareTerms.endedOn))).get()
}

export function openTermOfLaborer(db: Db, laborerId: number): WelfareTerm | undefined {
  return db.select().from(welfareTerms).where(and(eq(welfareTerms.laborerId, laborerId), isNull(welfareTerms.endedOn))).get()
}

export function termsOfPost(db: Db, postId: number): (WelfareTerm & { holderName: string })[] {
  return db
    .select({ term: welfareTerms, holderName: laborers.name })
    .from(welfareTerms)
    .innerJoin(laborers, eq(laborers.id, welfareTerms.laborerId))
    .where(eq(welfareTerms.postId, postId))
    .orderBy(desc(welfareTerms.id))
    .limit(100)
    .all()
    .map((r) => ({ ...r.term, holderName: r.holderName }))
}

export function insertTerm(db: Db, input: Pick<WelfareTerm, 'postId' | 'laborerId' | 'startDate' | 'endDate' | 'renewalOf' | 'tokenId'>): WelfareTerm {
  const now = Date.now()
  return db.insert(welfareTerms).values({ ...input, createdAt: now, updatedAt: now }).returning().get()
}

export function endTerm(db: Db, id: number, endedOn: string, reason: TermEndReason): WelfareTerm {
  return db.update(welfareTerms).set({ endedOn, endReason: reason, updatedAt: Date.now() }).where(eq(welfareTerms.id, id)).returning().get()
}

/** Open terms whose last day is before `today`: they ended as agreed (term_end). */
export function lapsedTerms(db: Db, today: string): WelfareTerm[] {
  return db.select().from(welfareTerms).where(and(isNull(welfareTerms.endedOn), lt(welfareTerms.endDate, today))).all()
}

/** Laborers who hold a post now, among `ids`. */
export function holders(db: Db, ids: number[]): Set<number> {
  if (ids.length === 0) return new Set()
  const out = new Set<number>()
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    for (const r of db.select({ id: welfareTerms.laborerId }).from(welfareTerms).where(and(isNull(welfareTerms.endedOn), inArray(welfareTerms.laborerId, chunk))).all()) {
      out.add(r.id)
    }
  }
  return out
}

/**
 * The laborers of a township who hold no post: the pool a post of that township is filled
 * from. Every column read is in `laborers_welfare_pool_idx`, so a city-sized registry is not
 * read row by row.
 */
export function candidatePool(db: Db, townshipCode: string): Candidate[] {
  return poolQuery(db, townshipCode).all()
}

/**
 * The best `limit` of the pool under `areaPrefix` (the caller's area), ranked in the
 * database by the rules' SQL form (`rankingSql`): what `rankCandidates` over the whole
 * pool would put first, without bringing ~3,000 rows of a township into JavaScript.
 */
export function topCandidates(db: Db, townshipCode: string, areaPrefix: string, context: RankContext, limit: number): Candidate[] {
  const ranking = rankingSql(context)
  const score = sql<number>`${ranking.score}`
  return poolQuery(db, townshipCode, and(like(laborers.villageCode, `${areaPrefix}%`), ranking.where))
    .orderBy(desc(score), asc(laborers.id))
    .limit(limit)
    .all()
}

function poolQuery(db: Db, townshipCode: string, more?: SQL) {
  return db
    .select({
      id: laborers.id,
      villageCode: laborers.villageCode,
      povertyStatus: laborers.povertyStatus,
      employmentStatus: laborers.employmentStatus,
      birthDate: laborers.birthDate,
      skills: laborers.skills,
    })
    .from(laborers)
    .leftJoin(welfareTerms, and(eq(welfareTerms.laborerId, laborers.id), isNull(welfareTerms.endedOn)))
    .where(and(eq(laborers.townshipCode, townshipCode), isNull(welfareTerms.id), more))
}

/** Names of the laborers `ids`, for the candidates shown. */
export function laborerNames(db: Db, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map()
  return new Map(db.select({ id: laborers.id, name: laborers.name }).from(laborers).where(inArray(laborers.id, ids)).all().map((r) => [r.id, r.name]))
}

export interface CountyPostCounts {
  countyCode: string
  posts: number
  filled: number
  heldByPoverty: number
  monthlyAllowance: number
}

/** Per county under `prefix`: active posts, those with a holder, holders who are poverty laborers, the month's allowance bill. */
export function countsByCounty(db: Db, prefix: string): CountyPostCounts[] {
  return db
    .select({
      countyCode: welfarePosts.countyCode,
      posts: sql<number>`count(*)`,
      filled: sql<number>`count(${welfareTerms.id})`,
      heldByPoverty: sql<number>`coalesce(sum(${laborers.povertyStatus} in ('poverty_alleviated', 'monitored')), 0)`,
      monthlyAllowance: sql<number>`coalesce(sum(case when ${welfareTerms.id} is not null then ${welfarePosts.monthlyAllowance} end), 0)`,
    })
    .from(welfarePosts)
    .leftJoin(welfareTerms, and(eq(welfareTerms.postId, welfarePosts.id), isNull(welfareTerms.endedOn)))
    .leftJoin(laborers, eq(laborers.id, welfareTerms.laborerId))
    .where(and(like(welfarePosts.regionCode, `${prefix}%`), eq(welfarePosts.status, 'active')))
    .groupBy(welfarePosts.countyCode)
    .orderBy(asc(welfarePosts.countyCode))
    .all()
}

/** Vacant active posts of a region prefix (a kiosk's township), newest first. */
export function vacantPosts(db: Db, prefix: string, limit: number): WelfarePost[] {
  return db
    .select({ post: welfarePosts })
    .from(welfarePosts)
    .leftJoin(welfareTerms, and(eq(welfareTerms.postId, welfarePosts.id), isNull(welfareTerms.endedOn)))
    .where(and(like(welfarePosts.regionCode, `${prefix}%`), eq(welfarePosts.status, 'active'), isNull(welfareTerms.id)))
    .orderBy(desc(welfarePosts.id))
    .limit(limit)
    .all()
    .map((r) => r.post)
}

export const dayAfter = (day: string) => addDays(day, 1)
