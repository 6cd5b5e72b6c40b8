import t from 'tap'
import { ADMIN, call, testApp } from '../helpers'

t.test('the demo city has courses whose providers and trainees have subsidy lines', async (t) => {
  const app = await testApp(t, { seedDemo: true, demoLaborers: 150, demoJobs: 5 })
  const providers = await call(app, ADMIN, { method: 'GET', url: '/api/v1/training/providers' })
  t.equal(providers.statusCode, 200, JSON.stringify(providers.body).slice(0, 200))
  const trainer = providers.body.find((p: any) => p.kind === 'training')
  t.ok(trainer, 'a training provider exists')
  const statement = await call(app, ADMIN, { method: 'GET', url: `/api/v1/subsidies/providers/${trainer.id}` })
  t.equal(statement.statusCode, 200)
  t.ok(statement.body.lines.some((l: any) => l.ruleId === 'training-provider-subsidy'))
  const enrolled = app.sqlite.prepare('SELECT laborer_id AS id FROM training_enrollments WHERE completed = 1 LIMIT 1').get() as { id: number }
  const laborer = await call(app, ADMIN, { method: 'GET', url: `/api/v1/subsidies/laborers/${enrolled.id}` })
  t.match(laborer.body.lines.find((l: any) => l.ruleId === 'training-living-allowance'), { status: 'due' })
  const progress = await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/progress?period=ytd' })
  t.equal(progress.statusCode, 200)
  t.ok(progress.body.rows.find((r: any) => r.regionCode === '1409' && r.category === 'rural_employment' && r.group === 'all').count > 0, 'demo laborers are counted')
})
