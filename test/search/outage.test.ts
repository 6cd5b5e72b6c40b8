import { createServer } from 'node:net'
import { Writable } from 'node:stream'
import t from 'tap'
import { buildApp } from '../../src/app'
import { checkJob } from '../../src/jobs/model'
import { createJob } from '../../src/jobs/queries'
import { shanghaiToday } from '../../src/calendar'
import { employer, jobBody } from '../jobs/fixtures'
import { call, testConfig } from '../helpers'

/** A local port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

t.test('Meilisearch unreachable: kiosk search answers from the embedded engine, and says so', async (t) => {
  const lines: Record<string, unknown>[] = []
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  const meiliHost = `http://127.0.0.1:${await closedPort()}`
  const app = await buildApp(testConfig(t, { searchBackend: 'meilisearch', meiliHost, logLevel: 'info' }), { logStream })
  t.teardown(() => app.close())
  t.equal(app.jobSearch.engine.name, 'meilisearch')
  t.same((await call(app, null, { method: 'GET', url: '/healthz' })).body.search, { engine: 'meilisearch', fallback: false }, 'no fallback before a search fails')

  const e = employer(app, '天津建工集团', '120104')
  const add = (title: string, occupation: string) => {
    const checked = checkJob(jobBody({ title, occupation, regionCode: '120104', description: title }) as never, {
      regionLevel: (c) => app.regions.get(c)?.level,
      cityCode: '1409',
      today: shanghaiToday(),
    })
    if (!checked.ok) throw new Error(checked.reason)
    return createJob(app.db, { ...checked.content, employerId: e.id, source: 'manual' }).id
  }
  const wagong = add('天津建筑工地瓦工', '瓦工')

  const res = await call(app, null, { method: 'GET', url: '/api/v1/jobs/search?q=瓦工' })
  t.equal(res.statusCode, 200, 'not 503')
  t.same(res.body.hits.map((h: { id: number }) => h.id), [wagong], 'the embedded engine found the posting')
  const health = (await call(app, null, { method: 'GET', url: '/healthz' })).body
  t.match(health, { status: 'ok', search: { engine: 'meilisearch', fallback: true, since: /^\d{4}-/, reason: String } })
  t.ok(
    lines.some((l) => l.level === 40 && /answering from the embedded engine/.test(String(l.msg))),
    'the fallback is logged as a warning',
  )

  // Kept current: a posting written during the outage is found at once (the outbox keeps it for Meilisearch).
  const later = add('天津钢筋工', '钢筋工')
  const again = await call(app, null, { method: 'GET', url: '/api/v1/jobs/search?q=gangjingong' })
  t.equal(again.statusCode, 200)
  t.same(again.body.hits.map((h: { id: number }) => h.id), [later])
  t.ok((app.sqlite.prepare('SELECT count(*) FROM search_outbox').pluck().get() as number) >= 2, 'changes stay queued for Meilisearch')
  const warnings = lines.filter((l) => /answering from the embedded engine/.test(String(l.msg))).length
  t.equal(warnings, 1, 'one warning per outage, not one per search')
})
