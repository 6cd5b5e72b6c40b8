import t from 'tap'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { insertEmployer, insertLaborer, insertPlacement } from './fixtures'

const FANSHI = '140924'
const XINFU = '140902'

// One app for the file: building one (migrations, the region tree) is most of a test's time.
const app = await testApp(t)

t.test('training facts recorded over HTTP feed the laborer, provider and evaluator statements', async (t) => {
  const officer = tokenFor(app, 'county_officer', FANSHI)
  const laborerId = insertLaborer(app, { countyCode: FANSHI })

  const trainer = await call(app, officer, { method: 'POST', url: '/api/v1/training/providers', payload: { name: '繁峙县职业培训学校', kind: 'training', regionCode: FANSHI } })
  t.equal(trainer.statusCode, 201)
  const evaluator = await call(app, officer, { method: 'POST', url: '/api/v1/training/providers', payload: { name: '职业技能评价中心', kind: 'evaluation', regionCode: FANSHI } })
  const course = await call(app, officer, {
    method: 'POST',
    url: '/api/v1/training/courses',
    payload: {
      providerId: trainer.body.id,
      evaluatorId: evaluator.body.id,
      occupation: '育婴师',
      days: 10,
      startDate: '2022-06-01',
      endDate: '2022-06-10',
      skillsProgram: true,
      centralized: true,
    },
  })
  t.equal(course.statusCode, 201)
  const tooLong = await call(app, officer, {
    method: 'POST',
    url: '/api/v1/training/courses',
    payload: { ...course.body, id: undefined, createdAt: undefined, updatedAt: undefined, enrollments: undefined, evaluatorId: evaluator.body.id, days: 11 },
  })
  t.equal(tooLong.statusCode, 400, '11 days do not fit in 06-01..06-10')

  const enrolled = await call(app, officer, { method: 'POST', url: `/api/v1/training/courses/${course.body.id}/enrollments`, payload: { laborerId } })
  t.equal(enrolled.statusCode, 201)
  t.equal((await call(app, officer, { method: 'POST', url: `/api/v1/training/courses/${course.body.id}/enrollments`, payload: { laborerId } })).statusCode, 409)
  const done = await call(app, officer, {
    method: 'PATCH',
    url: `/api/v1/training/enrollments/${enrolled.body.id}`,
    payload: { completed: true, attendedDays: 10, certificateTier: 2, employedAfter: true },
  })
  t.equal(done.statusCode, 200)
  t.equal((await call(app, officer, { method: 'PATCH', url: `/api/v1/training/enrollments/${enrolled.body.id}`, payload: { attendedDays: 11 } })).statusCode, 400)

  const xinfuOfficer = tokenFor(app, 'county_officer', XINFU)
  const neighbour = insertLaborer(app, { countyCode: XINFU })
  t.equal((await call(app, officer, { method: 'POST', url: `/api/v1/training/courses/${course.body.id}/enrollments`, payload: { laborerId: neighbour } })).statusCode, 404, 'cannot enroll another county’s laborer')
  t.equal((await call(app, xinfuOfficer, { method: 'POST', url: `/api/v1/training/courses/${course.body.id}/enrollments`, payload: { laborerId: neighbour } })).statusCode, 201)
  const seen = await call(app, officer, { method: 'GET', url: `/api/v1/training/courses/${course.body.id}` })
  t.same(seen.body.enrollments.map((e: any) => e.laborerId), [laborerId], 'enrollments of other counties are not shown')
  t.equal((await call(app, ADMIN, { method: 'GET', url: `/api/v1/training/courses/${course.body.id}` })).body.enrollments.length, 2)

  const mine = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/laborers/${laborerId}?asOf=2022-07-01` })
  t.equal(mine.statusCode, 200)
  t.match(mine.body.lines.find((l: any) => l.ruleId === 'training-living-allowance'), { status: 'due', amount: 150 }, '10 days × 15 元')
  const prov = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/providers/${trainer.body.id}?asOf=2022-07-01` })
  t.match(prov.body, { totals: { due: 1500 }, lines: [{ ruleId: 'training-provider-subsidy', status: 'due', amount: 1500 }] })
  const evalr = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/providers/${evaluator.body.id}?asOf=2022-07-01` })
  t.match(evalr.body.lines, [{ ruleId: 'evaluation-subsidy', status: 'due', amount: 400 }], '中级 certificate: 400 元')
})

t.test('granting writes the ledger once; a repeat or the other transport subsidy is refused', async (t) => {
  const officer = tokenFor(app, 'county_officer', FANSHI)
  const laborerId = insertLaborer(app, { countyCode: FANSHI })
  const employerId = insertEmployer(app, { regionCode: '110105' })
  insertPlacement(app, { laborerId, employerId, homeCountyCode: FANSHI, travel: 'in_province', startDate: '2022-02-01', jobCountyCode: XINFU })
  insertPlacement(app, { laborerId, employerId, homeCountyCode: FANSHI, travel: 'cross_province', startDate: '2022-04-01' })

  const before = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/laborers/${laborerId}?asOf=2022-05-01` })
  const cross = before.body.lines.find((l: any) => l.ruleId === 'transport-cross-province')
  t.match(cross, { status: 'due', amount: 800, key: `transport:${laborerId}:2022` })
  t.match(before.body.lines.find((l: any) => l.ruleId === 'transport-in-province'), { status: 'not_eligible' })

  const grant = { beneficiaryKind: 'laborer', beneficiaryId: laborerId, ruleId: cross.ruleId, key: cross.key, asOf: '2022-05-01' }
  const first = await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/grants', payload: grant })
  t.equal(first.statusCode, 201)
  t.match(first.body, { amount: 800, ruleId: 'transport-cross-province', facts: { poverty: true, inYear: true } })
  const again = await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/grants', payload: grant })
  t.equal(again.statusCode, 409)
  const other = await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/grants', payload: { ...grant, ruleId: 'transport-in-province' } })
  t.equal(other.statusCode, 409, '一次性: the in-province subsidy shares the key')
  const rows = app.sqlite.prepare('SELECT count(*) AS n, sum(amount) AS total FROM subsidy_grants').get()
  t.same(rows, { n: 1, total: 800 })

  const ledger = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/grants?beneficiaryKind=laborer&beneficiaryId=${laborerId}` })
  t.match(ledger.body, [{ key: cross.key, amount: 800, ruleId: 'transport-cross-province' }])
  const outsider = tokenFor(app, 'county_officer', XINFU)
  t.equal((await call(app, outsider, { method: 'GET', url: `/api/v1/subsidies/grants?beneficiaryKind=laborer&beneficiaryId=${laborerId}` })).statusCode, 404)
  t.equal((await call(app, outsider, { method: 'POST', url: '/api/v1/subsidies/grants', payload: grant })).statusCode, 404, 'cannot grant outside one’s county')
  const after = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/laborers/${laborerId}?asOf=2022-05-01` })
  t.match(after.body.totals, { granted: 800, due: 0 })

  const pending = await call(app, officer, {
    method: 'POST',
    url: '/api/v1/subsidies/grants',
    payload: { beneficiaryKind: 'employer', beneficiaryId: employerId, ruleId: 'small-micro-employment-subsidy', key: `small-micro:${employerId}:${laborerId}`, asOf: '2022-05-01' },
  })
  t.equal(pending.statusCode, 404, 'an employer outside the county officer’s area is not found')
  const adminTry = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/subsidies/grants',
    payload: { beneficiaryKind: 'employer', beneficiaryId: employerId, ruleId: 'small-micro-employment-subsidy', key: `small-micro:${employerId}:${laborerId}`, asOf: '2022-05-01' },
  })
  t.equal(adminTry.statusCode, 409, 'three months kept: pending, not grantable')
  t.equal(adminTry.body.code, 'LL_NOT_DUE')
  const future = await call(app, ADMIN, { method: 'POST', url: '/api/v1/subsidies/grants', payload: { ...grant, asOf: '2999-01-01' } })
  t.equal(future.statusCode, 400, 'no granting on facts of days to come')
  const noLine = await call(app, ADMIN, { method: 'POST', url: '/api/v1/subsidies/grants', payload: { ...grant, key: 'made-up' } })
  t.equal(noLine.statusCode, 404)
})

t.test('statements are scoped: other areas and other employers get 404', async (t) => {
  const laborerId = insertLaborer(app, { countyCode: FANSHI })
  const employerId = insertEmployer(app)
  const otherEmployer = insertEmployer(app)
  const xinfu = tokenFor(app, 'county_officer', XINFU)
  t.equal((await call(app, xinfu, { method: 'GET', url: `/api/v1/subsidies/laborers/${laborerId}` })).statusCode, 404)
  t.equal((await call(app, tokenFor(app, 'county_officer', FANSHI), { method: 'GET', url: `/api/v1/subsidies/laborers/${laborerId}` })).statusCode, 200)
  const boss = tokenFor(app, 'employer', String(employerId))
  t.equal((await call(app, boss, { method: 'GET', url: `/api/v1/subsidies/employers/${employerId}` })).statusCode, 200)
  t.equal((await call(app, boss, { method: 'GET', url: `/api/v1/subsidies/employers/${otherEmployer}` })).statusCode, 404)
  t.equal((await call(app, boss, { method: 'GET', url: `/api/v1/subsidies/laborers/${laborerId}` })).statusCode, 403)
  t.equal((await call(app, boss, { method: 'POST', url: '/api/v1/subsidies/grants', payload: {} })).statusCode, 403)
  t.equal((await call(app, ADMIN, { method: 'GET', url: '/api/v1/subsidies/laborers/999999' })).statusCode, 404)
  t.equal((await call(app, ADMIN, { method: 'GET', url: '/api/v1/subsidies/laborers/abc' })).statusCode, 400)
})

