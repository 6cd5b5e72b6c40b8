import { createHash } from 'node:crypto'
import { appendFileSync, createReadStream, openSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import type { Worker } from 'node:worker_threads'
import type { Storage } from '../db/database'
import type { Block, BlockContext, PreparedBlock } from './import-block'
import type { BlockWorkerMessage } from './import-worker'
import { CSV_COLUMNS } from './import-rows'
import { bulkInserter, findImport, recordImportProgress, startImport } from './queries'
import { WorkerPool } from './worker-pool'

export interface FileImportOptions {
  storage: Storage
  file: string
  context: BlockContext
  /** Rows per transaction (and checkpoint); `DEFAULT_BATCH` by default. */
  batchSize?: number
  workers?: number
  onProgress?: (progress: ImportProgress) => void
  onBad?: (line: number, reason: string) => void
}

export interface ImportProgress {
  bytesRead: number
  bytesTotal: number
  lastLine: number
  inserted: number
  existing: number
  bad: number
}

export interface ImportSummary extends ImportProgress {
  /** The same file was fully imported before: nothing was read. */
  alreadyImported: boolean
  /** Line the run started after (a resumed run skips what earlier runs committed). */
  resumedAfter: number
  errorsFile: string
}

/**
 * Rows per commit. The keyed-hash indexes (national ID, phone) take their keys in random
 * order, so every commit rewrites most of their leaf pages into the WAL: with 10,000-row commits that cost
 * as much as the inserts themselves, with 50,000 about a quarter (measured on 600,000 rows).
 */
export const DEFAULT_BATCH = 50_000

const BLOCK_BYTES = 256 * 1024
const REQUIRED = ['name', 'idNumber', 'phone', 'villageCode', 'povertyStatus']

/** Size plus hashes of the file's head and tail: cheap, and a changed file is a new import. */
export function fingerprint(file: string): string {
  const { size } = statSync(file)
  const fd = openSync(file, 'r')
  try {
    const hash = createHash('sha256').update(String(size))
    const span = Math.min(size, 65536)
    const buffer = Buffer.alloc(span)
    readSync(fd, buffer, 0, span, 0)
    hash.update(buffer)
    readSync(fd, buffer, 0, span, Math.max(0, size - span))
    return hash.update(buffer).digest('base64url')
  } finally {
    closeSync(fd)
  }
}

/** Index just past the last newline that ends a record: quotes may hide newlines inside CSV cells. */
function lastRecordEnd(text: string, csv: boolean, inQuotes: { value: boolean }, from: number): number {
  let end = -1
  let quoted = inQuotes.value
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34 && csv) quoted = !quoted
    else if (c === 10 && !quoted) end = i + 1
  }
  inQuotes.value = quoted
  return end
}

function countLines(text: string): number {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++
  return n
}

function headerColumns(header: string, file: string): string[] {
  const columns = header.replace(/\r$/, '').split(',').map((c) => c.trim().replace(/^"|"$/g, ''))
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c))
  const missing = REQUIRED.filter((c) => !columns.includes(c))
  if (unknown.length > 0) throw new Error(`${file} line 1: unknown column(s) ${unknown.join(', ')}; expected ${CSV_COLUMNS.join(',')}`)
  if (missing.length > 0) throw new Error(`${file} line 1: missing column(s) ${missing.join(', ')}`)
  return columns
}

/**
 * Block workers, kept warm between imports. Blocks are small and short-lived: a capped heap
 * collects often instead of growing toward the RSS budget.
 */
const blockWorkers = new WorkerPool('./import-worker.ts', { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 })

/** A block worker begun on one import's context (see `import-worker.ts`). */
function startWorker(context: BlockContext & { databaseFile?: string }): Worker {
  const worker = blockWorkers.acquire()
  worker.postMessage({ start: context } satisfies BlockWorkerMessage)
  return worker
}

/** Ends a block worker's import; a worker with blocks still in flight is ended, not kept. */
function stopWorker(worker: Worker, clean: boolean): Promise<void> {
  if (clean) worker.postMessage({ end: true } satisfies BlockWorkerMessage)
  return blockWorkers.release(worker, clean)
}

/** A text of whole lines cut into runs of about `size` characters, each with its first line's number. */
export function* lineBlocks(text: string, size: number): Generator<{ text: string; firstLine: number }> {
  let line = 1
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', Math.min(text.length, start + size))
    const end = newline === -1 ? text.length : newline + 1
    const block = text.slice(start, end)
    yield { text: block, firstLine: line }
    line += countLines(block)
    start = end
  }
}

/**
 * One block worker as a function: blocks are prepared in the order sent. For imports that
 * arrive as a request body, so parsing, validation and sealing leave the event loop.
 */
export function blockWorker(context: BlockContext & { databaseFile?: string }): { prepare(block: Block): Promise<PreparedBlock>; close(): Promise<void> } {
  const worker = startWorker(context)
  const pending: { resolve: (block: PreparedBlock) => void; reject: (error: Error) => void }[] = []
  let failed: Error | undefined
  worker.on('message', (block: PreparedBlock) => pending.shift()?.resolve(block))
  const fail = (error: Error) => {
    failed = error
    for (const waiter of pending.splice(0)) waiter.reject(error)
  }
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`import worker exited (${code})`)))
  return {
    prepare(block) {
      if (failed) return Promise.reject(failed)
      return new Promise((resolve, reject) => {
        pending.push({ resolve, reject })
        worker.postMessage(block)
      })
    },
    close() {
      return stopWorker(worker, !failed && pending.length === 0)
    },
  }
}

/** What a batch did, as the pipeline counts it. */
export interface BatchState {
  records: number
  inserted: number
  existing: number
  updated: number
  bad: PreparedBlock['bad']
  lastLine: number
}

export interface PipelineOptions {
  storage: Storage
  context: BlockContext
  workers: number
  batchSize: number
  /** The import run whose checkpoint advances with each batch; null writes no transaction (a dry run). */
  runId: number | null
  lastLine: number
  /**
   * Holds prepared blocks until a batch is complete and writes them all at once, so the
   * write lock is held for the writing only, not while blocks are still being prepared
   * (imports beside a serving server: its own writes wait on the lock).
   */
  holdBatch?: boolean
  /** Writes one prepared block inside the batch's transaction; answers its counts. */
  write: (block: PreparedBlock) => { inserted: number; existing: number; updated?: number }
  /** Runs inside the batch's transaction, just before its commit (rejects kept with their checkpoint). */
  beforeCommit?: (batch: BatchState) => void
  afterCommit: (batch: BatchState) => void
}

/**
 * The import machinery shared by every file format: blocks are prepared (parsed,
 * validated, sealed) on worker threads and written on this one in file order, each
 * batch committed with its checkpoint in the same transaction, so a run killed at any
 * point loses no committed batch and resumes after it.
 */
export class BlockPipeline {
  private readonly workers: Worker[]
  private readonly ready = new Map<number, PreparedBlock>()
  private nextToCommit = 0
  private seq = 0
  private failure: Error | undefined
  private readonly waiters: (() => void)[] = []
  private readonly synchronous: unknown
  private readonly autocheckpoint: unknown
  private readonly held: PreparedBlock[] = []
  private heldRecords = 0
  readonly batch: BatchState

  constructor(private readonly options: PipelineOptions) {
    const { sqlite } = options.storage
    this.batch = { records: 0, inserted: 0, existing: 0, updated: 0, bad: [], lastLine: options.lastLine }
    // Each batch commits with its checkpoint, so a commit lost to power failure (possible
    // under NORMAL, never under kill -9) takes its checkpoint with it and is simply redone:
    // the per-commit fsync buys nothing here.
    this.synchronous = sqlite.pragma('synchronous', { simple: true })
    if (options.runId !== null) sqlite.pragma('synchronous = NORMAL')
    // Every batch dirties leaf pages all over the keyed-hash indexes: checkpointing every
    // 1,000 pages (the default) wrote the same pages back again and again, and each commit
    // that crossed it paid the checkpoint (a third of the write time on 60,000 rows).
    this.autocheckpoint = sqlite.pragma('wal_autocheckpoint', { simple: true })
    if (options.runId !== null) sqlite.pragma('wal_autocheckpoint = 16000')
    this.workers = Array.from({ length: Math.max(1, options.workers) }, () => startWorker(options.context))
    for (const worker of this.workers) {
      worker.on('message', (done: PreparedBlock) => this.accept(done))
      worker.on('error', (error) => {
        this.failure = error
        this.wake()
      })
    }
  }

  private wake() {
    this.waiters.splice(0).forEach((w) => w())
  }

  private begin() {
    if (this.options.runId !== null && !this.options.storage.sqlite.inTransaction) this.options.storage.sqlite.exec('BEGIN IMMEDIATE')
  }

  private accept(done: PreparedBlock) {
    this.ready.set(done.seq, done)
    try {
      for (let block = this.ready.get(this.nextToCommit); block; block = this.ready.get(this.nextToCommit)) {
        this.ready.delete(this.nextToCommit++)
        if (this.options.holdBatch) {
          this.held.push(block)
          this.heldRecords += block.records
          if (this.heldRecords >= this.options.batchSize) this.commit()
          continue
        }
        this.begin()
        this.apply(block)
        if (this.batch.records >= this.options.batchSize) this.commit()
      }
    } catch (error) {
      // A failed write (disk full, database locked) ends the run; earlier batches stay committed.
      this.failure = error as Error
    }
    this.wake()
  }

  /** Writes one prepared block into the open batch. */
  private apply(block: PreparedBlock) {
    const counts = this.options.write(block)
    const batch = this.batch
    batch.records += block.records
    batch.inserted += counts.inserted
    batch.existing += counts.existing
    batch.updated += counts.updated ?? 0
    for (const bad of block.bad) batch.bad.push(bad)
    batch.lastLine = Math.max(batch.lastLine, block.lastLine)
  }

  /** Commits the open batch with its checkpoint (and marks the run finished). */
  commit(finished = false) {
    const { storage, runId } = this.options
    const batch = this.batch
    this.begin()
    for (const block of this.held.splice(0)) this.apply(block)
    this.heldRecords = 0
    if (runId !== null) {
      recordImportProgress(storage.db, runId, {
        lastLine: batch.lastLine,
        inserted: batch.inserted,
        existing: batch.existing + batch.updated,
        bad: batch.bad.length,
        finished,
      })
    }
    this.options.beforeCommit?.(batch)
    if (runId !== null) storage.sqlite.exec('COMMIT')
    this.options.afterCommit({ ...batch, bad: batch.bad })
    Object.assign(batch, { records: 0, inserted: 0, existing: 0, updated: 0, bad: [] })
  }

  /** Hands a block to a worker, then waits while too many are in flight. */
  async send(block: Omit<Block, 'seq'>): Promise<void> {
    const seq = this.seq++
    this.workers[seq % this.workers.length].postMessage({ ...block, seq })
    while (this.seq - this.nextToCommit >= this.workers.length * 3 && !this.failure) await new Promise<void>((r) => this.waiters.push(r))
    if (this.failure) throw this.failure
  }

  /** Waits for every block sent, then commits the last batch and finishes the run. */
  async finish(): Promise<void> {
    while (this.nextToCommit < this.seq && !this.failure) await new Promise<void>((r) => this.waiters.push(r))
    if (this.failure) throw this.failure
    this.commit(true)
  }

  /** A batch left open by a failure was never committed: its rows go, its checkpoint stays behind them. */
  async close(): Promise<void> {
    const { sqlite } = this.options.storage
    if (sqlite.inTransaction && this.options.runId !== null) sqlite.exec('ROLLBACK')
    sqlite.pragma(`synchronous = ${this.synchronous}`)
    sqlite.pragma(`wal_autocheckpoint = ${this.autocheckpoint}`)
    const clean = !this.failure && this.nextToCommit === this.seq
    await Promise.all(this.workers.map((w) => stopWorker(w, clean)))
  }
}

/**
 * Streams a CSV or JSONL file of laborers into the registry. Reading and committing run
 * on this thread; parsing, validation and sealing run on workers. Batches commit in
 * file order, each with the checkpoint (last line) in the same transaction, so a run
 * killed at any point loses no committed batch and a re-run resumes after it; rows
 * whose national ID is already registered are left alone, so nothing goes in twice.
 * Bad rows go to `<file>.errors.txt` (line<TAB>reason) and to `onBad`. A batch's
 * transaction stays open while its blocks arrive, so `storage` must be a connection of
 * the import's own (the CLI opens one), never the server's shared one.
 */
export async function importLaborerFile(options: FileImportOptions): Promise<ImportSummary> {
  const { storage, context } = options
  const file = resolve(options.file)
  const format = /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : /\.csv$/i.test(file) ? 'csv' : null
  if (!format) throw new Error(`${options.file}: expected a .csv, .jsonl or .ndjson file`)
  const bytesTotal = statSync(file).size
  const errorsFile = `${file}.errors.txt`
  const print = fingerprint(file)
  const previous = findImport(storage.db, 'laborers', print)
  const summary: ImportSummary = {
    bytesRead: 0,
    bytesTotal,
    lastLine: previous?.lastLine ?? 0,
    inserted: 0,
    existing: 0,
    bad: 0,
    alreadyImported: Boolean(previous?.finishedAt),
    resumedAfter: previous?.lastLine ?? 0,
    errorsFile,
  }
  if (previous?.finishedAt) return { ...summary, bytesRead: bytesTotal }
  const run = previous ?? startImport(storage.db, 'laborers', file, print)
  if (!previous) writeFileSync(errorsFile, '')

  const insert = bulkInserter(storage.sqlite)
  const pipeline = new BlockPipeline({
    storage,
    context,
    workers: options.workers ?? 1,
    batchSize: options.batchSize ?? DEFAULT_BATCH,
    runId: run.id,
    lastLine: summary.lastLine,
    write: (block) => insert(block.rows),
    afterCommit: (batch) => {
      summary.inserted += batch.inserted
      summary.existing += batch.existing
      summary.bad += batch.bad.length
      summary.lastLine = batch.lastLine
      if (batch.bad.length > 0) {
        appendFileSync(errorsFile, batch.bad.map((b) => `${b.line}\t${b.reason}\n`).join(''))
        for (const b of batch.bad) options.onBad?.(b.line, b.reason)
      }
      options.onProgress?.({ ...summary })
    },
  })

  const decoder = new StringDecoder('utf8')
  const csv = format === 'csv'
  const inQuotes = { value: false }
  let carry = ''
  let scanned = 0
  let lastEnd = -1
  let line = 1
  let columns: string[] | null = csv ? null : []
  const send = async (text: string) => {
    const firstLine = line
    line += countLines(text)
    await pipeline.send({ format, text, firstLine, columns: columns!, skipThrough: summary.resumedAfter })
  }
  const takeHeader = (end: number) => {
    columns = headerColumns(carry.slice(0, end), options.file)
    carry = carry.slice(end + 1)
    line = 2
    if (summary.lastLine < 1) pipeline.batch.lastLine = summary.lastLine = 1
  }

  try {
    for await (const chunk of createReadStream(file, { highWaterMark: BLOCK_BYTES })) {
      summary.bytesRead += (chunk as Buffer).length
      carry += decoder.write(chunk as Buffer)
      if (line === 1 && carry.charCodeAt(0) === 0xfeff) carry = carry.slice(1)
      if (columns === null) {
        const headerEnd = carry.indexOf('\n')
        if (headerEnd === -1) continue
        takeHeader(headerEnd)
        scanned = 0
      }
      const end = lastRecordEnd(carry, csv, inQuotes, scanned)
      scanned = carry.length
      if (end > 0) lastEnd = end
      if (lastEnd >= BLOCK_BYTES / 2) {
        const text = carry.slice(0, lastEnd)
        carry = carry.slice(lastEnd)
        // Cut at a record boundary, so the remainder starts outside quotes.
        inQuotes.value = false
        lastEnd = lastRecordEnd(carry, csv, inQuotes, 0)
        scanned = carry.length
        await send(text)
      }
    }
    carry += decoder.end()
    if (columns === null) takeHeader(carry.length)
    if (carry.trim() !== '') await send(carry.endsWith('\n') ? carry : `${carry}\n`)
    await pipeline.finish()
    return summary
  } finally {
    await pipeline.close()
  }
}
