import t from 'tap'
import { loadConfig } from '../../src/config'

t.test('defaults', async (t) => {
  const config = loadConfig({})
  t.match(config, { port: 3000, host: '127.0.0.1', dataDir: './data', cityCode: '1409', seedDemo: true, searchBackend: 'embedded' })
})

t.test('values are converted and checked', async (t) => {
  t.match(loadConfig({ PORT: '8080', SEED_DEMO: '0', CITY_CODE: '1401' }), { port: 8080, seedDemo: false, cityCode: '1401' })
})

t.test('a bad value names the variable', async (t) => {
  t.throws(() => loadConfig({ PORT: 'eighty' }), { message: /PORT="eighty"/ })
  t.throws(() => loadConfig({ CITY_CODE: '14' }), { message: /CITY_CODE/ })
  t.throws(() => loadConfig({ PII_KEY: 'short' }), { message: /PII_KEY/ })
  t.throws(() => loadConfig({ SEARCH_BACKEND: 'elastic' }), { name: 'ConfigError', message: /embedded, meilisearch/ })
  t.throws(() => loadConfig({ SEARCH_BACKEND: 'meilisearch' }), { message: /MEILI_HOST is required/ })
})

t.test('dispatch settings are read the same way', async (t) => {
  const { loadDispatchSettings } = await import('../../src/dispatch/settings')
  t.match(loadDispatchSettings({}), { heartbeatMs: 30_000, busSeats: [55, 45] })
  t.throws(() => loadDispatchSettings({ DISPATCH_HEARTBEAT_MS: 'often' }), { name: 'ConfigError', message: /DISPATCH_HEARTBEAT_MS="often"/ })
  t.throws(() => loadDispatchSettings({ TRANSPORT_TRAVEL_DAYS: 'jingjinji=0' }), { message: /TRANSPORT_TRAVEL_DAYS/ })
})
