import type { Sqlite } from '../db/database'
import { employmentForms, formLabels, type EmploymentForm } from '../employments/schema'

/**
 * Employment records of every source (placements, 自主就业, public-welfare posts, workshops,
 * gigs, registry rows …) counted by form (the seven 就业形式) and by the day they took
 * effect (the record's start date), for an area and each area one level down (the city: per
 * county; a county: per township; a township: per village). `started` counts records that
 * took effect in the period up to `asOf`; `open` the records held at the end of `asOf`
 * (started by then and not ended by then: a record ended on a day is not held at its end).
 */
export type FormCounts = Record<EmploymentForm, number>

export interface FormRow {
  code: string
  started: FormCounts
  open: FormCounts
}

export interface FormBreakdown {
  total: FormRow
  children: FormRow[]
  /** Records that took effect on each day of the period with any, by form. */
  byDay: { date: string; started: FormCounts }[]
}

export const emptyFormCounts = (): FormCounts => Object.fromEntries(employmentForms.map((f) => [f, 0])) as FormCounts
export const formTotal = (counts: FormCounts): number => employmentForms.reduce((sum, f) => sum + counts[f], 0)

/** The column an area's records are selected by (copied on every record, indexed for counties and townships). */
function areaFilter(area: string): string {
  if (area.length === 4) return `county_code LIKE @area || '%'`
  if (area.length === 6) return 'county_code = @area'
  if (area.length === 9) return 'township_code = @area'
  return 'village_code = @area'
}

export function countForms(sqlite: Sqlite, area: string, childLength: number, from: string, asOf: string): FormBreakdown {
  const params = { area, from, to: asOf, len: childLength }
  const where = areaFilter(area)
  const rows = sqlite
    .prepare(
      `SELECT substr(village_code, 1, @len) AS code, form,
              sum(start_date >= @from) AS started,
              sum(end_date IS NULL OR end_date > @to) AS open
       FROM employment_records
       WHERE ${where} AND start_date <= @to
       GROUP BY 1, 2`,
    )
    .all(params) as { code: string; form: EmploymentForm; started: number; open: number }[]
  const total: FormRow = { code: area, started: emptyFormCounts(), open: emptyFormCounts() }
  const children = new Map<string, FormRow>()
  for (const r of rows) {
    let child = children.get(r.code)
    if (!child) children.set(r.code, (child = { code: r.code, started: emptyFormCounts(), open: emptyFormCounts() }))
    child.started[r.form] += r.started
    child.open[r.form] += r.open
    total.started[r.form] += r.started
    total.open[r.form] += r.open
  }
  const days = new Map<string, FormCounts>()
  const dayRows = sqlite
    .prepare(
      `SELECT start_date AS date, form, count(*) AS n FROM employment_records
       WHERE ${where} AND start_date BETWEEN @from AND @to GROUP BY 1, 2 ORDER BY 1`,
    )
    .all(params) as { date: string; form: EmploymentForm; n: number }[]
  for (const r of dayRows) {
    let day = days.get(r.date)
    if (!day) days.set(r.date, (day = emptyFormCounts()))
    day[r.form] += r.n
  }
  return {
    total,
    children: [...children.values()].sort((a, b) => a.code.localeCompare(b.code)),
    byDay: [...days.entries()].map(([date, started]) => ({ date, started })),
  }
}

/** Records that took effect in [from, to] per county and form: the ranking's form columns. */
export function startedByCounty(sqlite: Sqlite, from: string, to: string): Map<string, FormCounts> {
  const rows = sqlite
    .prepare(`SELECT county_code AS code, form, count(*) AS n FROM employment_records WHERE start_date BETWEEN ? AND ? GROUP BY 1, 2`)
    .all(from, to) as { code: string; form: EmploymentForm; n: number }[]
  const out = new Map<string, FormCounts>()
  for (const r of rows) {
    let c = out.get(r.code)
    if (!c) out.set(r.code, (c = emptyFormCounts()))
    c[r.form] += r.n
  }
  return out
}

/** The CSV/xlsx sheet: one row per area, started and held by form, in Chinese. */
export function formsSheet(title: string, unit: string, rows: readonly { name: string; row: FormRow }[]) {
  return {
    name: '就业形式',
    title: [title],
    header: [
      unit,
      ...employmentForms.map((f) => `${formLabels[f]}（本期新增）`),
      '本期新增合计',
      ...employmentForms.map((f) => `${formLabels[f]}（期末在岗）`),
      '期末在岗合计',
    ],
    rows: rows.map(({ name, row }) => [
      name,
      ...employmentForms.map((f) => row.started[f]),
      formTotal(row.started),
      ...employmentForms.map((f) => row.open[f]),
      formTotal(row.open),
    ]),
    widths: [18, ...employmentForms.map(() => 14), 12, ...employmentForms.map(() => 14), 12],
  }
}
