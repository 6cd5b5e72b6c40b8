import t from 'tap'
import { engineContract } from './contract'
import { testApp } from '../helpers'

t.test('embedded engine (SQLite FTS5)', async (t) => {
  const app = await testApp(t)
  t.equal(app.jobSearch.engine.name, 'embedded')
  await engineContract(t, app)
})

const meiliHost = process.env.MEILI_HOST
t.test('meilisearch engine', { skip: meiliHost ? false : 'skipped: MEILI_HOST not set' }, async (t) => {
  const app = await testApp(t, { searchBackend: 'meilisearch', meiliHost, meiliApiKey: process.env.MEILI_API_KEY })
  t.equal(app.jobSearch.engine.name, 'meilisearch')
  await engineContract(t, app)
})
