import fp from 'fastify-plugin'
import { seedDemo, type DemoLink } from './seed'

declare module 'fastify' {
  interface FastifyInstance {
    /** Pages the demo made at this (first) start, keys included: printed once by the server, never logged. */
    demoLinks: DemoLink[]
  }
}

/** First start of an empty registry: a realistic demo city, so there is something to see. */
export default fp(
  async (app) => {
    app.decorate('demoLinks', [])
    const { any } = app.sqlite
      .prepare('SELECT EXISTS (SELECT 1 FROM laborers) OR EXISTS (SELECT 1 FROM jobs) AS any')
      .get() as { any: number }
    if (any) return
    app.demoLinks = await seedDemo(app, { laborers: app.config.demoLaborers, jobs: app.config.demoJobs })
  },
  { name: 'demo', dependencies: ['db', 'regions'] },
)
