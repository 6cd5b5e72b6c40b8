import { readFileSync } from 'node:fs'
import t from 'tap'
import { EnvSchema } from '../../src/config'

t.test('the README documents every environment variable', async (t) => {
  const readme = readFileSync('README.md', 'utf8')
  for (const name of Object.keys(EnvSchema.properties)) {
    t.match(readme, `| \`${name}\` |`, `${name} is in the configuration table`)
  }
  t.match(readme, 'npm install && npm start')
  t.match(readme, 'npm install && npm test')
})
