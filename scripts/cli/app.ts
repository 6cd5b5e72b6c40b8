import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app'
import { loadConfig } from '../../src/config'

/** The app without listening and without demo data: the CLI's access to services and queries. */
export async function cliApp(): Promise<FastifyInstance> {
  const app = await buildApp({
    ...loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }),
    seedDemo: false,
    prettyLogs: false,
  })
  if (app.bootstrapToken) {
    process.stderr.write(`First use of this data dir: city_admin token (shown once): ${app.bootstrapToken}\n`)
  }
  return app
}
