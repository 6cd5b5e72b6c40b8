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

t.test('socket, dispatch, alert and transport settings are part of Config', async (t) => {
  t.match(loadConfig({}), {
    sockets: { heartbeatMs: 30_000, maxBufferedBytes: 1_048_576, slowMs: 10_000 },
    fairSockets: { perClient: 20, total: 500, tail: 50 },
    dispatchPollMs: 500,
    alerts: { stationOfflineMs: 120 * 60_000 },
    transport: { busSeats: [55, 45], travelDays: { jingjinji: 1, other: 2 } },
  })
  t.match(loadConfig({ WS_HEARTBEAT_MS: '100', FAIR_SOCKETS_TOTAL: '3', TRANSPORT_BUS_SEATS: '45,60' }), {
    sockets: { heartbeatMs: 100 },
    fairSockets: { total: 3 },
    transport: { busSeats: [60, 45] },
  })
  t.throws(() => loadConfig({ WS_HEARTBEAT_MS: 'often' }), { name: 'ConfigError', message: /WS_HEARTBEAT_MS="often"/ })
  t.throws(() => loadConfig({ FAIR_SOCKETS_PER_CLIENT: '0' }), { name: 'ConfigError', message: /FAIR_SOCKETS_PER_CLIENT/ })
  t.throws(() => loadConfig({ TRANSPORT_TRAVEL_DAYS: 'jingjinji=0' }), { message: /TRANSPORT_TRAVEL_DAYS/ })
})

t.test('no module but the entry points reads process.env', async (t) => {
  const { execFileSync } = await import('node:child_process')
  const hits = execFileSync('grep', ['-rln', 'process\\.env', 'src'], { encoding: 'utf8' }).split('\n').filter(Boolean)
  t.same(hits.sort(), ['src/server.ts'], 'only src/server.ts passes process.env to loadConfig')
})
