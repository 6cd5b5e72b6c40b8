import { createReadStream, readFileSync } from 'node:fs'
import { basename, extname } from 'node:path'
import { parseArgs } from 'node:util'
import { shanghaiToday } from '../../src/calendar'
import { importFeed, readFeed, type FeedFormat } from '../../src/jobs/feed'
import { cliApp } from './app'
import { progress } from './progress'

/** Upserts a partner feed (JSON Lines or CSV) by (source, externalId); bad rows go to stderr with their line. */
export default async function importJobs(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { source: { type: 'string' } } })
  const file = positionals[0]
  if (!file) throw new Error('usage: import jobs <file.jsonl|file.csv> [--source NAME]')
  const ext = extname(file).toLowerCase()
  const format: FeedFormat = ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : fail(file)
  const source = values.source ?? basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9_.-]/g, '-')
  if (!/^[a-z0-9][a-z0-9_.-]{0,49}$/.test(source) || source === 'manual') throw new Error(`--source ${source} is not a usable feed name`)
  // Lines, for the bar; the header of a CSV is not a row.
  const total = readFileSync(file).reduce((n, byte) => (byte === 10 ? n + 1 : n), 0) - (format === 'csv' ? 1 : 0)

  const app = await cliApp()
  try {
    const started = performance.now()
    const bar = progress(`import jobs (${source})`, Math.max(total, 1), 'rows')
    const report = await importFeed(
      { db: app.db, regionLevel: (code) => app.regions.get(code)?.level, cityCode: app.config.cityCode, today: shanghaiToday() },
      source,
      readFeed(format, createReadStream(file)),
      (rows) => bar.update(rows),
    )
    bar.stop()
    for (const { line, reason } of report.errors) process.stderr.write(`${file}:${line}: ${reason}\n`)
    if (report.failed > report.errors.length) process.stderr.write(`… and ${report.failed - report.errors.length} more bad rows\n`)
    await app.jobSearch.engine.settle().catch((error: Error) => {
      process.stderr.write(`search engine unreachable (${error.message}): changes stay queued and are sent by the server\n`)
    })
    process.stdout.write(
      `${file} (source ${source}): ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ` +
        `${report.failed} bad of ${report.rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    )
  } finally {
    await app.close()
  }
}

function fail(file: string): never {
  throw new Error(`${file}: use a .jsonl or .csv file`)
}
