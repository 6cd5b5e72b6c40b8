import type { JobType, LaborBrand, WageUnit } from '../jobs/schema'
import type { PartnerArea } from '../network/schema'
import { indexTokens, toSimplified } from './analyzer'
import { gigKindLabels, jobTypeLabels, laborBrandLabels, partnerAreaLabels, publicWelfareLabels } from './vocabulary'

/** A posting with what search needs from its employer and regions. */
export interface DocSource {
  id: number
  title: string
  description: string
  occupation: string
  skillTags: string[]
  benefits: string[]
  type: JobType
  publicWelfareCategory: keyof typeof publicWelfareLabels | null
  gigKind: keyof typeof gigKindLabels | null
  laborBrand: LaborBrand | null
  partnerArea: PartnerArea
  provinceCode: string
  cityCode: string | null
  countyCode: string | null
  provinceName: string
  cityName: string
  countyName: string
  employerName: string
  /** The out-of-province station that collected it (工作站推荐), else null. */
  stationName?: string | null
  status: string
  openingsLeft: number
  wageMin: number
  wageMax: number
  wageUnit: WageUnit
  startDate: string
  deadline: string
  createdAt: number
}

/**
 * What may be found — at the kiosk, in search, in both engines — is one rule, in two forms:
 * an open posting with an opening left (`searchable`: what the index holds) whose
 * application deadline (报名截止) is today or later in Asia/Shanghai (`foundOn`; in SQL
 * `FOUND_SQL`, in Meilisearch `deadlineDay >=`, both checked at query time so a posting
 * drops out at midnight without a write). The start date plays no part: a posting starts
 * on or after its deadline (refused otherwise when written), so once the deadline has
 * passed nobody can sign up any more and the posting is not shown, even though its work
 * starts up to 30 days later; until then it is shown however far off its start is (the
 * card says when work starts). README (Search) says the same.
 */
export function searchable(src: Pick<DocSource, 'status' | 'openingsLeft'>): boolean {
  return src.status === 'open' && src.openingsLeft > 0
}

/** `searchable` and the deadline not passed on `today` (YYYY-MM-DD, Asia/Shanghai). */
export function foundOn(src: Pick<DocSource, 'status' | 'openingsLeft' | 'deadline'>, today: string): boolean {
  return searchable(src) && src.deadline >= today
}

/** The same rule for a `jobs j` row in SQL; its one parameter is today. */
export const FOUND_SQL = "j.status = 'open' AND j.openings_left > 0 AND j.deadline >= ?"

/** The words a posting is found by, field by field (bm25 weights title > tags > place > body). */
export function documentFields(src: DocSource): { title: string; tags: string; place: string; body: string } {
  const tags = [
    src.occupation,
    ...src.skillTags,
    ...src.benefits,
    jobTypeLabels[src.type],
    src.publicWelfareCategory ? publicWelfareLabels[src.publicWelfareCategory] : '',
    src.gigKind ? gigKindLabels[src.gigKind] : '',
    src.laborBrand ? laborBrandLabels[src.laborBrand] : '',
  ]
  const place = [src.provinceName, src.cityName, src.countyName, partnerAreaLabels[src.partnerArea]]
  // Traditional characters (駕駛員) are indexed as simplified, as queries are read.
  return {
    title: toSimplified(src.title),
    tags: toSimplified(tags.filter(Boolean).join(' ')),
    place: place.filter(Boolean).join(' '),
    body: toSimplified(`${src.description} ${src.employerName}`),
  }
}

/** The same fields as index tokens, space-joined for the FTS5 unicode61 tokenizer. */
export function tokenizedFields(src: DocSource): { title: string[]; tags: string[]; place: string[]; body: string[] } {
  const fields = documentFields(src)
  return {
    title: indexTokens(fields.title),
    tags: indexTokens(fields.tags),
    place: indexTokens(fields.place),
    body: indexTokens(fields.body),
  }
}
