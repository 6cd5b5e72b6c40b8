import t from 'tap'
import { call, testApp, tokenFor } from '../helpers'
import { laborer, villageIn } from '../matching/fixtures'
import { shanghaiToday } from '../../src/calendar'

const today = shanghaiToday()
const yearStart = `${today.slice(0, 4)}-01-02`

t.test('self-found work earns the transport subsidy once a township verified it', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const agent = tokenFor(app, 'village_agent', village)
  const staff = tokenFor(app, 'township_staff', village.slice(0, 9))
  const officer = tokenFor(app, 'county_officer', '140922')
  const person = laborer(app, village)
  const lines = async () =>
    (await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/laborers/${person.id}` })).body.lines as { ruleId: string; status: string; amount: number; facts: Record<string, unknown> }[]

  const cross = await call(app, agent, {
    method: 'POST',
    url: `/api/v1/laborers/${person.id}/employments`,
    payload: { form: 'cross_province', startDate: yearStart, placeCode: '440306', source: 'self_reported', employerName: '深圳某电子厂' },
  })
  t.equal(cross.statusCode, 201)
  t.match((await lines()).find((l) => l.ruleId === 'transport-cross-province'), { status: 'pending', facts: { selfFound: true, verified: false } })
  t.equal((await call(app, staff, { method: 'POST', url: `/api/v1/employments/${cross.body.id}/verify` })).statusCode, 200)
  t.match((await lines()).find((l) => l.ruleId === 'transport-cross-province'), { status: 'due', amount: 800, facts: { selfFound: true, verified: true } })
})

t.test('self-found in-province work is evaluated and refused: not organized', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const staff = tokenFor(app, 'township_staff', village.slice(0, 9))
  const person = laborer(app, village)
  const made = await call(app, staff, {
    method: 'POST',
    url: `/api/v1/laborers/${person.id}/employments`,
    payload: { form: 'in_province', startDate: yearStart, placeCode: '140105', source: 'agent_reported' },
  })
  t.equal(made.statusCode, 201)
  const body = (await call(app, staff, { method: 'GET', url: `/api/v1/subsidies/laborers/${person.id}` })).body
  t.match(body.lines.find((l: { ruleId: string }) => l.ruleId === 'transport-in-province'), { status: 'not_eligible', facts: { selfFound: true, organized: false } })
})

t.test('the county’s transport-subsidy claims of self-found work: pending, verified by the county, due 800 元; in-province refused', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const agent = tokenFor(app, 'village_agent', village)
  const county = tokenFor(app, 'county_officer', '140922')
  const otherCounty = tokenFor(app, 'county_officer', '140902')
  const crossPerson = laborer(app, village)
  const inPerson = laborer(app, village)
  const cross = await call(app, agent, {
    method: 'POST',
    url: `/api/v1/laborers/${crossPerson.id}/employments`,
    payload: { form: 'cross_province', startDate: yearStart, placeCode: '110105', source: 'self_reported', employerName: '北京某物业公司' },
  })
  await call(app, agent, {
    method: 'POST',
    url: `/api/v1/laborers/${inPerson.id}/employments`,
    payload: { form: 'in_province', startDate: yearStart, placeCode: '140105', source: 'family_reported' },
  })
  const claims = async (token: string) => (await call(app, token, { method: 'GET', url: '/api/v1/subsidies/transport-claims' })).body
  const first = await claims(county)
  t.equal(first.length, 2)
  t.match(first.find((c: { recordId: number }) => c.recordId === cross.body.id), {
    laborerId: crossPerson.id,
    formLabel: '省外务工',
    verified: false,
    status: 'pending',
    statusLabel: '待乡镇核实',
    ruleTitle: '出省打工路费补贴',
    villageName: /村|社区/,
  })
  t.match(first.find((c: { recordId: number }) => c.recordId !== cross.body.id), { formLabel: '省内县外务工', status: 'not_eligible', statusLabel: '不符合条件' })
  t.same(await claims(otherCounty), [], 'another county sees none')
  t.equal((await call(app, agent, { method: 'GET', url: '/api/v1/subsidies/transport-claims' })).statusCode, 403, 'not for village agents')

  t.equal((await call(app, county, { method: 'POST', url: `/api/v1/employments/${cross.body.id}/verify` })).statusCode, 200, 'the county verifies')
  t.match((await claims(county)).find((c: { recordId: number }) => c.recordId === cross.body.id), { verified: true, status: 'due', amount: 800, statusLabel: '符合条件，待发放' })
})
