import { readFileSync, writeFileSync } from 'node:fs'
import { renderSecurityDoc } from '../../src/auth/access-matrix'
import { cliApp } from './app'

export default async function accessMatrix(args: string[]): Promise<void> {
  const target = args[0] ?? 'docs/security.md'
  const app = await cliApp()
  try {
    writeFileSync(target, renderSecurityDoc(app.accessTable, readFileSync(target, 'utf8')))
    process.stdout.write(`wrote ${target} (${app.accessTable.length} routes)\n`)
  } finally {
    await app.close()
  }
}
