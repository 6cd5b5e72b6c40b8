import t from 'tap'
import { Random } from '../../src/random'
import { insertDemoLaborers } from '../../src/laborers/demo'
import { SYNC_LIMIT } from '../../src/matching/runs'
import { call, testApp, tokenFor } from '../helpers'
import { employer, job } from './fixtures'

t.test('a large run answers 202 at once and reports progress until done', async (t) => {
  const app = await testApp(t)
  insertDemoLaborers(app, new Random(3), SYNC_LIMIT + 400)
  app.sqlite.prepare("UPDATE laborers SET employment_status = 'unemployed'").run()
  const builderId = employer(app)
  for (const occupation of ['瓦工', '普工', '月嫂', '电焊工']) job(app, builderId, { occupation, openings: 200, partnerArea: 'jingjinji' })
  const admin = tokenFor(app, 'city_admin')
  const started = await call(app, admin, { method: 'POST', url: '/api/v1/matching/runs', payload: { mode: 'optimal', laborers: {}, postings: {}, k: 10 } })
  t.equal(started.statusCode, 202)
  t.equal(started.body.status, 'running')
  let run = started.body
  const phases = new Set<string>()
  // Ask at once (the run has only just been scheduled), then every 50 ms until done.
  for (let i = 0, deadline = Date.now() + 300_000; run.status === 'running' && Date.now() < deadline; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 50))
    run = (await call(app, admin, { method: 'GET', url: `/api/v1/matching/runs/${started.body.id}` })).body
    phases.add(run.phase)
  }
  t.equal(run.status, 'done')
  t.match(started.body, { phase: 'loading', progress: 0 }, 'the 202 answer shows the run before any work')
  t.match(run, { phase: 'done', progress: 1 })
  t.comment(`phases seen while polling: ${[...phases].join(', ')}`)
  t.equal(run.report.laborers, SYNC_LIMIT + 400)
  t.ok(run.report.assigned > 0 && run.report.assigned <= 800)
  const page = await call(app, admin, { method: 'GET', url: `/api/v1/matching/runs/${run.id}/results?assigned=false&limit=5` })
  t.equal(page.body.items.length, 5)
  t.ok(page.body.items.every((r: { reason: { kind: string } }) => ['no_candidate', 'outranked', 'posting_full'].includes(r.reason.kind)))
})
