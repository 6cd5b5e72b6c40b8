import { parseArgs } from 'node:util'
import { expiryFor, validateScope } from '../../src/auth/routes'
import { roles, type Role } from '../../src/auth/schema'
import { isEnvironmentAdmin, issueToken, listTokens, revokeToken, rotateToken } from '../../src/auth/tokens'
import { cliApp } from './app'

const USAGE = [
  'usage: token create --role R [--scope S] [--label L] [--expires-in-days D]   (D=0: never expires; default TOKEN_LIFETIME_DAYS)',
  '       token rotate --id N [--grace-minutes M]   (new secret; the old one works M more minutes, default TOKEN_ROTATION_GRACE_MINUTES)',
  '       token revoke --id N',
  '       token list',
].join('\n')

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function count(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^[0-9]+$/.test(value)) throw new Error(`--${name} must be a whole number`)
  return Number(value)
}

export default async function token(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      scope: { type: 'string' },
      label: { type: 'string' },
      id: { type: 'string' },
      'expires-in-days': { type: 'string' },
      'grace-minutes': { type: 'string' },
    },
  })
  const app = await cliApp()
  try {
    if (positionals[0] === 'create') {
      const role = values.role as Role
      if (!roles.includes(role)) throw new Error(`--role must be one of ${roles.join(', ')}`)
      const issued = issueToken(app.db, {
        role,
        scope: validateScope(app, role, values.scope),
        label: values.label ?? `cli ${role}`,
        expiresAt: expiryFor(app.config.tokenLifetimeMs, role, count(values['expires-in-days'], 'expires-in-days')),
      })
      process.stdout.write(`${JSON.stringify(issued, null, 2)}\n`)
    } else if (positionals[0] === 'rotate') {
      const id = Number(values.id)
      if (isEnvironmentAdmin(app.db, id)) throw new Error('ADMIN_TOKEN comes from the environment: change the variable instead')
      const grace = count(values['grace-minutes'], 'grace-minutes')
      const rotated = rotateToken(app.db, id, {
        graceMs: grace === undefined ? app.config.tokenRotationGraceMs : grace * 60_000,
        lifetimes: app.config.tokenLifetimeMs,
      })
      if (!rotated) throw new Error(`no live token with id ${values.id}`)
      const { token: secret, expiresAt, previousValidUntil } = rotated
      process.stdout.write(`${JSON.stringify({ id, token: secret, expiresAt: iso(expiresAt), previousValidUntil: iso(previousValidUntil) }, null, 2)}\n`)
    } else if (positionals[0] === 'revoke') {
      if (!revokeToken(app.db, Number(values.id))) throw new Error(`no live token with id ${values.id}`)
      process.stdout.write(`revoked token ${values.id}\n`)
    } else if (positionals[0] === 'list') {
      for (const t of listTokens(app.db)) {
        const state = t.revokedAt ? `revoked ${iso(t.revokedAt)}` : t.expiresAt === null ? 'never expires' : `expires ${iso(t.expiresAt)}`
        process.stdout.write(`${t.id}\t${t.role}\t${t.scope ?? '-'}\t${t.label}\t${state}\tlast used ${iso(t.lastUsedAt) ?? 'never'}\n`)
      }
    } else {
      throw new Error(USAGE)
    }
  } finally {
    await app.close()
  }
}
