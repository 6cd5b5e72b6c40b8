import type { DestinationWish } from '../laborers/schema'
import type { FitContext, PreparedJob, PreparedLaborer } from './fit-score'
import { reachOf } from './fit-score'
import { canonicalOccupation, isGeneralPosting, laborBrandDefinitions } from './occupations'

/**
 * The fit score of `scorePrepared` without explanations, over postings compiled once
 * into typed arrays and laborers into a few numbers: assignment runs score a hundred
 * million pairs, and the words, maps and objects of the explained score cost more than
 * the arithmetic. The score must be the same number, so every component follows its
 * counterpart in `fit-score.ts` step for step and the weighted sum is taken in the same
 * order (`test/matching/fit-table.test.ts` compares the two on generated data).
 */
export interface FitTable {
  postings: number
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

const wishCodes: Record<DestinationWish, number> = {
  local: 0,
  in_province: 1,
  out_of_province: 2,
  jingjinji: 3,
  yangtze_delta: 4,
  greater_bay: 5,
}

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
    table.area[j] = source.partnerArea in wishCodes ? wishCodes[source.partnerArea as DestinationWish] : -1
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

/** `scorePrepared(laborer, job, context, false).score`, or −1 where it excludes. */
export function fastScore(table: FitTable, row: FitRow, j: number): number {
  const weights = table.weights
  let total = 0
  let sum = 0

  // occupation
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
    else return -1
  }
  total += weights[W_OCCUPATION] * value
  sum += weights[W_OCCUPATION]

  // certificate
  const reqFrom = table.requirementStart[j]
  const reqTo = table.requirementStart[j + 1]
  if (reqFrom < reqTo) {
    for (let r = reqFrom; r < reqTo; r++) {
      const held = indexOf(row.certWords, table.requirementWord[r])
      if (held < 0 || row.certTiers[held] < table.requirementTier[r]) return -1
    }
    value = 1
  } else value = indexOf(row.certWords, trade) >= 0 ? 1 : 0.6
  total += weights[W_CERTIFICATE] * value
  sum += weights[W_CERTIFICATE]

  // destination
  let reach = table.reach[j]
  if (reach === REACH_CITY && table.county[j] === row.county) reach = REACH_HOME
  if (row.wishes.length === 0) value = 0.7
  else {
    value = 0
    for (let k = 0; k < row.wishes.length; k++) value = Math.max(value, wishValue(row.wishes[k], reach, table.area[j]))
    if (value === 0 && reach === REACH_OUT) return -1
    if (value === 0) value = 0.4
  }
  total += weights[W_DESTINATION] * value
  sum += weights[W_DESTINATION]

  // wage
  const expected = row.expectedWage
  const min = table.monthlyMin[j]
  if (min !== min) {
    if (expected !== null) return -1
    value = 0.7
  } else if (expected === null || expected <= 0) value = 0.8
  else {
    const max = table.monthlyMax[j]
    if (min >= expected) value = 1
    else if (max >= expected) value = 0.85
    else value = Math.max(0, (max / expected - 0.6) / 0.4) * 0.7
  }
  total += weights[W_WAGE] * value
  sum += weights[W_WAGE]

  // availability
  const from = row.availableDay
  const start = table.startDay[j]
  if (from === null || from <= start) value = 1
  else {
    const late = from - start
    const maxLate = table.maxLateDays
    if (late > maxLate) return -1
    value = maxLate === 0 ? 0 : 1 - late / maxLate
  }
  total += weights[W_AVAILABILITY] * value
  sum += weights[W_AVAILABILITY]

  // brand
  const brandTrade = table.brandTrade[j]
  if (brandTrade >= 0) {
    const hasTrade = indexOf(row.tradeWords, brandTrade) >= 0
    const brandCounty = table.brandCounty[j]
    const fromCounty = brandCounty === -1 || brandCounty === row.county
    value = hasTrade && fromCounty ? 1 : hasTrade ? 0.5 : 0
    total += weights[W_BRAND] * value
    sum += weights[W_BRAND]
  }

  // posting type
  const type = table.type[j]
  if (type !== 0) {
    if (type === 1 && table.county[j] !== -1 && table.county[j] !== row.county) return -1
    value = row.hasLocalWish ? 1 : row.hasInProvinceWish ? 0.6 : 0.2
    total += weights[W_JOB_TYPE] * value
    sum += weights[W_JOB_TYPE]
  }

  return sum === 0 ? 0 : Math.round((100 * total) / sum)
}

function wishValue(wish: number, reach: number, area: number): number {
  switch (wish) {
    case 0:
      return reach === REACH_HOME ? 1 : reach === REACH_CITY ? 0.8 : 0
    case 1:
      return reach === REACH_OUT ? 0 : reach === REACH_HOME ? 0.8 : 1
    case 2:
      return reach === REACH_OUT ? 1 : 0
    default:
      return reach !== REACH_OUT ? 0 : wish === area ? 1 : 0.5
  }
}
