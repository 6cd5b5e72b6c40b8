import t from 'tap'
import { addDays, shanghaiToday } from '../../src/calendar'
import { createJob, takeOpening, updateJob } from '../../src/jobs/queries'
import { checkJob } from '../../src/jobs/model'
import { MeiliEngine, meiliDocument, meiliFilter, type MeiliDocument } from '../../src/search/meilisearch'
import { backoffMs, drainOutbox, type OutboxBatch, type OutboxSink, type OutboxStore } from '../../src/search/outbox'
import { outboxSize, setOutboxEnabled } from '../../src/search/queries'
import { employer, jobBody } from '../jobs/fixtures'
import { ADMIN, call, testApp } from '../helpers'

/** An in-memory outbox with the same coalescing rule as `search_outbox`. */
function memoryStore(state: Map<number, string | null>) {
  const queue = new Map<number, number>()
  const store: OutboxStore<{ id: number; text: string }> & { change(id: number, text: string | null): void; size(): number } = {
    change(id, text) {
      state.set(id, text)
      queue.set(id, (queue.get(id) ?? 0) + 1)
    },
    size: () => queue.size,
    read: (limit) => [...queue].slice(0, limit).map(([jobId, version]) => ({ jobId, version })),
    batch: (rows) => ({
      upserts: rows.filter((r) => state.get(r.jobId)).map((r) => ({ id: r.jobId, text: state.get(r.jobId)! })),
      deletes: rows.filter((r) => !state.get(r.jobId)).map((r) => r.jobId),
    }),
    ack: (rows) => rows.forEach((r) => queue.get(r.jobId) === r.version && queue.delete(r.jobId)),
    fail: () => {},
  }
  return store
}

/** A Meilisearch stand-in: records batches, fails while `down`, can change data mid-flight. */
function fakeSink(during?: () => void) {
  const index = new Map<number, string>()
  const batches: OutboxBatch<{ id: number; text: string }>[] = []
  const sink: OutboxSink<{ id: number; text: string }> & { down: boolean; index: Map<number, string>; batches: typeof batches } = {
    down: false,
    index,
    batches,
    async apply(batch) {
      if (sink.down) throw new Error('connect ECONNREFUSED 127.0.0.1:7700')
      during?.()
      batches.push(batch)
      for (const d of batch.upserts) index.set(d.id, d.text)
      for (const id of batch.deletes) index.delete(id)
    },
  }
  return sink
}

t.test('drains in batches; an outage delays but loses nothing', async (t) => {
  const state = new Map<number, string | null>()
  const store = memoryStore(state)
  for (let id = 1; id <= 25; id++) store.change(id, `posting ${id}`)
  const sink = fakeSink()
  sink.down = true
  const failed = await drainOutbox(store, sink, 10)
  t.match(failed, { sent: 0, failed: { message: /ECONNREFUSED/ } })
  t.equal(store.size(), 25, 'nothing acknowledged while down')

  store.change(3, 'posting 3 edited')
  store.change(7, null)
  sink.down = false
  const ok = await drainOutbox(store, sink, 10)
  t.same(ok, { sent: 25 })
  t.same(sink.batches.map((b) => b.upserts.length + b.deletes.length), [10, 10, 5])
  t.equal(store.size(), 0)
  t.equal(sink.index.size, 24)
  t.equal(sink.index.get(3), 'posting 3 edited', 'the latest state is sent, not the first')
  t.notOk(sink.index.has(7), 'a posting gone from search is deleted')
})

t.test('a change while a batch is in flight goes out again', async (t) => {
  const state = new Map<number, string | null>()
  const store = memoryStore(state)
  store.change(1, 'v1')
  let once = true
  const sink = fakeSink(() => {
    if (once) store.change(1, 'v2')
    once = false
  })
  t.same(await drainOutbox(store, sink, 10), { sent: 2 })
  t.equal(sink.index.get(1), 'v2')
  t.same([1, 2, 3, 7, 20].map(backoffMs), [500, 1000, 2000, 30000, 30000])
})

t.test('the SQLite outbox: written in the posting transaction, drained through the Meilisearch store', async (t) => {
  const app = await testApp(t)
  const today = shanghaiToday()
  const e = employer(app)
  setOutboxEnabled(app.db, true)
  const add = (title: string) => {
    const checked = checkJob(jobBody({ title, openings: 1 }) as never, { regionLevel: (c) => app.regions.get(c)?.level, cityCode: '1409', today })
    if (!checked.ok) throw new Error(checked.reason)
    return createJob(app.db, { ...checked.content, employerId: e.id, source: 'manual' }).id
  }
  const a = add('苏州电子厂普工')
  const b = add('昆山电子厂操作工')
  const c = add('东莞电子厂普工')
  t.throws(() =>
    app.sqlite.transaction(() => {
      add('回滚的岗位')
      throw new Error('rolled back')
    })(),
  )
  t.equal(outboxSize(app.db), 3, 'a rolled-back posting leaves no outbox row')
  takeOpening(app.db, b)
  updateJob(app.db, c, { title: '东莞电子厂普工 高薪' })
  t.equal(outboxSize(app.db), 3, 'one row per posting, however often it changes')

  const engine = new MeiliEngine(app.db, { host: 'http://127.0.0.1:9' })
  const index = new Map<number, MeiliDocument>()
  let down = true
  const sink: OutboxSink<MeiliDocument> = {
    async apply(batch) {
      if (down) throw new Error('meilisearch unreachable')
      for (const d of batch.upserts) index.set(d.id, d)
      for (const id of batch.deletes) index.delete(id)
    },
  }
  const outage = await drainOutbox(engine.store(), sink, 2)
  t.ok(outage.failed)
  const row = app.sqlite.prepare('SELECT attempts, last_error FROM search_outbox WHERE job_id = ?').get(a) as { attempts: number; last_error: string }
  t.match(row, { attempts: 1, last_error: 'meilisearch unreachable' })
  down = false
  t.same(await drainOutbox(engine.store(), sink, 2), { sent: 3 })
  t.same([...index.keys()].sort(), [a, c], 'the filled posting is deleted, the others are put')
  t.equal(index.get(c)!.title, '东莞电子厂普工 高薪')
  t.equal(outboxSize(app.db), 0)
  await engine.close()

  setOutboxEnabled(app.db, false)
  add('嘉定汽车厂装配工')
  t.equal(outboxSize(app.db), 0, 'no outbox rows while the embedded engine is in use')
})

t.test('Meilisearch documents and filters', async (t) => {
  const doc = meiliDocument({
    id: 9, title: '天津瓦工', description: '砌墙', occupation: '瓦工', skillTags: ['抹灰'], benefits: ['包住'], type: 'regular',
    publicWelfareCategory: null, gigKind: null, laborBrand: 'wutai_wagong', partnerArea: 'jingjinji', provinceCode: '12',
    cityCode: '1201', countyCode: '120104', provinceName: '天津市', cityName: '市辖区', countyName: '南开区', employerName: '天津建工',
    status: 'open', openingsLeft: 3, wageMin: 300, wageMax: 400, wageUnit: 'day', startDate: '2027-01-05', deadline: '2026-12-31', createdAt: 1,
  })
  t.match(doc, { id: 9, wageMonthly: 8700, wageMonthlyMin: 6525, startDay: 20270105, deadlineDay: 20261231, laborBrand: 'wutai_wagong', tags: /五台瓦工/ })
  t.same(
    meiliFilter({ partnerAreas: ['jingjinji', 'local'], benefits: ['包"住'], ids: [1, 2], minMonthlyWage: 5000, startsBefore: addDays('2026-12-01', 1) }, '2026-11-30'),
    ['deadlineDay >= 20261130', 'partnerArea IN ["jingjinji", "local"]', 'id IN [1, 2]', 'wageMonthlyMin >= 5000', 'benefits = "包\\"住"', 'startDay <= 20261202'],
  )
})

t.test('with Meilisearch down the server still starts, queues writes and answers search from the embedded engine', async (t) => {
  const app = await testApp(t, { searchBackend: 'meilisearch', meiliHost: 'http://127.0.0.1:9' })
  const e = employer(app)
  const created = await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ employerId: e.id }) })
  t.equal(created.statusCode, 201, 'postings are written while the engine is unreachable')
  t.equal(outboxSize(app.db), 1, 'and wait in the outbox')
  const res = await call(app, null, { method: 'GET', url: '/api/v1/jobs/search?q=pugong' })
  t.equal(res.statusCode, 200, 'the kiosk is answered (test/search/outage.test.ts covers the fallback itself)')
  await t.rejects(app.jobSearch.engine.settle(), 'settle reports the outage instead of pretending')
  t.equal(outboxSize(app.db), 1, 'nothing was lost')
})
