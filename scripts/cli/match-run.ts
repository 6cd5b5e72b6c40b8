import { parseArgs } from 'node:util'
import { currentConfig, createRun, getRun } from '../../src/matching/queries'
import { executeRun, type RunRequest } from '../../src/matching/runs'
import { runModes, type RunMode } from '../../src/matching/schema'
import { cliApp } from './app'

/** `match-run --mode optimal|stable [--region CODE] [--k 50] [--seed 1]`: an assignment run from the shell, report printed. */
export default async function matchRun(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { mode: { type: 'string' }, region: { type: 'string' }, k: { type: 'string' }, seed: { type: 'string' } },
  })
  const mode = values.mode as RunMode
  if (!runModes.includes(mode)) throw new Error(`--mode must be one of ${runModes.join(', ')}`)
  const app = await cliApp()
  try {
    const region = values.region ?? app.config.cityCode
    if (!/^[0-9]{4,12}$/.test(region) || !region.startsWith(app.config.cityCode)) {
      throw new Error(`--region must be a region code inside ${app.config.cityCode}`)
    }
    const request: RunRequest = { mode, laborers: { region }, postings: {}, k: Number(values.k ?? 50), seed: Number(values.seed ?? 1) }
    const context = { cityCode: app.config.cityCode, config: currentConfig(app.db) }
    const run = createRun(app.db, { mode, request: request as never, scoreVersion: context.config.version, areaPrefix: region, tokenId: null })
    await executeRun(app.db, { runId: run.id, request, areaPrefix: region, context, cancelled: () => false })
    const done = getRun(app.db, run.id)!
    process.stdout.write(`${JSON.stringify({ id: done.id, status: done.status, error: done.error, report: done.report }, null, 2)}\n`)
  } finally {
    await app.close()
  }
}
