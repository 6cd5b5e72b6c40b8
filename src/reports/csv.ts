import type { ProgressReport, RankingRow } from './report'

/**
 * RFC 4180 CSV with a UTF-8 byte-order mark: spreadsheet programs used in county offices
 * read Chinese column values as mojibake without it.
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value)
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  return `\uFEFF${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`
}

/** Basis points as a percentage with two decimals ("85.23"), empty without a target. */
export function percent(bp: number | null): string {
  return bp === null ? '' : (bp / 100).toFixed(2)
}

export function progressCsv(report: ProgressReport): string {
  const rows = report.rows.map((r) => ({ ...r, period: report.period.label, completionPercent: percent(r.completionBp) }))
  return toCsv(['period', 'regionCode', 'regionName', 'category', 'group', 'count', 'atStart', 'change', 'target', 'completionPercent'], rows)
}

export function rankingCsv(month: string, ranking: readonly RankingRow[]): string {
  const rows = ranking.map((r) => ({
    ...r,
    month,
    completionPercent: percent(r.completionBp),
    previousCompletionPercent: percent(r.previousCompletionBp),
    changePoints: percent(r.changeBp),
  }))
  const columns = ['month', 'rank', 'countyCode', 'countyName', 'count', 'target', 'completionPercent', 'previousRank', 'previousCompletionPercent', 'changePoints', 'rankChange']
  return toCsv(columns, rows)
}
