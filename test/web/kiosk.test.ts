import t from 'tap'
import { makeCreditCode } from '../../src/employers/credit-code'
import { inDays } from '../jobs/fixtures'
import { ADMIN, call, testApp } from '../helpers'
import { launch, listen, lowestContrast, noBrowser, openPage, screenshot } from './browser'


t.test('a laborer finds a posting by pinyin initials on the touch screen and asks for help', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const app = await testApp(t)
  const employer = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/employers',
    payload: { name: '中建八局天津分公司', creditCode: makeCreditCode('120101', 7), sizeClass: 'large', regionCode: '1201' },
  })
  t.equal(employer.statusCode, 201)
  const post = (title: string, occupation: string, description: string) =>
    call(app, ADMIN, {
      method: 'POST',
      url: '/api/v1/jobs',
      payload: {
        employerId: employer.body.id,
        title,
        description,
        regionCode: '120101',
        occupation,
        openings: 30,
        wageMin: 380,
        wageMax: 460,
        wageUnit: 'day',
        benefits: ['包吃', '包住'],
        contractMonths: 12,
        startDate: inDays(20),
        deadline: inDays(10),
        type: 'regular',
      },
    })
  const wagong = await post('天津住宅项目瓦工 砌墙抹灰', '瓦工', '砌砖、抹灰，按方量结算。五台瓦工优先，包吃包住。')
  t.equal(wagong.statusCode, 201)
  t.equal((await post('天津物流园装卸工', '装卸工', '装卸货物，夜班有补贴。')).statusCode, 201)
  const station = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/service-points',
    payload: { level: 'township', regionCode: '140922100', name: '台城镇就业服务站' },
  })
  t.equal(station.statusCode, 201)

  const base = await listen(app)
  const { page, errors } = await openPage(browser)
  const started = Date.now()
  await page.goto(`${base}/kiosk?point=${station.body.id}`)
  const firstScreenMs = Date.now() - started
  // A latency target belongs in a benchmark, not in a test that runs on a busy machine.
  t.comment(`first screen loaded in ${firstScreenMs} ms`)
  await page.getByRole('status').filter({ hasText: '找到' }).waitFor()
  t.comment(`first results shown after ${Date.now() - started} ms`)
  t.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
  const unlabeled = await page.evaluate(
    `[...document.querySelectorAll('input')].filter((i) => !(i.id && document.querySelector('label[for="' + i.id + '"]')) && !i.getAttribute('aria-label')).length`,
  )
  t.equal(unlabeled, 0, 'every input has a label')
  const contrast = await lowestContrast(page, 'h1, h2, p, button, legend, label, span, li')
  t.ok(contrast.ratio >= 4.5, `text contrast at least 4.5:1 (lowest ${contrast.ratio} for "${contrast.text}")`)

  // No keyboard, no mouse: the on-screen pinyin keyboard.
  await page.getByRole('button', { name: '拼音键盘' }).tap().catch(() => page.getByRole('button', { name: '拼音键盘' }).click())
  for (const key of ['w', 'g']) await page.locator('#keyboard button', { hasText: new RegExp(`^${key}$`) }).click()
  await page.locator('#keyboard button', { hasText: '找' }).click()
  await page.getByRole('status').filter({ hasText: '找到 1 个工作' }).waitFor()
  const firstCard = page.locator('.card').first()
  t.match(await firstCard.locator('h2').textContent(), /瓦工/)
  t.match(await firstCard.locator('.wage').textContent(), /日薪 380–460 元/)
  await screenshot(page, 'kiosk-results')

  await firstCard.getByRole('button', { name: '看详情' }).click()
  await page.locator('#detail-description').filter({ hasText: '按方量结算' }).waitFor()
  t.match(await page.locator('#detail-facts').textContent(), /合同 1 年/)
  await page.getByRole('button', { name: '请工作人员帮我报名' }).click()
  await page.locator('#notice').filter({ hasText: '已通知台城镇就业服务站' }).waitFor()
  await screenshot(page, 'kiosk-detail')

  const interests = await call(app, ADMIN, { method: 'GET', url: '/api/v1/kiosk/interests' })
  t.match(interests.body, [{ jobId: wagong.body.id, servicePointId: station.body.id }])
  t.same(errors, [], 'no console errors')

  // Readable at 200% zoom: nothing wider than the screen.
  await page.evaluate(`document.body.style.zoom = '2'`)
  const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number
  t.ok(overflow <= 0, `no horizontal scrolling at 200% (${overflow}px)`)
})
