import t from 'tap'
import { ADMIN, call, testApp } from '../helpers'

t.test('the demo city has placed laborers in confirmed groups written to their stations', async (t) => {
  const app = await testApp(t, { seedDemo: true, demoLaborers: 600, demoJobs: 80 })
  const plans = await call(app, ADMIN, { method: 'GET', url: '/api/v1/transport/plans' })
  t.equal(plans.body.length, 1)
  const plan = await call(app, ADMIN, { method: 'GET', url: `/api/v1/transport/plans/${plans.body[0].id}` })
  t.ok(plan.body.people > 0, `${plan.body.people} people in ${plan.body.groups.length} groups`)
  t.same(plan.body.unassigned, [], 'everyone placed in the demo can travel in the plan')
  for (const group of plan.body.groups) {
    t.match(group, { status: 'confirmed', delivery: { state: 'written' } }, `group ${group.groupId} waits for station ${group.stationId}`)
  }
  const placed = app.sqlite.prepare("SELECT count(*) FROM laborers WHERE employment_status = 'cross_province' AND id IN (SELECT laborer_id FROM placements)").pluck().get()
  t.equal(placed, plan.body.people, 'each traveller is a placed laborer counted as cross-province')
})
