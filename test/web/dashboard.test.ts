import t from 'tap'
import type { Page } from 'playwright-core'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { launch, listen, lowestContrast, noBrowser, openPage, screenshot } from './browser'

/** The smallest computed font size of any visible text under `selector`, in px. */
async function smallestText(page: Page, selector: string): Promise<{ px: number; text: string }> {
  return page.evaluate<{ px: number; text: string }>(`(() => {
    let worst = { px: 99, text: '' }
    for (const el of document.querySelectorAll(${JSON.stringify(selector)})) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
      if (!own || el.offsetParent === null) continue
      const px = parseFloat(getComputedStyle(el).fontSize)
      if (px < worst.px) worst = { px, text: el.textContent.trim().slice(0, 30) }
    }
    return worst
  })()`)
}

async function signIn(page: Page, base: string, token: string) {
  await page.goto(`${base}/dashboard`)
  await page.getByLabel('访问令牌').fill(token)
  await page.getByRole('button', { name: '进入' }).click()
}

t.test('the dashboard for the people using it', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const app = await testApp(t, { seedDemo: true, demoLaborers: 400, demoJobs: 40 })
  const base = await listen(app)

  // A county whose people ride in the demo's city-wide plan: its officer must see those groups.
  const all = await call(app, ADMIN, { method: 'GET', url: '/api/v1/transport/groups?limit=200' })
  t.equal(all.statusCode, 200)
  t.ok(all.body.length > 0, 'the demo has groups')
  // The officer's county rides in the demo's first group; a second group for it, a day later,
  // is cancelled (its seats released: the board once showed such a group as 已送达 0/0).
  const shown = all.body[0]
  const countyCode: string = shown.stops[0].countyCode
  const countyName: string = shown.stops[0].countyName
  const extra = app.sqlite
    .prepare(
      `INSERT INTO transport_groups (plan_id, station_id, vehicle_kind, capacity, departure_date, departure_at, arrival_date, stops, status, created_at, updated_at)
       SELECT plan_id, station_id, vehicle_kind, capacity, date(departure_date, '+1 day'), departure_at + 86400000, date(arrival_date, '+1 day'), stops, 'draft', created_at, updated_at
       FROM transport_groups WHERE id = ? RETURNING id`,
    )
    .pluck()
    .get(shown.groupId) as number
  const cancelled = await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/groups/${extra}/cancel`, payload: { reason: '车辆故障' } })
  t.equal(cancelled.statusCode, 200)
  const itsGroups = (await call(app, ADMIN, { method: 'GET', url: '/api/v1/transport/groups?limit=200' })).body.filter((g: any) =>
    g.stops.some((s: any) => s.countyCode === countyCode),
  )
  t.ok(itsGroups.length >= 2)
  const officer = tokenFor(app, 'county_officer', countyCode)

  t.test('a county officer at a desk in another time zone', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, timezoneId: 'America/Los_Angeles' })
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    page.on('pageerror', (e) => errors.push(String(e)))
    await signIn(page, base, officer)
    await page.locator('#charts figure').first().waitFor()
    t.equal(await page.locator('#charts figure').count(), 5, 'a chart per category for the county')
    t.match(await page.locator('#charts figure').first().getAttribute('aria-label'), /农民就业：全部劳动力 \d+ 人，目标 \d+/)
    t.equal(await page.locator('#county').isDisabled(), true, 'their own county only')
    await page.locator('#problems li').first().waitFor()
    t.ok((await page.locator('#problems li').count()) >= 1, '存在问题 written from the figures')
    t.ok((await page.locator('#highlights li').count()) >= 1, '好典型 written from the figures')
    t.match(await page.locator('#schedule').textContent(), /时序进度 \d+\.\d%/)

    await page.locator('#rights tbody tr').first().waitFor()
    t.same(await page.locator('#rights tbody tr td:first-child').allTextContents(), [countyName], '维权: the county’s own row')

    await page.locator('#townships tbody tr').first().waitFor()
    const townships = await call(app, ADMIN, { method: 'GET', url: `/api/v1/regions/${countyCode}` })
    t.equal(await page.locator('#townships tbody tr').count(), townships.body.children.length, 'a row per township')
    t.match(await page.locator('#township-title').textContent(), countyName)

    // The groups of the city-wide plan stopping in the county, in Beijing time, the cancelled one said so.
    await page.locator('#groups tbody tr').first().waitFor()
    const rows = await page.locator('#groups tbody tr').allTextContents()
    t.equal(rows.length, itsGroups.length, `the county's groups of the city-wide plan are listed (${rows.length})`)
    const beijing = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    const departure = beijing.format(new Date(shown.departureAt)).replaceAll('/', '-')
    t.ok(rows.some((r) => r.startsWith(departure)), `departure shown as ${departure} Beijing time in a Los Angeles browser`)
    const cancelledRow = page.locator('#groups tbody tr.cancelled')
    t.equal(await cancelledRow.count(), 1, 'the cancelled group is marked')
    t.match(await cancelledRow.textContent(), /已取消/)
    t.notMatch(await cancelledRow.textContent(), /0\/0/, 'never 已送达 0/0')
    t.equal(await page.locator('#seats-head').textContent(), '本县人数')

    const small = await smallestText(page, 'body *')
    t.ok(small.px >= 12, `no text under 12 px (smallest ${small.px} px: "${small.text}")`)
    const contrast = await lowestContrast(page, 'h1, h2, h3, p, th, td, li, label, button, .who, figcaption, .bar-name, .bar-value')
    t.ok(contrast.ratio >= 4.5, `text contrast at least 4.5:1 (lowest ${contrast.ratio} for "${contrast.text}")`)

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: '下载乡镇 CSV' }).click()
    const file = await download
    t.match(file.suggestedFilename(), /分乡镇.*\.csv$/, 'a Chinese file name')
    const csv = Buffer.concat(await (await file.createReadStream()).toArray()).toString('utf8')
    t.match(csv, /乡镇（街道）,农民就业（全部劳动力）,本期增加/)
    t.notMatch(csv, /rural_employment|poverty|township/, 'no codes or English')

    // An empty date says so instead of showing stale figures.
    await page.locator('#date').fill('')
    await page.locator('#date').dispatchEvent('change')
    await page.getByRole('alert').filter({ hasText: '请选择日期' }).waitFor()
    await screenshot(page, 'dashboard-county')
    t.same(errors, [], 'no console errors')
    await page.close()
  })

  t.test('the city at 360 px: every county has a visible bar and readable labels', async (t) => {
    const { page, errors } = await openPage(browser, { width: 360, height: 640 })
    await signIn(page, base, ADMIN)
    await page.locator('#charts figure').nth(5).waitFor()
    const counties = page.locator('#charts figure').last()
    t.match(await counties.locator('figcaption').textContent(), /各县/)
    t.equal(await counties.locator('.bar-row').count(), 15, 'all 15 county-level units')
    await page.locator('#rights tbody tr').nth(15).waitFor()
    t.match(await page.locator('#rights tbody tr').first().textContent(), /^忻州市\d+\d+[\d,]+$/, '维权: the city’s total first, then the 15 county-level units')
    const bars = await counties.locator('.bar-row').evaluateAll((rows) =>
      rows.map((r) => ({ value: r.querySelector('.bar-value')!.textContent!, width: r.querySelector('.bar')!.getBoundingClientRect().width })),
    )
    for (const bar of bars) {
      if (!bar.value.startsWith('0/')) t.ok(bar.width >= 2, `a county with people counted has a visible bar (${bar.value}: ${bar.width} px)`)
    }
    const small = await smallestText(page, 'body *')
    t.ok(small.px >= 12, `no text under 12 px at 360 px (smallest ${small.px} px: "${small.text}")`)
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth')
    t.ok(overflow <= 360, `the page does not scroll sideways (${overflow} px); wide tables scroll in their box`)
    t.equal(await page.locator('#township-panel').isVisible(), false, 'townships only once a county is chosen')
    await page.locator('#county').selectOption(countyCode)
    await page.locator('#townships tbody tr').first().waitFor()
    await screenshot(page, 'dashboard-360')
    t.same(errors, [], 'no console errors')
    await page.close()
  })
})

t.test('sign-in: nothing without a token', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const app = await testApp(t)
  const base = await listen(app)
  const { page, errors } = await openPage(browser, { width: 1280, height: 900 })
  await page.goto(`${base}/dashboard`)
  await page.getByRole('alert').filter({ hasText: '请输入您的访问令牌' }).waitFor()
  t.equal(await page.locator('#board').isVisible(), false, 'no data without a token')
  await page.getByLabel('访问令牌').fill('ll_wrong')
  await page.getByRole('button', { name: '进入' }).click()
  await page.getByRole('alert').filter({ hasText: '令牌无效' }).waitFor()
  t.match(errors, [/401/], 'the refused token is the only error')
  await page.getByLabel('访问令牌').fill(tokenFor(app, 'county_officer', '140924'))
  await page.getByRole('button', { name: '进入' }).click()
  await page.locator('#ranking tbody tr').nth(14).waitFor()
  t.match(await page.locator('#ranking tbody tr[aria-current="true"]').textContent(), /繁峙县（本县）/)
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: '下载月排队 CSV' }).click()
  const file = await download
  t.match(file.suggestedFilename(), /^月排队-\d{4}-\d{2}\.csv$/)
  t.match(Buffer.concat(await (await file.createReadStream()).toArray()).toString('utf8'), /名次,县（市、区）,人数/)
  await screenshot(page, 'dashboard')
})
