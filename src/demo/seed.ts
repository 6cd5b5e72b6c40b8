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
import { gigsDemoStep } from '../gigs/index'

export interface DemoOptions {
  laborers: number
  jobs: number
  seed?: number
  /** Called as each step advances, for a progress bar. */
  onProgress?: (step: string, done: number, total: number) => void
}

/**
 * A page of the demo to open, printed once at the first start: a path (with its key in
 * the fragment where it needs one, as the fair's wall board does) and what it is.
 */
export interface DemoLink {
  label: string
  path: string
}

/**
 * One step of the demo city, owned by its domain module (`src/<domain>/demo.ts`).
 * Steps run in order; each is idempotent enough to skip work already there. A step may
 * answer links to pages it made (shown only this once: their keys are stored hashed).
 */
export interface DemoStep {
  name: string
  run(app: FastifyInstance, random: Random, options: DemoOptions): void | DemoLink[] | Promise<void | DemoLink[]>
}

export const demoSteps: DemoStep[] = [networkDemoStep, laborerDemoStep, jobsDemoStep, policyDemoStep, fairDemoStep, transportDemoStep, welfareDemoStep, workshopsDemoStep, gigsDemoStep]

/** Runs every step; answers the links the steps made (to print, never to log: they hold keys). */
export async function seedDemo(app: FastifyInstance, options: DemoOptions): Promise<DemoLink[]> {
  const random = new Random(options.seed)
  const links: DemoLink[] = []
  for (const step of demoSteps) {
    const started = performance.now()
    links.push(...((await step.run(app, random, options)) ?? []))
    app.log.info({ step: step.name, ms: Math.round(performance.now() - started) }, 'demo data')
  }
  return links
}
