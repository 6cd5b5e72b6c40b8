/**
 * `npm run bench -- <name> [options]` runs scripts/bench/<name>.ts, whose default export
 * takes the remaining arguments and prints its figures.
 */
import { readdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['index.ts', 'lib.ts'].includes(f))
  .map((f) => f.slice(0, -3))

const [name, ...args] = process.argv.slice(2)
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${available.join('|')}> [options]\n`)
  process.exit(name ? 1 : 0)
}
const bench = (await import(`./${name}.ts`)) as { default: (args: string[]) => Promise<void> }
await bench.default(args)
