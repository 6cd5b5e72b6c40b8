import { asc, eq } from 'drizzle-orm'
import type { Db, Sqlite } from '../db/database'
import type { StockRow } from './counting'
import { reportTargets, type ReportTarget } from './schema'
import { transaction } from '../db/transaction'

const INTERVALS = 'employment_intervals'

const spansOf = (where: string) => `
  INSERT INTO employment_intervals (event_id, laborer_id, county_code, poverty_status, status, valid_from, valid_until)
  SELECT id, laborer_id, county_code, poverty_status, to_status, day,
         lead(day) OVER (PARTITION BY laborer_id ORDER BY day, id)
  FROM (SELECT id, laborer_id, county_code, poverty_status, to_status,
               CAST(replace(effective_date, '-', '') AS INTEGER) AS day
        FROM employment_events ${where})`

/** Adds (sign 1) or takes back (sign -1) what the selected spans contribute to the daily deltas. */
const applySpans = (where: string, sign: 1 | -1) => `
  INSERT INTO employment_daily (day, county_code, poverty_status, status, delta)
  SELECT * FROM (
    SELECT day, county_code, poverty_status, status, sum(d) FROM (
      SELECT valid_from AS day, county_code, poverty_status, status, ${sign} AS d FROM employment_intervals ${where}
      UNION ALL
      SELECT valid_until, county_code, poverty_status, status, ${-sign} FROM employment_intervals
      ${where ? `${where} AND` : 'WHERE'} valid_until IS NOT NULL
    ) GROUP BY 1, 2, 3, 4
  ) WHERE true
  ON CONFLICT (day, county_code, poverty_status, status) DO UPDATE SET delta = delta + excluded.delta`

/**
 * Folds employment events written since the last report into the spans and daily deltas.
 * Every laborer with a new event has their spans rebuilt from all their events, so a
 * back-dated event lands in its place. Returns how many events were new.
 */
export function refreshIntervals(sqlite: Sqlite): number {
  return transaction(sqlite, () => {
    const { maxId } = sqlite.prepare('SELECT coalesce(max(id), 0) AS maxId FROM employment_events').get() as { maxId: number }
    const mark = (sqlite.prepare('SELECT value FROM report_watermarks WHERE name = ?').get(INTERVALS) as { value: number } | undefined)?.value ?? 0
    if (maxId === mark) return 0
    if (maxId < mark || mark === 0) {
      sqlite.exec('DELETE FROM employment_intervals; DELETE FROM employment_daily')
      sqlite.exec(spansOf(''))
      sqlite.exec(applySpans('', 1))
    } else {
      sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS touched_laborers (id INTEGER PRIMARY KEY)')
      sqlite.exec('DELETE FROM touched_laborers')
      sqlite.prepare('INSERT INTO touched_laborers SELECT DISTINCT laborer_id FROM employment_events WHERE id > ?').run(mark)
      const touched = 'WHERE laborer_id IN (SELECT id FROM touched_laborers)'
      sqlite.exec(applySpans(touched, -1))
      sqlite.exec(`DELETE FROM employment_intervals ${touched}`)
      sqlite.exec(spansOf(touched))
      sqlite.exec(applySpans(touched, 1))
    }
    sqlite
      .prepare('INSERT INTO report_watermarks (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value')
      .run(INTERVALS, maxId)
    return maxId - mark
  })
}

/**
 * Employment stock as of the end of each of `days` (the definition is in `counting.ts`):
 * sums of the daily deltas up to each day, all days in one scan.
 */
export function stockAsOf(sqlite: Sqlite, days: readonly string[]): StockRow[][] {
  const sums = days.map((_, i) => `sum(CASE WHEN day <= @d${i} THEN delta ELSE 0 END) AS n${i}`)
  const rows = sqlite
    .prepare(
      `SELECT county_code AS countyCode, poverty_status AS poverty, status, ${sums.join(', ')}
       FROM employment_daily GROUP BY county_code, poverty_status, status`,
    )
    .all(Object.fromEntries(days.map((d, i) => [`d${i}`, Number(d.replaceAll('-', ''))]))) as (Omit<StockRow, 'n'> & Record<string, number>)[]
  return days.map((_, i) =>
    rows.filter((r) => r[`n${i}`] > 0).map((r) => ({ countyCode: r.countyCode, poverty: r.poverty, status: r.status, n: r[`n${i}`] })),
  )
}

/**
 * The stock of one county's townships as of the end of `day`, read from the spans (a
 * township's stock is not kept day by day): `countyCode` of each row is the township code,
 * the laborer's township.
 */
export function townshipStockAsOf(sqlite: Sqlite, countyCode: string, day: string): StockRow[] {
  return sqlite
    .prepare(
      `SELECT l.township_code AS countyCode, i.poverty_status AS poverty, i.status AS status, count(*) AS n
       FROM employment_intervals i JOIN laborers l ON l.id = i.laborer_id
       WHERE i.county_code = @county AND i.valid_from <= @day AND (i.valid_until IS NULL OR i.valid_until > @day)
       GROUP BY 1, 2, 3`,
    )
    .all({ county: countyCode, day: Number(day.replaceAll('-', '')) }) as StockRow[]
}

export function targetsOfYear(db: Db, year: number): ReportTarget[] {
  return db.select().from(reportTargets).where(eq(reportTargets.year, year)).orderBy(asc(reportTargets.regionCode)).all()
}

export function setTargets(db: Db, rows: ReportTarget[]): void {
  transaction(db, () => {
    for (const row of rows) {
      db.insert(reportTargets)
        .values(row)
        .onConflictDoUpdate({ target: [reportTargets.year, reportTargets.regionCode, reportTargets.category, reportTargets.group], set: { target: row.target } })
        .run()
    }
  })
}
