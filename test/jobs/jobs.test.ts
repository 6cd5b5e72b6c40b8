import t from 'tap'
import { getJob, takeOpening } from '../../src/jobs/queries'
import { ADMIN, call, tokenFor, testApp } from '../helpers'
import { employer, inDays, jobBody } from './fixtures'

const search = async (app: Parameters<typeof call>[0], q: string) =>
  (await call(app, null, { method: 'GET', url: `/api/v1/jobs/search?q=${encodeURIComponent(q)}` })).body

t.test('officials publish postings with every field; derived place and partner area', async (t) => {
  const app = await testApp(t)
  const e = employer(app)
  const county = tokenFor(app, 'county_officer', '140924')
  const res = await call(app, county, {
    method: 'POST',
    url: '/api/v1/jobs',
    payload: jobBody({ employerId: e.id, certificatesRequired: [{ name: '叉车司机', tier: 1 }], laborBrand: null }),
  })
  t.equal(res.statusCode, 201)
  t.match(res.body, {
    source: 'manual',
    externalId: String(res.body.id),
    provinceCode: '32',
    cityCode: '3205',
    countyCode: '320505',
    partnerArea: 'yangtze_delta',
    openings: 30,
    openingsLeft: 30,
    status: 'open',
    certificatesRequired: [{ name: '叉车司机', tier: 1 }],
  })
  const areas: [string, string][] = [
    ['110105', 'jingjinji'],
    ['1310', 'jingjinji'],
    ['4419', 'greater_bay'],
    ['440306', 'greater_bay'],
    ['4405', 'other'],
    ['140105', 'in_province'],
    ['140924', 'local'],
    ['65', 'other'],
  ]
  for (const [regionCode, partnerArea] of areas) {
    const job = await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ employerId: e.id, regionCode }) })
    t.equal(job.body.partnerArea, partnerArea, regionCode)
  }
  const welfare = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/jobs',
    payload: jobBody({ employerId: e.id, regionCode: '140924', type: 'public_welfare', publicWelfareCategory: 'facility_maintenance', title: '砂河镇乡村保洁员' }),
  })
  t.equal(welfare.statusCode, 201)
  t.equal(welfare.body.publicWelfareCategory, 'facility_maintenance')
})

t.test('bad postings are clear 400s', async (t) => {
  const app = await testApp(t)
  const e = employer(app)
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ wageMin: -1 }, /wageMin/],
    [{ wageMin: 8000, wageMax: 7000 }, /wageMax 不能低于 wageMin/],
    [{ openings: 0 }, /openings/],
    [{ openings: -3 }, /openings/],
    [{ deadline: inDays(-1) }, /deadline .* 已过/],
    [{ deadline: '2026-02-30x' }, /deadline/],
    [{ startDate: 'tomorrow' }, /startDate/],
    [{ type: 'public_welfare' }, /publicWelfareCategory 类型为 public_welfare 时必填/],
    [{ type: 'temporary' }, /temporaryUnit 类型为 temporary 时必填/],
    [{ type: 'platform_gig' }, /gigKind 类型为 platform_gig 时必填/],
    [{ gigKind: 'food_delivery' }, /gigKind 只适用于类型 platform_gig/],
    [{ type: 'public_welfare', publicWelfareCategory: '公共服务类' }, /publicWelfareCategory/],
    [{ partnerArea: 'mars' }, /partnerArea/],
    [{ partnerArea: 'jingjinji' }, /partnerArea 与工作地点不符.*长三角/],
    [{ regionCode: '140924', partnerArea: 'in_province' }, /partnerArea 与工作地点不符.*本地/],
    [{ laborBrand: 'acme' }, /laborBrand/],
    [{ wageUnit: 'hour' }, /wageUnit/],
    [{ regionCode: '999999' }, /regionCode 999999/],
    [{ regionCode: '140924100' }, /regionCode/],
    [{ title: 'x'.repeat(101) }, /title/],
    [{ benefits: Array(21).fill('包吃') }, /benefits/],
    [{ employerId: 999 }, /body\.employerId 999/],
    [{ openingsLeft: 3 }, /body/],
  ]
  for (const [overrides, message] of cases) {
    const res = await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ employerId: e.id, ...overrides }) })
    t.equal(res.statusCode, 400, `${JSON.stringify(overrides)} → ${JSON.stringify(res.body)}`)
    t.match(res.body, { code: 'LL_VALIDATION', message }, JSON.stringify(overrides))
  }
  t.equal((await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs', payload: jobBody() })).statusCode, 400, 'officials name the employer')
  t.equal((await call(app, ADMIN, { method: 'PATCH', url: '/api/v1/jobs/abc', payload: {} })).statusCode, 400)
  t.equal((await call(app, ADMIN, { method: 'GET', url: '/api/v1/jobs/99999' })).statusCode, 404)
})

t.test('an employer token manages only its own postings', async (t) => {
  const app = await testApp(t)
  const mine = employer(app, '廊坊顺通物流有限公司', '131002')
  const theirs = employer(app, '天津港远洋运输有限公司', '120116')
  const token = tokenFor(app, 'employer', String(mine.id))
  const own = await call(app, token, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ title: '廊坊货车司机', regionCode: '131002' }) })
  t.equal(own.statusCode, 201)
  t.equal(own.body.employerId, mine.id, 'an employer posts for itself')
  const forOther = await call(app, token, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ employerId: theirs.id }) })
  t.equal(forOther.statusCode, 404)
  const other = await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ employerId: theirs.id }) })

  t.equal((await call(app, token, { method: 'GET', url: `/api/v1/jobs/${other.body.id}` })).statusCode, 404)
  const edit = await call(app, token, { method: 'PATCH', url: `/api/v1/jobs/${other.body.id}`, payload: { title: '改掉' } })
  t.equal(edit.statusCode, 404, "editing another employer's posting: 404")
  t.equal(getJob(app.db, other.body.id)!.title, '苏州电子厂普工 包吃包住')
  const list = await call(app, token, { method: 'GET', url: `/api/v1/jobs?employerId=${theirs.id}` })
  t.same(list.body.map((j: { id: number }) => j.id), [own.body.id], 'the list ignores a foreign employerId')

  const patched = await call(app, token, { method: 'PATCH', url: `/api/v1/jobs/${own.body.id}`, payload: { title: '廊坊物流园货车司机 A2' } })
  t.equal(patched.statusCode, 200)
  t.same(patched.body.benefits, ['包吃', '包住', '五险一金'], 'a PATCH keeps the lists it leaves out')
  t.equal((await search(app, '物流园')).total, 1, 'the search index follows the edit')
  // A station operator reads only the postings its station collected (test/jobs/station-jobs.test.ts): none here.
  t.same((await call(app, tokenFor(app, 'station_operator', '1'), { method: 'GET', url: '/api/v1/jobs' })).body, [])
})

t.test('openings: taken by placements, filled, reopened, closed — search follows', async (t) => {
  const app = await testApp(t)
  const e = employer(app)
  const { body: job } = await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs', payload: jobBody({ employerId: e.id, openings: 2 }) })
  t.equal((await search(app, '普工')).total, 1)

  t.ok(takeOpening(app.db, job.id))
  t.match(getJob(app.db, job.id), { openingsLeft: 1, status: 'open' })
  t.ok(takeOpening(app.db, job.id))
  t.match(getJob(app.db, job.id), { openingsLeft: 0, status: 'filled' })
  t.notOk(takeOpening(app.db, job.id), 'no opening left')
  t.equal((await search(app, '普工')).total, 0, 'a filled posting is not found')

  // Inside a caller's transaction that rolls back, nothing sticks (index included).
  const reopened = await call(app, ADMIN, { method: 'PATCH', url: `/api/v1/jobs/${job.id}`, payload: { openings: 3 } })
  t.match(reopened.body, { openings: 3, openingsLeft: 1, status: 'open' }, 'one more opening: open again')
  t.throws(() =>
    app.sqlite.transaction(() => {
      t.ok(takeOpening(app.db, job.id))
      throw new Error('placement failed')
    })(),
  )
  t.match(getJob(app.db, job.id), { openingsLeft: 1, status: 'open' })
  t.equal((await search(app, '普工')).total, 1, 'reopened and rolled back: searchable again')

  const shrink = await call(app, ADMIN, { method: 'PATCH', url: `/api/v1/jobs/${job.id}`, payload: { openings: 0 } })
  t.equal(shrink.statusCode, 400)
  const below = await call(app, ADMIN, { method: 'PATCH', url: `/api/v1/jobs/${job.id}`, payload: { openings: 2 } })
  t.match(below.body, { openings: 2, openingsLeft: 0, status: 'filled' }, 'two taken, two openings: filled')
  const grow = await call(app, ADMIN, { method: 'PATCH', url: `/api/v1/jobs/${job.id}`, payload: { openings: 5 } })
  t.match(grow.body, { openings: 5, openingsLeft: 3, status: 'open' })
  const closed = await call(app, ADMIN, { method: 'PATCH', url: `/api/v1/jobs/${job.id}`, payload: { status: 'closed' } })
  t.equal(closed.body.status, 'closed')
  t.equal((await search(app, '普工')).total, 0, 'a closed posting is not found')
  t.notOk(takeOpening(app.db, job.id), 'a closed posting takes no placements')
})
