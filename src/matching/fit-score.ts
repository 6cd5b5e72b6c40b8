import type { Job } from '../jobs/schema'
import type { Certificate, DestinationWish, Laborer, PovertyStatus, Skill } from '../laborers/schema'
import {
  canonicalCertificate,
  canonicalOccupation,
  isGeneralPosting,
  laborBrandDefinitions,
  tierNames,
} from './occupations'
import type { ScoringConfig, ScoringSettings } from './scoring-config'

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

export type ComponentName = keyof ScoringSettings['weights']

export interface FitComponent {
  name: ComponentName
  weight: number
  /** 0–1: how well this aspect fits. */
  value: number
  /** Share of the 0–100 score this component contributed. */
  points: number
  note: string
}

export type FitResult =
  | {
      excluded: false
      score: number
      /** Policy points for poverty status, added in assignment and candidate ranking. */
      priority: number
      components: FitComponent[]
      explanation: string
      version: number
    }
  | { excluded: true; reason: string; explanation: string; version: number }

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
  /** Wage range converted to 元 a month; null when the unit cannot be converted. */
  monthly: { min: number; max: number } | null
  startDay: number
}

export interface FitContext {
  /** The served city (1409): decides local, in-province and out-of-province. */
  cityCode: string
  config: ScoringConfig
}

export const povertyLabels: Record<PovertyStatus, string> = {
  poverty_alleviated: '脱贫户',
  monitored: '防返贫监测对象',
  ordinary: '一般农户',
}

const wishLabels: Record<DestinationWish, string> = {
  local: '本县',
  in_province: '省内',
  out_of_province: '省外',
  jingjinji: '京津冀',
  yangtze_delta: '长三角',
  greater_bay: '粤港澳',
}

const partnerAreaLabels: Record<string, string> = {
  jingjinji: '京津冀',
  yangtze_delta: '长三角',
  greater_bay: '粤港澳',
  in_province: '省内',
  local: '本地',
  other: '省外',
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

export function prepareJob(job: FitJob, settings: ScoringSettings): PreparedJob {
  const perMonth = job.wageUnit === 'month' ? 1 : job.wageUnit === 'day' ? settings.daysPerMonth : null
  return {
    source: job,
    trade: canonicalOccupation(job.occupation),
    tags: job.skillTags.map(canonicalOccupation),
    requirements: job.certificatesRequired.map((certificate) => ({ key: canonicalCertificate(certificate.name), certificate })),
    monthly: perMonth === null ? null : { min: job.wageMin * perMonth, max: job.wageMax * perMonth },
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

const reachLabels: Record<Reach, string> = { home: '本县', city: '市内外县', province: '省内外市', out: '省外' }

function wishValue(wish: DestinationWish, reach: Reach, partnerArea: string): number {
  switch (wish) {
    case 'local':
      return reach === 'home' ? 1 : reach === 'city' ? 0.8 : 0
    case 'in_province':
      return reach === 'out' ? 0 : reach === 'home' ? 0.8 : 1
    case 'out_of_province':
      return reach === 'out' ? 1 : 0
    default:
      return reach !== 'out' ? 0 : wish === partnerArea ? 1 : 0.5
  }
}

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000
}

function monthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

/**
 * Scores one laborer against one posting: the weighted mean of the components that
 * apply (brand and posting type only for branded and near-home postings), 0–100.
 * Hard constraints exclude with a reason instead of scoring low, so an agent is never
 * shown a posting the laborer cannot take. `explain: false` skips building the
 * sentences, for assignment runs that score millions of pairs.
 */
export function scorePrepared(laborer: PreparedLaborer, job: PreparedJob, context: FitContext, explain = true): FitResult {
  const { settings, version } = context.config
  const parts: Part[] = []
  for (let k = 0; k < 7; k++) {
    const part =
      k === 0
        ? occupationPart(laborer, job, explain)
        : k === 1
          ? certificatePart(laborer, job, explain)
          : k === 2
            ? destinationPart(laborer, job, context.cityCode, explain)
            : k === 3
              ? wagePart(laborer, job, explain)
              : k === 4
                ? availabilityPart(laborer, job, settings.maxLateDays, explain)
                : k === 5
                  ? brandPart(laborer, job, explain)
                  : jobTypePart(laborer, job, explain)
    if (typeof part === 'string') return { excluded: true, reason: part, explanation: `不推荐：${part}。`, version }
    if (part) parts.push(part)
  }
  let total = 0
  let weights = 0
  for (const part of parts) {
    const weight = settings.weights[part.name]
    total += weight * part.value
    weights += weight
  }
  const score = weights === 0 ? 0 : Math.round((100 * total) / weights)
  const priority = settings.priority[laborer.source.povertyStatus]
  if (!explain) return { excluded: false, score, priority, components: [], explanation: '', version }
  const components = parts.map((part) => ({
    name: part.name,
    weight: settings.weights[part.name],
    value: Math.round(part.value * 100) / 100,
    points: weights === 0 ? 0 : Math.round((1000 * settings.weights[part.name] * part.value) / weights) / 10,
    note: part.note,
  }))
  const lines = components.map((c) => c.note)
  if (priority > 0) lines.push(`优先：${povertyLabels[laborer.source.povertyStatus]}，优先安排（+${priority}）`)
  return { excluded: false, score, priority, components, explanation: `${lines.join('；')}。综合${score}分。`, version }
}

export function fitScore(laborer: FitLaborer, job: FitJob, context: FitContext): FitResult {
  return scorePrepared(prepareLaborer(laborer), prepareJob(job, context.config.settings), context)
}

interface Part {
  name: ComponentName
  value: number
  /** Empty unless the result is explained. */
  note: string
}

function certificateLabel(c: Certificate): string {
  return `${c.name}（${tierNames[c.tier] ?? `${c.tier}级`}）`
}

function occupationPart(laborer: PreparedLaborer, job: PreparedJob, explain: boolean): Part | string {
  const skill = laborer.trades.get(job.trade)
  const shown = job.source.occupation
  if (skill) {
    const value = skill.years >= 3 ? 1 : skill.years >= 1 ? 0.9 : 0.8
    const certificate = laborer.certificates.get(job.trade)
    return {
      name: 'occupation',
      value,
      note: explain ? `技能匹配：${shown}（${skill.years}年经验${certificate ? `，${tierNames[certificate.tier]}证书` : ''}）` : '',
    }
  }
  const tagHits = job.tags.filter((tag) => laborer.trades.has(tag))
  if (tagHits.length > 0) {
    return {
      name: 'occupation',
      value: 0.5 + (0.3 * tagHits.length) / job.tags.length,
      note: explain ? `技能相近：会${tagHits.join('、')}，岗位为${shown}` : '',
    }
  }
  if (isGeneralPosting(job.trade, job.source.type)) {
    return { name: 'occupation', value: 0.6, note: explain ? `${shown}岗位不限技能` : '' }
  }
  return `技能不符：岗位要求${shown}`
}

function certificatePart(laborer: PreparedLaborer, job: PreparedJob, explain: boolean): Part | string {
  if (job.requirements.length > 0) {
    for (const { key, certificate } of job.requirements) {
      const held = laborer.certificates.get(key)
      if (!held) return `缺少必需证书：${certificateLabel(certificate)}`
      if (held.tier < certificate.tier) {
        return `证书等级不足：${certificate.name}需${tierNames[certificate.tier]}，现为${tierNames[held.tier]}`
      }
    }
    return {
      name: 'certificate',
      value: 1,
      note: explain ? `证书齐全：${job.requirements.map((r) => certificateLabel(laborer.certificates.get(r.key)!)).join('、')}` : '',
    }
  }
  const held = laborer.certificates.get(job.trade)
  if (held) return { name: 'certificate', value: 1, note: explain ? `持${certificateLabel(held)}` : '' }
  return { name: 'certificate', value: 0.6, note: explain ? '岗位不要求证书' : '' }
}

function destinationPart(laborer: PreparedLaborer, job: PreparedJob, cityCode: string, explain: boolean): Part | string {
  const reach = reachOf(job.source, laborer.source.countyCode, cityCode)
  const wishes = laborer.source.destinationWishes
  if (wishes.length === 0) return { name: 'destination', value: 0.7, note: explain ? `去向：未填意愿，岗位在${placeLabel(job, reach)}` : '' }
  let value = 0
  for (const wish of wishes) value = Math.max(value, wishValue(wish, reach, job.source.partnerArea))
  if (value === 0 && reach === 'out') return `不愿外出：意愿为${wishList(wishes)}，岗位在${placeLabel(job, reach)}`
  if (value === 0) value = 0.4
  return { name: 'destination', value, note: explain ? `去向：愿去${wishList(wishes)}，岗位在${placeLabel(job, reach)}` : '' }
}

const unitLabels: Record<string, string> = { month: '月薪', day: '日薪', task: '按次', piece: '计件' }

function placeLabel(job: PreparedJob, reach: Reach): string {
  return job.source.partnerArea === 'local' || reach !== 'out' ? reachLabels[reach] : (partnerAreaLabels[job.source.partnerArea] ?? '省外')
}

function wishList(wishes: DestinationWish[]): string {
  return wishes.map((w) => wishLabels[w]).join('、')
}

function offerLabel(job: PreparedJob): string {
  const { wageMin, wageMax, wageUnit } = job.source
  return `${unitLabels[wageUnit]}${wageMin === wageMax ? wageMin : `${wageMin}–${wageMax}`}元`
}

function monthlyLabel(job: PreparedJob): string {
  const monthly = job.monthly
  if (!monthly || job.source.wageUnit === 'month') return ''
  return `，约合月${monthly.min === monthly.max ? monthly.min : `${monthly.min}–${monthly.max}`}元`
}

function wagePart(laborer: PreparedLaborer, job: PreparedJob, explain: boolean): Part | string {
  const expected = laborer.source.expectedWage
  const monthly = job.monthly
  if (monthly === null) {
    if (expected !== null) return `${offerLabel(job)}，无法与期望月薪${expected}元比较`
    return { name: 'wage', value: 0.7, note: explain ? `工资：${offerLabel(job)}，未填期望` : '' }
  }
  if (expected === null || expected <= 0) {
    return { name: 'wage', value: 0.8, note: explain ? `工资：${offerLabel(job)}${monthlyLabel(job)}，未填期望` : '' }
  }
  let value: number
  let verdict: string
  if (monthly.min >= expected) [value, verdict] = [1, '不低于期望']
  else if (monthly.max >= expected) [value, verdict] = [0.85, '可达到期望']
  else {
    value = Math.max(0, (monthly.max / expected - 0.6) / 0.4) * 0.7
    verdict = '低于期望'
  }
  return { name: 'wage', value, note: explain ? `工资：${offerLabel(job)}${monthlyLabel(job)}，${verdict}${expected}元` : '' }
}

function availabilityPart(laborer: PreparedLaborer, job: PreparedJob, maxLateDays: number, explain: boolean): Part | string {
  const from = laborer.source.availableFrom
  const start = job.source.startDate
  if (!from || from <= start) {
    return { name: 'availability', value: 1, note: explain ? `到岗：${from ? `${monthDay(from)}起可到岗` : '随时可到岗'}，${monthDay(start)}开工` : '' }
  }
  const late = laborer.availableDay! - job.startDay
  if (late > maxLateDays) return `${monthDay(from)}才能到岗，岗位${monthDay(start)}开工，晚${late}天`
  return {
    name: 'availability',
    value: maxLateDays === 0 ? 0 : 1 - late / maxLateDays,
    note: explain ? `到岗：${monthDay(from)}可到岗，比开工晚${late}天` : '',
  }
}

function brandPart(laborer: PreparedLaborer, job: PreparedJob, explain: boolean): Part | null {
  if (!job.source.laborBrand) return null
  const brand = laborBrandDefinitions[job.source.laborBrand]
  const trade = canonicalOccupation(brand.occupation)
  const hasTrade = laborer.trades.has(trade)
  const fromCounty = brand.countyCode === null || laborer.source.countyCode === brand.countyCode
  if (hasTrade && fromCounty) return { name: 'brand', value: 1, note: explain ? `劳务品牌：${brand.name}` : '' }
  if (hasTrade) return { name: 'brand', value: 0.5, note: explain ? `劳务品牌${brand.name}：会${brand.occupation}，非品牌产地` : '' }
  return { name: 'brand', value: 0, note: explain ? `劳务品牌${brand.name}：不符` : '' }
}

function jobTypePart(laborer: PreparedLaborer, job: PreparedJob, explain: boolean): Part | string | null {
  const { type, countyCode } = job.source
  if (type !== 'public_welfare' && type !== 'assistance_workshop') return null
  const label = type === 'public_welfare' ? '公益性岗位' : '帮扶车间'
  // Public-welfare posts are created and filled county by county (以县统筹、就近上岗).
  if (type === 'public_welfare' && countyCode && countyCode !== laborer.source.countyCode) {
    return '公益性岗位按县统筹，限本县劳动力'
  }
  const wishes = laborer.source.destinationWishes
  const nearHome = wishes.length === 0 || wishes.includes('local')
  const value = nearHome ? 1 : wishes.includes('in_province') ? 0.6 : 0.2
  return {
    name: 'jobType',
    value,
    note: explain ? (nearHome ? `${label}：就近就业，适合留乡人员` : `${label}：就近岗位，但意愿外出`) : '',
  }
}
