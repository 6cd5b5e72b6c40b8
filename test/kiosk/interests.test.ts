import t, { type Test } from 'tap'
import { makeCreditCode } from '../../src/employers/credit-code'
import { inDays } from '../jobs/fixtures'
import { ADMIN, call, testApp, tokenFor } from '../helpers'


async function setup(t: Test) {
  const app = await testApp(t)
  const employer = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/employers',
    payload: { name: '苏州某电子厂', creditCode: makeCreditCode('320505', 3), sizeClass: 'medium', regionCode: '320505' },
  })
  const job = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/jobs',
    payload: {
      employerId: employer.body.id,
      title: '电子厂普工',
      description: '流水线组装，两班倒。',
      regionCode: '320505',
      occupation: '普工',
      openings: 5,
      wageMin: 4500,
      wageMax: 6000,
      wageUnit: 'month',
      contractMonths: 24,
      startDate: inDays(14),
      deadline: inDays(7),
      type: 'regular',
    },
  })
  t.equal(job.statusCode, 201)
  const point = (level: string, regionCode: string, name: string) =>
    call(app, ADMIN, { method: 'POST', url: '/api/v1/service-points', payload: { level, regionCode, name } })
  const daixian = await point('township', '140923100', '上馆镇就业服务站')
  const fanshi = await point('township', '140924100', '繁城镇就业服务站')
  const village = await point('village', app.regions.children('140924100')[0].code, '村就业服务专人')
  return { app, jobId: job.body.id as number, daixian: daixian.body.id as number, fanshi: fanshi.body.id as number, village: village.body.id as number }
}

t.test('the kiosk shows postings on offer and only those', async (t) => {
  const { app, jobId } = await setup(t)
  const shown = await call(app, null, { method: 'GET', url: `/api/v1/kiosk/jobs/${jobId}` })
  t.equal(shown.statusCode, 200)
  t.match(shown.body, { title: '电子厂普工', place: '江苏省苏州市虎丘区', employerName: '苏州某电子厂', contractMonths: 24 })
  await call(app, ADMIN, { method: 'PATCH', url: `/api/v1/jobs/${jobId}`, payload: { status: 'closed' } })
  t.equal((await call(app, null, { method: 'GET', url: `/api/v1/kiosk/jobs/${jobId}` })).statusCode, 404, 'closed postings are gone')
  t.equal((await call(app, null, { method: 'GET', url: '/api/v1/kiosk/jobs/999999' })).statusCode, 404)
})

t.test('asking for help reaches the staff of that station, and no one else', async (t) => {
  const { app, jobId, daixian, fanshi, village } = await setup(t)
  const ask = (pointId: number) => call(app, null, { method: 'POST', url: '/api/v1/kiosk/interests', payload: { jobId, pointId } })
  const asked = await ask(fanshi)
  t.equal(asked.statusCode, 201)
  t.match(asked.body.message, /繁城镇就业服务站/)
  t.equal((await ask(daixian)).statusCode, 201)
  t.equal((await ask(village)).statusCode, 400, 'village agents have no kiosk')
  t.equal((await ask(999)).statusCode, 400)
  t.equal((await call(app, null, { method: 'POST', url: '/api/v1/kiosk/interests', payload: { jobId: 999, pointId: fanshi } })).statusCode, 404)
  const personal = await call(app, null, {
    method: 'POST',
    url: '/api/v1/kiosk/interests',
    payload: { jobId, pointId: fanshi, phone: '13812345678' },
  })
  t.equal(personal.statusCode, 400, 'no personal data is taken at the kiosk')

  const fanshiStaff = tokenFor(app, 'township_staff', '140924100')
  const mine = await call(app, fanshiStaff, { method: 'GET', url: '/api/v1/kiosk/interests' })
  t.equal(mine.body.length, 1)
  t.equal(mine.body[0].servicePointId, fanshi)
  const other = (await call(app, ADMIN, { method: 'GET', url: '/api/v1/kiosk/interests' })).body.find(
    (i: { servicePointId: number }) => i.servicePointId === daixian,
  )
  t.equal((await call(app, fanshiStaff, { method: 'POST', url: `/api/v1/kiosk/interests/${other.id}/handled` })).statusCode, 404)
  t.equal((await call(app, fanshiStaff, { method: 'POST', url: `/api/v1/kiosk/interests/${mine.body[0].id}/handled` })).statusCode, 204)
  t.same((await call(app, fanshiStaff, { method: 'GET', url: '/api/v1/kiosk/interests' })).body, [], 'handled requests leave the list')
  t.equal((await call(app, tokenFor(app, 'village_agent', app.regions.children('140924100')[0].code), { method: 'GET', url: '/api/v1/kiosk/interests' })).statusCode, 403)
})

t.test('a kiosk cannot flood the staff', async (t) => {
  const { app, jobId, fanshi } = await setup(t)
  const codes: number[] = []
  for (let i = 0; i < 12; i++) {
    codes.push((await call(app, null, { method: 'POST', url: '/api/v1/kiosk/interests', payload: { jobId, pointId: fanshi } })).statusCode)
  }
  t.same(codes.slice(0, 10), Array(10).fill(201))
  t.equal(codes[11], 429)
})
