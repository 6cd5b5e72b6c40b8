import { Compile } from 'typebox/compile'
import type { Pii } from '../pii/cipher'
import { validationMessage } from '../errors'
import { LaborerBody } from './model'
import { checkLaborer, sealLaborer, type SealedLaborer } from './registry'

/** The columns of an import CSV, in the order the bench and the docs write them. */
export const CSV_COLUMNS = [
  'name',
  'idNumber',
  'phone',
  'villageCode',
  'povertyStatus',
  'skills',
  'certificates',
  'trainingWishes',
  'destinationWishes',
  'expectedWage',
  'availableFrom',
  'employmentStatus',
] as const

const checkBody = Compile(LaborerBody)

const list = (cell: string | undefined) => (cell ? cell.split('|').map((s) => s.trim()).filter(Boolean) : [])

/** A number cell: kept as text when it is not one, so the schema check names the column. */
const numberCell = (cell: string) => (/^-?\d+$/.test(cell) ? Number(cell) : cell)

/**
 * A CSV record as a registry body. List cells are `|`-separated; a skill is
 * `occupation:years:tag/tag` (`瓦工:12:砌墙/抹灰`), a certificate `name:tier` (`焊工:2`).
 * Empty optional cells are left out.
 */
export function bodyFromCsv(columns: readonly string[], cells: readonly string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (let c = 0; c < columns.length; c++) {
    const key = columns[c]
    const cell = cells[c].trim()
    if (cell === '') continue
    switch (key) {
      case 'skills':
        body.skills = list(cell).map((s) => {
          const [occupation, years, tags] = s.split(':')
          return { occupation, ...(years ? { years: numberCell(years) } : {}), ...(tags ? { tags: tags.split('/').filter(Boolean) } : {}) }
        })
        break
      case 'certificates':
        body.certificates = list(cell).map((c) => {
          const [name, tier] = c.split(':')
          return { name, tier: numberCell(tier ?? '') }
        })
        break
      case 'trainingWishes':
      case 'destinationWishes':
        body[key] = list(cell)
        break
      case 'expectedWage':
        body.expectedWage = numberCell(cell)
        break
      default:
        body[key] = cell
    }
  }
  return body
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)

/** The reverse of `bodyFromCsv`: one CSV line (with its newline) in `CSV_COLUMNS` order, for demo files and benchmarks. */
export function csvLine(body: LaborerBody): string {
  return `${csvCells(body).map(quote).join(',')}\n`
}

function csvCells(body: LaborerBody): string[] {
  return [
    body.name,
    body.idNumber,
    body.phone,
    body.villageCode,
    body.povertyStatus,
    (body.skills ?? []).map((s) => `${s.occupation}:${s.years ?? ''}:${(s.tags ?? []).join('/')}`).join('|'),
    (body.certificates ?? []).map((c) => `${c.name}:${c.tier}`).join('|'),
    (body.trainingWishes ?? []).join('|'),
    (body.destinationWishes ?? []).join('|'),
    body.expectedWage == null ? '' : String(body.expectedWage),
    body.availableFrom ?? '',
    body.employmentStatus ?? '',
  ]
}

export interface RowContext {
  pii: Pii
  isVillage: (code: string) => boolean
  /** Region-code prefix the rows must fall in (the caller's area, or the city). */
  area: string
  today: string
}

export type RowOutcome = { ok: true; row: SealedLaborer } | { ok: false; reason: string }

/** Validates one import row (already an object) and seals it; the reason names the field. */
export function prepareRow(value: unknown, ctx: RowContext): RowOutcome {
  if (!checkBody.Check(value)) {
    return { ok: false, reason: validationMessage('', checkBody.Errors(value)[0]) }
  }
  const body = value as LaborerBody
  const check = checkLaborer(body, ctx.isVillage, ctx.today)
  if (!check.ok) return { ok: false, reason: `${check.field} ${check.reason}` }
  if (!body.villageCode.startsWith(ctx.area)) return { ok: false, reason: `villageCode ${body.villageCode} 不在您的辖区内` }
  return { ok: true, row: sealLaborer(ctx.pii, body, check) }
}
