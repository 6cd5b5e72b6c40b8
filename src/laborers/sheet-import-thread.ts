import { parentPort } from 'node:worker_threads'
import { openStorage } from '../db/database'
import { createPii } from '../pii/cipher'
import { importLaborerSheet } from './sheet-import'
import type { SheetImportOnThread } from './sheet-import'

/**
 * Spreadsheet imports on a thread of their own (see `importLaborerSheetOnThread`): reading
 * the workbook, matching the header and writing the batches on its own connection, so the
 * server's event loop only waits for the answer. The thread serves one import per message
 * for as long as it is kept (see `WorkerPool`).
 */
parentPort!.on('message', async ({ job }: { job: SheetImportOnThread }) => {
  const { databaseFile, ...options } = job
  const storage = openStorage(databaseFile, { migrate: false })
  // A quarter of the usual page cache: the import writes in 10,000-row batches that a small
  // cache serves, and the server's own connection keeps its full cache beside this one
  // (the 600,000-row import's RSS budget, issue 14).
  storage.sqlite.pragma('cache_size = -16384')
  try {
    const summary = await importLaborerSheet({ ...options, storage, pii: createPii(options.context.piiKey) })
    parentPort!.postMessage({ summary })
  } catch (error) {
    const e = error as Error & { code?: string; statusCode?: number }
    parentPort!.postMessage({ error: { name: e.name, message: e.message, code: e.code, statusCode: e.statusCode, stack: e.stack } })
  } finally {
    storage.sqlite.close()
  }
})
