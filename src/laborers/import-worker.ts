import { parentPort, workerData } from 'node:worker_threads'
import { openStorage } from '../db/database'
import { prepareBlock, type BlockContext, type PreparedBlock } from './import-block'
import { bulkInserter } from './queries'
import { transactional } from '../db/transaction'

/**
 * Validates and seals blocks of import rows off the main thread (crypto is the cost). Given
 * `databaseFile`, it also writes each block in its own transaction on a connection of its
 * own (inserting into keyed-hash indexes costs as much again) and answers with the counts.
 */
const ctx = workerData as BlockContext & { databaseFile?: string }
const prepare = prepareBlock(ctx)
if (ctx.databaseFile) {
  const { sqlite } = openStorage(ctx.databaseFile, { migrate: false })
  const insert = bulkInserter(sqlite)
  const write = transactional(sqlite, (rows: PreparedBlock['rows']) => insert(rows))
  parentPort!.on('message', (block) => {
    const prepared = prepare(block)
    const counts = prepared.rows.length > 0 ? write(prepared.rows) : { inserted: 0, existing: 0 }
    parentPort!.postMessage({ ...prepared, rows: [], ...counts } satisfies PreparedBlock)
  })
} else {
  parentPort!.on('message', (block) => parentPort!.postMessage(prepare(block)))
}
