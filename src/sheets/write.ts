import { PassThrough, type Writable } from 'node:stream'
import { writeXlsxStream } from './xlsx-writer'

export type Cell = string | number | null | undefined

export interface SheetSpec {
  name: string
  /** Lines above the header (unit, period), written in bold. */
  title?: string[]
  header: string[]
  rows: Iterable<Cell[]> | AsyncIterable<Cell[]>
  /** Column widths in characters. */
  widths?: number[]
}

/**
 * Writes a one-sheet `.xlsx` to `out` row by row and ends it (see `writeXlsxStream`: rows
 * are deflated as they come, never held, and `out` is waited for when behind). Every cell
 * is text or a number as given: an ID number stays text, so Excel cannot turn it into
 * 1.40922E+17.
 */
export async function writeXlsx(out: Writable, spec: SheetSpec): Promise<void> {
  await writeXlsxStream(out, spec)
  await new Promise<void>((resolve) => out.end(resolve))
}

/** The same as a stream to hand to a reply; a failure midway ends the stream with the error. */
export function xlsxStream(spec: SheetSpec): PassThrough {
  const out = new PassThrough()
  writeXlsx(out, spec).catch((error) => out.destroy(error as Error))
  return out
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)

/** Long digit strings get a leading tab, so Excel keeps them as text (imports trim it). */
const csvCell = (v: Cell) => {
  if (v === null || v === undefined) return ''
  const s = String(v)
  return quote(typeof v === 'string' && /^\d{12,}[\dXx]?$/.test(s) ? `\t${s}` : s)
}

/** CSV in UTF-8 with a BOM (Excel opens it as UTF-8), title lines first, CRLF line ends. */
export function csvStream(spec: SheetSpec): PassThrough {
  const out = new PassThrough()
  ;(async () => {
    const write = async (line: string) => {
      if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()))
    }
    await write('\ufeff')
    for (const line of spec.title ?? []) await write(`${quote(line)}\r\n`)
    await write(`${spec.header.map(csvCell).join(',')}\r\n`)
    let n = 0
    for await (const values of spec.rows) {
      await write(`${values.map(csvCell).join(',')}\r\n`)
      if (++n % 500 === 0) await new Promise<void>((r) => setImmediate(r))
    }
    out.end()
  })().catch((error) => out.destroy(error as Error))
  return out
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** `attachment; filename*=UTF-8''…` for a Chinese file name. */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`
}
