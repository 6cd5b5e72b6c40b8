import type { WageUnit } from './schema'

/**
 * A posting's wage in 元 a month: the one day-to-month rule of the code base (search's
 * `minWage` filter and wage sort, matching's wage component and explanations all call it).
 *
 * A daily wage counts **21.75 days a month**, the statutory 月计薪天数 (劳动和社会保障部
 * 《关于职工全年月平均工作时间和工资折算问题的通知》, 劳社部发〔2008〕3号: (365 − 104 rest
 * days) ÷ 12), and the product is **rounded half up to whole 元** (四舍五入: 300 元/日 →
 * 6,525 元/月, 302 元/日 → 6,568.5 → 6,569 元/月). `amount × 21.75 = amount × 87 / 4` has
 * a fraction of .00, .25, .50 or .75, exact in binary, so the rounding never depends on
 * floating-point error. Task (按次) and piece (计件) rates have no monthly equivalent: null.
 */
export const PAID_DAYS_PER_MONTH = 21.75

export function monthlyWage(unit: WageUnit, amount: number): number | null {
  if (unit === 'month') return amount
  if (unit === 'day') return Math.round(amount * PAID_DAYS_PER_MONTH)
  return null
}

/**
 * What a posting guarantees and what it may reach, a month: its range's bottom and top
 * through `monthlyWage`; null for task and piece rates. A filter on "at least X 元 a
 * month" compares X with `min`, since the bottom is what a laborer is promised.
 */
export function monthlyRange(job: { wageUnit: WageUnit; wageMin: number; wageMax: number }): { min: number; max: number } | null {
  const min = monthlyWage(job.wageUnit, job.wageMin)
  return min === null ? null : { min, max: monthlyWage(job.wageUnit, job.wageMax)! }
}

/**
 * `monthlyWage` as an SQL expression over a unit column and an amount column (SQLite:
 * `round()` rounds half away from zero, the same as half up for wages, which are never
 * negative); NULL for task and piece rates.
 */
export function monthlyWageSql(unitColumn: string, amountColumn: string): string {
  return `(CASE ${unitColumn} WHEN 'month' THEN ${amountColumn} WHEN 'day' THEN CAST(round(${amountColumn} * ${PAID_DAYS_PER_MONTH}) AS INTEGER) END)`
}
