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

const DAY = 86_400_000
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** A YYYY-MM-DD that exists in the calendar (imports check two a row, so no Date objects). */
export function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  const day = Number(date.slice(8, 10))
  if (month < 1 || month > 12 || day < 1) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])
}

/** Days since 1970-01-01 of a date: day arithmetic (fit windows, departure days) on integers. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY)
}

/** The date of a day number (the inverse of `dayNumber`). */
export function dateOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10)
}

/** Epoch ms of `hour`:00 Asia/Shanghai on a date. */
export function shanghaiTime(date: string, hour: number): number {
  return dayNumber(date) * DAY + (hour - 8) * 3_600_000
}

/** "2026-12-20 07:30": an instant as people in Xinzhou read it. */
export function shanghaiMinute(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
