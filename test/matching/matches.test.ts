import t from 'tap'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { employer, job, laborer, station, villageIn } from './fixtures'

t.test('match lifecycle: propose, accept, confirm, place — with scope and 409s', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const agent = tokenFor(app, 'village_agent', village)
  const otherAgent = tokenFor(app, 'village_agent', villageIn(app, '140902'))
  const builderId = employer(app)
  const builder = tokenFor(app, 'employer', String(builderId))
  const stranger = tokenFor(app, 'employer', String(employer(app, '上海某公司')))
  const beijing = station(app, '1101', 'jingjinji')
  station(app, '3101', 'yangtze_delta')
  const site = job(app, builderId)
  const first = laborer(app, village)
  const second = laborer(app, village)

  const propose = (laborerId: number, jobId: number, token = agent) =>
    call(app, token, { method: 'POST', url: '/api/v1/matches', payload: { laborerId, jobId } })

  const p1 = await propose(first.id, site.id)
  t.equal(p1.statusCode, 201)
  t.match(p1.body, { status: 'proposed', laborerId: first.id, jobId: site.id, origin: 'manual', scoreVersion: 0 })
  t.ok(p1.body.score > 80, `score ${p1.body.score}`)
  t.equal((await propose(first.id, site.id)).statusCode, 409, 'one live match per laborer and posting')
  t.equal((await propose(first.id, site.id, otherAgent)).statusCode, 404, 'a laborer outside the agent’s village is not found')
  t.equal((await call(app, otherAgent, { method: 'GET', url: `/api/v1/matches/${p1.body.id}` })).statusCode, 404)
  t.equal((await call(app, stranger, { method: 'GET', url: `/api/v1/matches/${p1.body.id}` })).statusCode, 404)
  const p2 = await propose(second.id, site.id)
  t.equal(p2.statusCode, 201)

  // Two agents record acceptance of the last opening at the same moment.
  const accepts = await Promise.all(
    [p1.body.id, p2.body.id].map((id) => call(app, agent, { method: 'POST', url: `/api/v1/matches/${id}/accept` })),
  )
  t.same(accepts.map((r) => r.statusCode).sort(), [200, 409])
  const loser = accepts.find((r) => r.statusCode === 409)!
  t.equal(loser.body.code, 'LL_NO_OPENINGS')
  const statuses = (await call(app, agent, { method: 'GET', url: `/api/v1/matches?jobId=${site.id}` })).body.items.map(
    (m: { status: string }) => m.status,
  )
  t.same(statuses.sort(), ['accepted', 'proposed'], 'exactly one holds the opening')
  const winner = accepts[0].statusCode === 200 ? p1.body : p2.body
  const winnerLaborer = winner.laborerId

  t.equal((await call(app, agent, { method: 'POST', url: `/api/v1/matches/${winner.id}/confirm` })).statusCode, 403, 'agents do not confirm')
  t.equal((await call(app, stranger, { method: 'POST', url: `/api/v1/matches/${winner.id}/confirm` })).statusCode, 404)
  const confirmed = await call(app, builder, { method: 'POST', url: `/api/v1/matches/${winner.id}/confirm` })
  t.equal(confirmed.statusCode, 200)
  t.equal(confirmed.body.match.status, 'confirmed')
  t.equal((await call(app, builder, { method: 'POST', url: `/api/v1/matches/${winner.id}/confirm` })).statusCode, 409, 'not twice')

  const placed = await call(app, agent, {
    method: 'POST',
    url: `/api/v1/matches/${winner.id}/place`,
    payload: { startDate: '2030-03-01', organized: true },
  })
  t.equal(placed.statusCode, 200)
  t.match(placed.body.placement, {
    laborerId: winnerLaborer,
    jobId: site.id,
    employerId: builderId,
    travel: 'cross_province',
    transportStatus: 'awaiting',
    destinationStationId: beijing.id,
    contractMonths: 12,
    organized: true,
  })
  const other = winner.id === p1.body.id ? p2.body.id : p1.body.id
  t.same(placed.body.withdrawn, [], 'the other laborer’s match is theirs, untouched')
  const after = app.sqlite.prepare('SELECT openings_left, status FROM jobs WHERE id = ?').get(site.id)
  t.same(after, { openings_left: 0, status: 'filled' })
  const person = app.sqlite.prepare('SELECT employment_status FROM laborers WHERE id = ?').get(winnerLaborer) as { employment_status: string }
  t.equal(person.employment_status, 'cross_province')
  const event = app.sqlite
    .prepare('SELECT to_status, effective_date FROM employment_events WHERE laborer_id = ? ORDER BY id DESC')
    .get(winnerLaborer)
  t.same(event, { to_status: 'cross_province', effective_date: '2030-03-01' })

  // The placed laborer cannot be matched again; the other one cannot accept a filled posting.
  const nextSite = job(app, builderId, { title: '天津项目招瓦工', cityCode: '1201', provinceCode: '12', countyCode: null })
  const again = await propose(winnerLaborer, nextSite.id)
  t.equal(again.statusCode, 409)
  t.ok(['LL_ALREADY_PLACED', 'LL_ALREADY_EMPLOYED'].includes(again.body.code), again.body.code)
  t.equal((await call(app, agent, { method: 'POST', url: `/api/v1/matches/${other}/accept` })).statusCode, 409)

  const declineBare = await call(app, agent, { method: 'POST', url: `/api/v1/matches/${other}/decline`, payload: {} })
  t.equal(declineBare.statusCode, 400)
  const declined = await call(app, agent, { method: 'POST', url: `/api/v1/matches/${other}/decline`, payload: { reason: '家中有事' } })
  t.match(declined.body.match, { status: 'declined', reason: '家中有事' })
  t.equal(
    (await call(app, agent, { method: 'POST', url: `/api/v1/matches/${winner.id}/withdraw`, payload: { reason: 'x' } })).statusCode,
    409,
    'a placed match cannot be withdrawn',
  )
})

t.test('confirming when the posting has no openings left is a 409 and changes nothing', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140902')
  const officer = tokenFor(app, 'county_officer', '140902')
  const employerId = employer(app)
  const boss = tokenFor(app, 'employer', String(employerId))
  const site = job(app, employerId, { openings: 2 })
  const a = laborer(app, village)
  const match = await call(app, officer, { method: 'POST', url: '/api/v1/matches', payload: { laborerId: a.id, jobId: site.id } })
  t.equal((await call(app, officer, { method: 'POST', url: `/api/v1/matches/${match.body.id}/accept` })).statusCode, 200)
  // Meanwhile the employer filled the posting through another channel.
  app.sqlite.prepare("UPDATE jobs SET openings_left = 0, status = 'filled' WHERE id = ?").run(site.id)
  const confirm = await call(app, boss, { method: 'POST', url: `/api/v1/matches/${match.body.id}/confirm` })
  t.equal(confirm.statusCode, 409)
  t.match(confirm.body, { error: 'Conflict', code: 'LL_NO_OPENINGS' })
  const row = await call(app, boss, { method: 'GET', url: `/api/v1/matches/${match.body.id}` })
  t.equal(row.body.match.status, 'accepted')
  t.equal(row.body.placement, null)
})

t.test('a local public-welfare post: status public_welfare_post, no transport', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140924')
  const officer = tokenFor(app, 'county_officer', '140924')
  const employerId = employer(app, '繁峙县人社局')
  const post = job(app, employerId, {
    title: '村级保洁公益岗',
    openings: 2,
    occupation: '公益性岗位',
    skillTags: [],
    provinceCode: '14',
    cityCode: '1409',
    countyCode: '140924',
    partnerArea: 'local',
    type: 'public_welfare',
    publicWelfareCategory: 'facility_maintenance',
    wageMin: 1500,
    wageMax: 1500,
    wageUnit: 'month',
  })
  const person = laborer(app, village, { destinationWishes: ['local'], expectedWage: null, skills: [] })
  const m = await call(app, officer, { method: 'POST', url: '/api/v1/matches', payload: { laborerId: person.id, jobId: post.id } })
  t.equal(m.statusCode, 201)
  await call(app, officer, { method: 'POST', url: `/api/v1/matches/${m.body.id}/accept` })
  await call(app, ADMIN, { method: 'POST', url: `/api/v1/matches/${m.body.id}/confirm` })
  const placed = await call(app, officer, { method: 'POST', url: `/api/v1/matches/${m.body.id}/place`, payload: {} })
  t.equal(placed.statusCode, 200)
  t.match(placed.body.placement, { travel: 'none', transportStatus: 'not_needed', destinationStationId: null })
  const status = app.sqlite.prepare('SELECT employment_status FROM laborers WHERE id = ?').get(person.id) as { employment_status: string }
  t.equal(status.employment_status, 'public_welfare_post')

  const outsider = laborer(app, villageIn(app, '140902'), { destinationWishes: ['local'], expectedWage: null, skills: [] })
  const refused = await call(app, ADMIN, { method: 'POST', url: '/api/v1/matches', payload: { laborerId: outsider.id, jobId: post.id } })
  t.equal(refused.statusCode, 400)
  t.match(refused.body, { code: 'LL_NOT_ELIGIBLE', message: /限本县/ }, 'the reason is the fit rule’s')
})

t.test('scoring configuration: versioned, city_admin only, recorded on matches', async (t) => {
  const app = await testApp(t)
  const agent = tokenFor(app, 'village_agent', villageIn(app, '140922'))
  const initial = await call(app, agent, { method: 'GET', url: '/api/v1/matching/config' })
  t.equal(initial.body.version, 0)
  const settings = { ...initial.body.settings, priority: { poverty_alleviated: 20, monitored: 20, ordinary: 0 } }
  t.equal((await call(app, agent, { method: 'PUT', url: '/api/v1/matching/config', payload: settings })).statusCode, 403)
  t.equal((await call(app, ADMIN, { method: 'PUT', url: '/api/v1/matching/config', payload: { ...settings, extra: 1 } })).statusCode, 400)
  const zero = { ...settings, weights: Object.fromEntries(Object.keys(settings.weights).map((k) => [k, 0])) }
  t.equal((await call(app, ADMIN, { method: 'PUT', url: '/api/v1/matching/config', payload: zero })).statusCode, 400)
  const saved = await call(app, ADMIN, { method: 'PUT', url: '/api/v1/matching/config', payload: { ...settings, note: '提高脱贫户优先分' } })
  t.equal(saved.statusCode, 200)
  t.equal(saved.body.version, 1)
  t.equal((await call(app, agent, { method: 'GET', url: '/api/v1/matching/config' })).body.settings.priority.monitored, 20)
  const site = job(app, employer(app))
  const person = laborer(app, villageIn(app, '140922'))
  const m = await call(app, agent, { method: 'POST', url: '/api/v1/matches', payload: { laborerId: person.id, jobId: site.id } })
  t.equal(m.body.scoreVersion, 1)
})
