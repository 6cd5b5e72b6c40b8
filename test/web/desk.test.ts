import t from 'tap'
import { ADMIN, call, testApp } from '../helpers'
import { docsScreenshot, launch, listen, lowestContrast, noBrowser, PHONE } from './browser'
import { waitFor } from '../wait'
import { checkDigit } from '../../src/laborers/id-number'

/** A valid national ID of 忻府区 for a birth date and serial. */
function idNumber(birth: string, serial: string): string {
  const body = `140902${birth}${serial}`
  return body + checkDigit(body)
}

t.test('the village agent: sign in once, list, pinyin search, card, 新增劳动力 with the ID checked as typed', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const app = await testApp(t, { seedDemo: true, demoLaborers: 400, demoJobs: 40 })
  const base = await listen(app)
  t.equal(app.demoTokens.length, 3, 'the demo issues a village agent, township and county token')
  const agent = app.demoTokens.find((d) => d.role === 'village_agent')!
  const village = agent.scope

  // Someone registered elsewhere in the city: the agent must learn only that, not where or who.
  const elsewhere = idNumber('19850512', '321')
  const { code: otherVillage, name: otherName } = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/regions/${village.slice(0, 9)}` })).body.children.find(
    (c: { code: string }) => c.code !== village,
  )
  const registered = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/laborers',
    payload: { name: '外村人', idNumber: elsewhere, phone: '13912345678', villageCode: otherVillage, povertyStatus: 'ordinary' },
  })
  t.equal(registered.statusCode, 201)

  const context = await browser.newContext({ viewport: PHONE })
  const page = await context.newPage()
  page.setDefaultTimeout(120_000)
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(String(error)))

  await page.goto(`${base}/desk/`)
  await page.getByRole('alert').filter({ hasText: '请输入您的访问令牌' }).waitFor()
  await docsScreenshot(page, 'desk-signin')
  await page.getByLabel('访问令牌').fill(agent.token)
  await page.getByRole('button', { name: '进入' }).click()
  await page.locator('#laborers li').first().waitFor()
  const storage = await page.evaluate('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })')
  t.notMatch(storage, agent.token, 'the token is in no browser storage')
  t.notMatch(storage, /laborlink_session/, 'the session cookie is invisible to scripts (HttpOnly)')

  // Signed in once per device: a new page of the same browser needs no token.
  const again = await context.newPage()
  again.setDefaultTimeout(120_000)
  await again.goto(`${base}/desk/`)
  await again.locator('#laborers li').first().waitFor()
  await again.close()

  const roster = (await call(app, agent.token, { method: 'GET', url: '/api/v1/desk/roster' })).body
  const total = roster.laborers.length
  await waitFor(async () => (await page.locator('#count').textContent())?.includes(`共 ${total} 人`), 'the whole village listed')
  await docsScreenshot(page, 'desk-village')

  const someone = roster.laborers[0]
  await page.locator('#search').fill(someone.initials)
  await waitFor(async () => (await page.locator('#laborers li').allTextContents()).some((text) => text.includes(someone.name)), 'found by pinyin initials')
  await page.locator('#search').fill('')
  await page.getByRole('button', { name: '未就业' }).click()
  const unemployed = roster.laborers.filter((l: { employmentStatus: string }) => l.employmentStatus === 'unemployed').length
  await waitFor(async () => (await page.locator('#count').textContent())?.startsWith(`共 ${unemployed} 人`), 'the 未就业 filter')
  await page.getByRole('button', { name: '全部' }).click()

  await page.locator('#laborers a', { hasText: someone.name }).first().click()
  await page.getByRole('link', { name: '登记就业' }).waitFor()
  const card = await page.locator('main').textContent()
  t.match(card, someone.idNumber, 'the masked ID')
  t.match(card, /\*{4}/, 'masked, never the full number')
  await docsScreenshot(page, 'desk-card')

  // 新增劳动力: a wrong check digit is said as it is typed; then the right one registers.
  await page.goto(`${base}/desk/#/new`)
  const fresh = idNumber('19900307', '123')
  const wrong = fresh.slice(0, 17) + (fresh[17] === '0' ? '1' : '0')
  await page.getByLabel('身份证号').pressSequentially(wrong)
  await page.locator('#id-check', { hasText: '校验位不对' }).waitFor()
  await page.getByLabel('身份证号').fill('140902199002301234')
  await page.locator('#id-check', { hasText: '出生日期 19900230 不存在' }).waitFor()
  await docsScreenshot(page, 'desk-new')

  await page.getByLabel('姓名').fill('测试人')
  await page.getByLabel('身份证号').fill(elsewhere)
  await page.getByLabel('手机号').fill('13800001111')
  await page.getByRole('button', { name: '登记' }).click()
  const answer = await page.getByRole('alert').filter({ hasText: '已在系统中登记' }).textContent()
  t.notMatch(answer, '外村人', 'not who')
  t.notMatch(answer, otherName, 'not where')
  t.notMatch(answer, otherVillage, 'not where (code)')

  await page.getByLabel('身份证号').fill(fresh)
  await page.locator('#id-check', { hasText: '格式正确' }).waitFor()
  await page.getByRole('button', { name: '登记' }).click()
  await page.getByRole('link', { name: '登记就业' }).waitFor()
  t.match(await page.locator('#title').textContent(), '测试人')
  const mine = await call(app, agent.token, { method: 'GET', url: '/api/v1/desk/roster' })
  t.equal(mine.body.laborers.length, total + 1, 'registered in the agent’s village')

  const contrast = await lowestContrast(page, 'h1, h2, p, dt, dd, label, a, button, .tag')
  t.ok(contrast.ratio >= 4.5, `text contrast at least 4.5:1 (lowest ${contrast.ratio} for "${contrast.text}")`)
  const small = await page.evaluate(`[...document.querySelectorAll('a.primary, a.secondary, button, .tabs a')].filter((e) => e.offsetParent && (e.getBoundingClientRect().height < 44 || e.getBoundingClientRect().width < 44)).map((e) => e.textContent)`)
  t.same(small, [], 'every touch target at least 44 × 44 px')
  const sideways = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')
  t.equal(sideways, false, 'no sideways scrolling at 360 px')

  // Offline: the list and cards open from the device, with the app shell from the service worker.
  await waitFor(() => page.evaluate('navigator.serviceWorker.controller !== null'), 'the service worker controls the page')
  await page.goto(`${base}/desk/`)
  await page.locator('#laborers li').first().waitFor()
  await context.setOffline(true)
  await page.reload()
  await page.locator('#net', { hasText: '无信号' }).waitFor()
  await waitFor(async () => (await page.locator('#count').textContent())?.includes(`共 ${total + 1} 人`), 'the list offline')
  await page.locator('#laborers a', { hasText: someone.name }).first().click()
  await page.getByRole('link', { name: '登记就业' }).waitFor()
  t.match(await page.locator('main').textContent(), someone.idNumber, 'the card offline')
  await docsScreenshot(page, 'desk-offline')
  await context.setOffline(false)

  // Sign out: the session ends on the server, the device forgets the roster.
  await page.goto(`${base}/desk/`)
  await page.getByRole('button', { name: '退出' }).click()
  await page.getByRole('alert').filter({ hasText: '请输入您的访问令牌' }).waitFor()
  t.same(errors, [], 'no uncaught errors')
})
