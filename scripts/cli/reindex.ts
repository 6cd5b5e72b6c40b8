import { cliApp } from './app'
import { progress } from './progress'

/** Rebuilds the configured search engine's index (SEARCH_BACKEND) from the postings in SQLite. */
export default async function reindex(args: string[]): Promise<void> {
  if (args.length > 0) throw new Error('usage: reindex (takes no arguments; SEARCH_BACKEND picks the engine)')
  const app = await cliApp()
  try {
    const engine = app.jobSearch.engine
    const started = performance.now()
    let bar: ReturnType<typeof progress> | undefined
    const { indexed } = await engine.reindex((done, total) => {
      bar ??= progress(`reindex ${engine.name}`, total, 'postings')
      bar.update(done)
    })
    bar?.stop()
    process.stdout.write(`${engine.name}: ${indexed} searchable postings indexed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
  } finally {
    await app.close()
  }
}
