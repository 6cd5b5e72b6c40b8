import type { EmploymentStatus, PovertyStatus } from '../laborers/schema'
import type { Category, Group } from './schema'

/**
 * The counting definition. A laborer counts in a category by their employment status as
 * of the end of the day asked about: the latest employment event (by effective date, then
 * by id) with an effective date on or before it, with the county and poverty status that
 * event carries. So a report for a past period never changes when later events are added,
 * and a back-dated event changes the periods it falls in.
 *
 * Categories follow plan §二(二):
 * - in_province (省内转移就业): status in_province;
 * - cross_province (省际输出就业): status cross_province;
 * - local (在乡创业就业): statuses local and self_employed, and public_welfare_post;
 * - public_welfare (公益岗位): status public_welfare_post, shown on its own as well.
 *   Reading: the plan's three category targets sum exactly to the rural employment target
 *   (195,000 + 105,000 + 294,000 = 594,000), so public-welfare posts, which the plan creates
 *   "以县统筹" close to home, must sit inside one of them; we count them in local.
 * - rural_employment (农民就业): every employed status (the three categories' sum).
 * The poverty group is 脱贫劳动力（含防返贫监测对象）: poverty_alleviated and monitored.
 */
export const categoriesOfStatus: Record<EmploymentStatus, Category[]> = {
  unemployed: [],
  in_province: ['rural_employment', 'in_province'],
  cross_province: ['rural_employment', 'cross_province'],
  local: ['rural_employment', 'local'],
  self_employed: ['rural_employment', 'local'],
  public_welfare_post: ['rural_employment', 'local', 'public_welfare'],
}

export function groupsOf(poverty: PovertyStatus): Group[] {
  return poverty === 'ordinary' ? ['all'] : ['all', 'poverty']
}

/** One row of a stock count: how many laborers of a county, poverty status and employment status. */
export interface StockRow {
  countyCode: string
  poverty: PovertyStatus
  status: EmploymentStatus
  n: number
}

export type Counts = Record<Category, Record<Group, number>>

export function emptyCounts(): Counts {
  const zero = () => ({ all: 0, poverty: 0 })
  return { rural_employment: zero(), in_province: zero(), cross_province: zero(), local: zero(), public_welfare: zero() }
}

/** Category counts per county, and for the whole city under `cityCode`. */
export function countByCounty(rows: readonly StockRow[], cityCode: string): Map<string, Counts> {
  const out = new Map<string, Counts>([[cityCode, emptyCounts()]])
  for (const row of rows) {
    let county = out.get(row.countyCode)
    if (!county) out.set(row.countyCode, (county = emptyCounts()))
    for (const category of categoriesOfStatus[row.status]) {
      for (const group of groupsOf(row.poverty)) {
        county[category][group] += row.n
        out.get(cityCode)![category][group] += row.n
      }
    }
  }
  return out
}
