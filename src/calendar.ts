/**
 * Calendar arithmetic on YYYY-MM-DD strings: Asia/Shanghai dates (UTC+8 all year, no
 * daylight saving), no time of day. Deadlines, start dates, periods and the subsidy
 * rules' "half a year", "one year" and "3 years" (calendar months: a job started on
 * 08-31 has lasted six months on 02-28/29 of the next year) all count this way.
 */

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const total = y * 12 + (m - 1) + months
  const year = Math.floor(total / 12)
  const month = (total % 12) + 1
  const day = Math.min(d, daysInMonth(year, month))
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** Whole calendar months from `from` to `to` (0 when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  if (to < from) return 0
  const [fy, fm] = from.split('-').map(Number)
  const [ty, tm] = to.split('-').map(Number)
  let months = (ty - fy) * 12 + (tm - fm)
  if (addMonths(from, months) > to) months -= 1
  return months
}

/** Today in Asia/Shanghai (UTC+8 all year). */
export function shanghaiToday(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10)
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
