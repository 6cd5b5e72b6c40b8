import { parentPort } from 'node:worker_threads'
import type { Storage } from '../db/database'
import { openStorage } from '../db/database'
import { prepareBlock, type Block, type BlockContext, type PreparedBlock } from './import-block'
import { bulkInserter } from './queries'
import { transactional } from '../db/transaction'

/**
 * Validates and seals blocks of import rows off the main thread (crypto is the cost). Given
 * `databaseFile`, it also writes each block in its own transaction on a connection of its
 * own (inserting into keyed-hash indexes costs as much again) and answers with the counts.
 * The thread serves one import after another (see `WorkerPool`): `{ start }` begins an
 * import with its context, blocks follow, `{ end }` closes its connection.
 */
export type BlockWorkerMessage = { start: BlockContext & { databaseFile?: string } } | { end: true } | Block

let handle: ((block: Block) => PreparedBlock) | null = null
let storage: Storage | null = null

parentPort!.on('message', (message: BlockWorkerMessage) => {
  if ('start' in message) {
    const ctx = message.start
    const prepare = prepareBlock(ctx)
    if (ctx.databaseFile) {
      storage = openStorage(ctx.databaseFile, { migrate: false })
      const insert = bulkInserter(storage.sqlite)
      const write = transactional(storage.sqlite, (rows: PreparedBlock['rows']) => insert(rows))
      handle = (block) => {
        const prepared = prepare(block)
        const counts = prepared.rows.length > 0 ? write(prepared.rows) : { inserted: 0, existing: 0 }
        return { ...prepared, rows: [], ...counts }
      }
    } else handle = prepare
  } else if ('end' in message) {
    storage?.sqlite.close()
    storage = null
    handle = null
  } else parentPort!.postMessage(handle!(message))
})
