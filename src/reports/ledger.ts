import type { Db } from '../db/database'
import { employmentSourceInfo, endReasonLabels, formLabels, type EmploymentForm, type EmploymentSource, type EndReason } from '../employments/schema'
import { POVERTY_LABELS } from '../laborers/index'
import type { PovertyStatus } from '../laborers/schema'
import type { Cell, SheetSpec } from '../sheets/index'
import { daysInMonth } from '../calendar'

/** One employment record as the month's ledger lists it. */
export interface LedgerRecord {
  id: number
  laborerId: number
  villageCode: string
  name: string
  gender: string
  idMasked: string
  idCipher: string
  poverty: PovertyStatus
  form: EmploymentForm
  placeCode: string | null
  employerName: string
  startDate: string
  endDate: string | null
  endReason: EndReason | null
  monthlyIncome: number | null
  source: EmploymentSource
  verifiedAt: number | null
}

/** First and last day of a `YYYY-MM` month. */
export function monthSpan(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number)
  return { from: `${month}-01`, to: `${month}-${String(daysInMonth(year, m)).padStart(2, '0')}` }
}

/**
 * The employment records (every source: placements, 自主就业, posts, workshops, gigs …) of
 * laborers living under `area` that were open at some time in the month, in village order,
 * one keyset page at a time (the connection stays free between pages for other requests).
 */
export function ledgerPage(db: Db, area: string, month: string, after: { villageCode: string; id: number }, limit: number): LedgerRecord[] {
  const { from, to } = monthSpan(month)
  return db.$client
    .prepare(
      `SELECT r.id, r.laborer_id AS laborerId, r.village_code AS villageCode, l.name, l.gender, l.id_masked AS idMasked, l.id_cipher AS idCipher,
              l.poverty_status AS poverty, r.form, r.place_code AS placeCode,
              coalesce(e.name, r.employer_name) AS employerName, r.start_date AS startDate, r.end_date AS endDate,
              r.end_reason AS endReason, r.monthly_income AS monthlyIncome, r.source, r.verified_at AS verifiedAt
       FROM employment_records r
       JOIN laborers l ON l.id = r.laborer_id
       LEFT JOIN employers e ON e.id = r.employer_id
       WHERE r.village_code LIKE ? AND r.start_date <= ? AND (r.end_date IS NULL OR r.end_date >= ?)
         AND (r.village_code, r.id) > (?, ?)
       ORDER BY r.village_code, r.id
       LIMIT ?`,
    )
    .all(`${area}%`, to, from, after.villageCode, after.id, limit) as LedgerRecord[]
}

export const LEDGER_HEADERS = [
  '序号',
  '县（市、区）',
  '乡（镇）',
  '村',
  '姓名',
  '性别',
  '身份证号码',
  '人口类型',
  '就业形式',
  '务工地点',
  '务工单位',
  '开始日期',
  '结束日期',
  '结束原因',
  '月收入（元）',
  '本月情况',
  '信息来源',
  '核实情况',
] as const

export interface LedgerPlaces {
  name(code: string): string
  /** A work place as people say it: 北京市朝阳区, 忻州市繁峙县. */
  placeName(code: string): string
}

/** What happened to the record in the month: new, ended, or held throughout. */
function monthWord(r: LedgerRecord, from: string, to: string): string {
  const started = r.startDate >= from
  const ended = r.endDate !== null && r.endDate <= to
  if (started && ended) return '本月新增并结束'
  if (started) return '本月新增'
  if (ended) return '本月结束'
  return '持续在岗'
}

export function ledgerRow(seq: number, r: LedgerRecord, places: LedgerPlaces, idNumber: string, month: string): Cell[] {
  const { from, to } = monthSpan(month)
  return [
    seq,
    places.name(r.villageCode.slice(0, 6)),
    places.name(r.villageCode.slice(0, 9)),
    places.name(r.villageCode),
    r.name,
    r.gender === 'male' ? '男' : '女',
    idNumber,
    POVERTY_LABELS[r.poverty] ?? '',
    formLabels[r.form] ?? '',
    r.placeCode ? places.placeName(r.placeCode) : '',
    r.employerName,
    r.startDate,
    r.endDate ?? '',
    r.endReason ? endReasonLabels[r.endReason] : '',
    r.monthlyIncome ?? '',
    monthWord(r, from, to),
    employmentSourceInfo[r.source]?.label ?? '其他',
    r.verifiedAt !== null || !employmentSourceInfo[r.source]?.selfFound ? '已核实' : '待核实',
  ]
}

export function ledgerSheet(title: string[], rows: Iterable<Cell[]>): SheetSpec {
  return { name: '就业台账', title, header: [...LEDGER_HEADERS], rows, widths: [6, 12, 12, 14, 8, 6, 22, 14, 12, 18, 24, 12, 12, 10, 10, 14, 16, 10] }
}
