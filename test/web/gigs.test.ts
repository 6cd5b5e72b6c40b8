import t from 'tap'
import { addDays, shanghaiToday } from '../../src/calendar'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { laborerBody, villagesOf } from '../laborers/fixtures'
import { launch, listen, lowestContrast, noBrowser, openPage, screenshot } from './browser'

t.test('the kiosk gig board in Chromium: see today’s and tomorrow’s gigs, sign up by ID', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const app = await testApp(t)
  const v = villagesOf(app)
  const township = v.a.slice(0, 9)
  const staff = tokenFor(app, 'township_staff', township)
  const officer = tokenFor(app, 'county_officer', '140922')
  const today = shanghaiToday()
  const person = laborerBody(v.a, { name: '李秀英' })
  t.equal((await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers', payload: person })).statusCode, 201)
  const gig = (body: Record<string, unknown>) =>
    call(app, staff, { method: 'POST', url: '/api/v1/gigs', payload: { regionCode: v.a, occupation: '小工', days: 1, unit: 'day', pay: 180, slots: 2, ...body } })
  const first = await gig({ title: '果园摘苹果', workDate: today, address: '村南果园', contact: '王队长' })
  t.equal(first.statusCode, 201)
  t.equal((await gig({ title: '修水渠', workDate: addDays(today, 1), days: 2 })).statusCode, 201)
  t.equal((await gig({ title: '下周的活', workDate: addDays(today, 7) })).statusCode, 201)
  const post = await call(app, officer, {
    method: 'POST',
    url: '/api/v1/welfare-posts',
    payload: { regionCode: v.a, category: 'facility_maintenance', title: '村级保洁员', duties: '村内道路清扫', monthlyAllowance: 800, termMonths: 12 },
  })
  t.equal(post.statusCode, 201)
  const point = await call(app, ADMIN, { method: 'POST', url: '/api/v1/service-points', payload: { level: 'township', regionCode: township, name: '测试镇就业服务站' } })
  const base = await listen(app)
  const { page, errors } = await openPage(browser)
  const urls: string[] = []
  page.on('request', (request) => urls.push(request.url()))
  await page.goto(`${base}/kiosk/gigs?point=${point.body.id}`)
  await page.getByRole('status').filter({ hasText: '共 2 个零工' }).waitFor()

  await t.test('the board: big cards of today and tomorrow, and the vacant welfare posts', async (t) => {
    const cards = page.locator('#gigs .card')
    t.equal(await cards.count(), 2)
    t.match(await cards.nth(0).textContent(), /果园摘苹果.*今天.*180 元\/天.*村南果园.*还差 2 人/)
    t.match(await cards.nth(1).textContent(), /修水渠.*明天起 2 天/)
    await page.locator('#welfare .card').first().waitFor()
    t.match(await page.locator('#welfare').textContent(), /村级保洁员.*每月 800 元/)
    const box = (await cards.nth(0).getByRole('button', { name: '我要报名' }).boundingBox())!
    t.ok(box.width >= 60 && box.height >= 60, `the main action is ${Math.round(box.width)}×${Math.round(box.height)} px`)
    const size = Number.parseFloat((await page.evaluate(`getComputedStyle(document.querySelector('#gigs .card p')).fontSize`)) as string)
    t.ok(size >= 18, `main text ${size}px`)
    const contrast = await lowestContrast(page, 'h1, h2, p, button, li')
    t.ok(contrast.ratio >= 4.5, `lowest contrast ${contrast.ratio} (${contrast.text})`)
    await screenshot(page, 'kiosk-gig-board')
  })

  await t.test('a wrong name is said in words; the right one signs up; nothing personal is kept', async (t) => {
    await page.locator('#gigs .card').nth(0).getByRole('button', { name: '我要报名' }).click()
    for (const digit of person.idNumber) await page.getByRole('button', { name: digit === 'X' ? '字母 X' : `数字 ${digit}`, exact: true }).click()
    t.equal(await page.locator('#id-number').inputValue(), person.idNumber, 'typed on the keypad')
    await page.locator('#name').fill('李秀')
    await page.getByRole('button', { name: '确认报名' }).click()
    await page.getByRole('alert').filter({ hasText: '没有找到您的登记信息' }).waitFor()
    await page.locator('#name').fill('李秀英')
    await page.getByRole('button', { name: '确认报名' }).click()
    await page.getByRole('alert').filter({ hasText: '报名成功' }).waitFor()
    t.equal(await page.locator('#id-number').inputValue(), '', 'the form is emptied')
    t.notOk(urls.some((u) => u.includes(person.idNumber) || u.includes(encodeURIComponent('李秀英'))), 'no ID or name in any URL')
    const stored = (await page.evaluate('JSON.stringify([Object.keys(localStorage), Object.keys(sessionStorage), document.cookie])')) as string
    t.equal(stored, '[[],[],""]', 'nothing in browser storage')
    await screenshot(page, 'kiosk-gig-signed-up')
    await page.getByRole('button', { name: '← 返回' }).click()
    await page.getByRole('status').filter({ hasText: '共 2 个零工' }).waitFor()
  })

  await t.test('the poster sees the sign-up with a masked name', async (t) => {
    const signups = await call(app, staff, { method: 'GET', url: `/api/v1/gigs/${first.body.id}/signups` })
    t.same(signups.body.map((s: any) => [s.name, s.statusName]), [['李**', '待确认']])
  })
  // The wrong name's answer is a 404 (LL_NOT_REGISTERED), which Chromium logs as a failed resource.
  t.same(errors.filter((e) => !e.includes('status of 404')), [], 'no console errors')
  t.equal(errors.length, 1, 'only the expected 404')
})
