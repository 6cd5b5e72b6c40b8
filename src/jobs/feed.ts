import { Readable } from 'node:stream'
import { createInterface } from 'node:readline'
import { parse } from 'csv-parse'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'
import type { Db } from '../db/database'
import { validationMessage } from '../errors'
import { findEmployerByCreditCode } from '../employers/index'
import { checkJob, JobImportRow } from './model'
import { upsertFromFeed } from './queries'
import { transaction } from '../db/transaction'

export const feedFormats = ['jsonl', 'csv'] as const
export type FeedFormat = (typeof feedFormats)[number]

/** The columns of a CSV feed. List cells are `|`-separated; a certificate is `name:tier` (`焊工:2`). */
export const CSV_COLUMNS = [
  'externalId', 'employerCreditCode', 'title', 'description', 'regionCode', 'partnerArea', 'occupation', 'skillTags',
  'certificatesRequired', 'openings', 'wageMin', 'wageMax', 'wageUnit', 'benefits', 'contractMonths', 'startDate',
  'deadline', 'type', 'publicWelfareCategory', 'temporaryUnit', 'gigKind', 'laborBrand', 'status',
] as const

export type FeedRecord = { line: number; value: unknown } | { line: number; error: string }

const list = (cell: string) => cell.split('|').map((s) => s.trim()).filter(Boolean)
/** Kept as text when it is not a number, so the schema check names the column. */
const numberCell = (cell: string) => (/^-?\d+$/.test(cell) ? Number(cell) : cell)
const numberColumns = new Set(['openings', 'wageMin', 'wageMax', 'contractMonths'])

/** A CSV record as a feed row; empty cells are left out. */
export function rowFromCsv(record: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const [key, raw] of Object.entries(record)) {
    const cell = raw.trim()
    if (cell === '') continue
    if (key === 'skillTags' || key === 'benefits') row[key] = list(cell)
    else if (key === 'certificatesRequired') {
      row[key] = list(cell).map((c) => {
        const [name, tier] = c.split(':')
        return { name, tier: numberCell(tier ?? '') }
      })
    } else row[key] = numberColumns.has(key) ? numberCell(cell) : cell
  }
  return row
}

/** Records of a feed with the line each starts on, parse errors included (a bad line never stops the rest). */
export async function* readFeed(format: FeedFormat, input: Readable): AsyncGenerator<FeedRecord> {
  if (format === 'jsonl') {
    let line = 0
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++
      if (text.trim() === '') continue
      try {
        yield { line, value: JSON.parse(text) }
      } catch {
        yield { line, error: 'is not valid JSON' }
      }
    }
    return
  }
  const parser = input.pipe(parse({ columns: true, info: true, bom: true, skip_empty_lines: true, trim: false }))
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: info.lines, value: rowFromCsv(record) }
    }
  } catch (error) {
    const lines = (error as { lines?: number }).lines ?? 0
    yield { line: lines, error: `CSV cannot be read further: ${(error as Error).message}` }
  }
}

export function feedFromText(format: FeedFormat, text: string): AsyncGenerator<FeedRecord> {
  return readFeed(format, Readable.from([text]))
}

export interface ImportReport {
  source: string
  rows: number
  created: number
  updated: number
  unchanged: number
  failed: number
  /** The first 1,000 bad rows, by line. */
  errors: { line: number; reason: string }[]
}

export interface ImportContext {
  db: Db
  regionLevel: (code: string) => string | undefined
  cityCode: string
  today: string
}

const checkRow = Compile(JobImportRow)

/**
 * Upserts a feed by (source, externalId), 500 rows per transaction. Bad rows are
 * reported by line and skipped; importing the same feed twice changes nothing.
 */
export async function importFeed(
  ctx: ImportContext,
  source: string,
  records: AsyncIterable<FeedRecord>,
  onProgress?: (rows: number) => void,
): Promise<ImportReport> {
  const report: ImportReport = { source, rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [] }
  const employerIds = new Map<string, number | undefined>()
  const fail = (line: number, reason: string) => {
    report.failed++
    if (report.errors.length < 1000) report.errors.push({ line, reason })
  }
  let batch: FeedRecord[] = []
  const flush = () => {
    transaction(ctx.db, () => {
      for (const record of batch) {
        report.rows++
        if ('error' in record) {
          fail(record.line, record.error)
          continue
        }
        const outcome = importRow(ctx, source, record.value, employerIds)
        if (typeof outcome === 'string') report[outcome]++
        else fail(record.line, outcome.reason)
      }
    })
    onProgress?.(report.rows)
    batch = []
  }
  for await (const record of records) {
    batch.push(record)
    if (batch.length >= 500) flush()
  }
  flush()
  return report
}

function importRow(
  ctx: ImportContext,
  source: string,
  value: unknown,
  employerIds: Map<string, number | undefined>,
): 'created' | 'updated' | 'unchanged' | { reason: string } {
  const row = typeof value === 'object' && value !== null ? Value.Default(JobImportRow, structuredClone(value)) : value
  if (!checkRow.Check(row)) {
    return { reason: validationMessage('', checkRow.Errors(row)[0]) }
  }
  if (!employerIds.has(row.employerCreditCode)) {
    employerIds.set(row.employerCreditCode, findEmployerByCreditCode(ctx.db, row.employerCreditCode)?.id)
  }
  const employerId = employerIds.get(row.employerCreditCode)
  if (employerId === undefined) return { reason: `employerCreditCode ${row.employerCreditCode} 不是已登记的用人单位` }
  const checked = checkJob(row, ctx)
  if (!checked.ok) return { reason: `${checked.field} ${checked.reason}` }
  const outcome = upsertFromFeed(ctx.db, { ...checked.content, employerId, source, externalId: row.externalId, status: row.status })
  if (outcome === 'openings_below_taken') return { reason: 'openings 少于已安置占用的岗位数' }
  return outcome
}
