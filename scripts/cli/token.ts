import { parseArgs } from 'node:util'
import { validateScope } from '../../src/auth/routes'
import { roles, type Role } from '../../src/auth/schema'
import { issueToken, revokeToken } from '../../src/auth/tokens'
import { cliApp } from './app'

export default async function token(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, scope: { type: 'string' }, label: { type: 'string' }, id: { type: 'string' } },
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
      })
      process.stdout.write(`${JSON.stringify(issued, null, 2)}\n`)
    } else if (positionals[0] === 'revoke') {
      if (!revokeToken(app.db, Number(values.id))) throw new Error(`no live token with id ${values.id}`)
      process.stdout.write(`revoked token ${values.id}\n`)
    } else {
      throw new Error('usage: token create --role R [--scope S] [--label L] | token revoke --id N')
    }
  } finally {
    await app.close()
  }
}
