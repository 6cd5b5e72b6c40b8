import { addDays, daysInMonth } from '../calendar'

/** 旬 (days 1–10, 11–20, 21–end), month, quarter, or the year up to a day. */
export const periodKinds = ['xun', 'month', 'quarter', 'ytd'] as const
export type PeriodKind = (typeof periodKinds)[number]

export interface Period {
  kind: PeriodKind
  label: string
  /** First and last day, YYYY-MM-DD, Asia/Shanghai. */
  start: string
  end: string
}

const XUN = ['上旬', '中旬', '下旬'] as const
const pad = (n: number) => String(n).padStart(2, '0')

/** The period of the given kind that contains `date` (for 'ytd': 1 January to `date`). */
export function periodContaining(kind: PeriodKind, date: string): Period {
  const [y, m, d] = date.split('-').map(Number)
  const month = `${y}-${pad(m)}`
  const last = daysInMonth(y, m)
  switch (kind) {
    case 'xun': {
      const i = d <= 10 ? 0 : d <= 20 ? 1 : 2
      const start = [1, 11, 21][i]
      const end = [10, 20, last][i]
      return { kind, label: `${y}年${m}月${XUN[i]}`, start: `${month}-${pad(start)}`, end: `${month}-${pad(end)}` }
    }
    case 'month':
      return { kind, label: `${y}年${m}月`, start: `${month}-01`, end: `${month}-${pad(last)}` }
    case 'quarter': {
      const q = Math.floor((m - 1) / 3)
      const endMonth = q * 3 + 3
      return { kind, label: `${y}年第${q + 1}季度`, start: `${y}-${pad(q * 3 + 1)}-01`, end: `${y}-${pad(endMonth)}-${pad(daysInMonth(y, endMonth))}` }
    }
    case 'ytd':
      return { kind, label: `${y}年1月1日至${m}月${d}日`, start: `${y}-01-01`, end: date }
  }
}

/** The month (YYYY-MM) before `month`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`
}

/** The day before a period starts: the stock its change is measured from. */
export function dayBefore(date: string): string {
  return addDays(date, -1)
}
