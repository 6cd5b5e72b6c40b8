import fp from 'fastify-plugin'
import { issueToken, defaultExpiry } from '../auth/tokens'
import type { Role } from '../auth/schema'
import { seedDemo, type DemoLink } from './seed'

declare module 'fastify' {
  interface FastifyInstance {
    /** Pages the demo made at this (first) start, keys included: printed once by the server, never logged. */
    demoLinks: DemoLink[]
    /**
     * Tokens issued for the workbench (`/desk/`) on the start that seeded the demo: one village
     * agent, the township and the county above that village. Printed once; empty otherwise.
     */
    demoTokens: { role: Role; scope: string; place: string; token: string }[]
  }
}

/** First start of an empty registry: a realistic demo city, so there is something to see. */
export default fp(
  async (app) => {
    app.decorate('demoLinks', [])
    app.decorate('demoTokens', [])
    const { any } = app.sqlite
      .prepare('SELECT EXISTS (SELECT 1 FROM laborers) OR EXISTS (SELECT 1 FROM jobs) AS any')
      .get() as { any: number }
    if (any) return
    app.demoLinks = await seedDemo(app, { laborers: app.config.demoLaborers, jobs: app.config.demoJobs })
    // The village with most laborers, so the workbench has a list to show.
    const busiest = app.sqlite
      .prepare('SELECT village_code AS code FROM laborers GROUP BY village_code ORDER BY count(*) DESC, village_code LIMIT 1')
      .get() as { code: string } | undefined
    if (!busiest) return
    const levels: [Role, number][] = [['village_agent', 12], ['township_staff', 9], ['county_officer', 6]]
    for (const [role, length] of levels) {
      const scope = busiest.code.slice(0, length)
      const place = app.regions.fullName(scope)
      const issued = issueToken(app.db, { role, scope, label: `演示 ${place}`, expiresAt: defaultExpiry(app.config.tokenLifetimeMs, role) })
      app.demoTokens.push({ role, scope, place, token: issued.token })
    }
  },
  { name: 'demo', dependencies: ['db', 'regions'] },
)
