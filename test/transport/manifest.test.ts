import t, { type Test } from 'tap'
import { makeIdNumber } from '../../src/laborers/id-number'
import { servicePoints, stations } from '../../src/network/schema'
import { readXlsx } from '../laborers/sheet-fixtures'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { launch, listen, noBrowser } from '../web/browser'
import { addJob, addStation, addTraveller, villagesOf } from './fixtures'
import { pdfText } from './pdf-text'

// Far enough ahead that the group has not left when the test runs.
const START = '2099-03-10'
const NAMES = ['欧阳明月', '张三丰', '李秀英', '王建国', '赵小红', '刘德华']

async function confirmedGroup(t: Test, confirm = true) {
  const app = await testApp(t)
  const stationId = addStation(app, '北京朝阳劳务服务工作站')
  const now = Date.now()
  app.db.update(stations).set({ address: '北京市朝阳区东三环中路 1 号', contactName: '郭站长', contactPhone: '13911112222' }).run()
  app.db
    .insert(servicePoints)
    .values({ level: 'county', regionCode: '140924', name: '繁峙县就业服务中心', address: '繁峙县繁城镇滨河路 8 号', createdAt: now, updatedAt: now })
    .run()
  const job = addJob(app, START)
  const villages = villagesOf(app, '140924', 3)
  const people = NAMES.map((name, i) => addTraveller(app, job, { villageCode: villages[i % 3], stationId, startDate: START, name }))
  const ids = people.map((p, i) => {
    const id = makeIdNumber('140924', '1985-06-01', 'male', i + 1)
    app.sqlite.prepare('UPDATE laborers SET id_cipher = ?, phone_masked = ? WHERE id = ?').run(app.pii.encrypt(id), `138****${1000 + i}`, p.laborerId)
    return id
  })
  // The county plans its own people (a city-wide plan is the city's, not the county's).
  const county = tokenFor(app, 'county_officer', '140924')
  const plan = (await call(app, county, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2099-03-01', to: '2099-03-09' } })).body
  const groupId: number = plan.groups[0].groupId
  if (confirm) await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/plans/${plan.id}/confirm` })
  return { app, stationId, groupId, ids, villages }
}

/** Full names in the seat order the group view reports. */
async function seatOrder(app: any, groupId: number): Promise<string[]> {
  const group = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/transport/groups/${groupId}` })).body
  return group.seats.map((s: any) => (app.sqlite.prepare('SELECT name FROM laborers WHERE id = ?').get(s.laborerId) as any).name)
}

const log = (app: any, stationId: number) =>
  app.sqlite.prepare('SELECT seq, type, group_version AS version, payload FROM dispatches WHERE station_id = ? ORDER BY seq').all(stationId) as {
    seq: number
    type: string
    version: number
    payload: string
  }[]

t.test('manifest details are edited until departure; each change of a confirmed group is a new version in the station’s log', async (t) => {
  const { app, stationId, groupId } = await confirmedGroup(t)
  const url = `/api/v1/transport/groups/${groupId}/manifest`
  t.equal(log(app, stationId).length, 1)

  const bad = await call(app, ADMIN, { method: 'PATCH', url, payload: { escortPhone: '12345' } })
  t.equal(bad.statusCode, 400)
  t.equal(bad.body.code, 'LL_VALIDATION')
  t.equal((await call(app, ADMIN, { method: 'PATCH', url, payload: {} })).statusCode, 400, 'something must change')
  t.equal((await call(app, ADMIN, { method: 'PATCH', url, payload: { plate: 'x' } })).statusCode, 400, 'unknown fields are refused')

  const edited = await call(app, ADMIN, {
    method: 'PATCH',
    url,
    payload: { vehiclePlate: ' 晋H·12345 ', driverName: '孙师傅', driverPhone: '13800001111', escortName: '周干事', escortPhone: '0350-3336666', departureTime: '06:30' },
  })
  t.equal(edited.statusCode, 200)
  t.match(edited.body.vehicle, { plate: '晋H·12345', driverName: '孙师傅', driverPhone: '13800001111' })
  t.same(edited.body.escort, { name: '周干事', phone: '0350-3336666' })
  t.equal(edited.body.departureAt, '2099-03-08T22:30:00.000Z', '06:30 Asia/Shanghai')

  const entries = log(app, stationId)
  t.equal(entries.length, 2, 'pushed to the station in the same commit')
  t.equal(entries[1].type, 'group.updated')
  t.equal(entries[1].version, edited.body.version)
  t.ok(entries[1].version > entries[0].version, 'a new version')
  const payload = JSON.parse(entries[1].payload)
  t.match(payload, { vehicle: { plate: '晋H·12345', driverName: '孙师傅' }, escort: { name: '周干事', phone: '0350-3336666' } })
  for (const name of NAMES) t.notOk(entries[1].payload.includes(name), 'the station sees masked names only')

  const county = tokenFor(app, 'county_officer', '140902')
  t.equal((await call(app, county, { method: 'PATCH', url, payload: { driverName: '钱' } })).statusCode, 404, 'another county’s group is not found')
  t.equal((await call(app, tokenFor(app, 'township_staff', '140924001'), { method: 'PATCH', url, payload: { driverName: '钱' } })).statusCode, 403)

  app.sqlite.prepare('UPDATE transport_groups SET departure_at = ? WHERE id = ?').run(Date.now() - 60_000, groupId)
  const late = await call(app, ADMIN, { method: 'PATCH', url, payload: { driverName: '钱师傅' } })
  t.equal(late.statusCode, 409)
  t.equal(late.body.code, 'LL_GROUP_STATE', 'not after departure')
  t.equal(log(app, stationId).length, 2)
})

t.test('a draft group’s details wait for confirmation; train groups show train number and carriage', async (t) => {
  const { app, stationId, groupId } = await confirmedGroup(t, false)
  const url = `/api/v1/transport/groups/${groupId}/manifest`
  t.equal((await call(app, ADMIN, { method: 'PATCH', url, payload: { vehiclePlate: '晋H·88888' } })).statusCode, 200)
  t.equal(log(app, stationId).length, 0, 'drafts are not dispatched')
  app.sqlite.prepare("UPDATE transport_groups SET vehicle_kind = 'train' WHERE id = ?").run(groupId)
  await call(app, ADMIN, { method: 'PATCH', url, payload: { trainNumber: 'K602', carriage: '8 号车厢' } })
  const page = await call(app, ADMIN, { method: 'GET', url })
  t.match(page.body, /火车　车次 K602　车厢 8 号车厢/)
  t.match(page.body, /草稿/)
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/groups/${groupId}/confirm` })).statusCode, 200)
  t.match(JSON.parse(log(app, stationId)[0].payload).vehicle, { kind: 'train', trainNumber: 'K602', plate: '晋H·88888' })
})

t.test('the print page: Chinese, A4, full names and masked phones; the real-name version needs a reason and is audited', async (t) => {
  const { app, groupId, ids, villages } = await confirmedGroup(t)
  const url = `/api/v1/transport/groups/${groupId}/manifest`
  await call(app, ADMIN, { method: 'PATCH', url, payload: { vehiclePlate: '晋H·12345', escortName: '周干事', escortPhone: '13900002222' } })

  const page = await call(app, ADMIN, { method: 'GET', url })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.equal(page.headers['cache-control'], 'no-store')
  t.match(page.headers['content-security-policy'], /default-src 'none'/)
  const html: string = page.body
  t.match(html, /@page \{ size: A4/)
  t.match(html, /noto-sans-sc/)
  for (const name of NAMES) t.ok(html.includes(name), `lists ${name}`)
  const order = await seatOrder(app, groupId)
  t.same(order.map((n) => html.indexOf(n)), order.map((n) => html.indexOf(n)).sort((a, b) => a - b), 'in seat order')
  t.match(html, /138\*\*\*\*1000/)
  const village = app.regions.get(villages[0])!
  t.ok(html.includes(`${app.regions.get(village.parentCode!)!.name}${village.name}`), 'villages by name')
  for (const words of ['北京朝阳劳务服务工作站', '北京市朝阳区东三环中路 1 号', '郭站长 13911112222', '繁峙县就业服务中心', '繁峙县繁城镇滨河路 8 号', '晋H·12345', '周干事', '13900002222', '已确认', '带队人签字', '大巴']) {
    t.ok(html.includes(words), `says ${words}`)
  }
  for (const code of ['confirmed', 'bus', '140924']) t.notOk(html.includes(`>${code}<`), `no code ${code}`)
  for (const id of ids) t.notOk(html.includes(id), 'no ID number')
  t.notOk(html.includes('<script'), 'no script')

  const noReason = await call(app, ADMIN, { method: 'GET', url: `${url}?reveal=true` })
  t.equal(noReason.statusCode, 400)
  t.equal(noReason.body.code, 'LL_VALIDATION')
  const county = tokenFor(app, 'county_officer', '140924')
  const real = await call(app, county, { method: 'GET', url: `${url}?reveal=true&reason=${encodeURIComponent('火车实名购票')}` })
  t.equal(real.statusCode, 200)
  t.match(real.body, /实名制乘车名单/)
  for (const id of ids) t.ok(real.body.includes(id), 'full ID numbers')
  const audit = app.sqlite.prepare("SELECT role, action, subject_type AS type, subject_id AS id, reason FROM audit_log WHERE action = 'reveal_pii'").all()
  t.same(audit, [{ role: 'county_officer', action: 'reveal_pii', type: 'transport_group', id: String(groupId), reason: '火车实名购票' }])

  t.equal((await call(app, tokenFor(app, 'county_officer', '140902'), { method: 'GET', url })).statusCode, 404, 'out of scope is not found')
  t.equal((await call(app, tokenFor(app, 'village_agent', villages[0]), { method: 'GET', url })).statusCode, 403)
  t.equal((await call(app, tokenFor(app, 'station_operator', '1'), { method: 'GET', url })).statusCode, 403)
})

t.test('the manifest as .xlsx, masked and real-name', async (t) => {
  const { app, groupId, ids } = await confirmedGroup(t)
  const url = `/api/v1/transport/groups/${groupId}/manifest?format=xlsx`
  const masked = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN}` } })
  t.equal(masked.statusCode, 200)
  t.match(masked.headers['content-disposition'], /filename\*=UTF-8''%E4%B9%98%E8%BD%A6%E5%90%8D%E5%8D%95/)
  const rows = await readXlsx(masked.rawPayload)
  t.match(rows[0][0], /^乘车名单（点对点劳务输出 第 \d+ 组，共 6 人）/)
  const head = rows.findIndex((r) => r[0] === '座位')
  t.same(rows[head], ['座位', '姓名', '性别', '村', '联系电话', '签到'])
  const order = await seatOrder(app, groupId)
  t.same(rows.slice(head + 1, head + 7).map((r) => [r[0], r[1], r[2]]), order.map((n, i) => [String(i + 1), n, '男']), 'in seat order')
  t.ok(rows.some((r) => r[0].startsWith('目的地：北京朝阳劳务服务工作站')))
  t.notOk(JSON.stringify(rows).includes(ids[0]))

  const real = await app.inject({ method: 'GET', url: `${url}&reveal=true&reason=${encodeURIComponent('实名购票')}`, headers: { authorization: `Bearer ${ADMIN}` } })
  const realRows = await readXlsx(real.rawPayload)
  const realHead = realRows.findIndex((r) => r[0] === '座位')
  t.same(realRows[realHead], ['座位', '姓名', '性别', '村', '联系电话', '身份证号码', '签到'])
  const idOf = new Map(NAMES.map((n, i) => [n, ids[i]]))
  t.same(realRows.slice(realHead + 1, realHead + 7).map((r) => r[5]), order.map((n) => idOf.get(n)), 'IDs as text, every digit kept')
})

t.test('the print page printed to PDF in real Chromium holds the passengers’ names', { skip: noBrowser }, async (t) => {
  const { app, groupId } = await confirmedGroup(t)
  const base = await listen(app)
  const browser = await launch(t)
  const page = await browser.newPage({ extraHTTPHeaders: { authorization: `Bearer ${ADMIN}` } })
  const response = await page.goto(`${base}/api/v1/transport/groups/${groupId}/manifest`)
  t.equal(response?.status(), 200)
  await page.evaluate('document.fonts.ready')
  const pdf = await page.pdf({ format: 'A4', printBackground: true })
  t.equal(pdf.subarray(0, 5).toString(), '%PDF-')
  const text = pdfText(pdf)
  t.match(text, /乘车名单/)
  for (const name of NAMES) t.ok(text.includes(name), `the PDF says ${name}`)
  t.match(text, /北京朝阳劳务服务工作站/)
  t.match(text, /138\*\*\*\*1005/)
  const fonts = pdf.toString('latin1').match(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g) ?? []
  t.ok(fonts.some((f) => /NotoSansSC/i.test(f)), `the app’s Chinese font is embedded (${[...new Set(fonts)].join(', ')})`)
})
