import type { Counts } from './counting'
import { emptyCounts } from './counting'
import type { Period } from './periods'
import { categories, groups, type Category, type Group } from './schema'
import { completion, type Targets } from './targets'

export interface Region {
  code: string
  name: string
  level: 'city' | 'county'
}

export interface ProgressRow {
  regionCode: string
  regionName: string
  level: 'city' | 'county'
  category: Category
  group: Group
  /** Laborers counted as of the period's last day. */
  count: number
  /** As of the day before the period began. */
  atStart: number
  change: number
  target: number | null
  /** Share of the year's target reached by the period's end, in basis points (10000 = 100%). */
  completionBp: number | null
}

export interface ProgressReport {
  period: Period
  rows: ProgressRow[]
  /** The day counted to: the period's end, or today while the period is under way. */
  asOf?: string
  /** 维权: cases of each region's laborers from the period's start to asOf (the city's total first, unless one county is asked for). */
  rights?: RightsRow[]
}

/** Rights cases (维权) of one region's laborers over a period: opened, resolved, 元 recovered. */
export interface RightsRow {
  regionCode: string
  regionName: string
  level: 'city' | 'county'
  opened: number
  resolved: number
  recovered: number
}

/** Rows per region × category × group, regions in the order given. */
export function progressReport(
  period: Period,
  regions: readonly Region[],
  atEnd: ReadonlyMap<string, Counts>,
  atStart: ReadonlyMap<string, Counts>,
  targets: ReadonlyMap<string, Targets>,
): ProgressReport {
  const rows: ProgressRow[] = []
  for (const region of regions) {
    const end = atEnd.get(region.code) ?? emptyCounts()
    const start = atStart.get(region.code) ?? emptyCounts()
    for (const category of categories) {
      for (const group of groups) {
        const target = targets.get(region.code)?.[category][group] ?? null
        const count = end[category][group]
        rows.push({
          regionCode: region.code,
          regionName: region.name,
          level: region.level,
          category,
          group,
          count,
          atStart: start[category][group],
          change: count - start[category][group],
          target,
          completionBp: completion(count, target),
        })
      }
    }
  }
  return { period, rows }
}

export interface RankingRow {
  rank: number
  countyCode: string
  countyName: string
  count: number
  target: number | null
  completionBp: number | null
  previousRank: number
  previousCompletionBp: number | null
  /** Basis points gained since the previous month's end. */
  changeBp: number | null
  /** Places moved up (positive) or down since the previous month. */
  rankChange: number
}

/**
 * 月排队: counties ordered by completion of one target (highest first; ties by count,
 * then code), with each county's place and rate a month earlier.
 */
export function ranking(
  counties: readonly Region[],
  measure: { category: Category; group: Group },
  now: ReadonlyMap<string, Counts>,
  before: ReadonlyMap<string, Counts>,
  targets: ReadonlyMap<string, Targets>,
): RankingRow[] {
  const place = (counts: ReadonlyMap<string, Counts>) => {
    const scored = counties.map((c) => {
      const count = counts.get(c.code)?.[measure.category][measure.group] ?? 0
      const target = targets.get(c.code)?.[measure.category][measure.group] ?? null
      return { county: c, count, target, bp: completion(count, target) }
    })
    scored.sort((a, b) => (b.bp ?? -1) - (a.bp ?? -1) || b.count - a.count || a.county.code.localeCompare(b.county.code))
    return new Map(scored.map((s, i) => [s.county.code, { ...s, rank: i + 1 }]))
  }
  const current = place(now)
  const previous = place(before)
  return [...current.values()].map((c) => {
    const p = previous.get(c.county.code)!
    return {
      rank: c.rank,
      countyCode: c.county.code,
      countyName: c.county.name,
      count: c.count,
      target: c.target,
      completionBp: c.bp,
      previousRank: p.rank,
      previousCompletionBp: p.bp,
      changeBp: c.bp === null || p.bp === null ? null : c.bp - p.bp,
      rankChange: p.rank - c.rank,
    }
  })
}
