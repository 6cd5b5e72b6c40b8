import type { Counts } from './counting'
import { CATEGORY_LABELS } from './csv'
import type { ProgressReport, ProgressRow } from './report'
import type { Category } from './schema'

/** The written part of a 旬报告: what falls furthest behind (存在问题) and who does best (好典型). */
export interface ReportSummary {
  /** 时序进度: the share of the year gone by the day counted to, in basis points. */
  scheduleBp: number
  problems: string[]
  highlights: string[]
}

export interface TownshipFigures {
  code: string
  name: string
  end: Counts
  start: Counts
}

const TARGETED: Category[] = ['rural_employment', 'in_province', 'cross_province', 'local']
const GROUP_WORDS = { all: '', poverty: '（脱贫劳动力）' } as const
const pct = (bp: number) => `${(bp / 100).toFixed(1)}%`
const people = (n: number) => n.toLocaleString('en-US')

/** The share of the year gone by the end of `day` (YYYY-MM-DD), in basis points. */
export function scheduleBp(day: string): number {
  const [y, m, d] = day.split('-').map(Number)
  const dayOfYear = (Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000 + 1
  const yearDays = (Date.UTC(y + 1, 0, 1) - Date.UTC(y, 0, 1)) / 86_400_000
  return Math.round((dayOfYear * 10_000) / yearDays)
}

const behind = (row: ProgressRow, schedule: number) => (row.completionBp === null ? 0 : schedule - row.completionBp)

function problemLine(row: ProgressRow, schedule: number): string {
  const short = Math.max(0, (row.target ?? 0) - row.count)
  return (
    `${row.regionName}${CATEGORY_LABELS[row.category]}${GROUP_WORDS[row.group]}完成年度目标 ${pct(row.completionBp ?? 0)}，` +
    `落后时序进度 ${(behind(row, schedule) / 100).toFixed(1)} 个百分点，距年度目标还差 ${people(short)} 人`
  )
}

/**
 * Generated from the figures, never written by hand: the three largest shortfalls against
 * the time schedule (county × category × group for the city; the county's own categories
 * and its shrinking townships for a county), and the best: the counties first in completion
 * and in growth over the period (for a county, its townships that grew most).
 */
export function summarize(report: ProgressReport, asOf: string, townships: readonly TownshipFigures[] = []): ReportSummary {
  const schedule = scheduleBp(asOf)
  const targeted = report.rows.filter((r) => TARGETED.includes(r.category) && r.target !== null && r.target > 0)
  const countyRows = targeted.filter((r) => r.level === 'county')
  const countyView = !report.rows.some((r) => r.level === 'city')
  const problems: string[] = []
  const highlights: string[] = []

  const lagging = countyRows.filter((r) => behind(r, schedule) > 0).sort((a, b) => behind(b, schedule) - behind(a, schedule))
  const seen = new Set<string>()
  for (const row of lagging) {
    // One line per county for the city (the three counties furthest behind), up to three categories for a county.
    if (!countyView && seen.has(row.regionCode)) continue
    seen.add(row.regionCode)
    problems.push(problemLine(row, schedule))
    if (problems.length === 3) break
  }

  if (countyView) {
    const change = (t: TownshipFigures) => t.end.rural_employment.all - t.start.rural_employment.all
    const shrinking = townships.filter((t) => change(t) < 0).sort((a, b) => change(a) - change(b)).slice(0, 2)
    for (const t of shrinking) problems.push(`${t.name}本期农民就业减少 ${people(-change(t))} 人（期末 ${people(t.end.rural_employment.all)} 人）`)
    const growing = townships.filter((t) => change(t) > 0).sort((a, b) => change(b) - change(a)).slice(0, 3)
    for (const t of growing) {
      highlights.push(`${t.name}本期农民就业增加 ${people(change(t))} 人，其中脱贫劳动力 ${people(t.end.rural_employment.poverty - t.start.rural_employment.poverty)} 人`)
    }
    const ahead = targeted.filter((r) => behind(r, schedule) <= 0 && r.count > 0)
    for (const row of ahead.slice(0, 2)) {
      highlights.push(`${row.regionName}${CATEGORY_LABELS[row.category]}${GROUP_WORDS[row.group]}完成年度目标 ${pct(row.completionBp ?? 0)}，达到时序进度`)
    }
  } else {
    const poverty = countyRows.filter((r) => r.category === 'rural_employment' && r.group === 'poverty' && r.count > 0)
    const best = [...poverty].sort((a, b) => (b.completionBp ?? 0) - (a.completionBp ?? 0)).slice(0, 3)
    best.forEach((row, i) => {
      highlights.push(
        `${row.regionName}脱贫劳动力农民就业完成年度目标 ${pct(row.completionBp ?? 0)}，全市第${'一二三'[i]}` +
          (behind(row, schedule) <= 0 ? '，已达到时序进度' : ''),
      )
    })
    const grew = countyRows.filter((r) => r.category === 'rural_employment' && r.group === 'all' && r.change > 0).sort((a, b) => b.change - a.change)[0]
    if (grew) highlights.push(`${grew.regionName}本期农民就业增加 ${people(grew.change)} 人，增量全市最多`)
  }

  if (problems.length === 0) problems.push(targeted.some((r) => r.count > 0) ? '各项指标均达到时序进度' : '本期还没有就业数据')
  if (highlights.length === 0) highlights.push('本期还没有可以总结的好典型')
  return { scheduleBp: schedule, problems, highlights }
}
