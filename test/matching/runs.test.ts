import t from 'tap'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { employer, job, laborer, villageIn } from './fixtures'

t.test('assignment runs: optimal and stable, reports, reasons, commit once', async (t) => {
  const app = await testApp(t)
  const wutai = villageIn(app, '140922')
  const officer = tokenFor(app, 'county_officer', '140922')
  const otherOfficer = tokenFor(app, 'county_officer', '140902')
  const builderId = employer(app)
  const best = job(app, builderId, { title: '北京高薪瓦工', openings: 1, wageMin: 400, wageMax: 400 })
  const second = job(app, builderId, { title: '北京瓦工', openings: 1, wageMin: 180, wageMax: 180 })
  const poor = laborer(app, wutai, { povertyStatus: 'poverty_alleviated' })
  const ordinary = laborer(app, wutai, { povertyStatus: 'ordinary' })
  const third = laborer(app, wutai, { povertyStatus: 'ordinary' })
  const nurse = laborer(app, wutai, { skills: [{ occupation: '月嫂', tags: [], years: 2 }], povertyStatus: 'ordinary' })
  laborer(app, villageIn(app, '140902'))

  const optimal = await call(app, officer, {
    method: 'POST',
    url: '/api/v1/matching/runs',
    payload: { mode: 'optimal', laborers: {}, postings: { ids: [best.id, second.id] }, seed: 7 },
  })
  t.equal(optimal.statusCode, 201)
  t.match(optimal.body, { status: 'done', mode: 'optimal', scoreVersion: 0, progress: 1 })
  const report = optimal.body.report
  t.match(report, { laborers: 4, postings: 2, openings: 2, assigned: 2, unassigned: 2, reservedLaborers: 1, reservedAssigned: 1, reservedRate: 1 })
  t.equal(report.otherRate, 0.3333)
  t.same(report.unassignedReasons, { no_candidate: 1, outranked: 1, posting_full: 0 })
  t.equal(report.stability, null)

  const assigned = await call(app, officer, { method: 'GET', url: `/api/v1/matching/runs/${optimal.body.id}/results?assigned=true` })
  t.equal(assigned.body.items.length, 2)
  const poorResult = assigned.body.items.find((r: { laborerId: number }) => r.laborerId === poor.id)
  t.equal(poorResult.priority, 15, 'the poverty-alleviated laborer is placed, with the priority recorded')
  const unassigned = await call(app, officer, { method: 'GET', url: `/api/v1/matching/runs/${optimal.body.id}/results?assigned=false` })
  const reasons = Object.fromEntries(unassigned.body.items.map((r: { laborerId: number; reason: unknown }) => [r.laborerId, r.reason]))
  t.same(reasons[nurse.id], { kind: 'no_candidate' })
  const left = [ordinary.id, third.id].find((id) => reasons[id])!
  t.match(reasons[left], { kind: 'outranked', jobId: best.id, margin: Number })
  t.ok([poor.id, ordinary.id, third.id].includes(reasons[left].byLaborerId))

  t.equal((await call(app, otherOfficer, { method: 'GET', url: `/api/v1/matching/runs/${optimal.body.id}` })).statusCode, 404)
  t.equal(
    (await call(app, otherOfficer, { method: 'POST', url: '/api/v1/matching/runs', payload: { mode: 'optimal', laborers: { region: '140922' }, postings: {} } }))
      .statusCode,
    404,
    'a county officer cannot run another county',
  )
  t.equal((await call(app, officer, { method: 'POST', url: '/api/v1/matching/runs', payload: { mode: 'greedy', laborers: {}, postings: {} } })).statusCode, 400)

  const stable = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/matching/runs',
    payload: { mode: 'stable', laborers: { region: '140922' }, postings: { ids: [best.id, second.id] }, reserveShare: 1 },
  })
  t.equal(stable.statusCode, 201)
  t.match(stable.body.report, { stability: { blockingPairs: 0 }, reserveSeats: 2, reserveFilled: 1, reserveFill: 0.5 })

  const commit = await call(app, officer, { method: 'POST', url: `/api/v1/matching/runs/${optimal.body.id}/commit` })
  t.equal(commit.statusCode, 200)
  t.match(commit.body, { created: 2, skipped: 0 })
  const matches = await call(app, officer, { method: 'GET', url: `/api/v1/matches?origin=run:${optimal.body.id}` })
  t.equal(matches.body.items.length, 2)
  t.ok(matches.body.items.every((m: { status: string }) => m.status === 'proposed'))
  t.equal((await call(app, officer, { method: 'POST', url: `/api/v1/matching/runs/${optimal.body.id}/commit` })).statusCode, 409)
  const stableCommit = await call(app, ADMIN, { method: 'POST', url: `/api/v1/matching/runs/${stable.body.id}/commit` })
  t.equal(stableCommit.body.created + stableCommit.body.skipped, 2)
  t.ok(stableCommit.body.skipped >= 1, 'pairs already proposed by the first run are skipped')
})

t.test('keepTogether: a village crew goes whole to one city, and the report says so', async (t) => {
  const app = await testApp(t)
  const wutai = villageIn(app, '140922')
  const officer = tokenFor(app, 'county_officer', '140922')
  const builderId = employer(app)
  const chaoyang = job(app, builderId, { title: '朝阳瓦工', openings: 2, wageMin: 400, wageMax: 400 })
  const tianjin = job(app, builderId, { title: '天津瓦工', provinceCode: '12', cityCode: '1201', countyCode: '120101', openings: 3, wageMin: 200, wageMax: 200 })
  for (let k = 0; k < 3; k++) laborer(app, wutai)
  const run = (keepTogether: boolean) =>
    call(app, officer, {
      method: 'POST',
      url: '/api/v1/matching/runs',
      payload: { mode: 'optimal', laborers: {}, postings: { ids: [chaoyang.id, tianjin.id] }, keepTogether },
    })
  const apart = await run(false)
  t.equal(apart.statusCode, 201)
  t.equal(apart.body.report.together, null)
  const together = await run(true)
  t.equal(together.statusCode, 201)
  t.same(together.body.report.together, { groups: 1, kept: 1, split: 0, laborers: 3 })
  const jobsOf = async (id: number) =>
    (await call(app, officer, { method: 'GET', url: `/api/v1/matching/runs/${id}/results?assigned=true` })).body.items.map((r: { jobId: number }) => r.jobId).sort()
  t.same(await jobsOf(apart.body.id), [chaoyang.id, chaoyang.id, tianjin.id].sort(), 'apart: the best-paid seats first')
  t.same(await jobsOf(together.body.id), [tianjin.id, tianjin.id, tianjin.id], 'together: all three in 天津')
})
