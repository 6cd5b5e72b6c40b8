import t from 'tap'
import { addDays, addMonths, shanghaiToday } from '../../src/calendar'
import { makeCreditCode } from '../../src/employers/credit-code'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { laborerBody, villagesOf } from '../laborers/fixtures'

t.test('workshops: register, hire on its postings, employees and poverty share, subsidies read the placements', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const officer = tokenFor(app, 'county_officer', '140922')
  const otherOfficer = tokenFor(app, 'county_officer', '140931')
  const employer = await call(app, officer, {
    method: 'POST',
    url: '/api/v1/employers',
    payload: { name: '五台县锦绣手工艺品专业合作社', creditCode: makeCreditCode('140922', 7), sizeClass: 'micro', regionCode: '140922' },
  })
  t.equal(employer.statusCode, 201, employer.body.message)
  const today = shanghaiToday()
  const posting = (type: string) =>
    call(app, officer, {
      method: 'POST',
      url: '/api/v1/jobs',
      payload: {
        employerId: employer.body.id, title: '帮扶车间手工刺绣', description: '家门口就业，计件。', regionCode: '140922', occupation: '刺绣工', openings: 10,
        wageMin: 2000, wageMax: 3000, wageUnit: 'month', benefits: ['就近就业'], contractMonths: 12, startDate: addDays(today, -30), deadline: addDays(today, 30), type,
      },
    })
  const job = await posting('assistance_workshop')
  t.equal(job.statusCode, 201, job.body.message)
  const regular = await posting('regular')
  const register = (token: string, extra: Record<string, unknown> = {}) =>
    call(app, token, {
      method: 'POST',
      url: '/api/v1/workshops',
      payload: { name: '台城镇绣娘帮扶车间', kind: 'assistance_workshop', regionCode: v.a.slice(0, 9), operator: '锦绣合作社', employerId: employer.body.id, product: '手工刺绣', capacity: 40, ...extra },
    })
  t.equal((await register(otherOfficer, { regionCode: v.otherCounty.slice(0, 9) })).body.code, 'LL_EMPLOYER_NOT_FOUND', 'another county’s employer is not theirs')
  const workshop = await register(officer)
  t.equal(workshop.statusCode, 201, workshop.body.message)
  t.equal(workshop.body.kindName, '帮扶车间')
  t.equal(workshop.body.employees, 0)
  t.equal((await register(officer)).body.code, 'LL_DUPLICATE')
  t.equal((await call(app, otherOfficer, { method: 'GET', url: `/api/v1/workshops/${workshop.body.id}` })).body.code, 'LL_WORKSHOP_NOT_FOUND')

  const person = async (poverty: string) =>
    (await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers', payload: laborerBody(v.a, { povertyStatus: poverty, destinationWishes: ['local'], skills: [{ occupation: '刺绣工', tags: [], years: 2 }] }) })).body.id as number
  const poor = await person('poverty_alleviated')
  const ordinary = await person('ordinary')
  const hire = (laborerId: number, jobId: number, startDate?: string) =>
    call(app, officer, { method: 'POST', url: `/api/v1/workshops/${workshop.body.id}/hires`, payload: { laborerId, jobId, ...(startDate ? { startDate } : {}) } })
  t.equal((await hire(poor, regular.body.id)).statusCode, 400, 'only its 帮扶车间 postings')
  const first = await hire(poor, job.body.id, addMonths(today, -7))
  t.equal(first.statusCode, 201, first.body.message)
  const second = await hire(ordinary, job.body.id)
  t.equal(second.statusCode, 201)
  t.equal(second.body.employees, 2)
  t.equal(second.body.povertyEmployees, 1)
  t.equal(second.body.povertySharePercent, 50)
  t.equal(second.body.keptSixMonths, 1)
  t.same(second.body.staff.map((s: any) => s.laborerId), [poor, ordinary])
  t.equal(second.body.postings[0].openingsLeft, 8)
  t.equal((await hire(poor, job.body.id)).body.code, 'LL_ALREADY_PLACED')
  t.equal((await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${poor}` })).body.employmentStatus, 'local')

  const list = await call(app, officer, { method: 'GET', url: '/api/v1/workshops' })
  t.same(list.body.map((w: any) => [w.name, w.employees]), [['台城镇绣娘帮扶车间', 2]])
  t.same((await call(app, otherOfficer, { method: 'GET', url: '/api/v1/workshops' })).body, [])
  const own = await call(app, tokenFor(app, 'employer', String(employer.body.id)), { method: 'GET', url: `/api/v1/workshops/${workshop.body.id}` })
  t.equal(own.statusCode, 200, 'the workshop’s own employer account sees it')

  const statement = await call(app, officer, { method: 'GET', url: workshop.body.subsidies })
  t.equal(statement.statusCode, 200)
  t.ok(JSON.stringify(statement.body).includes(String(poor)), 'the employer-side subsidy statement reads the workshop’s placements')
})
