import type { DestinationWish, PovertyStatus } from '../laborers/schema'
import {
  compileJobs,
  compileLaborer,
  componentNames,
  EXCLUDED,
  fastScore,
  NOT_APPLIED,
  prepareJob,
  prepareLaborer,
  reachAt,
  type ComponentName,
  type FitContext,
  type FitJob,
  type FitLaborer,
  type FitRow,
  type FitTable,
  type PreparedJob,
  type PreparedLaborer,
  type Reach,
} from './fit-table'
import { laborBrandDefinitions, tierNames } from './occupations'

export type { ComponentName, FitContext, FitJob, FitLaborer, PreparedJob, PreparedLaborer } from './fit-table'
export { prepareJob, prepareLaborer } from './fit-table'

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
  | {
      excluded: true
      /** The hard constraint that rules the pair out. */
      component: ComponentName
      reason: string
      explanation: string
      version: number
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

const reachLabels: Record<Reach, string> = { home: '本县', city: '市内外县', province: '省内外市', out: '省外' }

/**
 * The explained score of laborer `row` for posting `j` of `table`: `fastScore`'s number
 * and component values (the one arithmetic), with a sentence per component in Chinese
 * to read aloud, or the reason the pair is excluded.
 */
export function explainScore(table: FitTable, row: FitRow, j: number): FitResult {
  const { settings, version } = table.config
  const values = new Float64Array(componentNames.length).fill(NOT_APPLIED)
  const score = fastScore(table, row, j, values)
  const laborer = row.laborer
  const job = table.jobs[j]
  const reach = reachAt(table, row, j)
  if (score < 0) {
    const k = values.indexOf(EXCLUDED)
    const component = componentNames[k]
    const reason = exclusionReason(component, laborer, job, reach)
    return { excluded: true, component, reason, explanation: `不推荐：${reason}。`, version }
  }
  let weights = 0
  values.forEach((value, k) => {
    if (value !== NOT_APPLIED) weights += settings.weights[componentNames[k]]
  })
  const components: FitComponent[] = []
  values.forEach((value, k) => {
    if (value === NOT_APPLIED) return
    const name = componentNames[k]
    const weight = settings.weights[name]
    components.push({
      name,
      weight,
      value: Math.round(value * 100) / 100,
      points: weights === 0 ? 0 : Math.round((1000 * weight * value) / weights) / 10,
      note: componentNote(name, value, laborer, job, reach),
    })
  })
  const priority = settings.priority[laborer.source.povertyStatus]
  const lines = components.map((c) => c.note)
  if (priority > 0) lines.push(`优先：${povertyLabels[laborer.source.povertyStatus]}，优先安排（+${priority}）`)
  return { excluded: false, score, priority, components, explanation: `${lines.join('；')}。综合${score}分。`, version }
}

/** One laborer against one posting. */
export function fitScore(laborer: FitLaborer, job: FitJob, context: FitContext): FitResult {
  return postingScorer(job, context)(laborer)
}

export type Eligibility = { eligible: true; score: number } | { eligible: false; component: ComponentName; reason: string }

/**
 * The one eligibility rule: whether the pair may be shown, proposed or assigned (the fit
 * score does not exclude it), and if not, which constraint and why (Chinese).
 */
export function eligibility(laborer: FitLaborer, job: FitJob, context: FitContext): Eligibility {
  const fit = fitScore(laborer, job, context)
  return fit.excluded ? { eligible: false, component: fit.component, reason: fit.reason } : { eligible: true, score: fit.score }
}

/** One posting against many laborers (candidates): the posting compiled once. */
export function postingScorer(job: FitJob, context: FitContext): (laborer: FitLaborer) => FitResult {
  const table = compileJobs([prepareJob(job)], context)
  return (laborer) => explainScore(table, compileLaborer(prepareLaborer(laborer), table), 0)
}

function monthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

function certificateLabel(c: { name: string; tier: number }): string {
  return `${c.name}（${tierNames[c.tier] ?? `${c.tier}级`}）`
}

const unitLabels: Record<string, string> = { month: '月薪', day: '日薪', task: '按次', piece: '计件' }

function placeLabel(job: PreparedJob, reach: Reach): string {
  return job.source.partnerArea === 'local' || reach !== 'out' ? reachLabels[reach] : (partnerAreaLabels[job.source.partnerArea] ?? '省外')
}

function wishList(wishes: readonly DestinationWish[]): string {
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

function exclusionReason(component: ComponentName, laborer: PreparedLaborer, job: PreparedJob, reach: Reach): string {
  const source = job.source
  switch (component) {
    case 'occupation':
      return `技能不符：岗位要求${source.occupation}`
    case 'certificate': {
      for (const { key, certificate } of job.requirements) {
        const held = laborer.certificates.get(key)
        if (!held) return `缺少必需证书：${certificateLabel(certificate)}`
        if (held.tier < certificate.tier) {
          return `证书等级不足：${certificate.name}需${tierNames[certificate.tier]}，现为${tierNames[held.tier]}`
        }
      }
      return '证书不符'
    }
    case 'destination': {
      const wishes = laborer.source.destinationWishes
      const staysInProvince = wishes.every((w) => w === 'local' || w === 'in_province')
      const head = reach === 'out' && staysInProvince ? '不愿外出' : '不在意愿去向'
      return `${head}：意愿为${wishList(wishes)}，岗位在${placeLabel(job, reach)}`
    }
    case 'wage':
      return `${offerLabel(job)}，无法与期望月薪${laborer.source.expectedWage}元比较`
    case 'availability': {
      const late = laborer.availableDay! - job.startDay
      return `${monthDay(laborer.source.availableFrom!)}才能到岗，岗位${monthDay(source.startDate)}开工，晚${late}天`
    }
    case 'jobType':
      return '公益性岗位按县统筹，限本县劳动力'
    case 'brand':
      return '劳务品牌不符'
  }
}

function componentNote(name: ComponentName, value: number, laborer: PreparedLaborer, job: PreparedJob, reach: Reach): string {
  const source = job.source
  switch (name) {
    case 'occupation': {
      const skill = laborer.trades.get(job.trade)
      if (skill) {
        const certificate = laborer.certificates.get(job.trade)
        return `技能匹配：${source.occupation}（${skill.years}年经验${certificate ? `，${tierNames[certificate.tier]}证书` : ''}）`
      }
      const tagHits = job.tags.filter((tag) => laborer.trades.has(tag))
      if (tagHits.length > 0) return `技能相近：会${tagHits.join('、')}，岗位为${source.occupation}`
      return `${source.occupation}岗位不限技能`
    }
    case 'certificate': {
      if (job.requirements.length > 0) {
        return `证书齐全：${job.requirements.map((r) => certificateLabel(laborer.certificates.get(r.key)!)).join('、')}`
      }
      const held = laborer.certificates.get(job.trade)
      return held ? `持${certificateLabel(held)}` : '岗位不要求证书'
    }
    case 'destination': {
      const wishes = laborer.source.destinationWishes
      return wishes.length === 0 ? `去向：未填意愿，岗位在${placeLabel(job, reach)}` : `去向：愿去${wishList(wishes)}，岗位在${placeLabel(job, reach)}`
    }
    case 'wage': {
      const expected = laborer.source.expectedWage
      if (job.monthly === null) return `工资：${offerLabel(job)}，未填期望`
      if (expected === null || expected <= 0) return `工资：${offerLabel(job)}${monthlyLabel(job)}，未填期望`
      const verdict = value === 1 ? '不低于期望' : value === 0.85 ? '可达到期望' : '低于期望'
      return `工资：${offerLabel(job)}${monthlyLabel(job)}，${verdict}${expected}元`
    }
    case 'availability': {
      const from = laborer.source.availableFrom
      if (value === 1) return `到岗：${from ? `${monthDay(from)}起可到岗` : '随时可到岗'}，${monthDay(source.startDate)}开工`
      return `到岗：${monthDay(from!)}可到岗，比开工晚${laborer.availableDay! - job.startDay}天`
    }
    case 'brand': {
      const brand = laborBrandDefinitions[source.laborBrand!]
      if (value === 1) return `劳务品牌：${brand.name}`
      if (value === 0.5) return `劳务品牌${brand.name}：会${brand.occupation}，非品牌产地`
      return `劳务品牌${brand.name}：不符`
    }
    case 'jobType': {
      const label = source.type === 'public_welfare' ? '公益性岗位' : '帮扶车间'
      return value === 1 ? `${label}：就近就业，适合留乡人员` : `${label}：就近岗位，但意愿外出`
    }
  }
}
