const shanghaiDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/** YYYY-MM-DD in Asia/Shanghai: the day deadlines and start dates are compared with. */
export function todayInShanghai(now: Date = new Date()): string {
  return shanghaiDate.format(now)
}

/** YYYY-MM-DD `days` after `date` (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
