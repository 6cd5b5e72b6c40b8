import t from 'tap'
import { makeCreditCode } from '../../src/employers/credit-code'
import { inDays } from '../jobs/fixtures'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { launch, listen, noBrowser, openPage, screenshot } from './browser'
import { waitFor } from '../wait'

t.test('the kiosk for the people in front of it', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const app = await testApp(t)
  const employer = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/employers',
    payload: { name: '中建八局天津分公司', creditCode: makeCreditCode('120101', 9), sizeClass: 'large', regionCode: '1201' },
  })
  const post = (title: string, occupation: string, regionCode: string, extra: Record<string, unknown> = {}) =>
    call(app, ADMIN, {
      method: 'POST',
      url: '/api/v1/jobs',
      payload: {
        employerId: employer.body.id, title, description: `${title}，包吃包住。`, regionCode, occupation, openings: 5,
        wageMin: 300, wageMax: 400, wageUnit: 'day', benefits: ['包吃', '包住'], contractMonths: 12,
        startDate: inDays(20), deadline: inDays(10), type: 'regular', ...extra,
      },
    })
  for (let i = 0; i < 14; i++) t.equal((await post(`天津住宅项目瓦工 ${i + 1} 号楼`, '瓦工', '120101')).statusCode, 201)
  for (let i = 0; i < 3; i++) t.equal((await post(`苏州电子厂普工 ${i + 1}`, '普工', '320505', { wageUnit: 'month', wageMin: 5000, wageMax: 7000 })).statusCode, 201)
  const station = await call(app, ADMIN, { method: 'POST', url: '/api/v1/service-points', payload: { level: 'township', regionCode: '140922100', name: '台城镇就业服务站' } })
  const base = await listen(app)
  const { page, errors } = await openPage(browser)
  const fontFiles: string[] = []
  page.on('response', (response) => {
    if (response.status() >= 400) t.comment(`${response.status()} ${response.url()}`)
  })
  page.on('requestfinished', (request) => {
    if (request.url().includes('/assets/fonts/')) fontFiles.push(request.url().split('/').pop()!)
  })
  await page.goto(`${base}/kiosk?point=${station.body.id}&idle=3000`)
  await page.getByRole('status').filter({ hasText: '找到 17 个工作' }).waitFor()

  await t.test('a Chinese font ships with the app, only the slices a page uses', async (t) => {
    // The browser fetches a slice only once text that needs it is laid out, which on a busy
    // machine can come after document.fonts.ready first resolves: wait for the load itself.
    const slicesLoaded = `[...document.fonts].filter((f) => f.family.includes('Noto Sans SC') && f.status === 'loaded').length`
    // Polled from here, not with waitForFunction: a string predicate is eval'd inside the page,
    // which the kiosk's Content-Security-Policy (script-src 'self') rightly refuses.
    await waitFor(async () => ((await page.evaluate(slicesLoaded)) as number) > 0, 'a Noto Sans SC slice to load', { everyMs: 100 })
    await page.evaluate('document.fonts.ready')
    const loaded = (await page.evaluate(slicesLoaded)) as number
    t.ok(loaded > 0, `${loaded} Noto Sans SC slices loaded`)
    // Playwright reports a finished request a moment after the browser has used it.
    await waitFor(() => fontFiles.some((f) => f.endsWith('.woff2')), 'a font slice request to finish')
    const woff2 = fontFiles.filter((f) => f.endsWith('.woff2'))
    t.ok(woff2.length > 0 && woff2.length < 40, `${woff2.length} woff2 files fetched of ~200`)
    const family = (await page.evaluate(`getComputedStyle(document.querySelector('h1')).fontFamily`)) as string
    t.match(family, /^"?Noto Sans SC/)
    const res = await fetch(`${base}/assets/fonts/noto-sans-sc/400.css`)
    t.equal(res.status, 200)
    t.match(await res.text(), /unicode-range/)
    t.equal((await fetch(`${base}/assets/fonts/noto-sans-sc/package.json`)).status, 404, 'only the font files are served')
  })

  await t.test('filter chips show counts', async (t) => {
    t.match(await page.locator('[data-filter="partnerArea"] .chip', { hasText: '京津冀' }).textContent(), /京津冀\s*14/)
    t.match(await page.locator('[data-filter="partnerArea"] .chip', { hasText: '长三角' }).textContent(), /长三角\s*3/)
    t.match(await page.locator('[data-filter="type"] .chip', { hasText: '长期工' }).textContent(), /17/)
  })

  await t.test('subsidies in plain words, from the rules engine', async (t) => {
    await page.locator('#subsidies summary').click()
    const text = (await page.locator('#subsidy-list').textContent()) ?? ''
    t.match(text, /出省打工路费补贴/)
    t.match(text, /800 元/)
    t.match(text, /每天补 15 元/)
    await screenshot(page, 'kiosk-subsidies')
    await page.locator('#subsidies summary').click()
  })

  await t.test('back returns to the same page and place', async (t) => {
    await page.getByRole('button', { name: '下一页' }).click()
    await page.locator('.card').nth(7).waitFor({ state: 'detached' })
    const cards = await page.locator('.card').count()
    t.equal(cards, 7, 'page 2')
    await page.locator('.card').nth(5).scrollIntoViewIfNeeded()
    const y = (await page.evaluate('window.scrollY')) as number
    t.ok(y > 0)
    await page.locator('.card').nth(5).getByRole('button', { name: '看详情' }).click()
    await page.locator('#detail').waitFor({ state: 'visible' })
    await page.goBack()
    await page.locator('#list').waitFor({ state: 'visible' })
    t.equal(await page.evaluate('window.scrollY'), y, 'the browser back button: same scroll place')
    t.equal(await page.locator('.card').count(), 7, 'still page 2')
    await page.locator('.card').nth(5).getByRole('button', { name: '看详情' }).click()
    await page.getByRole('button', { name: '← 返回' }).click()
    await page.locator('#list').waitFor({ state: 'visible' })
    t.equal(await page.evaluate('window.scrollY'), y, '← 返回: same scroll place')
  })

  await t.test('read-aloud says plainly when the machine cannot speak', async (t) => {
    // Headless Chromium here has no Chinese voice, like many kiosks.
    await page.locator('.card').first().getByRole('button', { name: '看详情' }).click()
    await page.getByRole('button', { name: '读给我听' }).click()
    await page.locator('#notice').filter({ hasText: '这台机器不能读出声音' }).waitFor()
    t.pass('said in words')
    await page.getByRole('button', { name: '← 返回' }).click()
  })

  await t.test('the on-screen keyboard: the 64-character limit, results above the keys', async (t) => {
    await page.evaluate('window.scrollTo(0, 0)')
    await page.getByRole('button', { name: '拼音键盘' }).click()
    for (const key of ['w', 'a', 'g', 'o', 'n', 'g']) await page.locator('#keyboard button', { hasText: new RegExp(`^${key}$`) }).click()
    await page.getByRole('status').filter({ hasText: '找到 14 个工作' }).waitFor()
    const keyboardTop = (await page.locator('#keyboard').boundingBox())!.y
    const card = (await page.locator('.card').first().boundingBox())!
    t.ok(card.y + 80 < keyboardTop, `the first result (y ${Math.round(card.y)}) stands above the keyboard (y ${Math.round(keyboardTop)})`)
    await screenshot(page, 'kiosk-keyboard-1080')
    await page.fill('#q', 'w'.repeat(63))
    await page.locator('#keyboard button', { hasText: /^a$/ }).click()
    await page.locator('#keyboard button', { hasText: /^b$/ }).click()
    t.equal(((await page.inputValue('#q')) as string).length, 64, 'the 65th letter is refused')
    await page.locator('#limit-note').filter({ hasText: '最多只能写 64 个字' }).waitFor()
  })

  await t.test('after the idle time the kiosk clears to its start screen', async (t) => {
    await page.locator('[data-filter="brand"] .chip').first().click()
    // idle=3000 in the URL; nothing is touched now.
    await page.locator('#keyboard').waitFor({ state: 'hidden', timeout: 60_000 })
    await page.locator('.chip[aria-pressed="true"]').first().waitFor({ state: 'detached', timeout: 60_000 })
    await page.getByRole('status').filter({ hasText: '找到 17 个工作' }).waitFor()
    t.equal(await page.inputValue('#q'), '', 'no words')
    t.pass('no filters, keyboard closed, every posting')
  })

  await t.test('a help request reaches the township staff', async (t) => {
    await page.locator('.card').first().getByRole('button', { name: '看详情' }).click()
    await page.getByRole('button', { name: '请工作人员帮我报名' }).click()
    await page.locator('#notice').filter({ hasText: '已通知台城镇就业服务站' }).waitFor()
    const staff = tokenFor(app, 'township_staff', '140922100')
    const requests = await call(app, staff, { method: 'GET', url: '/api/v1/kiosk/interests' })
    t.equal(requests.statusCode, 200)
    t.equal(requests.body.length, 1, 'the township staff see it')
    const elsewhere = await call(app, tokenFor(app, 'township_staff', '140924100'), { method: 'GET', url: '/api/v1/kiosk/interests' })
    t.same(elsewhere.body, [], 'another township does not')
  })

  for (const viewport of [{ width: 360, height: 640 }, { width: 1080, height: 1920 }]) {
    const { page: small } = await openPage(browser, viewport)
    await small.goto(`${base}/kiosk?point=${station.body.id}`)
    await small.getByRole('status').filter({ hasText: '找到' }).waitFor()
    await small.evaluate('document.fonts.ready')
    await screenshot(small, `kiosk-start-${viewport.width}x${viewport.height}`)
    await small.getByRole('button', { name: '拼音键盘' }).click()
    for (const key of ['w', 'g']) await small.locator('#keyboard button', { hasText: new RegExp(`^${key}$`) }).click()
    await small.getByRole('status').filter({ hasText: '找到 14' }).waitFor()
    await small.waitForFunction(() => (globalThis as any).scrollY >= 0)
    // What was typed and the results stand between the top of the screen and the keys.
    const keysTop = (await small.locator('#keyboard').boundingBox())!.y
    const box = (await small.locator('#q').boundingBox())!
    t.ok(box.y >= 0 && box.y + box.height <= keysTop, `${viewport.width}×${viewport.height}: the search box is in sight while typing (y ${Math.round(box.y)})`)
    const cards = await small.locator('#results .card').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom))
    const whole = cards.filter((bottom) => bottom <= keysTop).length
    t.ok(whole >= 2, `${viewport.width}×${viewport.height}: ${whole} whole results above the keyboard (keys at y ${Math.round(keysTop)})`)
    await screenshot(small, `kiosk-typing-${viewport.width}x${viewport.height}`)
    if (viewport.width === 360) {
      // A compact card opens the posting wherever it is touched.
      await small.locator('#results .card h2').first().click()
      await small.locator('#detail').waitFor()
      t.equal(await small.locator('#detail-title').isVisible(), true, 'touching a compact card opens the posting')
    }
    const overflow = (await small.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number
    t.ok(overflow <= 0, `${viewport.width}×${viewport.height}: no horizontal scrolling (${overflow}px)`)
    await small.close()
  }
  t.same(errors, [], 'no console errors')
})
