/**
 * The laborer roster as county offices and the provincial platform write it: Chinese
 * headers matched tolerantly, Chinese values turned into the registry's codes, place
 * names resolved within the city's real divisions — and back again for exports, so a
 * roster exported and imported again changes nothing.
 */
import type { Pii } from '../pii/cipher'
import { parseIdNumber, normalizeIdNumber } from './id-number'
import { areaOf, sealLaborer, sealPhone, laborerParams, type LaborerParams } from './registry'
import type { Certificate, DestinationWish, EmploymentStatus, Laborer, PovertyStatus, Skill } from './schema'
import { isRealDate } from '../calendar'

export type SheetField =
  | 'seq'
  | 'county'
  | 'township'
  | 'village'
  | 'name'
  | 'gender'
  | 'idNumber'
  | 'phone'
  | 'povertyStatus'
  | 'education'
  | 'employmentStatus'
  | 'employmentForm'
  | 'workPlace'
  | 'workUnit'
  | 'skills'
  | 'certificates'
  | 'trainingWishes'
  | 'destinationWishes'
  | 'expectedWage'
  | 'availableFrom'

/** Header spellings seen in the platform's and the counties' sheets, after `headerKey`. */
const HEADERS: Record<SheetField, string[]> = {
  seq: ['序号', '编号', '序'],
  county: ['县(市、区)', '县(市,区)', '县(市区)', '县市区', '县区', '区县', '县(区)', '县(市)', '县', '所属县', '县(市、区)名称'],
  township: ['乡(镇)', '乡镇', '乡(镇、街道)', '乡镇(街道)', '乡(镇)街道', '乡镇街道', '所属乡镇', '乡', '镇', '街道'],
  village: ['村', '行政村', '村(社区)', '村(居)', '村委会', '村居', '所属村', '村名', '村(居委会)'],
  name: ['姓名', '名字'],
  gender: ['性别'],
  idNumber: ['身份证号码', '身份证号', '公民身份号码', '公民身份证号码', '身份证', '证件号码', '身份证件号码'],
  phone: ['联系电话', '手机号码', '手机号', '手机', '电话', '联系方式', '电话号码'],
  povertyStatus: ['人口类型', '脱贫属性', '户类型', '人员类别', '人员类型', '户属性', '脱贫户属性'],
  education: ['文化程度', '学历'],
  employmentStatus: ['就业状态', '是否就业', '就业情况'],
  employmentForm: ['就业形式', '就业方式', '务工类型', '就业类型'],
  workPlace: ['务工地点', '务工地', '就业地点', '务工地址'],
  workUnit: ['务工单位', '就业单位', '工作单位', '务工企业'],
  skills: ['技能特长', '技能', '特长', '掌握技能'],
  certificates: ['职业资格证书', '技能证书', '职业技能等级证书', '证书'],
  trainingWishes: ['培训意愿', '培训需求', '培训意向'],
  destinationWishes: ['就业意愿', '务工意愿', '外出务工意愿', '意向务工地', '意向务工地点', '就业意向'],
  expectedWage: ['期望月薪(元)', '期望月薪', '期望工资', '期望收入', '期望月收入(元)'],
  availableFrom: ['可到岗日期', '到岗时间', '可到岗时间', '可就业时间'],
}

/** Recognised, shown in the mapping, but not kept by the registry. */
export const NOT_KEPT: ReadonlySet<SheetField> = new Set(['seq', 'education', 'workPlace', 'workUnit'])

const FULL_WIDTH = /[\uff01-\uff5e]/g
const ANY_WIDE = /[\uff01-\uff5e\u3000]/

/** Full-width ASCII (０-９, Ａ-Ｚ, （）…) to half-width, full-width space to space. */
export function halfWidth(text: string): string {
  // Most cells have none: one test instead of two replacements.
  if (!ANY_WIDE.test(text)) return text
  return text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

/** A header as compared: half-width, no spaces, no required-marks or notes. */
export function headerKey(cell: string): string {
  return halfWidth(cell)
    .replace(/\s+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/\((必填|选填|必填项)\)$/, '')
    .replace(/，/g, ',')
}

const byKey = new Map<string, SheetField>()
for (const [field, names] of Object.entries(HEADERS) as [SheetField, string[]][]) {
  for (const name of names) byKey.set(headerKey(name), field)
}

export function fieldOfHeader(cell: string): SheetField | undefined {
  return byKey.get(headerKey(cell))
}

export interface HeaderMapping {
  /** 1-based row of the header in the source. */
  headerRow: number
  /** The header cells as written (for the rejects file). */
  header: string[]
  /** Field per column (null: not recognised, or a duplicate). */
  columns: (SheetField | null)[]
}

/**
 * The header row: the first of the top rows (titles and blanks may come first) where at
 * least three cells are known headers, one of them the ID number or the name.
 */
export function findHeader(row: number, cells: string[]): HeaderMapping | null {
  const seen = new Set<SheetField>()
  const columns = cells.map((cell) => {
    const field = fieldOfHeader(cell)
    if (!field || seen.has(field)) return null
    seen.add(field)
    return field
  })
  if (seen.size < 3 || !(seen.has('idNumber') || seen.has('name'))) return null
  return { headerRow: row, header: cells, columns }
}

/** Header rows are looked for in this many top rows. */
export const HEADER_SEARCH_ROWS = 30

/** A blank row, or the 合计 / 总计 line at the end of a roster. */
export function isSkippedRow(cells: readonly string[]): boolean {
  let filled = 0
  for (const c of cells) {
    const t = c.trim()
    if (t === '') continue
    filled++
    const k = t.replace(/\s+/g, '')
    if (k === '合计' || k === '总计' || k === '小计' || /^(合计|总计)[:：]/.test(k)) return true
  }
  return filled === 0
}

// ---------------------------------------------------------------- values

export const POVERTY_LABELS: Record<PovertyStatus, string> = {
  poverty_alleviated: '脱贫户',
  monitored: '防返贫监测对象',
  ordinary: '一般农户',
}
const POVERTY_WORDS: Record<string, PovertyStatus> = {
  脱贫户: 'poverty_alleviated',
  脱贫人口: 'poverty_alleviated',
  已脱贫户: 'poverty_alleviated',
  已脱贫人口: 'poverty_alleviated',
  脱贫不稳定户: 'monitored',
  监测对象: 'monitored',
  防返贫监测对象: 'monitored',
  监测户: 'monitored',
  边缘易致贫户: 'monitored',
  突发严重困难户: 'monitored',
  一般农户: 'ordinary',
  一般户: 'ordinary',
  农户: 'ordinary',
  非贫困户: 'ordinary',
}

/** 就业形式 as the plan names them, per employment status. */
export const FORM_LABELS: Record<Exclude<EmploymentStatus, 'unemployed'>, string> = {
  cross_province: '省外务工',
  in_province: '省内县外务工',
  local: '县内务工',
  public_welfare_post: '公益性岗位',
  self_employed: '自主创业',
}
/** Every employment status in Chinese (未就业 and the five forms that are statuses). */
export const EMPLOYMENT_STATUS_LABELS: Record<EmploymentStatus, string> = { unemployed: '未就业', ...FORM_LABELS }
const FORM_WORDS: Record<string, EmploymentStatus> = {
  省外务工: 'cross_province',
  省外就业: 'cross_province',
  省际输出: 'cross_province',
  外省务工: 'cross_province',
  省内县外务工: 'in_province',
  省内县外就业: 'in_province',
  省内务工: 'in_province',
  省内转移: 'in_province',
  县外省内务工: 'in_province',
  县内务工: 'local',
  县内就业: 'local',
  本地务工: 'local',
  就近就业: 'local',
  就地就业: 'local',
  灵活就业: 'local',
  帮扶车间: 'local',
  帮扶车间就业: 'local',
  公益性岗位: 'public_welfare_post',
  公益岗: 'public_welfare_post',
  公益岗位: 'public_welfare_post',
  自主创业: 'self_employed',
  创业: 'self_employed',
  自主就业: 'self_employed',
  未就业: 'unemployed',
  无: 'unemployed',
}
const EMPLOYED_WORDS = new Set(['已就业', '就业', '务工', '是', '在岗'])
const UNEMPLOYED_WORDS = new Set(['未就业', '失业', '待业', '否', '无业', '无'])

export const DESTINATION_LABELS: Record<DestinationWish, string> = {
  local: '县内',
  in_province: '省内',
  out_of_province: '省外',
  jingjinji: '京津冀',
  yangtze_delta: '长三角',
  greater_bay: '粤港澳',
}
const DESTINATION_WORDS: Record<string, DestinationWish> = {
  县内: 'local',
  本地: 'local',
  就近: 'local',
  本县: 'local',
  省内: 'in_province',
  省内县外: 'in_province',
  省外: 'out_of_province',
  外省: 'out_of_province',
  京津冀: 'jingjinji',
  北京: 'jingjinji',
  天津: 'jingjinji',
  河北: 'jingjinji',
  长三角: 'yangtze_delta',
  上海: 'yangtze_delta',
  江苏: 'yangtze_delta',
  浙江: 'yangtze_delta',
  粤港澳: 'greater_bay',
  粤港澳大湾区: 'greater_bay',
  广东: 'greater_bay',
  深圳: 'greater_bay',
}
const NONE_WORDS = new Set(['无', '没有', '否', '不愿意', '暂无', '/', '-', '—'])

export const TIER_LABELS = ['', '初级', '中级', '高级', '技师'] as const
const TIER_WORDS: Record<string, Certificate['tier']> = { 初级: 1, 五级: 1, 中级: 2, 四级: 2, 高级: 3, 三级: 3, 技师: 4, 二级: 4 }

const splitList = (cell: string) =>
  halfWidth(cell)
    .split(/[、,，;；\s/|]+/)
    .map((s) => s.trim())
    .filter(Boolean)

// ---------------------------------------------------------------- places

/** One village of the city with its township and county, as plain data for import workers. */
export type PlaceEntry = [code: string, village: string, township: string, county: string]

const COMMITTEE = /(村民委员会|居民委员会|社区居委会|村委会|居委会)$/

export const villageKey = (name: string) => {
  const s = halfWidth(name).replace(/\s+/g, '').replace(COMMITTEE, '')
  return s.length > 1 && s.endsWith('村') ? s.slice(0, -1) : s
}
export const townshipKey = (name: string) => {
  const s = halfWidth(name).replace(/\s+/g, '').replace(/(人民政府|办事处)$/, '')
  return s.length > 1 ? s.replace(/(镇|乡|街道)$/, '') : s
}
export const countyKey = (name: string) => {
  const s = halfWidth(name).replace(/\s+/g, '').replace(/^(山西省)?(忻州市)?/, '')
  return s.length > 1 ? s.replace(/(县|区|市)$/, '') : s
}

export type PlaceResult = { ok: true; code: string } | { ok: false; reason: string }

/** Village names of the city; several villages share a name, so the township and county narrow it. */
export class PlaceIndex {
  /** Per village key: each village of that name with its code and its township's and county's keys and names. */
  private readonly byVillage = new Map<string, { code: string; township: string; county: string; names: string }[]>()
  private readonly counties = new Set<string>()
  private readonly townships = new Set<string>()
  /** Answers by the cells as written: a roster names the same few thousand places over and over. */
  private readonly answers = new Map<string, PlaceResult>()

  constructor(places: readonly PlaceEntry[]) {
    for (const p of places) {
      const key = villageKey(p[1])
      const entry = { code: p[0], township: townshipKey(p[2]), county: countyKey(p[3]), names: `${p[3]}${p[2]}` }
      const list = this.byVillage.get(key)
      if (list) list.push(entry)
      else this.byVillage.set(key, [entry])
      this.counties.add(entry.county)
      this.townships.add(entry.township)
    }
  }

  resolve(county: string, township: string, village: string): PlaceResult {
    const cells = `${county}\u0000${township}\u0000${village}`
    let answer = this.answers.get(cells)
    if (!answer) {
      answer = this.find(county, township, village)
      if (this.answers.size >= 100_000) this.answers.clear()
      this.answers.set(cells, answer)
    }
    return answer
  }

  private find(county: string, township: string, village: string): PlaceResult {
    const c = county ? countyKey(county) : ''
    const t = township ? townshipKey(township) : ''
    if (c && !this.counties.has(c)) return { ok: false, reason: `县（市、区）“${county}”不在本市` }
    if (t && !this.townships.has(t)) return { ok: false, reason: `乡（镇）“${township}”不存在` }
    const candidates = (this.byVillage.get(villageKey(village)) ?? []).filter((p) => (!c || p.county === c) && (!t || p.township === t))
    const where = `${county}${township}`
    if (candidates.length === 0) return { ok: false, reason: `村“${village}”在${where || '本市'}不存在` }
    if (candidates.length > 1) {
      const list = candidates.map((p) => p.names).join('、')
      return { ok: false, reason: `村“${village}”有重名（${list}），请填写${c ? '乡（镇）' : '县（市、区）和乡（镇）'}` }
    }
    return { ok: true, code: candidates[0].code }
  }
}

// ---------------------------------------------------------------- rows

/** What a row carries, sealed where it is personal: only non-blank cells of mapped columns. */
export interface SheetPatch {
  name?: string
  phoneHash?: string
  phoneCipher?: string
  phoneMasked?: string
  villageCode?: string
  townshipCode?: string
  countyCode?: string
  povertyStatus?: PovertyStatus
  skills?: Skill[]
  certificates?: Certificate[]
  trainingWishes?: string[]
  destinationWishes?: DestinationWish[]
  expectedWage?: number
  availableFrom?: string
  employmentStatus?: EmploymentStatus
  /** 已就业 without a form: keeps a current employed status, rejects an unemployed one. */
  employed?: true
}

/**
 * A row ready to be written, compact because it crosses threads (a patch object per row
 * cost more to copy than the rest of the row): a row that can register a new person
 * carries only its insert parameters, from which `sheetPatch` reads what it would change
 * in a registered one; any other row carries its patch. The source cells stay with the
 * reader (rejected rows get them back there).
 */
export interface PreparedSheetRow {
  row: number
  idHash: string
  /** Insert parameters when the row could register a new person. */
  insert: LaborerParams | null
  /** With `insert`: which of `OPTIONAL_FIELDS` the row carries (bit i for field i). */
  present: number
  /** Without `insert`: what the row carries, and why a new person could not be registered from it. */
  patch: SheetPatch | null
  missing: string | null
}

/** The fields a row that can register a person may leave blank (then they stay as they are in a registered one). */
const OPTIONAL_FIELDS = ['skills', 'certificates', 'trainingWishes', 'destinationWishes', 'expectedWage', 'availableFrom', 'employmentStatus'] as const

/** Where `laborerParams` puts each patch field. */
const PARAM_INDEX = {
  name: 0, phoneHash: 4, phoneCipher: 5, phoneMasked: 6, villageCode: 9, townshipCode: 10, countyCode: 11, povertyStatus: 12,
  skills: 13, certificates: 14, trainingWishes: 15, destinationWishes: 16, expectedWage: 17, availableFrom: 18, employmentStatus: 19,
} as const
const JSON_PARAMS = new Set<keyof SheetPatch>(['skills', 'certificates', 'trainingWishes', 'destinationWishes'])
const ALWAYS = ['name', 'phoneHash', 'phoneCipher', 'phoneMasked', 'villageCode', 'townshipCode', 'countyCode', 'povertyStatus'] as const

/** What a prepared row changes in a registered person: only the fields its source row carries. */
export function sheetPatch(r: PreparedSheetRow): SheetPatch {
  if (!r.insert) return r.patch ?? {}
  const patch: Record<string, unknown> = {}
  for (const key of ALWAYS) patch[key] = r.insert[PARAM_INDEX[key]]
  OPTIONAL_FIELDS.forEach((key, i) => {
    if (!(r.present & (1 << i))) return
    const value = r.insert![PARAM_INDEX[key]]
    patch[key] = JSON_PARAMS.has(key) ? JSON.parse(value as string) : value
  })
  return patch as SheetPatch
}

export type SheetRowOutcome = { ok: true; value: PreparedSheetRow } | { ok: false; reason: string }

export interface SheetRowContext {
  pii: Pii
  places: PlaceIndex
  area: string
  today: string
}

/** The ID rule's own reason, plus the hint a county clerk needs when Excel ate the digits. */
function idReason(reason: string, id: string): string {
  return /校验位/.test(reason) && id.endsWith('000') ? `${reason}；末尾为 000，疑似被 Excel 当作数字截断，请把该列设为“文本”后重新填写` : reason
}

function parseDate(cell: string): string | null {
  const s = halfWidth(cell).trim()
  if (/^\d{5}(\.0+)?$/.test(s)) {
    // An Excel date serial (days since 1899-12-30).
    return new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000).toISOString().slice(0, 10)
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s)
  if (!m) return null
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`
  return isRealDate(date) ? date : null
}

function parseSkills(cell: string): Skill[] | string {
  const skills: Skill[] = []
  for (const part of splitList(cell.replace(/（/g, '(').replace(/）/g, ')'))) {
    if (NONE_WORDS.has(part)) continue
    const m = /^([^()]+?)(?:\((\d{1,2})年\))?$/.exec(part)
    if (!m || m[1].length > 50) return `技能特长“${part}”无法识别（例：瓦工、电焊工(5年)）`
    skills.push({ occupation: m[1], tags: [], years: m[2] ? Number(m[2]) : 0 })
  }
  return skills.slice(0, 20)
}

function parseCertificates(cell: string): Certificate[] | string {
  const out: Certificate[] = []
  for (const part of splitList(cell.replace(/（/g, '(').replace(/）/g, ')'))) {
    if (NONE_WORDS.has(part)) continue
    const m = /^([^()]+?)\((初级|中级|高级|技师|五级|四级|三级|二级)\)$/.exec(part)
    if (!m) return `证书“${part}”未注明等级（例：焊工(初级)、育婴员(中级)）`
    out.push({ name: m[1], tier: TIER_WORDS[m[2]] })
  }
  return out.slice(0, 20)
}

/**
 * One source row as a registry change: values normalised (full-width digits, spaces,
 * lower-case x), places resolved by name, PII sealed. A new person needs name, ID,
 * phone, village and population type; an existing one (same ID) takes whatever the row
 * carries. Every reason is Chinese and names the column.
 */
export function prepareSheetRow(row: number, cells: string[], columns: readonly (SheetField | null)[], ctx: SheetRowContext): SheetRowOutcome {
  const raw: Partial<Record<SheetField, string>> = {}
  for (let i = 0; i < columns.length; i++) {
    const field = columns[i]
    if (field && !NOT_KEPT.has(field)) raw[field] = (cells[i] ?? '').trim()
  }
  const fail = (reason: string): SheetRowOutcome => ({ ok: false, reason })

  const idCell = halfWidth(raw.idNumber ?? '').replace(/\s+/g, '')
  if (!idCell) return fail('身份证号码为空')
  if (/^\d(\.\d+)?E\+?\d+$/i.test(idCell)) {
    return fail(`身份证号码被 Excel 转成了数字（${idCell}），后几位已丢失：请把该列设为“文本”格式，重新填写完整的 18 位号码`)
  }
  if (/^\d{15}$/.test(idCell)) return fail('15 位旧身份证号码，请填写 18 位号码')
  const id = parseIdNumber(idCell, ctx.today)
  if (!id.ok) return fail(idReason(id.reason, idCell))
  const idNumber = normalizeIdNumber(idCell)

  const patch: SheetPatch = {}
  const missing: string[] = []

  const name = (raw.name ?? '').replace(/\s+/g, '')
  if (name) {
    if (name.length > 50) return fail('姓名超过 50 个字')
    patch.name = name
  } else missing.push('姓名')

  const gender = (raw.gender ?? '').trim()
  if (gender) {
    const said = gender === '男' ? 'male' : gender === '女' ? 'female' : null
    if (!said) return fail(`性别“${gender}”应为“男”或“女”`)
    if (said !== id.gender) return fail(`性别“${gender}”与身份证号码不符`)
  }

  const phone = halfWidth(raw.phone ?? '').replace(/[\s-]+/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '')
  if (phone) {
    if (/^\d(\.\d+)?E\+?\d+$/i.test(phone)) return fail(`联系电话被 Excel 转成了数字（${phone}），请把该列设为“文本”后重新填写`)
    if (!/^1[3-9]\d{9}$/.test(phone)) return fail(`联系电话“${raw.phone}”不是 11 位手机号码`)
    Object.assign(patch, sealPhone(ctx.pii, phone))
  } else missing.push('联系电话')

  if (raw.village) {
    const place = ctx.places.resolve(raw.county ?? '', raw.township ?? '', raw.village)
    if (!place.ok) return fail(place.reason)
    if (!place.code.startsWith(ctx.area)) return fail(`村“${raw.village}”不在您的管辖范围内`)
    Object.assign(patch, areaOf(place.code))
  } else missing.push('村')

  if (raw.povertyStatus) {
    const status = POVERTY_WORDS[raw.povertyStatus.replace(/\s+/g, '')]
    if (!status) return fail(`人口类型“${raw.povertyStatus}”无法识别（可填：脱贫户、防返贫监测对象、一般农户）`)
    patch.povertyStatus = status
  } else missing.push('人口类型')

  const form = (raw.employmentForm ?? '').replace(/\s+/g, '')
  const state = (raw.employmentStatus ?? '').replace(/\s+/g, '')
  if (form) {
    const status = FORM_WORDS[form]
    if (!status) return fail(`就业形式“${form}”无法识别（可填：省外务工、省内县外务工、县内务工、公益性岗位、自主创业）`)
    if (status !== 'unemployed' && UNEMPLOYED_WORDS.has(state)) return fail(`就业状态“${state}”与就业形式“${form}”矛盾`)
    patch.employmentStatus = status
  } else if (state) {
    if (UNEMPLOYED_WORDS.has(state)) patch.employmentStatus = 'unemployed'
    else if (EMPLOYED_WORDS.has(state)) patch.employed = true
    else return fail(`就业状态“${state}”无法识别（可填：已就业、未就业）`)
  }

  if (raw.skills) {
    const skills = parseSkills(raw.skills)
    if (typeof skills === 'string') return fail(skills)
    patch.skills = skills
  }
  if (raw.certificates) {
    const certificates = parseCertificates(raw.certificates)
    if (typeof certificates === 'string') return fail(certificates)
    patch.certificates = certificates
  }
  if (raw.trainingWishes) {
    patch.trainingWishes = splitList(raw.trainingWishes)
      .filter((w) => !NONE_WORDS.has(w))
      .map((w) => w.slice(0, 50))
      .slice(0, 20)
  }
  if (raw.destinationWishes) {
    const wishes = new Set<DestinationWish>()
    for (const word of splitList(raw.destinationWishes)) {
      if (NONE_WORDS.has(word) || word === '不外出') continue
      const wish = DESTINATION_WORDS[word]
      if (!wish) return fail(`就业意愿“${word}”无法识别（可填：县内、省内、省外、京津冀、长三角、粤港澳）`)
      wishes.add(wish)
    }
    patch.destinationWishes = [...wishes]
  }
  if (raw.expectedWage) {
    const text = halfWidth(raw.expectedWage).replace(/[\s,元]|\/月|每月/g, '')
    if (text !== '面议') {
      if (!/^\d{1,6}$/.test(text) || Number(text) > 100_000) return fail(`期望月薪“${raw.expectedWage}”应为 0–100000 的整数（元）`)
      patch.expectedWage = Number(text)
    }
  }
  if (raw.availableFrom) {
    const date = parseDate(raw.availableFrom)
    if (!date) return fail(`可到岗日期“${raw.availableFrom}”不是日期（例：2026-03-01）`)
    patch.availableFrom = date
  }

  const idHash = ctx.pii.hash(idNumber)
  const status = patch.employmentStatus ?? (patch.employed ? null : 'unemployed')
  if (status === null) missing.push('就业形式')
  if (missing.length > 0) return { ok: true, value: { row, idHash, insert: null, present: 0, patch, missing: `新登记人员缺少${missing.join('、')}` } }
  const sealed = sealLaborer(
    ctx.pii,
    {
      name: patch.name!,
      idNumber,
      phone,
      villageCode: patch.villageCode!,
      povertyStatus: patch.povertyStatus!,
      skills: patch.skills,
      certificates: patch.certificates,
      trainingWishes: patch.trainingWishes,
      destinationWishes: patch.destinationWishes,
      expectedWage: patch.expectedWage ?? null,
      availableFrom: patch.availableFrom ?? null,
      employmentStatus: status!,
    },
    id,
    { idHash, phoneHash: patch.phoneHash!, phoneCipher: patch.phoneCipher!, phoneMasked: patch.phoneMasked! },
  )
  let present = 0
  OPTIONAL_FIELDS.forEach((key, i) => {
    if (patch[key] !== undefined) present |= 1 << i
  })
  return { ok: true, value: { row, idHash, insert: laborerParams(sealed), present, patch: null, missing: null } }
}

// ---------------------------------------------------------------- export

/** The roster's columns, in the order the export writes them and the import reads them. */
export const ROSTER_HEADERS = [
  '序号',
  '县（市、区）',
  '乡（镇）',
  '村',
  '姓名',
  '性别',
  '身份证号码',
  '联系电话',
  '人口类型',
  '就业状态',
  '就业形式',
  '技能特长',
  '职业资格证书',
  '培训意愿',
  '就业意愿',
  '期望月薪（元）',
  '可到岗日期',
] as const

export interface RosterNames {
  county: string
  township: string
  village: string
}

/** One laborer as a roster row, every value in Chinese; ID and phone as given (masked unless revealed). */
export function rosterRow(seq: number, l: Pick<Laborer, 'name' | 'gender' | 'povertyStatus' | 'employmentStatus' | 'skills' | 'certificates' | 'trainingWishes' | 'destinationWishes' | 'expectedWage' | 'availableFrom'>, names: RosterNames, idNumber: string, phone: string): (string | number)[] {
  return [
    seq,
    names.county,
    names.township,
    names.village,
    l.name,
    l.gender === 'male' ? '男' : '女',
    idNumber,
    phone,
    POVERTY_LABELS[l.povertyStatus],
    l.employmentStatus === 'unemployed' ? '未就业' : '已就业',
    l.employmentStatus === 'unemployed' ? '' : FORM_LABELS[l.employmentStatus],
    l.skills.map((s) => (s.years ? `${s.occupation}(${s.years}年)` : s.occupation)).join('、'),
    l.certificates.map((c) => `${c.name}(${TIER_LABELS[c.tier]})`).join('、'),
    l.trainingWishes.join('、'),
    l.destinationWishes.map((w) => DESTINATION_LABELS[w]).join('、'),
    l.expectedWage ?? '',
    l.availableFrom ?? '',
  ]
}

/** Skills as a roster shows them (occupation and years): equal ones leave the stored tags alone. */
export const sameSkills = (a: Skill[], b: Skill[]) =>
  a.length === b.length && a.every((s, i) => s.occupation === b[i].occupation && s.years === b[i].years)

