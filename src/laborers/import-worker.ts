import { parentPort, workerData } from 'node:worker_threads'
import { prepareBlock, type BlockContext } from './import-block'

/** Validates and seals blocks of import rows off the main thread (crypto is the cost). */
const ctx = workerData as BlockContext
const prepare = prepareBlock(ctx)
parentPort!.on('message', (block) => parentPort!.postMessage(prepare(block)))
