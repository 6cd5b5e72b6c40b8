import t from 'tap'
import { buildApp } from '../../src/app'
import { ADMIN, call, testConfig, tokenFor } from '../helpers'
import { addJob, addStation, addTraveller, villagesOf } from '../transport/fixtures'
import { launch, noBrowser, openPage, screenshot } from './browser'
import { waitFor } from '../wait'

const START = '2026-03-10'

t.test('the station console receives groups live, acks them, reports arrivals and catches up after a restart', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const config = testConfig(t)
  let app = await buildApp(config)
  t.teardown(() => app.close())
  const stationId = addStation(app)
  const job = addJob(app, START)
  const xinfu = villagesOf(app, '140902', 2)
  for (let i = 0; i < 12; i++) addTraveller(app, job, { villageCode: xinfu[i % 2], stationId, startDate: START })
  const stationToken = tokenFor(app, 'station_operator', String(stationId))
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const port = Number(new URL(address).port)

  const { page, errors } = await openPage(browser, { width: 1280, height: 1000 })
  await page.goto(`${address}/station`)
  await page.getByLabel('访问令牌').fill(stationToken)
  await page.getByRole('button', { name: '进入' }).click()
  await page.locator('#connection', { hasText: '在线' }).waitFor()

  // An official confirms a group while the console is open: it appears without a reload.
  const plan = await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-01', to: '2026-03-09' } })
  t.equal(plan.statusCode, 201)
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/plans/${plan.body.id}/confirm` })).statusCode, 200)
  const groupId = plan.body.groups[0].groupId
  await page.locator(`[data-group-id="${groupId}"]`).waitFor()
  t.equal(await page.locator(`[data-group-id="${groupId}"] .seats li`).count(), 12)

  const delivery = await waitFor(async () => {
    const now = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/transport/groups/${groupId}` })).body.delivery
    return now.state === 'delivered' && now
  }, 'the group to be delivered')
  t.equal(delivery.state, 'delivered', 'the console acked and the server recorded it')

  // Arrivals: tick three people and confirm.
  const boxes = page.locator(`[data-group-id="${groupId}"] .seats input`)
  for (let i = 0; i < 3; i++) await boxes.nth(i).check()
  await page.getByRole('button', { name: '确认勾选的人已到达' }).click()
  await page.locator(`[data-group-id="${groupId}"] .arrived-mark`, { hasText: '已到达 3 人' }).waitFor()
  const arrivals = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/transport/groups/${groupId}` })).body.arrivals
  t.match(arrivals, { total: 12, arrived: 3 })
  t.equal(await page.locator(`[data-group-id="${groupId}"] .seats input:disabled`).count(), 3, 'arrived people stay ticked')
  await screenshot(page, 'station')

  // The server restarts; while the console is offline another group is confirmed; the
  // console reconnects and catches up from where it was.
  await app.close()
  await page.locator('#connection', { hasText: '离线' }).waitFor()
  app = await buildApp(config)
  for (let i = 0; i < 5; i++) addTraveller(app, job, { villageCode: xinfu[0], stationId, startDate: START })
  const second = await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-01', to: '2026-03-09' } })
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/plans/${second.body.id}/confirm` })).statusCode, 200)
  const laterGroup = second.body.groups[0].groupId
  await app.listen({ port, host: '127.0.0.1' })
  await page.locator('#connection', { hasText: '在线' }).waitFor({ timeout: 120_000 })
  await page.locator(`[data-group-id="${laterGroup}"]`).waitFor()
  t.match(await page.locator('#summary').textContent(), /共 2 个车次、17 人/)
  t.same(
    errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e)),
    [],
    'no console errors besides the refused reconnects while the server was down',
  )
})
