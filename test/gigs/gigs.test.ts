import t from 'tap'
import { addDays, shanghaiToday } from '../../src/calendar'
import { makeCreditCode } from '../../src/employers/credit-code'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { laborerBody, villagesOf } from '../laborers/fixtures'

t.test('the gig market: post, kiosk board, sign-up by ID, masked names, confirm, done', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const today = shanghaiToday()
  const township = v.a.slice(0, 9)
  const emp = async (name: string, n: number) =>
    (await call(app, ADMIN, { method: 'POST', url: '/api/v1/employers', payload: { name, creditCode: makeCreditCode('140922', n), sizeClass: 'small', regionCode: '140922' } })).body.id as number
  const employerId = await emp('五台县宏达建筑队', 1)
  const employer = tokenFor(app, 'employer', String(employerId))
  const otherEmployer = tokenFor(app, 'employer', String(await emp('五台县另一家公司', 2)))
  const staff = tokenFor(app, 'township_staff', township)
  const officer = tokenFor(app, 'county_officer', '140922')
  const person = laborerBody(v.sameTownship, { name: '王建国' })
  const registered = await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers', payload: person })
  t.equal(registered.statusCode, 201)

  const post = (token: string, body: Record<string, unknown>) =>
    call(app, token, {
      method: 'POST',
      url: '/api/v1/gigs',
      payload: { regionCode: v.a, title: '搬砖清运', occupation: '小工', workDate: today, days: 1, unit: 'day', pay: 200, slots: 1, ...body },
    })
  const todays = await post(employer, { address: '村委会东侧', contact: '李师傅' })
  t.equal(todays.statusCode, 201)
  t.equal(todays.body.payText, '200 元/天')
  t.equal(todays.body.onBoard, true)
  const tomorrows = await post(staff, { title: '玉米收割', occupation: '农活', workDate: addDays(today, 1), days: 3, slots: 5, unit: 'task', pay: 900 })
  t.equal(tomorrows.statusCode, 201)
  t.equal(tomorrows.body.employerId, null)
  t.equal((await post(staff, { title: '三天后的活', workDate: addDays(today, 3) })).statusCode, 201)
  t.equal((await post(staff, { regionCode: v.otherCounty })).body.code, 'LL_OUT_OF_SCOPE')
  t.equal((await post(staff, { workDate: addDays(today, -1) })).statusCode, 400, 'not in the past')
  t.equal((await post(ADMIN, { regionCode: v.otherCounty, title: '外县的活' })).statusCode, 201)

  const point = await call(app, ADMIN, { method: 'POST', url: '/api/v1/service-points', payload: { level: 'township', regionCode: township, name: '测试镇就业服务站' } })
  const boardOf = async () => (await call(app, null, { method: 'GET', url: `/api/v1/kiosk/gigs?point=${point.body.id}` })).body

  await t.test('the board: the county’s gigs of today and tomorrow', async (t) => {
    const board = await boardOf()
    t.equal(board.today, today)
    t.same(board.gigs.map((g: any) => [g.title, g.when]), [['搬砖清运', '今天'], ['玉米收割', '明天起 3 天']])
    t.equal(board.gigs[1].payText, '整活 900 元')
    t.equal(board.gigs[1].placesLeft, 5)
  })

  const signUp = (gigId: number, body: Record<string, unknown>) =>
    call(app, null, { method: 'POST', url: `/api/v1/kiosk/gigs/${gigId}/signups`, payload: { point: point.body.id, ...body } })

  await t.test('sign-up at the kiosk by ID number and name', async (t) => {
    t.equal((await signUp(todays.body.id, { idNumber: person.idNumber, name: '王建' })).body.code, 'LL_NOT_REGISTERED', 'the name must match')
    t.equal((await signUp(todays.body.id, { idNumber: '140922199001011234', name: '王建国' })).body.code, 'LL_VALIDATION', 'a bad check digit')
    const ok = await signUp(todays.body.id, { idNumber: person.idNumber.toLowerCase(), name: ' 王建国 ' })
    t.equal(ok.statusCode, 201)
    t.match(ok.body.message, /报名成功/)
    t.notOk(JSON.stringify(ok.body).includes(person.idNumber), 'nothing personal comes back')
    t.equal((await signUp(todays.body.id, { idNumber: person.idNumber, name: '王建国' })).body.code, 'LL_ALREADY_SIGNED_UP')
    const later = (await call(app, staff, { method: 'GET', url: '/api/v1/gigs' })).body.find((g: any) => g.title === '三天后的活')
    t.equal((await signUp(later.id, { idNumber: person.idNumber, name: '王建国' })).body.code, 'LL_GIG_NOT_FOUND', 'not on the board')
  })

  await t.test('the poster sees masked names and confirms; done becomes work', async (t) => {
    const signups = await call(app, employer, { method: 'GET', url: `/api/v1/gigs/${todays.body.id}/signups` })
    t.equal(signups.statusCode, 200)
    t.equal(signups.body.length, 1)
    t.equal(signups.body[0].name, '王**')
    t.equal(signups.body[0].statusName, '待确认')
    t.notOk(JSON.stringify(signups.body).includes('王建国'))
    t.equal((await call(app, otherEmployer, { method: 'GET', url: `/api/v1/gigs/${todays.body.id}/signups` })).body.code, 'LL_GIG_NOT_FOUND')
    const sid = signups.body[0].id
    const confirmed = await call(app, employer, { method: 'POST', url: `/api/v1/gigs/${todays.body.id}/signups/${sid}/confirm` })
    t.equal(confirmed.body.statusName, '已确认')
    t.same((await boardOf()).gigs.map((g: any) => g.title), ['玉米收割'], 'a full gig leaves the board')
    t.equal((await call(app, officer, { method: 'GET', url: `/api/v1/gigs/${todays.body.id}` })).body.confirmed, 1, 'the county sees it too')
    const done = await call(app, employer, { method: 'POST', url: `/api/v1/gigs/${todays.body.id}/done`, payload: {} })
    t.equal(done.statusCode, 200)
    t.equal(done.body.worked, 1)
    t.equal(done.body.gig.statusName, '已完工')
    const records = await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${registered.body.id}/employments` })
    t.match(JSON.stringify(records.body), /"form":"flexible"/, 'a gig done is a 灵活就业 record')
    t.match(JSON.stringify(records.body), /"source":"gig"/)
    t.equal((await call(app, employer, { method: 'POST', url: `/api/v1/gigs/${todays.body.id}/done`, payload: {} })).body.code, 'LL_GIG_STATE')
    const tomorrowDone = await call(app, staff, { method: 'POST', url: `/api/v1/gigs/${tomorrows.body.id}/done`, payload: {} })
    t.equal(tomorrowDone.body.code, 'LL_GIG_STATE', 'not begun yet')
    const cancelled = await call(app, staff, { method: 'POST', url: `/api/v1/gigs/${tomorrows.body.id}/cancel` })
    t.equal(cancelled.body.statusName, '已取消')
    t.same((await boardOf()).gigs, [], 'cancelled gigs leave the board')
  })
})
