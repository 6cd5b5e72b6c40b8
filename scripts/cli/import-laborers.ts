import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../src/config'
import { databaseFile, openStorage } from '../../src/db/database'
import { DEFAULT_BATCH, importLaborerFile } from '../../src/laborers/file-import'
import { shanghaiToday } from '../../src/calendar'
import { loadPiiKey } from '../../src/pii/key'
import { RegionDirectory } from '../../src/regions/directory'
import { loadRegions } from '../../src/regions/loader'
import { progress } from './progress'

/**
 * Imports a CSV or JSONL file of laborers for the whole city; bad rows go to stderr and
 * `<file>.errors.txt`. Opens the database directly rather than building the app: the
 * import needs storage, regions and the key, not the search dictionaries and routes
 * (a third of the memory budget).
 */
export default async function importLaborers(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { workers: { type: 'string' }, batch: { type: 'string' } },
  })
  const file = positionals[0]
  if (!file) throw new Error('usage: import laborers <file.csv|file.jsonl> [--workers N] [--batch N]')
  // The committing thread waits on the workers half the time, so one worker per core.
  const workers = values.workers ? Number(values.workers) : availableParallelism()
  const batchSize = values.batch ? Number(values.batch) : DEFAULT_BATCH
  if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be a positive integer')
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('--batch must be a positive integer')

  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' })
  const storage = openStorage(databaseFile(config.dataDir))
  try {
    loadRegions(storage.sqlite, config.cityCode)
    const regions = new RegionDirectory(storage.db, config.cityCode)
    const started = performance.now()
    let bar: ReturnType<typeof progress> | undefined
    const summary = await importLaborerFile({
      storage,
      file,
      workers,
      batchSize,
      context: {
        piiKey: loadPiiKey(config),
        villageCodes: regions.ofLevel('village').map((v) => v.code),
        area: config.cityCode,
        today: shanghaiToday(),
      },
      onProgress: (p) => {
        bar ??= progress('import laborers', p.bytesTotal, 'bytes')
        bar.update(p.bytesRead, `line ${p.lastLine}: +${p.inserted} new, ${p.existing} existing, ${p.bad} bad`)
      },
      onBad: (line, reason) => process.stderr.write(`${file}:${line}: ${reason}\n`),
    })
    bar?.stop()
    const seconds = (performance.now() - started) / 1000
    if (summary.alreadyImported) {
      process.stdout.write(`${file} was already imported completely; nothing to do\n`)
      return
    }
    process.stdout.write(
      `${file}: ${summary.inserted} inserted, ${summary.existing} already registered, ${summary.bad} bad` +
        `${summary.resumedAfter > 1 ? ` (resumed after line ${summary.resumedAfter})` : ''} in ${seconds.toFixed(1)} s` +
        `${summary.bad > 0 ? `; bad rows listed in ${summary.errorsFile}` : ''}\n`,
    )
  } finally {
    storage.sqlite.close()
  }
}
