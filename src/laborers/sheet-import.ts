import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import type { Storage } from '../db/database'
import { BadRequestError } from '../errors'
import type { Pii } from '../pii/cipher'
import { openSheet, type SheetFormat, type SheetRow } from '../sheets/index'
import { BlockPipeline } from './file-import'
import type { BlockContext } from './import-block'
import { describeImport, findImport, sheetWriter, startImport, storeRejects } from './queries'
import { WorkerPool } from './worker-pool'
import { HEADER_SEARCH_ROWS, NOT_KEPT, findHeader, isSkippedRow, type HeaderMapping, type SheetField } from './sheet-columns'

export interface SheetImportOptions {
  storage: Storage
  file: string
  /** Seals rejected rows (they hold ID numbers and phones). */
  pii: Pii
  /** Must carry `places`; `area` is the importer's scope. */
  context: BlockContext
  /** From the content type (`text/csv; charset=gbk`); detected when absent. */
  charset?: string
  dryRun?: boolean
  tokenId?: number | null
  workers?: number
  batchSize?: number
  /** Prepared rows wait for their batch and are written at once (see `PipelineOptions.holdBatch`). */
  holdBatch?: boolean
  /** Rejected rows listed in the answer (all are kept for the rejects spreadsheet). */
  reportBad?: number
  onProgress?: (progress: SheetProgress) => void
}

export interface SheetProgress {
  bytesRead: number
  bytesTotal: number
  lastRow: number
  inserted: number
  updated: number
  unchanged: number
  bad: number
}

export interface SheetImportSummary extends SheetProgress {
  /** The import run (its rejects are downloadable); null for a dry run. */
  importId: number | null
  format: SheetFormat
  charset?: string
  headerRow: number
  /** Each header cell and the registry field it was read into (null: not recognised). */
  mapping: { column: number; header: string; field: SheetField | null; kept: boolean }[]
  /** Data rows read (blank and 合计 rows left out). */
  rows: number
  badRows: { line: number; reason: string }[]
  alreadyImported: boolean
  resumedAfter: number
  dryRun: boolean
}

/** Rows handed to a worker at once. */
const BLOCK_ROWS = 2000

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1048576 })) hash.update(chunk as Buffer)
  return hash.digest('base64url')
}

const COLUMN_NAMES = (header: string[], columns: (SheetField | null)[]) =>
  header.map((h, i) => ({ column: i + 1, header: h, field: columns[i] ?? null, kept: Boolean(columns[i]) && !NOT_KEPT.has(columns[i]!) }))

/**
 * Imports a roster spreadsheet (`.xlsx`, or CSV in UTF-8/GBK) with Chinese headers
 * through the same pipeline as the CSV/JSONL import: rows prepared on workers, batches
 * committed in order with their checkpoint (and their rejects), resumable and idempotent.
 * The same file twice (same bytes, same importer scope) is recognised and read no further.
 */
export async function importLaborerSheet(options: SheetImportOptions): Promise<SheetImportSummary> {
  const { storage, context } = options
  if (!context.places) throw new Error('importLaborerSheet needs context.places')
  const dryRun = Boolean(options.dryRun)
  const bytesTotal = statSync(options.file).size
  const kind = `sheet:${context.area}`
  const print = await sha256(options.file)
  const previous = dryRun ? undefined : findImport(storage.db, kind, print)
  const summary: SheetImportSummary = {
    importId: previous?.id ?? null,
    format: 'csv',
    headerRow: 0,
    mapping: [],
    rows: 0,
    bytesRead: 0,
    bytesTotal,
    lastRow: previous?.lastLine ?? 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    bad: 0,
    badRows: [],
    alreadyImported: Boolean(previous?.finishedAt),
    resumedAfter: previous?.lastLine ?? 0,
    dryRun,
  }
  const sheet = openSheet(options.file, { charset: options.charset, onBytes: (n) => (summary.bytesRead += n) })
  summary.format = sheet.format
  if (sheet.charset) summary.charset = sheet.charset

  const rows = sheet.rows
  let header: HeaderMapping | null = null
  try {
    for (let seen = 0; !header && seen < HEADER_SEARCH_ROWS; seen++) {
      const next = await rows.next()
      if (next.done) break
      header = findHeader(next.value.row, next.value.cells)
    }
    if (!header) throw new BadRequestError(`前 ${HEADER_SEARCH_ROWS} 行中找不到表头：表头应包含“姓名”“身份证号码”等列`)
    if (!header.columns.includes('idNumber')) throw new BadRequestError('表头中没有“身份证号码”列（也可写作 身份证号、公民身份号码）')
    summary.headerRow = header.headerRow
    summary.mapping = COLUMN_NAMES(header.header, header.columns)
    if (previous?.finishedAt) {
      return { ...summary, inserted: previous.inserted, unchanged: previous.existing, bad: previous.bad, lastRow: previous.lastLine, bytesRead: bytesTotal }
    }

    const run = dryRun ? null : (previous ?? startImport(storage.db, kind, options.file.split('/').pop() ?? 'upload', print))
    if (run && !previous) describeImport(storage.db, run.id, { area: context.area, header: header.header })
    summary.importId = run?.id ?? null

    const write = sheetWriter(storage.sqlite, { dryRun, tokenId: options.tokenId })
    // The rows of each block sent, until it is written (blocks are written in the order sent):
    // rejected rows get their source cells from here, so cells never cross back from a worker.
    const sent: SheetRow[][] = []
    const reportBad = options.reportBad ?? 1000
    const pipeline = new BlockPipeline({
      storage,
      context,
      workers: options.workers ?? 1,
      batchSize: options.batchSize ?? 5000,
      holdBatch: options.holdBatch,
      runId: run?.id ?? null,
      lastLine: summary.lastRow,
      write: (block) => {
        const records = sent.shift() ?? []
        const counts = write(block.sheetRows ?? [])
        for (const m of counts.missing) block.bad.push(m)
        if (block.bad.length > 0) {
          const cellsOf = new Map(records.map((r) => [r.row, r.cells]))
          for (const b of block.bad) b.cells = cellsOf.get(b.line)
        }
        return counts
      },
      beforeCommit: (batch) => {
        if (run && batch.bad.length > 0) storeRejects(storage.sqlite, options.pii, run.id, batch.bad)
      },
      afterCommit: (batch) => {
        summary.inserted += batch.inserted
        summary.unchanged += batch.existing
        summary.updated += batch.updated
        summary.bad += batch.bad.length
        summary.lastRow = Math.max(summary.lastRow, batch.lastLine)
        for (const b of batch.bad) {
          if (summary.badRows.length >= reportBad) break
          summary.badRows.push({ line: b.line, reason: b.reason })
        }
        options.onProgress?.({ ...summary })
      },
    })
    try {
      let records: SheetRow[] = []
      const send = async () => {
        if (records.length === 0) return
        const block = records
        records = []
        sent.push(block)
        await pipeline.send({ format: 'sheet', text: '', records: block, mapping: header!.columns, firstLine: block[0].row, columns: [], skipThrough: summary.resumedAfter })
      }
      for await (const { row, cells } of rows) {
        if (isSkippedRow(cells)) continue
        summary.rows++
        if (row <= summary.resumedAfter) continue
        if (records.push({ row, cells }) >= BLOCK_ROWS) await send()
      }
      await send()
      await pipeline.finish()
    } finally {
      await pipeline.close()
    }
    summary.badRows.sort((a, b) => a.line - b.line)
    return summary
  } finally {
    await rows.return(undefined)
  }
}

/** What `importLaborerSheetOnThread` hands its thread: the options that cross a thread, and the database file. */
export type SheetImportOnThread = Omit<SheetImportOptions, 'storage' | 'pii' | 'onProgress'> & { databaseFile: string }

// The workbook's shared strings are held while its sheet is read (a compact table: about
// 25 MB for a 600,000-row roster with its IDs and phones as shared strings); beyond is a runaway.
const sheetThreads = new WorkerPool('./sheet-import-thread.ts', { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 })

/**
 * A thread that read a bigger workbook leaves with its import: its heap grew with the
 * workbook (toward the cap above), and a server that just imported a county's roster should
 * give that memory back, not hold it for the next import (the 600,000-row bench's export
 * peaked at 606 MiB while the import's thread waited). Small files, the everyday case, keep it.
 */
const KEEP_THREAD_BELOW_BYTES = 4 * 1024 * 1024

/**
 * `importLaborerSheet` on a worker thread with its own connection: unzipping and parsing
 * the workbook, matching the header and writing the batches leave the server's event loop,
 * which only waits for the summary (other requests go on meanwhile). Rows are still
 * prepared (validated, sealed) on a further worker, so reading, sealing and writing
 * overlap. An error thrown there is thrown here with its code and status.
 */
export function importLaborerSheetOnThread(options: SheetImportOnThread): Promise<SheetImportSummary> {
  const worker = sheetThreads.acquire()
  return new Promise<SheetImportSummary>((resolve, reject) => {
    let settled = false
    worker.once('message', (answer: { summary?: SheetImportSummary; error?: { name: string; message: string; code?: string; statusCode?: number; stack?: string } }) => {
      settled = true
      // The thread answered after its import ended: it may serve the next one, unless the
      // import failed or the workbook was big (see KEEP_THREAD_BELOW_BYTES).
      void sheetThreads.release(worker, (answer.summary?.bytesTotal ?? Infinity) < KEEP_THREAD_BELOW_BYTES)
      if (answer.summary) return resolve(answer.summary)
      const error = Object.assign(new Error(answer.error!.message), answer.error)
      reject(error)
    })
    worker.once('error', (error) => {
      settled = true
      void sheetThreads.release(worker, false)
      reject(error)
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`spreadsheet import thread exited (${code})`))
    })
    worker.postMessage({ job: options })
  })
}
