import { readFileSync } from 'node:fs'
import t from 'tap'
import { renderSecurityDoc } from '../../src/auth/access-matrix'
import { roles } from '../../src/auth/schema'
import { testApp } from '../helpers'
import { callersOfEveryRole, keepCallersAlive } from './callers'

t.test('every route × every role answers as the matrix says', async (t) => {
  const app = await testApp(t, { authFailureLimit: 1_000_000 })
  const tokens = callersOfEveryRole(app)
  const revive = keepCallersAlive(app)

  let cells = 0
  for (const { method, url, access } of app.accessTable) {
    if (url.startsWith('/ws/')) continue
    // Ids no fixture has: a call that gets past auth cannot change anything real.
    const path = url.replace(/:(\w+)/g, '999999')
    for (const role of [...roles, null]) {
      revive()
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
  t.equal(onDisk, renderSecurityDoc(app.accessTable, onDisk), 'run `npm run cli -- access-matrix` to update docs/security.md')
})
