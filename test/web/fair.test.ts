import t from 'tap'
import { makeCreditCode } from '../../src/employers/credit-code'
import { shanghaiToday } from '../../src/calendar'
import { makeIdNumber } from '../../src/laborers/id-number'
import { inDays } from '../jobs/fixtures'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { launch, listen, noBrowser, openPage, screenshot } from './browser'


t.test('the job-fair board: live counts and matches; the organizer runs a round and records an acceptance', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  // A board that connects late and is more than 4 events behind starts from a snapshot.
  const app = await testApp(t, { fairSockets: { tail: 4 } })
  const village = app.regions.children(app.regions.children('140902')[0].code)[0].code
  const employer = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/employers',
    payload: { name: '忻州市建工集团', creditCode: makeCreditCode('140902', 11), sizeClass: 'medium', regionCode: '140902' },
  })
  const job = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/jobs',
    payload: {
      employerId: employer.body.id,
      title: '忻府区安置房项目瓦工',
      description: '砌墙抹灰，日结。',
      regionCode: '140902',
      occupation: '瓦工',
      openings: 3,
      wageMin: 5000,
      wageMax: 7000,
      wageUnit: 'month',
      contractMonths: 6,
      startDate: inDays(5),
      deadline: inDays(3),
      type: 'regular',
    },
  })
  t.equal(job.statusCode, 201)
  const people = []
  const idNumbers: string[] = []
  for (const [i, name] of ['郝建国', '张秀英', '李志强'].entries()) {
    idNumbers.push(makeIdNumber(village.slice(0, 6), `198${i}-03-1${i}`, i === 1 ? 'female' : 'male', 100 + i))
    const laborer = await call(app, ADMIN, {
      method: 'POST',
      url: '/api/v1/laborers',
      payload: {
        name,
        idNumber: idNumbers[i],
        phone: `1380350000${i}`,
        villageCode: village,
        povertyStatus: i === 0 ? 'poverty_alleviated' : 'ordinary',
        skills: [{ occupation: '瓦工', tags: ['砌墙'], years: 8 }],
        destinationWishes: ['local'],
        expectedWage: 5000,
      },
    })
    t.equal(laborer.statusCode, 201, JSON.stringify(laborer.body).slice(0, 200))
    people.push(laborer.body)
  }
  const fair = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/fairs',
    payload: { name: '忻府区春风行动专场招聘会', venue: '忻州市人力资源服务产业园', date: shanghaiToday(), regionCode: '140902', jobIds: [job.body.id] },
  })
  t.equal(fair.statusCode, 201, JSON.stringify(fair.body).slice(0, 200))
  if (fair.body.status !== 'open') {
    await call(app, ADMIN, { method: 'PATCH', url: `/api/v1/fairs/${fair.body.id}`, payload: { status: 'open' } })
  }
  const organizer = tokenFor(app, 'fair_organizer')
  const base = await listen(app)

  // The wall screen: read-only, with the fair's board key in the address fragment, which no
  // request carries (the socket gets it as a subprotocol).
  const wall = await openPage(browser, { width: 1920, height: 1080 })
  await wall.page.goto(`${base}/fair/${fair.body.id}#board=${fair.body.boardToken}`)
  await wall.page.locator('#connection', { hasText: '实时' }).waitFor()
  t.equal(await wall.page.locator('#organizer').isVisible(), false, 'no actions on the wall screen')

  for (const idNumber of idNumbers) {
    t.equal((await call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fair.body.id}/checkins`, payload: { idNumber } })).statusCode, 201)
  }
  await wall.page.locator('#count-checkin', { hasText: '3' }).waitFor()

  // The organizer's screen runs a round.
  const desk = await openPage(browser, { width: 1600, height: 1000 })
  await desk.page.goto(`${base}/fair/${fair.body.id}`)
  await desk.page.getByLabel('访问令牌').fill(organizer)
  await desk.page.getByRole('button', { name: '进入' }).click()
  await desk.page.locator('#fair-name', { hasText: '忻府区春风行动专场招聘会' }).waitFor()
  await desk.page.getByRole('button', { name: '运行新一轮匹配' }).click()
  await desk.page.locator('#round-result', { hasText: '第 1 轮推荐了 3 对' }).waitFor()
  await wall.page.locator('#matches tbody tr').nth(2).waitFor()
  t.equal(await wall.page.locator('#count-proposed').textContent(), '3')
  t.match(await wall.page.locator('#matches tbody').textContent(), /郝\*\*.*瓦工|瓦工.*郝\*\*/s, 'names are masked on the board')

  await desk.page.locator('#matches tbody tr').first().getByRole('button', { name: '接受' }).click()
  await wall.page.locator('#count-accepted', { hasText: '1' }).waitFor()
  await screenshot(wall.page, 'fair-board')

  // A screen opened late with the older ?board= address: the page moves the key into the
  // fragment, and being far behind it starts from a snapshot and the tail.
  const late = await openPage(browser, { width: 1920, height: 1080 })
  await late.page.goto(`${base}/fair/${fair.body.id}?board=${fair.body.boardToken}`)
  await late.page.locator('#connection', { hasText: '实时' }).waitFor()
  t.equal(new URL(late.page.url()).search, '', 'the key left the query string')
  t.equal(new URL(late.page.url()).hash, `#board=${fair.body.boardToken}`)
  for (const [id, value] of [['checkin', '3'], ['proposed', '3'], ['accepted', '1'], ['round', '1']]) {
    await late.page.locator(`#count-${id}`, { hasText: value }).waitFor()
  }
  await late.page.locator('#matches tbody tr').nth(2).waitFor()
  t.equal(await late.page.locator('#matches tbody tr').count(), 3, 'the proposals came with the snapshot')
  t.match(await late.page.locator('#fair-name').textContent(), /忻府区春风行动专场招聘会/)
  t.same(late.errors, [], 'no console errors on the late screen')
  t.same(wall.errors, [], 'no console errors on the wall screen')
  t.same(desk.errors, [], 'no console errors on the organizer screen')
})

t.test('the demo fair on a wall: its name, masked names with titles, paging past one screen', { skip: noBrowser }, async (t) => {
  const browser = await launch(t)
  const app = await testApp(t, { seedDemo: true, demoLaborers: 600, demoJobs: 80 })
  const base = await listen(app)
  const [link] = app.demoLinks
  t.ok(link, 'the demo answers the board link the server prints')
  // A 1366×768 wall screen (more matches than it shows at once); a page every second (8 s by default).
  const wall = await openPage(browser, { width: 1366, height: 768 })
  await wall.page.goto(`${base}${link.path}&page=1`)
  await wall.page.locator('#connection', { hasText: '实时' }).waitFor()
  await wall.page.locator('#fair-name', { hasText: '忻府区春风行动专场招聘会' }).waitFor()
  t.match(await wall.page.locator('#fair-name').textContent(), /忻府区春风行动专场招聘会 · 忻州市人力资源服务产业园 · \d{4}-\d{2}-\d{2}/)
  await wall.page.locator('#matches tbody tr').nth(8).waitFor()
  const rows = await wall.page.locator('#matches tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))
  t.ok(rows.length > 8, `more matches than one screen holds (${rows.length})`)
  for (const [, name, title] of rows) {
    t.match(name, /^\S\*+$/, 'a masked name (family name only)')
    t.ok(title && title.length > 1 && !/^岗位 \d+$/.test(title), `the posting's title (${title})`)
  }
  // The wall turns its pages by itself, and comes back to the newest.
  await wall.page.locator('#page-note', { hasText: /第 1 \/ \d+ 页/ }).waitFor()
  const pagesText = (await wall.page.locator('#page-note').textContent())!
  const pageCount = Number(pagesText.match(/\/ (\d+) 页/)![1])
  t.ok(pageCount >= 2, `${pageCount} pages`)
  await wall.page.locator('#page-note', { hasText: '第 2 /' }).waitFor()
  await wall.page.waitForFunction(() => (globalThis as any).document.getElementById('matches-box').scrollTop > 0)
  t.pass('the box scrolled to the second page')
  const lastRowVisible = await wall.page.evaluate<boolean>(`(() => {
    const box = document.getElementById('matches-box').getBoundingClientRect()
    return box.bottom <= innerHeight + 1
  })()`)
  t.ok(lastRowVisible, 'the matches box ends on the screen (nothing hidden below the wall)')
  await screenshot(wall.page, 'fair-board-demo')
  await wall.page.locator('#page-note', { hasText: '第 1 /' }).waitFor()
  t.same(wall.errors, [], 'no console errors')
})
