import t from 'tap'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { insertEmployer, insertLaborer, insertPlacement } from './fixtures'

const FANSHI = '140924'
const XINFU = '140902'

// One app for the file: building one (migrations, the region tree) is most of a test's time.
const app = await testApp(t)

t.test('employer statement: 50 poverty laborers earn the reward in place of the per-person subsidy', async (t) => {
  const employerId = insertEmployer(app, { sizeClass: 'small' })
  for (let i = 0; i < 50; i++) {
    const id = insertLaborer(app, { countyCode: FANSHI })
    insertPlacement(app, { laborerId: id, employerId, homeCountyCode: FANSHI, travel: 'none', startDate: '2022-01-05' })
  }
  const res = await call(app, ADMIN, { method: 'GET', url: `/api/v1/subsidies/employers/${employerId}?asOf=2022-08-01` })
  t.match(res.body.lines.find((l: any) => l.ruleId === 'employer-reward-50'), { status: 'due', amount: 100_000 })
  t.match(res.body.lines.find((l: any) => l.ruleId === 'water-power-support'), { status: 'due' })
  t.equal(res.body.lines.filter((l: any) => l.ruleId === 'small-micro-employment-subsidy' && l.status === 'not_eligible').length, 50)
  t.equal(res.body.totals.due, 100_000)
})

t.test('intermediaries, incubation bases, key counties, loans and businesses', async (t) => {
  const officer = tokenFor(app, 'county_officer', FANSHI)
  const broker = await call(app, officer, { method: 'POST', url: '/api/v1/intermediaries', payload: { name: '繁峙劳务经纪人', kind: 'broker', regionCode: FANSHI, qualified: true } })
  t.equal(broker.statusCode, 201)
  const laborerId = insertLaborer(app, { countyCode: FANSHI, poverty: 'monitored' })
  const employerId = insertEmployer(app, { regionCode: '320505' })
  insertPlacement(app, { laborerId, employerId, homeCountyCode: FANSHI, travel: 'cross_province', startDate: '2022-03-01', intermediaryId: broker.body.id, contractMonths: 12 })
  const intro = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/intermediaries/${broker.body.id}?asOf=2022-04-01` })
  t.match(intro.body.lines, [{ ruleId: 'intermediary-introduction', status: 'due', amount: 800 }])
  t.equal((await call(app, tokenFor(app, 'county_officer', XINFU), { method: 'GET', url: `/api/v1/subsidies/intermediaries/${broker.body.id}` })).statusCode, 404)

  const base = await call(app, officer, {
    method: 'POST',
    url: '/api/v1/incubation-bases',
    payload: { name: '繁峙县返乡创业园', countyCode: FANSHI, openedOn: '2021-03-01', operating: true, entities: 25, povertyEmployed: 30 },
  })
  t.equal(base.statusCode, 201)
  const notKey = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/incubation-bases/${base.body.id}?asOf=2022-06-01` })
  t.match(notKey.body.lines, [{ status: 'not_eligible', reasons: [/重点帮扶县/] }])
  t.equal((await call(app, officer, { method: 'PUT', url: '/api/v1/subsidies/key-counties', payload: [] })).statusCode, 403)
  const set = await call(app, ADMIN, { method: 'PUT', url: '/api/v1/subsidies/key-counties', payload: [{ countyCode: FANSHI, designation: '省级乡村振兴重点帮扶县' }] })
  t.equal(set.statusCode, 200, JSON.stringify(set.body))
  t.equal((await call(app, ADMIN, { method: 'PUT', url: '/api/v1/subsidies/key-counties', payload: [{ countyCode: '110105', designation: 'x' }] })).statusCode, 400)
  const twice = [{ countyCode: FANSHI, designation: 'x' }, { countyCode: FANSHI, designation: 'y' }]
  t.equal((await call(app, ADMIN, { method: 'PUT', url: '/api/v1/subsidies/key-counties', payload: twice })).statusCode, 400)
  const key = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/incubation-bases/${base.body.id}?asOf=2022-06-01` })
  t.match(key.body.lines, [{ status: 'due', amount: 200_000 }])

  const loan = await call(app, officer, {
    method: 'POST',
    url: '/api/v1/subsidies/loans',
    payload: { borrowerKind: 'laborer', borrowerId: laborerId, kind: 'guarantee', principal: 200_000, rateBasisPoints: 435, termMonths: 36, issuedOn: '2022-03-01' },
  })
  t.equal(loan.statusCode, 201)
  const business = await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/businesses', payload: { laborerId, registeredOn: '2022-02-10', qualifies: true } })
  t.equal(business.statusCode, 201)
  const lab = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/laborers/${laborerId}?asOf=2022-04-01` })
  t.match(lab.body.lines.find((l: any) => l.ruleId === 'guarantee-loan-individual'), { status: 'due', amount: 26_100 })
  t.match(lab.body.lines.find((l: any) => l.ruleId === 'tax-deduction-individual-business'), { status: 'due', facts: { windowUntil: '2025-01-31' } })
  t.equal(
    (await call(app, tokenFor(app, 'county_officer', XINFU), {
      method: 'POST',
      url: '/api/v1/subsidies/businesses',
      payload: { laborerId, registeredOn: '2022-02-10', qualifies: true },
    })).statusCode,
    404,
  )
})

t.test('what-if evaluation writes nothing and validates its facts', async (t) => {
  const officer = tokenFor(app, 'county_officer', FANSHI)
  const res = await call(app, officer, {
    method: 'POST',
    url: '/api/v1/subsidies/evaluate',
    payload: {
      beneficiary: 'incubation_base',
      asOf: '2022-06-01',
      params: { incubationAmount: 150_000 },
      facts: { baseId: 1, countyCode: FANSHI, inKeyCounty: true, openedOn: '2021-06-01', operating: true, entities: 20, povertyEmployed: 20 },
    },
  })
  t.equal(res.statusCode, 200)
  t.match(res.body, { totals: { due: 150_000 }, lines: [{ ruleId: 'incubation-base-reward', status: 'due', amount: 150_000 }] })
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM subsidy_grants').get() as { n: number }).n, 0)
  const bad = await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/evaluate', payload: { beneficiary: 'laborer', facts: { laborerId: 1 } } })
  t.equal(bad.statusCode, 400)
  const badParams = await call(app, officer, {
    method: 'POST',
    url: '/api/v1/subsidies/evaluate',
    payload: { beneficiary: 'incubation_base', params: { rewardAmount: -5 }, facts: { baseId: 1, countyCode: FANSHI, inKeyCounty: true, openedOn: '2021-06-01', operating: true, entities: 1, povertyEmployed: 1 } },
  })
  t.equal(badParams.statusCode, 400)
  const rules = await call(app, officer, { method: 'GET', url: '/api/v1/subsidies/rules' })
  t.equal(rules.statusCode, 200)
  t.ok(rules.body.rules.every((r: any) => r.wording.length > 10 && r.section.startsWith('二(三)')))
  t.equal(rules.body.rules.length, 15)
})
