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
  status: string
  openingsLeft: number
  wageMin: number
  wageMax: number
  wageUnit: WageUnit
  startDate: string
  deadline: string
  createdAt: number
}

/** Only these are ever found: open postings with an opening left (the deadline is checked at query time). */
export function searchable(src: Pick<DocSource, 'status' | 'openingsLeft'>): boolean {
  return src.status === 'open' && src.openingsLeft > 0
}

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
