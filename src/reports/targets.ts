import type { Category, Group } from './schema'

/**
 * The city's targets for the year, plan §二(二): 农民就业 59.4万 (脱贫 17万), 省内转移
 * 19.5万 (6万), 省际输出 10.5万 (3.3万), 在乡创业就业 29.4万 (7.7万). Public-welfare posts
 * have no target of their own. Used for any year the city admin has not set otherwise.
 */
export const planTargets: Record<Exclude<Category, 'public_welfare'>, Record<Group, number>> = {
  rural_employment: { all: 594_000, poverty: 170_000 },
  in_province: { all: 195_000, poverty: 60_000 },
  cross_province: { all: 105_000, poverty: 33_000 },
  local: { all: 294_000, poverty: 77_000 },
}

export type Targets = Record<Category, Record<Group, number | null>>

export interface TargetOverride {
  regionCode: string
  category: Category
  group: Group
  target: number
}

/**
 * Targets for the city and each county. A county target set in the table wins; otherwise
 * the county gets a share of the city's target in proportion to its registered laborers
 * (the poverty group by its registered poverty laborers, equal shares when nobody is
 * registered), split by largest remainder so the county defaults add up to the city's.
 */
export function resolveTargets(
  cityCode: string,
  countyCodes: readonly string[],
  registered: ReadonlyMap<string, Record<Group, number>>,
  overrides: readonly TargetOverride[],
): Map<string, Targets> {
  const set = new Map(overrides.map((o) => [`${o.regionCode}|${o.category}|${o.group}`, o.target]))
  const out = new Map<string, Targets>()
  const blank = (): Targets => ({
    rural_employment: { all: null, poverty: null },
    in_province: { all: null, poverty: null },
    cross_province: { all: null, poverty: null },
    local: { all: null, poverty: null },
    public_welfare: { all: null, poverty: null },
  })
  out.set(cityCode, blank())
  for (const code of countyCodes) out.set(code, blank())

  for (const category of Object.keys(planTargets) as (keyof typeof planTargets)[]) {
    for (const group of ['all', 'poverty'] as const) {
      const cityTarget = set.get(`${cityCode}|${category}|${group}`) ?? planTargets[category][group]
      out.get(cityCode)![category][group] = cityTarget
      const weights = countyCodes.map((c) => registered.get(c)?.[group] ?? 0)
      const shares = largestRemainder(cityTarget, weights.some((w) => w > 0) ? weights : weights.map(() => 1))
      countyCodes.forEach((code, i) => {
        out.get(code)![category][group] = set.get(`${code}|${category}|${group}`) ?? shares[i]
      })
    }
  }
  return out
}

function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (total * w) / sum)
  const floors = exact.map(Math.floor)
  let left = total - floors.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (const [, i] of order) {
    if (left-- <= 0) break
    floors[i] += 1
  }
  return floors
}

/** Completion in basis points (10000 = 100%), null without a target. */
export function completion(count: number, target: number | null): number | null {
  return target ? Math.floor((count * 10_000) / target) : null
}
