import fp from 'fastify-plugin'
import { seedDemo } from './seed'

/** First start of an empty registry: a realistic demo city, so there is something to see. */
export default fp(
  async (app) => {
    const { any } = app.sqlite
      .prepare('SELECT EXISTS (SELECT 1 FROM laborers) OR EXISTS (SELECT 1 FROM jobs) AS any')
      .get() as { any: number }
    if (any) return
    await seedDemo(app, { laborers: app.config.demoLaborers, jobs: app.config.demoJobs })
  },
  { name: 'demo', dependencies: ['db', 'regions'] },
)
