import type { FastifyInstance } from 'fastify'
import { Random } from '../random'
import { networkDemoStep } from '../network/index'
import { laborerDemoStep } from '../laborers/index'
import { jobsDemoStep } from '../jobs/index'
import { policyDemoStep } from '../policy/index'
import { fairDemoStep } from '../fairs/index'
import { transportDemoStep } from '../transport/index'
import { welfareDemoStep } from '../welfare/index'
import { workshopsDemoStep } from '../workshops/index'

export interface DemoOptions {
  laborers: number
  jobs: number
  seed?: number
  /** Called as each step advances, for a progress bar. */
  onProgress?: (step: string, done: number, total: number) => void
}

/**
 * One step of the demo city, owned by its domain module (`src/<domain>/demo.ts`).
 * Steps run in order; each is idempotent enough to skip work already there.
 */
export interface DemoStep {
  name: string
  run(app: FastifyInstance, random: Random, options: DemoOptions): void | Promise<void>
}

export const demoSteps: DemoStep[] = [networkDemoStep, laborerDemoStep, jobsDemoStep, policyDemoStep, fairDemoStep, transportDemoStep, welfareDemoStep, workshopsDemoStep]

export async function seedDemo(app: FastifyInstance, options: DemoOptions): Promise<void> {
  const random = new Random(options.seed)
  for (const step of demoSteps) {
    const started = performance.now()
    await step.run(app, random, options)
    app.log.info({ step: step.name, ms: Math.round(performance.now() - started) }, 'demo data')
  }
}
