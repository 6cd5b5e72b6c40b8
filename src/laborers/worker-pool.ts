import { Worker } from 'node:worker_threads'

export interface ThreadLimits {
  maxOldGenerationSizeMb: number
  maxYoungGenerationSizeMb: number
}

/**
 * The events an import attaches. Only these are removed between jobs: `Worker` keeps its own
 * `newListener` / `removeListener` handlers, which ref its port while someone listens.
 */
const JOB_EVENTS = ['message', 'messageerror', 'error', 'exit', 'online'] as const

const forget = (worker: Worker) => JOB_EVENTS.forEach((event) => worker.removeAllListeners(event))

/** Idle threads kept per module: imports beyond this many at once get threads that leave after their job. */
const MAX_IDLE = 4
/** An idle thread leaves after this long: its heap is the import's, not the server's. */
const IDLE_MS = 60_000

/**
 * Spawns a worker thread running `module` (next to this file); `tsx` is registered inside it
 * because loader hooks do not cross threads on Node 20.
 */
function spawnModuleWorker(module: string, resourceLimits: ThreadLimits): Worker {
  const tsx = import.meta.resolve('tsx/esm/api')
  const entry = new URL(module, import.meta.url).href
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}) })`, {
    eval: true,
    resourceLimits,
  })
}

/**
 * Import threads of one module, kept warm between imports. A new thread registers tsx and
 * loads the import modules again: 2–3 s of CPU each, measured, against a few hundred ms for
 * a 2,000-row block (a test importing 15 sheets spent most of its 50 CPU-seconds starting
 * 30 threads). The module's side of the contract: it serves jobs for as long as it lives,
 * each job begun by a message of the caller's and left with nothing in flight when the
 * caller releases the thread; a thread that failed, or was released mid-job, is ended.
 */
export class WorkerPool {
  private readonly idle = new Set<{ worker: Worker; timer: NodeJS.Timeout }>()

  constructor(
    private readonly module: string,
    private readonly limits: ThreadLimits,
  ) {}

  /** A warm thread if one waits, else a new one. */
  acquire(): Worker {
    for (const entry of this.idle) {
      this.idle.delete(entry)
      clearTimeout(entry.timer)
      forget(entry.worker)
      entry.worker.ref()
      return entry.worker
    }
    return spawnModuleWorker(this.module, this.limits)
  }

  /**
   * Gives a thread back. `keep` says its job ended with nothing in flight and the thread is
   * worth keeping; otherwise (or when enough threads wait) it is ended. Waiting threads never
   * keep the process alive.
   */
  async release(worker: Worker, keep: boolean): Promise<void> {
    forget(worker)
    if (!keep || this.idle.size >= MAX_IDLE) {
      await worker.terminate()
      return
    }
    const entry = { worker, timer: setTimeout(() => this.drop(entry), IDLE_MS).unref() }
    // A thread that dies while it waits (out of memory after its job, killed) is simply forgotten.
    worker.once('exit', () => this.idle.delete(entry))
    worker.on('error', () => this.drop(entry))
    worker.unref()
    this.idle.add(entry)
  }

  private drop(entry: { worker: Worker; timer: NodeJS.Timeout }) {
    this.idle.delete(entry)
    clearTimeout(entry.timer)
    void entry.worker.terminate()
  }
}
