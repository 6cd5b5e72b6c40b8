import { parse } from 'csv-parse/sync'
import { createPii } from '../pii/cipher'
import { bodyFromCsv, prepareRow } from './import-rows'
import { laborerParams, type LaborerParams } from './registry'
import { PlaceIndex, prepareSheetRow, type PlaceEntry, type PreparedSheetRow, type SheetField } from './sheet-columns'

/** What a worker needs to check and seal rows: plain data, so it can cross a thread boundary. */
export interface BlockContext {
  piiKey: string
  villageCodes: string[]
  area: string
  today: string
  /** The city's villages by name, for spreadsheets that name places instead of coding them. */
  places?: PlaceEntry[]
}

/** A run of whole records of the file; `firstLine` is the 1-based line of its first character. */
export interface Block {
  seq: number
  format: 'csv' | 'jsonl' | 'sheet'
  /** CSV and JSONL: whole lines of the file. */
  text: string
  /** Spreadsheets (xlsx, Chinese CSV): rows already split into cells, numbered as the sheet shows them. */
  records?: { row: number; cells: string[] }[]
  /** Spreadsheets: the registry field of each column. */
  mapping?: (SheetField | null)[]
  firstLine: number
  /** CSV header (column names). */
  columns: string[]
  /** Lines up to here were committed by an earlier run: count them, skip the work. */
  skipThrough: number
}

export interface PreparedBlock {
  seq: number
  rows: LaborerParams[]
  bad: { line: number; reason: string; cells?: string[] }[]
  /** Spreadsheet rows: inserts or updates, decided when the batch is written. */
  sheetRows?: PreparedSheetRow[]
  /** Last line of the block (the checkpoint once it commits). */
  lastLine: number
  records: number
  /** Written by the worker itself (see `import-worker.ts`): `rows` is then empty. */
  inserted?: number
  existing?: number
}

type RawRecord = { line: number; value: unknown } | { line: number; error: string }

/** Most files quote nothing: then a record is a line and a cell is what lies between commas. */
function unquotedCsvRecords(block: Block): RawRecord[] {
  const out: RawRecord[] = []
  const width = block.columns.length
  block.text.split('\n').forEach((text, i) => {
    const line = block.firstLine + i
    const cells = text.endsWith('\r') ? text.slice(0, -1).split(',') : text.split(',')
    if (cells.length === 1 && cells[0].trim() === '') return
    if (cells.length !== width) {
      out.push({ line, error: `has ${cells.length} cells, the header has ${width}` })
      return
    }
    out.push({ line, value: bodyFromCsv(block.columns, cells) })
  })
  return out
}

function csvRecords(block: Block): RawRecord[] {
  if (!block.text.includes('"')) return unquotedCsvRecords(block)
  const options = { columns: block.columns, info: true as const, skip_empty_lines: true, relax_column_count: true }
  const out: RawRecord[] = []
  const push = (records: { record: Record<string, string>; info: { lines: number; invalid_field_length: number } }[], base: number) => {
    for (const { record, info } of records) {
      const line = base + info.lines - 1
      if (Object.keys(record).length !== block.columns.length || info.invalid_field_length > 0) {
        out.push({ line, error: `has ${Object.keys(record).length} cells, the header has ${block.columns.length}` })
      } else out.push({ line, value: bodyFromCsv(block.columns, block.columns.map((c) => record[c])) })
    }
  }
  try {
    push(parse(block.text, options) as never, block.firstLine)
  } catch {
    // A malformed quote spoils the whole block for the parser: retry line by line to name the culprit.
    out.length = 0
    block.text.split('\n').forEach((text, i) => {
      if (text.trim() === '') return
      try {
        push(parse(text, options) as never, block.firstLine + i)
      } catch (error) {
        out.push({ line: block.firstLine + i, error: `is not valid CSV (${(error as Error).message.split('\n')[0]})` })
      }
    })
  }
  return out
}

function jsonRecords(block: Block): RawRecord[] {
  const out: RawRecord[] = []
  block.text.split('\n').forEach((text, i) => {
    const line = block.firstLine + i
    if (text.trim() === '') return
    try {
      out.push({ line, value: JSON.parse(text) })
    } catch {
      out.push({ line, error: 'is not valid JSON' })
    }
  })
  return out
}

export function prepareBlock(ctx: BlockContext) {
  const villages = new Set(ctx.villageCodes)
  const rowContext = { pii: createPii(ctx.piiKey), isVillage: (code: string) => villages.has(code), area: ctx.area, today: ctx.today }
  const places = ctx.places ? new PlaceIndex(ctx.places) : null
  const sheetContext = { pii: rowContext.pii, places: places!, area: ctx.area, today: ctx.today }
  const sheetBlock = (block: Block): PreparedBlock => {
    const records = block.records ?? []
    const result: PreparedBlock = { seq: block.seq, rows: [], bad: [], sheetRows: [], lastLine: block.firstLine, records: records.length }
    for (const { row, cells } of records) {
      result.lastLine = Math.max(result.lastLine, row)
      if (row <= block.skipThrough) continue
      const outcome = prepareSheetRow(row, cells, block.mapping ?? [], sheetContext)
      if (outcome.ok) result.sheetRows!.push(outcome.value)
      // The reader adds the source cells to rejected rows (it still holds them): they need not cross back.
      else result.bad.push({ line: row, reason: outcome.reason })
    }
    return result
  }
  return (block: Block): PreparedBlock => {
    if (block.format === 'sheet') return sheetBlock(block)
    const records = block.format === 'csv' ? csvRecords(block) : jsonRecords(block)
    const result: PreparedBlock = { seq: block.seq, rows: [], bad: [], lastLine: block.firstLine, records: records.length }
    for (const record of records) {
      result.lastLine = Math.max(result.lastLine, record.line)
      if (record.line <= block.skipThrough) continue
      if ('error' in record) {
        result.bad.push({ line: record.line, reason: record.error })
        continue
      }
      const outcome = prepareRow(record.value, rowContext)
      if (outcome.ok) result.rows.push(laborerParams(outcome.row))
      else result.bad.push({ line: record.line, reason: outcome.reason })
    }
    const physicalLines = block.text.split('\n').length - (block.text.endsWith('\n') ? 1 : 0)
    result.lastLine = Math.max(result.lastLine, block.firstLine + physicalLines - 1)
    return result
  }
}
