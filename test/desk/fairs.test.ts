import t from 'tap'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { laborer, villageIn } from '../matching/fixtures'
import { addDays, shanghaiToday } from '../../src/calendar'

const today = shanghaiToday()

t.test('township staff invite an unemployed laborer to an open fair of their county or the city, once', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const staff = tokenFor(app, 'township_staff', village.slice(0, 9))
  const fair = async (body: Record<string, unknown>) =>
    (await call(app, ADMIN, { method: 'POST', url: '/api/v1/fairs', payload: { name: '春风行动招聘会', venue: '县人力资源市场', date: addDays(today, 7), regionCode: '140922', ...body } })).body
  const ours = await fair({})
  const city = await fair({ name: '全市招聘会', regionCode: '1409', date: addDays(today, 3) })
  const other = await fair({ name: '外县招聘会', regionCode: '140902' })
  const past = await fair({ name: '上月招聘会', date: addDays(today, -20) })

  const listed = (await call(app, staff, { method: 'GET', url: '/api/v1/desk/fairs' })).body
  t.same(listed.map((f: { id: number }) => f.id), [city.id, ours.id], 'the city’s and the county’s, not past, soonest first; not another county’s')
  t.equal(listed[1].regionName, app.regions.get('140922')!.name)

  const person = laborer(app, village)
  const invite = (fairId: number, laborerId = person.id, token = staff) =>
    call(app, token, { method: 'POST', url: `/api/v1/desk/fairs/${fairId}/invitations`, payload: { laborerId } })
  t.equal((await invite(ours.id)).statusCode, 201)
  t.equal((await invite(ours.id)).statusCode, 200, 'sent again: once')
  t.equal(app.sqlite.prepare('SELECT count(*) FROM fair_invitations').pluck().get(), 1)
  t.equal((await call(app, staff, { method: 'GET', url: '/api/v1/desk/fairs' })).body[1].invited, 1)
  t.equal((await invite(other.id)).body.code, 'LL_FAIR_NOT_FOUND', 'another county’s fair')
  t.equal((await invite(past.id)).body.code, 'LL_FAIR_NOT_FOUND', 'a past fair')
  const stranger = laborer(app, villageIn(app, '140902'))
  t.equal((await invite(ours.id, stranger.id)).body.code, 'LL_LABORER_NOT_FOUND', 'a laborer outside the township')
  t.equal((await invite(ours.id, person.id, tokenFor(app, 'village_agent', village))).statusCode, 403)
})

t.test('poverty-status proposals name the village', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const agent = tokenFor(app, 'village_agent', village)
  const person = laborer(app, village)
  const made = await call(app, agent, { method: 'POST', url: `/api/v1/laborers/${person.id}/poverty-proposals`, payload: { toStatus: 'monitored', reason: '因病致贫风险' } })
  t.equal(made.statusCode, 201)
  t.equal(made.body.villageName, app.regions.get(village)!.name)
})

t.test('the workbench’s Chinese labels come from the domains that own them', async (t) => {
  const app = await testApp(t)
  const agent = tokenFor(app, 'village_agent', villageIn(app, '140922'))
  const labels = await call(app, agent, { method: 'GET', url: '/api/v1/desk/labels' })
  t.equal(labels.statusCode, 200)
  const { formLabels, endReasonLabels } = await import('../../src/employments/schema')
  const { visitOutcomeLabels } = await import('../../src/visits/schema')
  t.same(labels.body.forms, formLabels)
  t.same(labels.body.endReasons, endReasonLabels)
  t.same(labels.body.visitOutcomes, visitOutcomeLabels)
  t.same(Object.keys(labels.body.sources), ['self_reported', 'family_reported', 'agent_reported', 'employer_reported'], 'only what an agent may report')
  t.equal(labels.body.status.unemployed, '未就业')
  t.equal(labels.body.poverty.monitored, '防返贫监测对象')
  t.equal((await call(app, null, { method: 'GET', url: '/api/v1/desk/labels' })).statusCode, 401)
})
