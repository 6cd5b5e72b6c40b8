import { writeFileSync } from 'node:fs'
import { errorCatalogue, renderErrorsDoc } from '../../src/errors'

export default async function errorsDoc(args: string[]): Promise<void> {
  const target = args[0] ?? 'docs/errors.md'
  writeFileSync(target, renderErrorsDoc())
  process.stdout.write(`wrote ${target} (${errorCatalogue.length} codes)\n`)
}
