import { monthlyRange } from '../jobs/index'
import type { Job } from '../jobs/schema'
import type { Certificate, DestinationWish, Laborer, Skill } from '../laborers/schema'
import type { PartnerArea } from '../network/schema'
import { canonicalCertificate, canonicalOccupation, isGeneralPosting, laborBrandDefinitions } from './occupations'
import type { ScoringConfig, ScoringSettings } from './scoring-config'
import { dayNumber } from '../calendar'

/**
 * The fit arithmetic, once: every score of a laborer–posting pair — a recommendation, a
 * candidate, a proposal, a fair round, an assignment run, `GET /laborers/:id/fit/:jobId`
 * — is `fastScore` over postings compiled into typed arrays and a laborer compiled into
 * a few numbers. Runs score a hundred million pairs, and words, maps and objects would
 * cost more than the arithmetic; the explained score (`fit-score.ts`) calls the same
 * `fastScore` with an array to read the component values from, and only writes the
 * sentences. So the score shown and the score assigned cannot drift apart.
 *
 * Eligibility is the same function: a pair is eligible exactly when `fastScore` does not
 * exclude it (≥ 0). The hard constraints, in component order: the trade (or a general
 * posting), the required certificates and tiers, the destination wish (a stated wish is
 * the laborer's choice: a posting in no wished place is excluded, not scored low), a
 * wage that cannot be compared with a stated expectation, availability more than
 * `maxLateDays` after the start, a public-welfare post of another county.
 */

export type FitLaborer = Pick<
  Laborer,
  'skills' | 'certificates' | 'destinationWishes' | 'expectedWage' | 'availableFrom' | 'countyCode' | 'povertyStatus'
>

export type FitJob = Pick<
  Job,
  | 'occupation'
  | 'skillTags'
  | 'certificatesRequired'
  | 'wageMin'
  | 'wageMax'
  | 'wageUnit'
  | 'provinceCode'
  | 'cityCode'
  | 'countyCode'
  | 'partnerArea'
  | 'startDate'
  | 'type'
  | 'laborBrand'
>

export interface FitContext {
  /** The served city (1409): decides local, in-province and out-of-province. */
  cityCode: string
  config: ScoringConfig
}

export type ComponentName = keyof ScoringSettings['weights']

/** Component order: the order values are weighed and summed in, and exclusions are looked for. */
export const componentNames: readonly ComponentName[] = ['occupation', 'certificate', 'destination', 'wage', 'availability', 'brand', 'jobType']

/** A laborer with the words canonicalized once, for scoring against many postings. */
export interface PreparedLaborer {
  source: FitLaborer
  trades: Map<string, Skill>
  certificates: Map<string, Certificate>
  availableDay: number | null
}

export interface PreparedJob {
  source: FitJob
  trade: string
  tags: string[]
  requirements: { key: string; certificate: Certificate }[]
  /** Wage range in 元 a month by the jobs domain's rule (`monthlyRange`); null for task and piece rates. */
  monthly: { min: number; max: number } | null
  startDay: number
}

export function prepareLaborer(laborer: FitLaborer): PreparedLaborer {
  const trades = new Map<string, Skill>()
  for (const skill of laborer.skills) {
    for (const word of [skill.occupation, ...skill.tags]) {
      const key = canonicalOccupation(word)
      const known = trades.get(key)
      if (!known || known.years < skill.years) trades.set(key, skill)
    }
  }
  const certificates = new Map<string, Certificate>()
  for (const certificate of laborer.certificates) {
    const key = canonicalCertificate(certificate.name)
    const known = certificates.get(key)
    if (!known || known.tier < certificate.tier) certificates.set(key, certificate)
  }
  return { source: laborer, trades, certificates, availableDay: laborer.availableFrom ? dayNumber(laborer.availableFrom) : null }
}

export function prepareJob(job: FitJob): PreparedJob {
  return {
    source: job,
    trade: canonicalOccupation(job.occupation),
    tags: job.skillTags.map(canonicalOccupation),
    requirements: job.certificatesRequired.map((certificate) => ({ key: canonicalCertificate(certificate.name), certificate })),
    monthly: monthlyRange(job),
    startDay: dayNumber(job.startDate),
  }
}

/** Where a posting is, seen from a laborer's home county. */
export type Reach = 'home' | 'city' | 'province' | 'out'

export function reachOf(job: Pick<FitJob, 'provinceCode' | 'cityCode' | 'countyCode'>, homeCounty: string, cityCode: string): Reach {
  if (job.provinceCode !== cityCode.slice(0, 2)) return 'out'
  if (job.cityCode !== cityCode) return 'province'
  return job.countyCode === homeCounty ? 'home' : 'city'
}

/**
 * The wishes that admit a posting (by `wishValue`, whatever the laborer's county): for SQL
 * prefilters, which must keep every laborer the rule would keep.
 */
export function wishesAdmitting(job: Pick<FitJob, 'provinceCode' | 'cityCode' | 'countyCode' | 'partnerArea'>, cityCode: string): DestinationWish[] {
  const reach = reachCodes[reachOf(job, '', cityCode)]
  const area = areaCode(job.partnerArea)
  return wishOfCode.filter((wish) => wishValue(wishCodes[wish], reach, area) > 0 || (reach === REACH_CITY && wishValue(wishCodes[wish], REACH_HOME, area) > 0))
}

/**
 * Partner areas whose postings a laborer's wishes can admit, for the search engines'
 * filter (a superset: the rule decides); undefined when the laborer has no wish.
 */
export function partnerAreasForWishes(wishes: readonly DestinationWish[]): PartnerArea[] | undefined {
  if (wishes.length === 0) return undefined
  const areas: Record<DestinationWish, PartnerArea[]> = {
    local: ['local'],
    in_province: ['local', 'in_province'],
    out_of_province: ['jingjinji', 'yangtze_delta', 'greater_bay', 'other'],
    jingjinji: ['jingjinji'],
    yangtze_delta: ['yangtze_delta'],
    greater_bay: ['greater_bay'],
  }
  return [...new Set(wishes.flatMap((w) => areas[w]))]
}

/** What `fastScore` writes for a component that rules the pair out, and for one that does not apply. */
export const EXCLUDED = -1
export const NOT_APPLIED = -2

export interface FitTable {
  postings: number
  /** The postings as prepared, for explanations. */
  jobs: PreparedJob[]
  config: ScoringConfig
  /** Trade and certificate words share one numbering. */
  words: Map<string, number>
  trade: Int32Array
  tagStart: Int32Array
  tags: Int32Array
  general: Uint8Array
  requirementStart: Int32Array
  requirementWord: Int32Array
  requirementTier: Int32Array
  /** NaN when the wage unit cannot be converted to a month. */
  monthlyMin: Float64Array
  monthlyMax: Float64Array
  startDay: Float64Array
  /** Reach seen from outside the posting's county: city, province or out; `county` tells home apart. */
  reach: Uint8Array
  county: Int32Array
  /** Wish code of the posting's partner area (京津冀, 长三角, 粤港澳), or −1. */
  area: Int8Array
  /** 0 none, 1 public-welfare, 2 assistance workshop. */
  type: Uint8Array
  /** −1 when the posting has no labor brand. */
  brandTrade: Int32Array
  /** −1: the brand is the whole city's. */
  brandCounty: Int32Array
  counties: Map<string, number>
  weights: Float64Array
  maxLateDays: number
  cityCode: string
}

/** A laborer as `fastScore` reads it. */
export interface FitRow {
  laborer: PreparedLaborer
  tradeWords: Int32Array
  tradeYears: Float64Array
  certWords: Int32Array
  certTiers: Int32Array
  wishes: Uint8Array
  county: number
  expectedWage: number | null
  availableDay: number | null
  hasLocalWish: boolean
  hasInProvinceWish: boolean
}

const REACH_HOME = 0
const REACH_CITY = 1
const REACH_PROVINCE = 2
const REACH_OUT = 3
const reachNames: Reach[] = ['home', 'city', 'province', 'out']
const reachCodes: Record<Reach, number> = { home: REACH_HOME, city: REACH_CITY, province: REACH_PROVINCE, out: REACH_OUT }

export const wishCodes: Record<DestinationWish, number> = {
  local: 0,
  in_province: 1,
  out_of_province: 2,
  jingjinji: 3,
  yangtze_delta: 4,
  greater_bay: 5,
}
const wishOfCode = Object.keys(wishCodes) as DestinationWish[]
const areaCode = (partnerArea: string): number => (partnerArea in wishCodes ? wishCodes[partnerArea as DestinationWish] : -1)

const W_OCCUPATION = 0
const W_CERTIFICATE = 1
const W_DESTINATION = 2
const W_WAGE = 3
const W_AVAILABILITY = 4
const W_BRAND = 5
const W_JOB_TYPE = 6

function wordId(words: Map<string, number>, word: string): number {
  let id = words.get(word)
  if (id === undefined) words.set(word, (id = words.size))
  return id
}

function countyId(counties: Map<string, number>, code: string): number {
  let id = counties.get(code)
  if (id === undefined) counties.set(code, (id = counties.size))
  return id
}

export function compileJobs(jobs: PreparedJob[], context: FitContext): FitTable {
  const m = jobs.length
  const words = new Map<string, number>()
  const counties = new Map<string, number>()
  const { settings } = context.config
  const w = settings.weights
  const table: FitTable = {
    postings: m,
    jobs,
    config: context.config,
    words,
    trade: new Int32Array(m),
    tagStart: new Int32Array(m + 1),
    tags: new Int32Array(jobs.reduce((a, j) => a + j.tags.length, 0)),
    general: new Uint8Array(m),
    requirementStart: new Int32Array(m + 1),
    requirementWord: new Int32Array(jobs.reduce((a, j) => a + j.requirements.length, 0)),
    requirementTier: new Int32Array(jobs.reduce((a, j) => a + j.requirements.length, 0)),
    monthlyMin: new Float64Array(m),
    monthlyMax: new Float64Array(m),
    startDay: new Float64Array(m),
    reach: new Uint8Array(m),
    county: new Int32Array(m),
    area: new Int8Array(m),
    type: new Uint8Array(m),
    brandTrade: new Int32Array(m),
    brandCounty: new Int32Array(m),
    counties,
    weights: Float64Array.from([w.occupation, w.certificate, w.destination, w.wage, w.availability, w.brand, w.jobType]),
    maxLateDays: settings.maxLateDays,
    cityCode: context.cityCode,
  }
  jobs.forEach((job, j) => {
    const source = job.source
    table.trade[j] = wordId(words, job.trade)
    let t = table.tagStart[j]
    for (const tag of job.tags) table.tags[t++] = wordId(words, tag)
    table.tagStart[j + 1] = t
    table.general[j] = isGeneralPosting(job.trade, source.type) ? 1 : 0
    let r = table.requirementStart[j]
    for (const { key, certificate } of job.requirements) {
      table.requirementWord[r] = wordId(words, key)
      table.requirementTier[r++] = certificate.tier
    }
    table.requirementStart[j + 1] = r
    table.monthlyMin[j] = job.monthly ? job.monthly.min : NaN
    table.monthlyMax[j] = job.monthly ? job.monthly.max : NaN
    table.startDay[j] = job.startDay
    // Seen from a county that is not the posting's: `home` only when the counties agree.
    const reach = reachOf(source, '', context.cityCode)
    table.reach[j] = reach === 'out' ? REACH_OUT : reach === 'province' ? REACH_PROVINCE : REACH_CITY
    table.county[j] = source.countyCode ? countyId(counties, source.countyCode) : -1
    table.area[j] = areaCode(source.partnerArea)
    table.type[j] = source.type === 'public_welfare' ? 1 : source.type === 'assistance_workshop' ? 2 : 0
    if (source.laborBrand) {
      const brand = laborBrandDefinitions[source.laborBrand]
      table.brandTrade[j] = wordId(words, canonicalOccupation(brand.occupation))
      table.brandCounty[j] = brand.countyCode === null ? -1 : countyId(counties, brand.countyCode)
    } else {
      table.brandTrade[j] = -1
      table.brandCounty[j] = -1
    }
  })
  return table
}

export function compileLaborer(laborer: PreparedLaborer, table: FitTable): FitRow {
  const trades = [...laborer.trades]
  const certificates = [...laborer.certificates]
  const wishes = laborer.source.destinationWishes
  // A word no posting uses gets a number too: the laborer's own words must not collide.
  return {
    laborer,
    tradeWords: Int32Array.from(trades, ([word]) => wordId(table.words, word)),
    tradeYears: Float64Array.from(trades, ([, skill]) => skill.years),
    certWords: Int32Array.from(certificates, ([word]) => wordId(table.words, word)),
    certTiers: Int32Array.from(certificates, ([, c]) => c.tier),
    wishes: Uint8Array.from(wishes, (wish) => wishCodes[wish]),
    county: countyId(table.counties, laborer.source.countyCode),
    expectedWage: laborer.source.expectedWage,
    availableDay: laborer.availableDay,
    hasLocalWish: wishes.length === 0 || wishes.includes('local'),
    hasInProvinceWish: wishes.includes('in_province'),
  }
}

function indexOf(list: Int32Array, value: number): number {
  for (let k = 0; k < list.length; k++) if (list[k] === value) return k
  return -1
}

/** The reach of posting `j` from the laborer's county, as `reachOf` names it. */
export function reachAt(table: FitTable, row: FitRow, j: number): Reach {
  return reachNames[table.reach[j] === REACH_CITY && table.county[j] === row.county ? REACH_HOME : table.reach[j]]
}

/**
 * The fit score 0–100 of laborer `row` for posting `j`, or −1 when a hard constraint
 * excludes the pair: the weighted mean of the components that apply (brand and posting
 * type only for branded and near-home postings), rounded half up. With `values`, each
 * component's value (0–1) is written at its index in `componentNames`, `NOT_APPLIED`
 * where it does not apply, and `EXCLUDED` at the component that excludes (the later
 * ones are left as they were).
 */
export function fastScore(table: FitTable, row: FitRow, j: number, values?: Float64Array): number {
  const weights = table.weights
  let total = 0
  let sum = 0

  // occupation: the trade (1 from 3 years, 0.9 from 1, else 0.8), a skill tag (0.5 + 0.3 × share of the tags), or a general posting (0.6)
  const trade = table.trade[j]
  const skill = indexOf(row.tradeWords, trade)
  let value: number
  if (skill >= 0) {
    const years = row.tradeYears[skill]
    value = years >= 3 ? 1 : years >= 1 ? 0.9 : 0.8
  } else {
    let hits = 0
    const from = table.tagStart[j]
    const to = table.tagStart[j + 1]
    for (let t = from; t < to; t++) if (indexOf(row.tradeWords, table.tags[t]) >= 0) hits++
    if (hits > 0) value = 0.5 + (0.3 * hits) / (to - from)
    else if (table.general[j] === 1) value = 0.6
    else value = EXCLUDED
  }
  if (values !== undefined) values[W_OCCUPATION] = value
  if (value === EXCLUDED) return -1
  total += weights[W_OCCUPATION] * value
  sum += weights[W_OCCUPATION]

  // certificate: every required one at its tier (1), else excluded; none required: 1 when holding the trade's, else 0.6
  const reqFrom = table.requirementStart[j]
  const reqTo = table.requirementStart[j + 1]
  if (reqFrom < reqTo) {
    value = 1
    for (let r = reqFrom; r < reqTo; r++) {
      const held = indexOf(row.certWords, table.requirementWord[r])
      if (held < 0 || row.certTiers[held] < table.requirementTier[r]) {
        value = EXCLUDED
        break
      }
    }
  } else value = indexOf(row.certWords, trade) >= 0 ? 1 : 0.6
  if (values !== undefined) values[W_CERTIFICATE] = value
  if (value === EXCLUDED) return -1
  total += weights[W_CERTIFICATE] * value
  sum += weights[W_CERTIFICATE]

  // destination: the best wish's `wishValue`; excluded when no wish admits the place; 0.7 without wishes
  let reach = table.reach[j]
  if (reach === REACH_CITY && table.county[j] === row.county) reach = REACH_HOME
  if (row.wishes.length === 0) value = 0.7
  else {
    value = 0
    for (let k = 0; k < row.wishes.length; k++) value = Math.max(value, wishValue(row.wishes[k], reach, table.area[j]))
    if (value === 0) value = EXCLUDED
  }
  if (values !== undefined) values[W_DESTINATION] = value
  if (value === EXCLUDED) return -1
  total += weights[W_DESTINATION] * value
  sum += weights[W_DESTINATION]

  // wage (元 a month): bottom ≥ expectation 1, top ≥ it 0.85, else 0.7 × (top/expected − 0.6)/0.4 down to 0;
  // no expectation 0.8; task/piece rate 0.7 without an expectation, excluded with one
  const expected = row.expectedWage
  const min = table.monthlyMin[j]
  if (min !== min) value = expected !== null ? EXCLUDED : 0.7
  else if (expected === null || expected <= 0) value = 0.8
  else {
    const max = table.monthlyMax[j]
    if (min >= expected) value = 1
    else if (max >= expected) value = 0.85
    else value = Math.max(0, (max / expected - 0.6) / 0.4) * 0.7
  }
  if (values !== undefined) values[W_WAGE] = value
  if (value === EXCLUDED) return -1
  total += weights[W_WAGE] * value
  sum += weights[W_WAGE]

  // availability: free by the start 1, else 1 − late/maxLateDays, excluded beyond maxLateDays
  const from = row.availableDay
  const start = table.startDay[j]
  if (from === null || from <= start) value = 1
  else {
    const late = from - start
    const maxLate = table.maxLateDays
    value = late > maxLate ? EXCLUDED : maxLate === 0 ? 0 : 1 - late / maxLate
  }
  if (values !== undefined) values[W_AVAILABILITY] = value
  if (value === EXCLUDED) return -1
  total += weights[W_AVAILABILITY] * value
  sum += weights[W_AVAILABILITY]

  // brand (branded postings only): the brand's trade from its county 1, the trade elsewhere 0.5, else 0
  const brandTrade = table.brandTrade[j]
  if (brandTrade >= 0) {
    const hasTrade = indexOf(row.tradeWords, brandTrade) >= 0
    const brandCounty = table.brandCounty[j]
    const fromCounty = brandCounty === -1 || brandCounty === row.county
    value = hasTrade && fromCounty ? 1 : hasTrade ? 0.5 : 0
    total += weights[W_BRAND] * value
    sum += weights[W_BRAND]
  } else value = NOT_APPLIED
  if (values !== undefined) values[W_BRAND] = value

  // posting type (public-welfare and workshop posts only): near home 1 (a local wish or none), in-province 0.6, else 0.2;
  // a public-welfare post of another county is excluded (以县统筹)
  const type = table.type[j]
  if (type !== 0) {
    if (type === 1 && table.county[j] !== -1 && table.county[j] !== row.county) value = EXCLUDED
    else value = row.hasLocalWish ? 1 : row.hasInProvinceWish ? 0.6 : 0.2
  } else value = NOT_APPLIED
  if (values !== undefined) values[W_JOB_TYPE] = value
  if (value === EXCLUDED) return -1
  if (value !== NOT_APPLIED) {
    total += weights[W_JOB_TYPE] * value
    sum += weights[W_JOB_TYPE]
  }

  return sum === 0 ? 0 : Math.round((100 * total) / sum)
}

/**
 * The destination rule, as a table: how well a wish fits a posting's place (0: the
 * wish does not admit it). 本县 (local) admits the city's postings (the home county
 * 1, another county 0.8); 省内 the province's (home county 0.8, elsewhere 1); 省外 any
 * other province's; 京津冀/长三角/粤港澳 another province's postings of that partner
 * area only. A laborer with wishes may take a posting when one wish admits it (the best
 * wish's value counts); a laborer without wishes may take any (0.7).
 */
function wishValue(wish: number, reach: number, area: number): number {
  switch (wish) {
    case 0:
      return reach === REACH_HOME ? 1 : reach === REACH_CITY ? 0.8 : 0
    case 1:
      return reach === REACH_OUT ? 0 : reach === REACH_HOME ? 0.8 : 1
    case 2:
      return reach === REACH_OUT ? 1 : 0
    default:
      return reach === REACH_OUT && wish === area ? 1 : 0
  }
}
