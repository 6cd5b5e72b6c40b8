import t from 'tap'
import { buildApp } from '../../src/app'
import { ADMIN, call, testConfig, tokenFor } from '../helpers'
import { addJob, addStation, addTraveller, villagesOf } from '../transport/fixtures'
import { launch, noBrowser, openPage } from './browser'
import { waitFor } from '../wait'

const START = '2026-03-10'

t.test('the station console offline: ticks wait on the device (待发送) through a server restart and go out once when back; reconnect ≤ 3 s apart', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const config = testConfig(t)
  let app = await buildApp(config)
  t.teardown(() => app.close())
  const stationId = addStation(app)
  const job = addJob(app, START)
  for (const village of villagesOf(app, '140902', 6)) addTraveller(app, job, { villageCode: village, stationId, startDate: START })
  const stationToken = tokenFor(app, 'station_operator', String(stationId))
  const plan = await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-01', to: '2026-03-09' } })
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/plans/${plan.body.id}/confirm` })).statusCode, 200)
  const groupId = plan.body.groups[0].groupId
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const port = Number(new URL(address).port)
  const arrivals = async () => (await call(app, ADMIN, { method: 'GET', url: `/api/v1/transport/groups/${groupId}` })).body.arrivals

  const { page } = await openPage(browser, { width: 1280, height: 1000 })
  await page.goto(`${address}/station`)
  await page.getByLabel('访问令牌').fill(stationToken)
  await page.getByRole('button', { name: '进入' }).click()
  await page.locator('#connection', { hasText: '在线' }).waitFor()
  const card = page.locator(`[data-group-id="${groupId}"]`)
  await card.waitFor()

  // The network goes: two people are ticked and confirmed; they wait on the device.
  await page.context().setOffline(true)
  await page.locator('#connection', { hasText: '离线' }).waitFor()
  await card.locator('.seats input').nth(0).check()
  await card.locator('.seats input').nth(1).check()
  await card.getByRole('button', { name: '确认勾选的人已到达' }).click()
  await card.locator('.pending-summary', { hasText: '2 人的到达待发送' }).waitFor()
  t.equal(await card.locator('.pending-mark', { hasText: '待发送' }).count(), 2, 'each ticked person shows 待发送')
  t.match(await arrivals(), { arrived: 0 }, 'nothing reached the server')

  // Meanwhile the server restarts; then the network comes back: the ticks go out, once.
  await app.close()
  app = await buildApp(config)
  await app.listen({ port, host: '127.0.0.1' })
  await page.context().setOffline(false)
  await page.locator('#connection', { hasText: '在线' }).waitFor({ timeout: 120_000 })
  await card.locator('.arrived-mark', { hasText: '已到达 2 人' }).waitFor({ timeout: 120_000 })
  t.match(await arrivals(), { total: 6, arrived: 2 }, 'the server recorded the offline ticks')
  t.equal(await card.locator('.pending-mark').count(), 0, 'nothing left pending')
  const stored = await page.evaluate('JSON.stringify(localStorage)')
  t.notOk(String(stored).includes(stationToken), 'the token is not in localStorage')

  // The server goes away while the device is online: retries are at most 3 s apart and the
  // console is live again soon after the server is back.
  const retries: number[] = []
  await page.exposeFunction('noteStatus', (text: string) => {
    const m = /(\d+) 秒内重连/.exec(text)
    if (m) retries.push(Number(m[1]))
  })
  await page.evaluate(`new MutationObserver(() => window.noteStatus(document.getElementById('connection').textContent))
    .observe(document.getElementById('connection'), { childList: true, characterData: true, subtree: true })`)
  await app.close()
  await waitFor(() => retries.length >= 5, 'five reconnect attempts')
  app = await buildApp(config)
  await app.listen({ port, host: '127.0.0.1' })
  const back = Date.now()
  await page.locator('#connection', { hasText: '在线' }).waitFor({ timeout: 120_000 })
  const liveAfterMs = Date.now() - back
  t.comment(`live again ${liveAfterMs} ms after the server listened; waits shown ${retries.join(', ')} s`)
  t.ok(Math.max(...retries) <= 3, 'no reconnect wait above 3 s')
  t.match(await arrivals(), { arrived: 2 }, 'sent once: no duplicate effect')
})
