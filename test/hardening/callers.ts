import type { FastifyInstance } from 'fastify'
import { roles, type Role } from '../../src/auth/schema'
import { employers } from '../../src/employers/schema'
import { ADMIN, tokenFor } from '../helpers'
import { addStation } from '../transport/fixtures'

/**
 * A caller of every role with a real scope (繁峙县 and one of its townships and villages, a
 * station, an employer), for tests that call every route as everyone.
 */
export function callersOfEveryRole(app: FastifyInstance): Record<Role, string> {
  const employer = app.db
    .insert(employers)
    .values({ name: '北京某家政公司', creditCode: '91110105MA0XXXXX1X', sizeClass: 'micro', regionCode: '1101', createdAt: 0, updatedAt: 0 })
    .returning({ id: employers.id })
    .get()
  const scopes: Record<Role, string | null> = {
    city_admin: null,
    county_officer: '140924',
    township_staff: '140924100',
    village_agent: app.regions.children('140924100')[0].code,
    station_operator: String(addStation(app)),
    employer: String(employer.id),
    fair_organizer: null,
  }
  return Object.fromEntries(roles.map((role) => [role, role === 'city_admin' ? ADMIN : tokenFor(app, role, scopes[role])])) as Record<Role, string>
}

/** Revoking tokens is a legitimate call under test; the callers themselves must stay usable. */
export function keepCallersAlive(app: FastifyInstance): () => void {
  const revive = app.sqlite.prepare('UPDATE tokens SET revoked_at = NULL WHERE revoked_at IS NOT NULL')
  return () => void revive.run()
}
