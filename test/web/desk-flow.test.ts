import t, { type Test } from 'tap'
import type { Browser } from 'playwright-core'
import { ADMIN, call, testApp } from '../helpers'
import { docsScreenshot, launch, listen, noBrowser, PHONE } from './browser'
import { waitFor } from '../wait'
import { checkDigit } from '../../src/laborers/id-number'
import { addDays, shanghaiToday } from '../../src/calendar'

/** A valid national ID of 忻府区 for a birth date and serial. */
function idNumber(birth: string, serial: string): string {
  const body = `140902${birth}${serial}`
  return body + checkDigit(body)
}

async function signedIn(t: Test, browser: Browser, base: string, token: string, errors: string[]) {
  const context = await browser.newContext({ viewport: PHONE })
  t.teardown(() => context.close())
  const page = await context.newPage()
  page.setDefaultTimeout(120_000)
  page.on('pageerror', (error) => errors.push(String(error)))
  await page.goto(`${base}/desk/`)
  await page.getByLabel('访问令牌').fill(token)
  await page.getByRole('button', { name: '进入' }).click()
  await page.getByRole('button', { name: '退出' }).waitFor()
  return { context, page }
}

t.test('the whole day at 360 × 640: an agent registers, records a job, ends it and visits offline; the township verifies; the county counts it', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const app = await testApp(t, { seedDemo: true, demoLaborers: 300, demoJobs: 30 })
  const base = await listen(app)
  const token = (role: string) => app.demoTokens.find((d) => d.role === role)!
  const agent = token('village_agent')
  const township = token('township_staff')
  const county = token('county_officer')
  const today = shanghaiToday()
  const errors: string[] = []
  // A fair the township can invite to.
  t.equal((await call(app, ADMIN, { method: 'POST', url: '/api/v1/fairs', payload: { name: '春风行动专场招聘会', venue: '县人力资源市场', date: addDays(today, 5), regionCode: county.scope } })).statusCode, 201)
  const formsBefore = (await call(app, county.token, { method: 'GET', url: '/api/v1/reports/forms?period=month' })).body

  // The village agent registers a laborer (online).
  const { context, page } = await signedIn(t, browser, base, agent.token, errors)
  await page.locator('#laborers li').first().waitFor()
  await page.goto(`${base}/desk/#/new`)
  await page.getByLabel('姓名').fill('李春生')
  await page.getByLabel('身份证号').fill(idNumber('19880415', '517'))
  await page.locator('#id-check', { hasText: '格式正确' }).waitFor()
  await page.getByLabel('手机号').fill('13800002222')
  await page.getByLabel('户籍类别').selectOption('poverty_alleviated')
  await page.getByRole('button', { name: '登记' }).click()
  // The card, or the form's own answer (say which, rather than time out on the card).
  await page.getByRole('link', { name: '登记就业' }).or(page.locator('form [role=alert]')).first().waitFor()
  const refused = await page.locator('form [role=alert]').allTextContents()
  t.same(refused, [], 'the form gave no error')
  const id = Number(/#\/l\/(\d+)/.exec(page.url())![1])
  t.ok(id > 0, 'registered, on the card')

  // A self-found job in Beijing (online), synced at once.
  await page.getByRole('link', { name: '登记就业' }).click()
  await page.locator('#place').selectOption('11')
  t.equal(await page.locator('select[name=form]').inputValue(), 'cross_province', 'the place suggests 省外务工')
  await page.getByLabel('单位或雇主').fill('北京某物业公司')
  await page.getByLabel('月收入（元，可不填）').fill('5200')
  await docsScreenshot(page, 'desk-job')
  await page.getByRole('button', { name: '保存' }).click()
  await page.getByRole('link', { name: '务工结束' }).waitFor()
  await waitFor(async () => (await page.locator('#waiting').textContent()) === '待同步 0 条', 'the job sent')
  const records = () => app.sqlite.prepare('SELECT * FROM employment_records WHERE laborer_id = ?').all(id) as Record<string, unknown>[]
  t.equal(records().length, 1)

  // No signal: the end and a visit wait on the phone.
  await context.setOffline(true)
  await page.locator('#net', { hasText: '无信号' }).waitFor()
  await page.getByRole('link', { name: '务工结束' }).click()
  await page.getByLabel('原因').selectOption('unpaid_wages')
  await page.getByLabel('说明（可不填）').fill('老板拖欠两个月工资')
  await page.getByRole('button', { name: '保存' }).click()
  await page.getByRole('link', { name: '记录走访' }).waitFor()
  await page.getByRole('link', { name: '记录走访' }).click()
  await page.getByLabel('方式').selectOption('home')
  await page.getByLabel('情况').selectOption('returned')
  await page.getByLabel('记录（可不填）').fill('已返乡，想在县内找活')
  await page.getByRole('button', { name: '保存' }).click()
  await page.getByRole('link', { name: '记录走访' }).waitFor()
  await waitFor(async () => (await page.locator('#waiting').textContent()) === '待同步 2 条', 'two changes wait')
  await docsScreenshot(page, 'desk-queued')
  t.equal(records()[0].end_date, null, 'nothing reached the server while offline')
  t.equal(app.sqlite.prepare('SELECT count(*) FROM visits WHERE laborer_id = ?').pluck().get(id), 0)

  // The signal returns: sent, once.
  await context.setOffline(false)
  await waitFor(async () => (await page.locator('#waiting').textContent()) === '待同步 0 条', 'the queue drained')
  await page.locator('#net', { hasText: '在线' }).waitFor()
  const held = records()
  t.equal(held.length, 1, 'one employment record')
  t.match(held[0], { form: 'cross_province', end_date: today, end_reason: 'unpaid_wages', employer_name: '北京某物业公司', monthly_income: 5200 })
  const visits = app.sqlite.prepare('SELECT * FROM visits WHERE laborer_id = ?').all(id) as Record<string, unknown>[]
  t.equal(visits.length, 1, 'one visit')
  t.match(visits[0], { outcome: 'returned', method: 'home', visit_date: today })
  // A second sync (the minute's timer, a reconnect) sends nothing again.
  await page.evaluate('window.dispatchEvent(new Event("online"))')
  await waitFor(async () => (await page.locator('#waiting').textContent()) === '待同步 0 条', 'still nothing waits')
  t.equal(records().length, 1)
  t.equal(app.sqlite.prepare('SELECT count(*) FROM visits WHERE laborer_id = ?').pluck().get(id), 1)
  await docsScreenshot(page, 'desk-synced')

  // The township verifies the job; its other pages.
  const staff = (await signedIn(t, browser, base, township.token, errors)).page
  await staff.locator('table').first().waitFor()
  await docsScreenshot(staff, 'desk-township')
  await staff.goto(`${base}/desk/#/t/verify`)
  const item = staff.locator('.item.verify', { hasText: '北京某物业公司' })
  await item.waitFor()
  await docsScreenshot(staff, 'desk-verify')
  await item.getByRole('button', { name: '核实无误' }).click()
  await item.locator('.tag.ok', { hasText: '已核实' }).waitFor()
  t.not(records()[0].verified_at, null, 'verified on the server')
  await staff.goto(`${base}/desk/#/t/recommend`)
  const first = staff.locator('.item.rec button.secondary').first()
  await first.click()
  const invite = staff.getByRole('button', { name: '邀请参加招聘会' }).first()
  await invite.waitFor()
  await docsScreenshot(staff, 'desk-recommend')
  t.equal(await staff.evaluate('document.documentElement.scrollWidth > window.innerWidth'), false, 'no sideways scrolling with the fair chooser')
  await invite.click()
  await staff.locator('.tag.ok', { hasText: '已邀请' }).waitFor()
  t.equal(app.sqlite.prepare('SELECT count(*) FROM fair_invitations').pluck().get(), 1, 'invited to the fair')
  await staff.goto(`${base}/desk/#/t/help`)
  await staff.locator('.count').waitFor()
  await docsScreenshot(staff, 'desk-help')

  // The county: claims (the verified job is due 800 元 when the household is poor; listed either way), townships, ledger.
  const officer = (await signedIn(t, browser, base, county.token, errors)).page
  await officer.locator('table').first().waitFor()
  const byForm = officer.locator('#forms tr', { hasText: '省外务工' })
  await byForm.waitFor()
  t.ok(Number((await byForm.locator('td').nth(1).textContent()) ?? 0) >= 1, 'the county page counts this month’s 省外务工 records')
  await docsScreenshot(officer, 'desk-county')
  await officer.goto(`${base}/desk/#/c/verify`)
  const claim = officer.locator('.item.claim', { hasText: '李春生' })
  await claim.waitFor()
  t.match(await claim.textContent(), '出省打工路费补贴')
  t.match(await claim.textContent(), '符合条件，待发放 800 元', 'a poverty-alleviated laborer’s verified cross-province job: 800 元')
  await docsScreenshot(officer, 'desk-claims')
  await officer.goto(`${base}/desk/#/c/ledger`)
  await officer.locator('#ledger-link').waitFor()
  await docsScreenshot(officer, 'desk-ledger')
  const csvHref = await officer.getByRole('link', { name: '下载 CSV' }).getAttribute('href')
  const csv = await officer.evaluate(`fetch(${JSON.stringify(csvHref)}, { credentials: 'same-origin' }).then((r) => r.text())`)
  t.match(csv, '北京某物业公司', 'the month’s ledger has the job')
  t.match(csv, '省外务工', 'in Chinese')
  t.match(csv, '欠薪')

  // The county's progress report counts it: one more 省外务工 record that took effect this month.
  const formsAfter = (await call(app, county.token, { method: 'GET', url: '/api/v1/reports/forms?period=month' })).body
  t.equal(formsAfter.total.started.cross_province, formsBefore.total.started.cross_province + 1, 'counted by form')
  const day = formsAfter.byDay.find((d: { date: string }) => d.date === today)
  t.ok(day && day.started.cross_province >= 1, 'by the day it took effect')
  t.same(errors, [], 'no uncaught errors')
})
