import { parseArgs } from 'node:util'
import { seedDemo } from '../../src/demo/seed'
import { countLaborers } from '../../src/laborers/queries'
import { cliApp } from './app'
import { progress, type Progress } from './progress'

/**
 * Adds a demo city's worth of data: every module's demo step (network, laborers,
 * postings …) at the sizes asked. A fresh `--seed` by default, so a second run adds new
 * people instead of regenerating (and skipping) the same ones.
 */
export default async function seed(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { laborers: { type: 'string' }, jobs: { type: 'string' }, seed: { type: 'string' } },
  })
  const count = (value: string | undefined, fallback: number, name: string) => {
    const n = value === undefined ? fallback : Number(value)
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new Error(`--${name} must be an integer from 0 to 1000000`)
    return n
  }
  const app = await cliApp()
  try {
    const laborers = count(values.laborers, app.config.demoLaborers, 'laborers')
    const jobs = count(values.jobs, app.config.demoJobs, 'jobs')
    const seedValue = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed)
    const before = countLaborers(app.db)
    const bars = new Map<string, Progress>()
    const started = performance.now()
    const links = await seedDemo(app, {
      laborers,
      jobs,
      seed: seedValue,
      onProgress: (step, done, total) => {
        let bar = bars.get(step)
        if (!bar) bars.set(step, (bar = progress(`seed ${step}`, total, 'rows')))
        bar.update(done)
      },
    })
    for (const bar of bars.values()) bar.stop()
    for (const link of links) process.stdout.write(`${link.label}: ${link.path} (after the server's address; shown only this once)\n`)
    const after = countLaborers(app.db)
    process.stdout.write(
      `seed ${seedValue}: ${after - before} laborers added (${after} in the registry) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    )
  } finally {
    await app.close()
  }
}
