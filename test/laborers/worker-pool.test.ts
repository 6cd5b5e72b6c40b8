import { once } from 'node:events'
import t from 'tap'
import { WorkerPool } from '../../src/laborers/worker-pool'

// Real threads running the real block worker module: starting one under tsx takes seconds on a busy machine.
t.setTimeout(300_000)

const limits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 }

t.test('a kept thread serves the next job; one not kept, or dead while waiting, is replaced', async (t) => {
  const pool = new WorkerPool('./import-worker.ts', limits)
  const first = pool.acquire()
  await once(first, 'online')
  const id = first.threadId
  first.on('message', () => t.fail('a listener of the last job must not hear the next one'))
  await pool.release(first, true)

  const again = pool.acquire()
  t.equal(again.threadId, id, 'the waiting thread is handed out again')
  t.equal(again.listenerCount('message'), 0, 'with none of the last job’s listeners')
  await pool.release(again, false)
  t.equal(again.threadId, -1, 'a thread not kept is ended')

  const fresh = pool.acquire()
  t.not(fresh.threadId, id, 'so the next job gets a new one')
  await once(fresh, 'online')
  const freshId = fresh.threadId
  await pool.release(fresh, true)
  await fresh.terminate()
  const afterDeath = pool.acquire()
  t.not(afterDeath.threadId, freshId, 'a thread that died while waiting is not handed out')
  await pool.release(afterDeath, false)
})

t.test('at most four threads wait; the rest are ended', async (t) => {
  const pool = new WorkerPool('./import-worker.ts', limits)
  const workers = Array.from({ length: 5 }, () => pool.acquire())
  await Promise.all(workers.map((w) => once(w, 'online')))
  for (const w of workers) await pool.release(w, true)
  t.equal(workers.filter((w) => w.threadId === -1).length, 1, 'the fifth is ended')
  for (let i = 0; i < 4; i++) await pool.release(pool.acquire(), false)
})
