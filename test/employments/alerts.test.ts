import t from 'tap'
import { call, testApp, tokenFor } from '../helpers'
import { laborer, villageIn } from '../matching/fixtures'
import { addDays, shanghaiToday } from '../../src/calendar'

const today = shanghaiToday()

t.test('a monitored household: unemployed over 30 days, or a job ended with 欠薪, alerts the township and county until visited', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const agent = tokenFor(app, 'village_agent', village)
  const staff = tokenFor(app, 'township_staff', village.slice(0, 9))
  const county = tokenFor(app, 'county_officer', '140922')
  const otherCounty = tokenFor(app, 'county_officer', '140902')
  const idle = laborer(app, village, { povertyStatus: 'monitored' })
  app.sqlite.prepare('UPDATE employment_events SET effective_date = ? WHERE laborer_id = ?').run(addDays(today, -45), idle.id)
  laborer(app, village, { povertyStatus: 'monitored' }) // registered today: not yet 30 days
  const worker = laborer(app, village, { povertyStatus: 'monitored' })
  const job = await call(app, agent, {
    method: 'POST',
    url: `/api/v1/laborers/${worker.id}/employments`,
    payload: { form: 'cross_province', startDate: addDays(today, -90), placeCode: '110105', source: 'self_reported' },
  })
  await call(app, agent, { method: 'POST', url: `/api/v1/employments/${job.body.id}/end`, payload: { endDate: addDays(today, -2), reason: 'unpaid_wages' } })

  const alerts = async (token: string) =>
    ((await call(app, token, { method: 'GET', url: '/api/v1/alerts' })).body as { kind: string; laborerId: number; message: string }[]).filter((a) => a.kind.startsWith('monitored'))
  const seen = await alerts(staff)
  t.same(seen.map((a) => [a.kind, a.laborerId]).sort(), [['monitored_job_lost', worker.id], ['monitored_unemployed', idle.id]])
  t.match(seen.find((a) => a.kind === 'monitored_job_lost')!.message, /欠薪/)
  t.equal((await alerts(county)).length, 2)
  t.equal((await alerts(otherCounty)).length, 0)

  await call(app, agent, { method: 'POST', url: `/api/v1/laborers/${worker.id}/visits`, payload: { visitDate: today, method: 'phone', outcome: 'difficulty' } })
  t.same((await alerts(staff)).map((a) => a.kind), ['monitored_unemployed'], 'the visit answers the job-lost alert')
})
