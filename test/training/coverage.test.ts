import t from 'tap'
import { addDays, shanghaiToday } from '../../src/calendar'
import { makeCreditCode } from '../../src/employers/credit-code'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { laborerBody, villagesOf } from '../laborers/fixtures'

t.test('training that follows wishes and orders: proposals, the gap by name, the kiosk, seats, orders, coverage', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const today = shanghaiToday()
  const officer = tokenFor(app, 'county_officer', '140922')
  const agent = tokenFor(app, 'village_agent', v.a)
  const register = async (village: string, extra: Record<string, unknown>) =>
    (await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers', payload: laborerBody(village, { destinationWishes: ['local'], employmentStatus: 'unemployed', ...extra }) })).body.id as number
  const wantsElectric = await register(v.a, { povertyStatus: 'poverty_alleviated', trainingWishes: ['电工'] })
  const wantsWelding = await register(v.a, { povertyStatus: 'monitored', trainingWishes: ['焊工'], skills: [{ occupation: '电焊工', tags: [], years: 1 }], certificates: [] })
  await register(v.a, { trainingWishes: [] })
  const elsewhere = await register(v.otherCounty, { trainingWishes: ['电工'] })
  const provider = await call(app, officer, { method: 'POST', url: '/api/v1/training/providers', payload: { name: '五台县职业技能培训学校', kind: 'training', regionCode: '140922' } })
  t.equal(provider.statusCode, 201)
  const course = (extra: Record<string, unknown>) =>
    call(app, officer, {
      method: 'POST',
      url: '/api/v1/training/courses',
      payload: { providerId: provider.body.id, occupation: '电工', days: 5, startDate: addDays(today, 10), endDate: addDays(today, 14), skillsProgram: true, centralized: true, ...extra },
    })
  const electric = await course({ placeCode: v.a.slice(0, 9), seats: 1 })
  t.equal(electric.statusCode, 201, electric.body.message)
  t.equal(electric.body.mode, 'open')
  t.equal((await course({ mode: 'order' })).statusCode, 400, 'an ordered course names its employer')

  await t.test('proposed to the provider: who wished for it, in its place, poverty first', async (t) => {
    const res = await call(app, officer, { method: 'GET', url: `/api/v1/training/courses/${electric.body.id}/proposals` })
    t.equal(res.statusCode, 200)
    t.same(res.body.people.map((p: any) => p.laborerId), [wantsElectric])
    t.notOk(res.body.people.some((p: any) => p.laborerId === elsewhere))
  })

  await t.test('the village agent sees who wanted training and got none, with the courses to tell them of', async (t) => {
    const res = await call(app, agent, { method: 'GET', url: '/api/v1/training/gap' })
    t.same(res.body.map((p: any) => p.laborerId).sort(), [wantsElectric, wantsWelding].sort())
    const a = res.body.find((p: any) => p.laborerId === wantsElectric)
    t.same(a.courses.map((c: any) => [c.id, c.seatsLeft]), [[electric.body.id, 1]])
    t.same(res.body.find((p: any) => p.laborerId === wantsWelding).courses, [])
    t.equal((await call(app, agent, { method: 'GET', url: `/api/v1/training/gap?area=${v.sameCounty}` })).body.code, 'LL_OUT_OF_SCOPE')
  })

  await t.test('the kiosk tells of courses coming up, seats count', async (t) => {
    const point = await call(app, ADMIN, { method: 'POST', url: '/api/v1/service-points', payload: { level: 'township', regionCode: v.a.slice(0, 9), name: '测试镇就业服务站' } })
    const kiosk = async () => (await call(app, null, { method: 'GET', url: `/api/v1/kiosk/training?point=${point.body.id}` })).body
    t.same((await kiosk()).map((c: any) => [c.occupation, c.seatsLeft, c.modeName]), [['电工', 1, '普通培训']])
    t.equal((await call(app, officer, { method: 'POST', url: `/api/v1/training/courses/${electric.body.id}/enrollments`, payload: { laborerId: wantsElectric } })).statusCode, 201)
    t.equal((await kiosk())[0].seatsLeft, 0)
    const full = await call(app, officer, { method: 'POST', url: `/api/v1/training/courses/${electric.body.id}/enrollments`, payload: { laborerId: wantsWelding } })
    t.equal(full.body.code, 'LL_COURSE_FULL')
  })

  await t.test('订单式: a trainee who completes is proposed to the employer’s postings; coverage counts it', async (t) => {
    const employer = await call(app, officer, { method: 'POST', url: '/api/v1/employers', payload: { name: '五台县恒力机械厂', creditCode: makeCreditCode('140922', 3), sizeClass: 'small', regionCode: '140922' } })
    const job = await call(app, officer, {
      method: 'POST',
      url: '/api/v1/jobs',
      payload: {
        employerId: employer.body.id, title: '电焊工', description: '车间电焊。', regionCode: '140922', occupation: '电焊工', openings: 3,
        wageMin: 4000, wageMax: 5000, wageUnit: 'month', benefits: [], contractMonths: 12, startDate: addDays(today, 5), deadline: addDays(today, 30), type: 'regular',
      },
    })
    t.equal(job.statusCode, 201, job.body.message)
    const ordered = await course({ occupation: '电焊工', mode: 'order', employerId: employer.body.id, jobIds: [job.body.id], startDate: addDays(today, -20), endDate: addDays(today, -16) })
    t.equal(ordered.statusCode, 201, ordered.body.message)
    t.equal((await course({ occupation: '电焊工', mode: 'order', employerId: employer.body.id, jobIds: [999] })).statusCode, 400)
    const enrolled = await call(app, officer, { method: 'POST', url: `/api/v1/training/courses/${ordered.body.id}/enrollments`, payload: { laborerId: wantsWelding } })
    const done = await call(app, officer, { method: 'PATCH', url: `/api/v1/training/enrollments/${enrolled.body.id}`, payload: { completed: true, attendedDays: 5, certificateTier: 1 } })
    t.equal(done.statusCode, 200, done.body.message)
    t.equal(done.body.proposedMatchIds.length, 1)
    const match = await call(app, officer, { method: 'GET', url: `/api/v1/matches/${done.body.proposedMatchIds[0]}` })
    t.equal(match.body.match.jobId, job.body.id)
    t.equal(match.body.match.status, 'proposed')

    const year = Number(today.slice(0, 4))
    const before = await call(app, officer, { method: 'GET', url: `/api/v1/training/coverage?year=${year}` })
    const county = before.body.rows.find((r: any) => r.regionCode === '140922')
    t.match(county, { level: 'county', wanted: 2, wantedEnrolled: 2, gap: 0, enrolled: 2, completed: 1, certified: 1, employedWithin90: 0, employedPercent: 0 })
    t.ok(before.body.rows.some((r: any) => r.level === 'township' && r.regionCode === v.a.slice(0, 9)))
    // Work found within 90 days of the course counts, for the coverage and for the provider's 80% rule.
    t.equal((await call(app, officer, { method: 'PATCH', url: `/api/v1/laborers/${wantsWelding}`, payload: { employmentStatus: 'local' } })).statusCode, 200)
    const after = await call(app, officer, { method: 'GET', url: `/api/v1/training/coverage?year=${year}` })
    t.match(after.body.rows.find((r: any) => r.regionCode === '140922'), { employedWithin90: 1, employedPercent: 100 })
    const statement = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/providers/${provider.body.id}` })
    t.equal(statement.statusCode, 200)
    const line = statement.body.lines.find((l: any) => l.facts.courseId === ordered.body.id)
    t.equal(line.facts.employed, 1, 'the provider rule reads the employment found')
    const cityView = await call(app, ADMIN, { method: 'GET', url: `/api/v1/training/coverage?year=${year}` })
    t.equal(cityView.body.rows[0].level, 'city')
    t.equal(cityView.body.rows[0].wanted, 3)
  })
})
