import type { SheetSpec } from '../sheets/index'
import type { ProgressReport, RankingRow, RightsRow } from './report'
import type { Category, Group } from './schema'

/**
 * RFC 4180 CSV with a UTF-8 byte-order mark: spreadsheet programs used in county offices
 * read Chinese column values as mojibake without it. Title lines (unit, period) come first.
 */
export function toCsv(spec: Pick<SheetSpec, 'title' | 'header'> & { rows: readonly (string | number | null)[][] }): string {
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value)
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  const lines = [...(spec.title ?? []).map(cell), spec.header.map(cell).join(','), ...spec.rows.map((r) => r.map(cell).join(','))]
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** Basis points as a percentage with two decimals ("85.23"), empty without a target. */
export function percent(bp: number | null): string {
  return bp === null ? '' : (bp / 100).toFixed(2)
}

/** The plan's names of the report's categories and groups. */
export const CATEGORY_LABELS: Record<Category, string> = {
  rural_employment: '农民就业',
  in_province: '省内转移就业',
  cross_province: '省际输出',
  local: '在乡创业就业',
  public_welfare: '公益性岗位',
}
export const GROUP_LABELS: Record<Group, string> = { all: '全部劳动力', poverty: '脱贫劳动力（含监测对象）' }

/** The columns of the progress report's 维权 block, after 期间 and 单位. */
export const RIGHTS_HEADER = ['维权案件受理', '已解决', '追回金额（元）'] as const

/**
 * 维权 below the progress table of the same sheet: a blank row, its own header row, then the
 * city's total and each county (the rows the JSON answers as `rights`).
 */
export function rightsBlock(period: ProgressReport['period'], rights: readonly RightsRow[]): (string | number)[][] {
  if (rights.length === 0) return []
  return [[], ['期间', '单位', ...RIGHTS_HEADER], ...rights.map((r) => [period.label, r.regionName, r.opened, r.resolved, r.recovered])]
}

/** 旬报 (or month, quarter, year to date) as one sheet: a title naming unit and period, Chinese columns and values, then 维权. */
export function progressSheet(report: ProgressReport, unit: string) {
  const { period } = report
  return {
    name: '进度',
    // A period under way is counted to today (report.asOf): the title says so.
    title: [
      `${unit}农村劳动力就业进度（${period.label}，${period.start} 至 ${period.end}` +
        (report.asOf && report.asOf < period.end ? `，统计截至 ${report.asOf}）` : '）'),
    ],
    header: ['期间', '单位', '类别', '人群', '期末人数', '期初人数', '本期增加', '年度目标', '完成率（%）'],
    rows: report.rows.map((r) => [
      period.label,
      r.regionName,
      CATEGORY_LABELS[r.category],
      GROUP_LABELS[r.group],
      r.count,
      r.atStart,
      r.change,
      r.target ?? '',
      percent(r.completionBp),
    ]).concat(rightsBlock(period, report.rights ?? [])),
    widths: [14, 12, 14, 22, 10, 10, 10, 10, 12],
  }
}

/** 月排队 as one sheet: title naming the city, the measure and the month. */
export function rankingSheet(city: string, month: string, measure: { category: Category; group: Group }, ranking: readonly RankingRow[]) {
  return {
    name: '月排队',
    title: [`${city}各县（市、区）${CATEGORY_LABELS[measure.category]}（${GROUP_LABELS[measure.group]}）月排队（${month.replace('-', '年')}月）`],
    header: ['名次', '县（市、区）', '人数', '年度目标', '完成率（%）', '上月名次', '上月完成率（%）', '完成率变化（百分点）', '名次变化'],
    rows: ranking.map((r) => [
      r.rank,
      r.countyName,
      r.count,
      r.target ?? '',
      percent(r.completionBp),
      r.previousRank,
      percent(r.previousCompletionBp),
      percent(r.changeBp),
      r.rankChange > 0 ? `上升${r.rankChange}` : r.rankChange < 0 ? `下降${-r.rankChange}` : '持平',
    ]),
    widths: [6, 14, 10, 10, 12, 10, 14, 18, 10],
  }
}

export const progressCsv = (report: ProgressReport, unit: string) => toCsv(progressSheet(report, unit))
export const rankingCsv = (city: string, month: string, measure: { category: Category; group: Group }, ranking: readonly RankingRow[]) =>
  toCsv(rankingSheet(city, month, measure, ranking))
