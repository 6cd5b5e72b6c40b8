import type { FastifyInstance } from 'fastify'
import { shanghaiToday } from '../calendar'
import type { Db, Sqlite } from '../db/database'
import { countByCounty, type StockRow } from './counting'
import { dayBefore, periodContaining, previousMonth, type Period } from './periods'
import * as q from './queries'
import { progressReport, ranking, type ProgressReport, type Region, type RankingRow, type RightsRow } from './report'
import { rightsFigures } from '../rights/index'
import type { Category, Group } from './schema'
import { resolveTargets } from './targets'

export interface ReportScope {
  db: Db
  sqlite: Sqlite
  city: Region
  counties: readonly Region[]
}

export function reportScope(app: FastifyInstance): ReportScope {
  const code = app.config.cityCode
  return {
    db: app.db,
    sqlite: app.sqlite,
    city: { code, name: app.regions.get(code)?.name ?? code, level: 'city' },
    counties: app.regions.counties().map((c) => ({ code: c.code, name: c.name, level: 'county' as const })),
  }
}

/**
 * The year's targets for the city and every county (set, or the default share). The
 * default shares weigh counties by the laborers registered by the year's last day (or by
 * today, for the current year), so every period of a year divides the city target alike.
 */
export function targetsFor(scope: ReportScope, year: number, registered?: readonly StockRow[]) {
  const rows = registered ?? q.stockAsOf(scope.sqlite, [`${year}-12-31`])[0]
  const weights = new Map<string, { all: number; poverty: number }>()
  for (const row of rows) {
    const w = weights.get(row.countyCode) ?? { all: 0, poverty: 0 }
    w.all += row.n
    if (row.poverty !== 'ordinary') w.poverty += row.n
    weights.set(row.countyCode, w)
  }
  return resolveTargets(
    scope.city.code,
    scope.counties.map((c) => c.code),
    weights,
    q.targetsOfYear(scope.db, year),
  )
}

/**
 * The last day a period is counted to: its end, or today while it is under way. Starts
 * recorded ahead (a placement starting next week) are not employment yet, so December's
 * figure on the 6th never exceeds the year's figure to date.
 */
export function countedTo(period: Period, today = shanghaiToday()): string {
  return period.end < today ? period.end : today
}

/** Progress for a period (counted up to today): the city and every county, or only `countyCode`. */
export function buildProgress(
  scope: ReportScope,
  period: Period,
  countyCode?: string,
  today = shanghaiToday(),
): ProgressReport & { asOf: string; rights: RightsRow[] } {
  q.refreshIntervals(scope.sqlite)
  const year = Number(period.end.slice(0, 4))
  const asOf = countedTo(period, today)
  const [endRows, startRows, yearRows] = q.stockAsOf(scope.sqlite, [asOf, dayBefore(period.start), `${year}-12-31`])
  const regions = countyCode ? scope.counties.filter((c) => c.code === countyCode) : [scope.city, ...scope.counties]
  const counts = (rows: StockRow[]) => countByCounty(rows, scope.city.code)
  return {
    ...progressReport(period, regions, counts(endRows), counts(startRows), targetsFor(scope, year, yearRows)),
    asOf,
    rights: buildRights(scope, period.start, asOf, countyCode),
  }
}

/**
 * 维权 per county between two days inclusive (counted by `rightsFigures`, the rights domain's
 * rule), every county with or without cases, and the city's total first unless one county is
 * asked for: what the progress report answers in JSON, CSV and .xlsx alike.
 */
export function buildRights(scope: ReportScope, start: string, end: string, countyCode?: string | null): RightsRow[] {
  const byCounty = new Map(rightsFigures(scope.db, start, end).map((r) => [r.countyCode, r]))
  const rows = scope.counties
    .filter((c) => !countyCode || c.code === countyCode)
    .map((c) => {
      const f = byCounty.get(c.code)
      return { regionCode: c.code, regionName: c.name, level: 'county' as const, opened: f?.opened ?? 0, resolved: f?.resolved ?? 0, recovered: f?.recovered ?? 0 }
    })
  if (countyCode) return rows
  const total = (k: 'opened' | 'resolved' | 'recovered') => rows.reduce((n, r) => n + r[k], 0)
  return [{ regionCode: scope.city.code, regionName: scope.city.name, level: 'city', opened: total('opened'), resolved: total('resolved'), recovered: total('recovered') }, ...rows]
}

/** The same for each township of a county (no targets: the plan sets them per county). */
export function buildTownships(scope: ReportScope, period: Period, countyCode: string, today = shanghaiToday()) {
  q.refreshIntervals(scope.sqlite)
  const asOf = countedTo(period, today)
  const [end, start] = [q.townshipStockAsOf(scope.sqlite, countyCode, asOf), q.townshipStockAsOf(scope.sqlite, countyCode, dayBefore(period.start))]
  return { asOf, end: countByCounty(end, countyCode), start: countByCounty(start, countyCode) }
}

/** 月排队 for `month` (YYYY-MM): stock at the month's end against the one before. */
export function buildRanking(
  scope: ReportScope,
  month: string,
  measure: { category: Category; group: Group },
  today = shanghaiToday(),
): { period: Period; rows: RankingRow[]; asOf: string } {
  q.refreshIntervals(scope.sqlite)
  const period = periodContaining('month', `${month}-01`)
  const before = periodContaining('month', `${previousMonth(month)}-01`)
  const year = Number(month.slice(0, 4))
  const asOf = countedTo(period, today)
  const [nowRows, thenRows, yearRows] = q.stockAsOf(scope.sqlite, [asOf, before.end, `${year}-12-31`])
  const counts = (rows: StockRow[]) => countByCounty(rows, scope.city.code)
  return { period, asOf, rows: ranking(scope.counties, measure, counts(nowRows), counts(thenRows), targetsFor(scope, year, yearRows)) }
}
