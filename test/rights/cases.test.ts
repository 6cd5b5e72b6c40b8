import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { shanghaiToday } from '../../src/calendar'
import { openSheet } from '../../src/sheets/index'
import { ADMIN, call, freshDir, testApp, tokenFor } from '../helpers'
import { laborer, station, villageIn } from '../matching/fixtures'
import { addJob, addTraveller } from '../transport/fixtures'

/**
 * 维权 (issue 16, part 6): a county officer or a station opens a case for a laborer, then
 * notes, status and money recovered; the laborer's county sees it, a station only its own;
 * an open 欠薪 or 工伤 case of a monitored laborer raises an alert; the progress report
 * counts cases opened, resolved and money recovered per county.
 */
t.test('rights cases: opened, followed, scoped, alerted and counted', async (t) => {
  const app = await testApp(t)
  const wutaiVillage = villageIn(app, '140922')
  const wutai = tokenFor(app, 'county_officer', '140922')
  const xinfu = tokenFor(app, 'county_officer', '140902')
  const monitored = laborer(app, wutaiVillage, { povertyStatus: 'monitored' })

  // A county opens a wage case for a monitored laborer of its own.
  const opened = await call(app, wutai, {
    method: 'POST',
    url: '/api/v1/rights-cases',
    payload: { laborerId: monitored.id, type: 'wage_arrears', amountClaimed: 12000, employerName: '北京某建筑公司', description: '三个月工资未发' },
  })
  t.equal(opened.statusCode, 201, JSON.stringify(opened.body).slice(0, 300))
  t.match(opened.body, { status: 'accepted', statusLabel: '受理', typeLabel: '欠薪', amountClaimed: 12000, amountRecovered: 0, countyCode: '140922', stationId: null, openedDate: shanghaiToday() })
  t.equal(opened.body.laborerName, monitored.name, 'officials see the name')
  t.equal(opened.body.notes.length, 1)
  const caseId = opened.body.id
  const bad = await call(app, wutai, { method: 'POST', url: '/api/v1/rights-cases', payload: { laborerId: monitored.id, type: 'unpaid' } })
  t.equal(bad.statusCode, 400)
  t.equal(bad.body.code, 'LL_VALIDATION')

  // Another county: the same 404 as a missing case, and not for its laborers either.
  for (const req of [
    { method: 'GET', url: `/api/v1/rights-cases/${caseId}` },
    { method: 'POST', url: `/api/v1/rights-cases/${caseId}/progress`, payload: { note: '冒名' } },
    { method: 'GET', url: '/api/v1/rights-cases/999999' },
  ] as const) {
    const res = await call(app, xinfu, req)
    t.equal(res.statusCode, 404)
    t.equal(res.body.code, 'LL_RIGHTS_CASE_NOT_FOUND')
  }
  t.equal((await call(app, xinfu, { method: 'POST', url: '/api/v1/rights-cases', payload: { laborerId: monitored.id, type: 'other' } })).body.code, 'LL_LABORER_NOT_FOUND')
  t.same((await call(app, xinfu, { method: 'GET', url: '/api/v1/rights-cases' })).body, [])

  // An open 欠薪 case of a monitored laborer is an alert for the county (and the city).
  const alertsOf = async (token: string) =>
    (await call(app, token, { method: 'GET', url: '/api/v1/alerts' })).body.filter((a: any) => a.kind === 'monitored_rights_case')
  const [alert] = await alertsOf(wutai)
  t.match(alert, { severity: 'critical', laborerId: monitored.id, countyCodes: ['140922'], message: /欠薪维权案件/ })
  t.equal((await alertsOf(ADMIN)).length, 1)
  t.equal((await alertsOf(xinfu)).length, 0)

  // Progress: notes, status, money recovered; resolved ends the alert.
  const step = (token: string, id: number, payload: object) => call(app, token, { method: 'POST', url: `/api/v1/rights-cases/${id}/progress`, payload })
  const working = await step(wutai, caseId, { note: '已联系用工单位，约定分两次支付', status: 'in_progress', amountRecovered: 5000 })
  t.equal(working.statusCode, 200)
  t.match(working.body, { status: 'in_progress', statusLabel: '处理中', amountRecovered: 5000, resolvedDate: null })
  t.equal((await alertsOf(wutai)).length, 1, 'still open')
  const done = await step(wutai, caseId, { note: '余款已到账', status: 'resolved', amountRecovered: 12000 })
  t.match(done.body, { status: 'resolved', statusLabel: '已解决', amountRecovered: 12000, resolvedDate: shanghaiToday() })
  t.same(done.body.notes.map((n: any) => n.recoveredDelta), [0, 5000, 7000])
  t.same(done.body.notes.map((n: any) => n.statusLabel), ['受理', '处理中', '已解决'])
  t.same(await alertsOf(wutai), [], 'resolved: no alert')

  // A station opens cases for laborers dispatched to it, and sees only its own.
  const beijing = station(app, '1101', 'jingjinji')
  const suzhou = station(app, '3205', 'yangtze_delta')
  const op = tokenFor(app, 'station_operator', String(beijing.id))
  const other = tokenFor(app, 'station_operator', String(suzhou.id))
  const { laborerId: traveller } = addTraveller(app, addJob(app, '2026-03-10'), { villageCode: villageIn(app, '140902'), stationId: beijing.id, startDate: '2026-03-10' })
  const injury = await call(app, op, {
    method: 'POST',
    url: '/api/v1/rights-cases',
    payload: { laborerId: traveller, type: 'work_injury', amountClaimed: 30000, description: '工地摔伤，用工单位不认工伤' },
  })
  t.equal(injury.statusCode, 201)
  t.match(injury.body, { stationId: beijing.id, countyCode: '140902', typeLabel: '工伤', laborerName: /\*/ })
  t.equal((await call(app, op, { method: 'POST', url: '/api/v1/rights-cases', payload: { laborerId: monitored.id, type: 'other' } })).body.code, 'LL_LABORER_NOT_FOUND', 'not for a laborer never dispatched to it')
  t.equal((await call(app, other, { method: 'POST', url: '/api/v1/rights-cases', payload: { laborerId: traveller, type: 'other' } })).statusCode, 404)
  t.equal((await call(app, other, { method: 'GET', url: `/api/v1/rights-cases/${injury.body.id}` })).statusCode, 404)
  t.equal((await call(app, op, { method: 'GET', url: `/api/v1/rights-cases/${caseId}` })).statusCode, 404, 'not a county’s case')
  t.same((await call(app, op, { method: 'GET', url: '/api/v1/rights-cases' })).body.map((c: any) => c.id), [injury.body.id])
  t.equal((await step(op, injury.body.id, { note: '已陪同申请工伤认定', status: 'referred' })).body.statusLabel, '转交')
  // The laborer's county sees the station's case.
  const seen = await call(app, xinfu, { method: 'GET', url: `/api/v1/rights-cases/${injury.body.id}` })
  t.equal(seen.statusCode, 200)
  t.equal(seen.body.notes.length, 2)
  t.same((await call(app, ADMIN, { method: 'GET', url: '/api/v1/rights-cases?open=true' })).body.map((c: any) => c.id), [injury.body.id])

  // Progress report: per county, cases opened, resolved and money recovered this month.
  const report = (await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/progress?period=month' })).body
  const row = (code: string) => report.rights.find((r: any) => r.regionCode === code)
  t.match(row('140922'), { opened: 1, resolved: 1, recovered: 12000 })
  t.match(row('140902'), { opened: 1, resolved: 0, recovered: 0 })
  t.match(row('1409'), { level: 'city', opened: 2, resolved: 1, recovered: 12000 })
  const own = (await call(app, wutai, { method: 'GET', url: '/api/v1/reports/progress?period=month' })).body
  t.same(own.rights.map((r: any) => r.regionCode), ['140922'])

  // The same figures in the report's CSV and .xlsx, read back through our own reader: a 维权
  // block under the progress table, its header, the city's total and every county.
  const dir = freshDir(t)
  const rightsOf = async (format: 'csv' | 'xlsx', token: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/reports/progress?period=month&format=${format}`, headers: { authorization: `Bearer ${token}` } })
    t.equal(res.statusCode, 200, `${format} answered`)
    const file = join(dir, `progress-${token.slice(-6)}.${format}`)
    writeFileSync(file, res.rawPayload)
    const rows: string[][] = []
    for await (const row of openSheet(file).rows) rows.push(row.cells)
    const at = rows.findIndex((r) => r[2] === '维权案件受理')
    t.not(at, -1, `${format} has the 维权 header`)
    t.same(rows[at], ['期间', '单位', '维权案件受理', '已解决', '追回金额（元）'])
    return rows.slice(at + 1).map(([, unit, opened, resolved, recovered]) => ({ unit, opened: Number(opened), resolved: Number(resolved), recovered: Number(recovered) }))
  }
  const asJson = report.rights.map((r: any) => ({ unit: r.regionName, opened: r.opened, resolved: r.resolved, recovered: r.recovered }))
  for (const format of ['csv', 'xlsx'] as const) {
    const sheet = await rightsOf(format, ADMIN)
    t.same(sheet, asJson, `${format}: the JSON's figures, city first, every county`)
    t.same(sheet[0], { unit: '忻州市', opened: 2, resolved: 1, recovered: 12000 })
    t.same(sheet.find((r) => r.unit === '五台县'), { unit: '五台县', opened: 1, resolved: 1, recovered: 12000 })
    t.same(await rightsOf(format, wutai), [{ unit: '五台县', opened: 1, resolved: 1, recovered: 12000 }], `${format}: a county officer's own county only`)
  }
})
