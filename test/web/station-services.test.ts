import t from 'tap'
import { makeCreditCode } from '../../src/employers/credit-code'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { inDays } from '../jobs/fixtures'
import { addJob, addStation, addTraveller, villagesOf } from '../transport/fixtures'
import { launch, noBrowser, openPage, screenshot } from './browser'
import { waitFor } from '../wait'
import { transaction } from '../../src/db/transaction'
import { recordArrival } from '../../src/transport/index'

const START = '2026-03-10'

/** The console's 维权服务 and 岗位收集 (issue 16, parts 5 and 6), in real Chromium. */
t.test('the station console opens a wage case and posts a job', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const app = await testApp(t)
  const stationId = addStation(app)
  const job = addJob(app, START)
  const [village] = villagesOf(app, '140902', 1)
  const people = Array.from({ length: 3 }, () => addTraveller(app, job, { villageCode: village, stationId, startDate: START }))
  const plan = await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-01', to: '2026-03-09' } })
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/plans/${plan.body.id}/confirm` })).statusCode, 200)
  // They arrived about 100 days ago: the 1- and 3-month follow-ups are due.
  const groupId = plan.body.groups[0].groupId
  transaction(app.db, () => recordArrival(app.db, stationId, groupId, people.map((p) => p.laborerId), Date.now() - 100 * 86_400_000))
  const address = await app.listen({ port: 0, host: '127.0.0.1' })

  const { page, errors } = await openPage(browser, { width: 1280, height: 1400 })
  await page.goto(`${address}/station`)
  await page.getByLabel('访问令牌').fill(tokenFor(app, 'station_operator', String(stationId)))
  await page.getByRole('button', { name: '进入' }).click()
  await page.locator('#connection', { hasText: '在线' }).waitFor()
  await page.locator('#rights-laborer option').first().waitFor({ state: 'attached' })
  t.equal(await page.locator('#rights-laborer option').count(), 3, 'the laborers of its buses')

  // 跟踪服务: six follow-ups due; one recorded 在岗 leaves five.
  await page.locator('#followups-list li').nth(5).waitFor()
  t.equal(await page.locator('#followups-list li').count(), 6)
  await page.locator('#followups-list li').first().getByRole('button', { name: '记录回访' }).click()
  await page.locator('#followups-status', { hasText: '回访已记录：在岗' }).waitFor()
  await waitFor(async () => (await page.locator('#followups-list li').count()) === 5, 'the list to shrink')
  t.equal((await call(app, ADMIN, { method: 'GET', url: `/api/v1/stations/${stationId}/follow-ups` })).body.length, 5)

  // 维权: open a wage case, then record progress.
  await page.getByLabel('类型').selectOption('wage_arrears')
  await page.getByLabel('涉及金额（元）').fill('12000')
  await page.getByLabel('涉事用人单位').fill('北京某建筑公司')
  await page.getByRole('button', { name: '登记维权案件' }).click()
  await page.locator('#rights-list li', { hasText: '欠薪' }).waitFor()
  const [opened] = (await call(app, ADMIN, { method: 'GET', url: '/api/v1/rights-cases' })).body
  t.match(opened, { stationId, type: 'wage_arrears', amountClaimed: 12000, employerName: '北京某建筑公司' })
  await page.getByLabel(`第${opened.id}号 进展`).fill('已约谈用工单位')
  await page.getByLabel(`第${opened.id}号 状态`).selectOption('in_progress')
  await page.getByLabel(`第${opened.id}号 已追回（元）`).fill('5000')
  await page.getByRole('button', { name: '记录进展' }).click()
  await page.locator('#rights-list li', { hasText: '已追回 5000 元' }).waitFor()

  // 岗位收集: register an employer of the station's city, post its job.
  await page.getByLabel('单位名称').fill('北京朝阳某物业有限公司')
  await page.getByLabel('统一社会信用代码').fill(makeCreditCode('110105', 4242))
  await page.getByLabel('所在区县代码').fill('110105')
  await page.getByRole('button', { name: '登记用人单位' }).click()
  await page.locator('#job-employer option', { hasText: '北京朝阳某物业有限公司' }).waitFor({ state: 'attached' })
  await page.getByLabel('岗位名称').fill('朝阳区物业保洁 包住')
  await page.getByLabel('工种').fill('保洁')
  await page.getByLabel('月薪下限（元）').fill('4500')
  await page.getByLabel('月薪上限（元）').fill('5000')
  await page.getByLabel('报名截止').fill(inDays(10))
  await page.getByLabel('上岗日期').fill(inDays(15))
  await page.getByLabel('待遇（用顿号分开）').fill('包住、五险一金')
  await page.getByRole('button', { name: '发布岗位' }).click()
  await page.locator('#jobs-list li', { hasText: '朝阳区物业保洁' }).waitFor()
  const posted = await waitFor(async () => (await call(app, ADMIN, { method: 'GET', url: '/api/v1/jobs?source=station' })).body[0], 'the posting')
  t.match(posted, { stationId, title: '朝阳区物业保洁 包住', benefits: ['包住', '五险一金'], countyCode: '110105' })
  await screenshot(page, 'station-services')
  t.same(errors, [], 'no page errors')
})
