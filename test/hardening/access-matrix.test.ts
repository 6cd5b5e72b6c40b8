import { readFileSync } from 'node:fs'
import t from 'tap'
import { renderSecurityDoc } from '../../src/auth/access-matrix'
import { roles, type Role } from '../../src/auth/schema'
import { employers } from '../../src/employers/schema'
import { ADMIN, testApp, tokenFor } from '../helpers'

t.test('every route × every role answers as the matrix says', async (t) => {
  const app = await testApp(t, { authFailureLimit: 1_000_000 })
  const station = app.sqlite
    .prepare("INSERT INTO stations (name, province_code, city_code, partner_area, created_at, updated_at) VALUES ('驻北京工作站', '11', '1101', 'jingjinji', 0, 0) RETURNING id")
    .get() as { id: number }
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
    station_operator: String(station.id),
    employer: String(employer.id),
    fair_organizer: null,
  }
  const tokens = Object.fromEntries(roles.map((role) => [role, role === 'city_admin' ? ADMIN : tokenFor(app, role, scopes[role])]))
  const revive = app.sqlite.prepare('UPDATE tokens SET revoked_at = NULL WHERE revoked_at IS NOT NULL')

  let cells = 0
  for (const { method, url, access } of app.accessTable) {
    if (url.startsWith('/ws/')) continue
    // Ids no fixture has: a call that gets past auth cannot change anything real.
    const path = url.replace(/:(\w+)/g, '999999')
    for (const role of [...roles, null]) {
      revive.run()
      const response = await app.inject({
        method: method as 'GET',
        url: path,
        headers: role ? { authorization: `Bearer ${tokens[role]}` } : {},
      })
      const allowed = access === 'public' || (role !== null && access.includes(role))
      const expected = allowed ? 'not 401/403' : role === null ? 401 : 403
      const ok = allowed ? response.statusCode !== 401 && response.statusCode !== 403 : response.statusCode === expected
      if (!ok) t.fail(`${method} ${url} as ${role ?? 'no token'}: expected ${expected}, got ${response.statusCode} ${response.body}`)
      cells++
    }
  }
  t.ok(cells > 50, `${cells} cells checked`)
})

t.test('docs/security.md is the matrix of the current code', async (t) => {
  const app = await testApp(t)
  const onDisk = readFileSync('docs/security.md', 'utf8')
  t.equal(onDisk, renderSecurityDoc(app.accessTable), 'run `npm run cli -- access-matrix` to update docs/security.md')
})
