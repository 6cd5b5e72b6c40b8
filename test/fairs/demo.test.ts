import t from 'tap'
import { call, testApp, tokenFor } from '../helpers'

t.test('the demo city has a fair under way with a first round proposed', async (t) => {
  const app = await testApp(t, { seedDemo: true, demoLaborers: 600, demoJobs: 80 })
  const organizer = tokenFor(app, 'fair_organizer')
  const fairs = await call(app, organizer, { method: 'GET', url: '/api/v1/fairs' })
  t.equal(fairs.body.length, 1)
  const fair = fairs.body[0]
  t.match(fair, { status: 'open', rounds: 1, regionCode: '140902' })
  t.ok(fair.checkedIn > 0 && fair.jobIds.length > 0)
  const proposals = await call(app, organizer, { method: 'GET', url: `/api/v1/fairs/${fair.id}/matches` })
  t.ok(proposals.body.length > 0, `${proposals.body.length} proposals`)
  const events = await call(app, organizer, { method: 'GET', url: `/api/v1/fairs/${fair.id}/events` })
  t.equal(events.body.items.at(-1).type, 'round')
})
