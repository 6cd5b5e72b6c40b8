import { closeSync, createWriteStream, openSync, readSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../src/config'
import { databaseFile, openStorage } from '../../src/db/database'
import { DEFAULT_BATCH, importLaborerFile } from '../../src/laborers/file-import'
import { getImport, rejectsOf } from '../../src/laborers/queries'
import type { PlaceEntry } from '../../src/laborers/sheet-columns'
import { importLaborerSheet } from '../../src/laborers/sheet-import'
import { createPii } from '../../src/pii/cipher'
import { writeXlsx } from '../../src/sheets/index'
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
    options: { workers: { type: 'string' }, batch: { type: 'string' }, charset: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  })
  const file = positionals[0]
  if (!file) throw new Error('usage: import laborers <file.xlsx|file.csv|file.jsonl> [--workers N] [--batch N] [--charset gbk] [--dry-run]')
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
    if (isSpreadsheet(file)) {
      await importSheet(storage, regions, config, file, { workers, batchSize, charset: values.charset, dryRun: Boolean(values['dry-run']) })
      return
    }
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

/** A workbook, or a CSV whose header is not the registry's own English columns (a roster with Chinese headers). */
function isSpreadsheet(file: string): boolean {
  if (/\.xlsx$/i.test(file)) return true
  if (!/\.csv$/i.test(file)) return false
  const fd = openSync(file, 'r')
  try {
    const head = Buffer.alloc(4096)
    const n = readSync(fd, head, 0, head.length, 0)
    const first = head.subarray(0, n).toString('latin1').replace(/^\xef\xbb\xbf/, '').split(/\r?\n/)[0]
    return !/^"?name"?,/.test(first)
  } finally {
    closeSync(fd)
  }
}

async function importSheet(
  storage: ReturnType<typeof openStorage>,
  regions: RegionDirectory,
  config: ReturnType<typeof loadConfig>,
  file: string,
  options: { workers: number; batchSize: number; charset?: string; dryRun: boolean },
): Promise<void> {
  const places = regions.ofLevel('village').map((v) => {
    const township = regions.get(v.parentCode!)
    const county = township?.parentCode ? regions.get(township.parentCode) : undefined
    return [v.code, v.name, township?.name ?? '', county?.name ?? ''] as PlaceEntry
  })
  const piiKey = loadPiiKey(config)
  const pii = createPii(piiKey)
  const started = performance.now()
  let bar: ReturnType<typeof progress> | undefined
  const summary = await importLaborerSheet({
    storage,
    file,
    pii,
    charset: options.charset,
    dryRun: options.dryRun,
    workers: options.workers,
    batchSize: options.batchSize,
    context: { piiKey, villageCodes: [], area: config.cityCode, today: shanghaiToday(), places },
    onProgress: (p) => {
      bar ??= progress('import laborers', p.bytesTotal, 'bytes')
      bar.update(p.bytesRead, `row ${p.lastRow}: +${p.inserted} new, ${p.updated} updated, ${p.unchanged} unchanged, ${p.bad} rejected`)
    },
  })
  bar?.stop()
  const seconds = (performance.now() - started) / 1000
  const mapping = summary.mapping.filter((m) => m.field).map((m) => `${m.header}→${m.field}${m.kept ? '' : '（不保存）'}`).join('  ')
  process.stdout.write(`${file}: ${summary.format}${summary.charset ? ` (${summary.charset})` : ''}, header on row ${summary.headerRow}: ${mapping}\n`)
  if (summary.alreadyImported) {
    process.stdout.write(`${file} was already imported completely; nothing to do\n`)
    return
  }
  for (const b of summary.badRows.slice(0, options.dryRun ? 20 : 1000)) process.stderr.write(`${file}: 第 ${b.line} 行: ${b.reason}\n`)
  let rejects = ''
  if (!options.dryRun && summary.bad > 0 && summary.importId !== null) {
    rejects = `${file}.rejects.xlsx`
    const header = getImport(storage.db, summary.importId)?.header ?? []
    const width = header.length
    const out = createWriteStream(rejects)
    const rows = (function* () {
      for (const r of rejectsOf(storage.sqlite, pii, summary.importId!)) {
        const cells = r.cells.slice(0, width)
        while (cells.length < width) cells.push('')
        yield [...cells, r.reason, r.row]
      }
    })()
    await writeXlsx(out, { name: '未导入的行', header: [...header, '错误原因', '原行号'], rows })
  }
  process.stdout.write(
    `${file}: ${options.dryRun ? '(dry run, nothing written) ' : ''}${summary.rows} rows: ${summary.inserted} inserted, ${summary.updated} updated, ` +
      `${summary.unchanged} unchanged, ${summary.bad} bad${summary.resumedAfter > 0 ? ` (resumed after row ${summary.resumedAfter})` : ''} in ${seconds.toFixed(1)} s` +
      `${rejects ? `; rejected rows with reasons in ${rejects}` : ''}\n`,
  )
}
