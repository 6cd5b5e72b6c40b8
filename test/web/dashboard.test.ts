import t from 'tap'
import { testApp, tokenFor } from '../helpers'
import { launch, listen, lowestContrast, noBrowser, openPage, screenshot } from './browser'

t.test('the county dashboard: charts, ranking with arrows, CSV; nothing without a token', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const app = await testApp(t, { seedDemo: true, demoLaborers: 400, demoJobs: 40 })
  const base = await listen(app)
  const county = tokenFor(app, 'county_officer', '140924')

  const { page, errors } = await openPage(browser, { width: 1280, height: 1100 })
  await page.goto(`${base}/dashboard`)
  await page.getByRole('alert').filter({ hasText: '请输入您的访问令牌' }).waitFor()
  t.equal(await page.locator('#board').isVisible(), false, 'no data without a token')
  await screenshot(page, 'dashboard-signin')

  await page.getByLabel('访问令牌').fill('ll_wrong')
  await page.getByRole('button', { name: '进入' }).click()
  await page.getByRole('alert').filter({ hasText: '令牌无效' }).waitFor()
  t.match(errors, [/401/], 'the refused token is the only error so far')
  errors.length = 0

  await page.getByLabel('访问令牌').fill(county)
  await page.getByRole('button', { name: '进入' }).click()
  await page.locator('#charts svg').first().waitFor()
  t.equal(await page.locator('#charts svg').count(), 5, 'a chart per category')
  t.match(await page.locator('#charts svg').first().getAttribute('aria-label'), /农民就业：全部 \d+ 人/)
  await page.locator('#ranking tbody tr').nth(14).waitFor()
  t.equal(await page.locator('#ranking tbody tr').count(), 15, 'all 15 county-level units are ranked')
  t.match(await page.locator('#ranking tbody tr[aria-current="true"]').textContent(), /繁峙县（本县）/)
  t.equal(await page.locator('#county').isDisabled(), true, 'a county officer sees their own county')

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: '下载月排队 CSV' }).click()
  const file = await download
  const csv = await (await file.createReadStream()).toArray()
  t.match(Buffer.concat(csv).toString('utf8'), /名次,县（市、区）,人数/)
  const contrast = await lowestContrast(page, 'h1, h2, p, th, td, label, button, .who')
  t.ok(contrast.ratio >= 4.5, `text contrast at least 4.5:1 (lowest ${contrast.ratio} for "${contrast.text}")`)
  await screenshot(page, 'dashboard')
  t.same(errors, [], 'no console errors')
})
