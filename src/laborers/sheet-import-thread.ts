import { parentPort, workerData } from 'node:worker_threads'
import { openStorage } from '../db/database'
import { createPii } from '../pii/cipher'
import { importLaborerSheet } from './sheet-import'
import type { SheetImportOnThread } from './sheet-import'

/**
 * A spreadsheet import on a thread of its own (see `importLaborerSheetOnThread`): reading
 * the workbook, matching the header and writing the batches on its own connection, so the
 * server's event loop only waits for the answer.
 */
const { databaseFile, ...options } = workerData as SheetImportOnThread
const storage = openStorage(databaseFile, { migrate: false })
try {
  const summary = await importLaborerSheet({ ...options, storage, pii: createPii(options.context.piiKey) })
  parentPort!.postMessage({ summary })
} catch (error) {
  const e = error as Error & { code?: string; statusCode?: number }
  parentPort!.postMessage({ error: { name: e.name, message: e.message, code: e.code, statusCode: e.statusCode, stack: e.stack } })
} finally {
  storage.sqlite.close()
}
