import t from 'tap'
import { readXlsx } from '../laborers/sheet-fixtures'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { insertEvent, insertLaborer } from '../policy/fixtures'

const XINFU = '140902'
const FANSHI = '140924'

/** Two counties with a small history: see the comments for what each report must count. */
async function city(t: Parameters<typeof testApp>[0]) {
  const app = await testApp(t)
  // Xinfu: a poverty laborer registered unemployed in 2021, out of province from 2022-06-05,
  // back home (local) from 2022-07-15.
  const a = insertLaborer(app, { countyCode: XINFU })
  insertEvent(app, a, { to: 'unemployed', date: '2021-12-01', countyCode: XINFU })
  insertEvent(app, a, { from: 'unemployed', to: 'cross_province', date: '2022-06-05', countyCode: XINFU })
  insertEvent(app, a, { from: 'cross_province', to: 'local', date: '2022-07-15', countyCode: XINFU })
  // Xinfu: an ordinary laborer in-province from 2022-06-20.
  const b = insertLaborer(app, { countyCode: XINFU, poverty: 'ordinary' })
  insertEvent(app, b, { to: 'in_province', date: '2022-06-20', countyCode: XINFU, poverty: 'ordinary' })
  // Fanshi: a monitored laborer on a public-welfare post since 2022-05-31; two poverty
  // laborers in-province since 2022-06-01.
  const c = insertLaborer(app, { countyCode: FANSHI, poverty: 'monitored' })
  insertEvent(app, c, { to: 'public_welfare_post', date: '2022-05-31', countyCode: FANSHI, poverty: 'monitored' })
  for (let i = 0; i < 2; i++) {
    const d = insertLaborer(app, { countyCode: FANSHI })
    insertEvent(app, d, { to: 'in_province', date: '2022-06-01', countyCode: FANSHI })
  }
  return { app, a }
}

// One city for the file, read in order; the last test adds a late event to it.
const { app, a } = await city(t)

const row = (body: any, region: string, category: string, group: string) =>
  body.rows.find((r: any) => r.regionCode === region && r.category === category && r.group === group)

t.test('progress counts status as of the period end, with the change over the period', async (t) => {
  const june = await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/progress?period=month&date=2022-06-30' })
  t.equal(june.statusCode, 200)
  t.same(june.body.period, { kind: 'month', label: '2022年6月', start: '2022-06-01', end: '2022-06-30' })
  t.match(row(june.body, XINFU, 'cross_province', 'poverty'), { count: 1, atStart: 0, change: 1 })
  t.match(row(june.body, XINFU, 'in_province', 'all'), { count: 1, atStart: 0 })
  t.match(row(june.body, XINFU, 'in_province', 'poverty'), { count: 0 }, 'an ordinary laborer is not in the poverty group')
  t.match(row(june.body, FANSHI, 'public_welfare', 'poverty'), { count: 1, atStart: 1, change: 0 }, 'monitored counts as poverty')
  t.match(row(june.body, FANSHI, 'local', 'all'), { count: 1 }, 'public-welfare posts count in local')
  t.match(row(june.body, '1409', 'rural_employment', 'all'), { count: 5, atStart: 1, change: 4, target: 594_000, level: 'city' })
  t.match(row(june.body, '1409', 'rural_employment', 'poverty'), { count: 4, target: 170_000, completionBp: 0 })
  t.equal(june.body.rows.length, 16 * 5 * 2, 'city and 15 counties × 5 categories × 2 groups')

  const xun = await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/progress?period=xun&date=2022-06-10' })
  t.same(xun.body.period, { kind: 'xun', label: '2022年6月上旬', start: '2022-06-01', end: '2022-06-10' })
  t.match(row(xun.body, XINFU, 'in_province', 'all'), { count: 0 }, 'not yet: starts on the 20th')
  t.match(row(xun.body, FANSHI, 'in_province', 'all'), { count: 2, atStart: 0 }, 'started on the first day of the 旬')

  const q3 = await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/progress?period=quarter&date=2022-08-01' })
  t.match(row(q3.body, XINFU, 'cross_province', 'all'), { count: 0, atStart: 1, change: -1 })
  t.match(row(q3.body, XINFU, 'local', 'all'), { count: 1 })
})

t.test('county officers see their county; CSV by format or Accept', async (t) => {
  const officer = tokenFor(app, 'county_officer', FANSHI)
  const own = await call(app, officer, { method: 'GET', url: '/api/v1/reports/progress?period=ytd&date=2022-12-31' })
  t.equal(own.statusCode, 200)
  t.same([...new Set(own.body.rows.map((r: any) => r.regionCode))], [FANSHI])
  t.equal((await call(app, officer, { method: 'GET', url: `/api/v1/reports/progress?county=${XINFU}` })).statusCode, 404)
  t.equal((await call(app, tokenFor(app, 'village_agent', '140902001001'), { method: 'GET', url: '/api/v1/reports/progress' })).statusCode, 403)
  t.equal((await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/progress?county=110105' })).statusCode, 400)
  t.equal((await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/progress?date=2022-02-30' })).statusCode, 400)

  const csv = await call(app, officer, { method: 'GET', url: '/api/v1/reports/progress?period=month&date=2022-06-15&format=csv' })
  t.match(csv.headers['content-type'], /text\/csv/)
  const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split('\r\n')
  t.match(lines[0], /^繁峙县农村劳动力就业进度（2022年6月，2022-06-01 至 2022-06-30）$/, 'a title naming unit and period')
  t.equal(lines[1], '期间,单位,类别,人群,期末人数,期初人数,本期增加,年度目标,完成率（%）')
  t.equal(lines.length, 2 + 10 + 3)
  t.same(lines.slice(12), ['', '期间,单位,维权案件受理,已解决,追回金额（元）', '2022年6月,繁峙县,0,0,0'], '维权 under the table: the county, none this month')
  t.ok(lines.some((l) => l.startsWith('2022年6月,繁峙县,省内转移就业,脱贫劳动力（含监测对象）,2,0,2,')), 'Fanshi’s two in-province poverty laborers, in Chinese')
  t.notOk(/in_province|poverty|140924/.test(csv.body), 'no codes or English')
  const xlsx = await app.inject({ method: 'GET', url: '/api/v1/reports/progress?period=month&date=2022-06-15&format=xlsx', headers: { authorization: `Bearer ${officer}` } })
  t.match(xlsx.headers['content-type'], /spreadsheetml/)
  const sheet = await readXlsx(xlsx.rawPayload)
  t.equal(sheet[0][0], lines[0].replace(/^\uFEFF/, ''))
  t.same(sheet[1], lines[1].split(','))
  t.same(sheet.slice(-2).map((r) => r.map(String)), lines.slice(13).map((l) => l.split(',')), '维权 in the sheet too')
  const accepted = await call(app, officer, { method: 'GET', url: '/api/v1/reports/ranking?month=2022-06', headers: { accept: 'text/csv' } })
  t.match(accepted.headers['content-type'], /text\/csv/)
  t.match(accepted.headers['content-disposition'], /ranking-2022-06/)
  t.match(accepted.body, /忻州市各县（市、区）农民就业（脱贫劳动力（含监测对象））月排队（2022年06月）\r\n名次,县（市、区）,人数/)
})

t.test('月排队: counties by completion, with the change from the month before', async (t) => {
  const set = await call(app, ADMIN, {
    method: 'PUT',
    url: '/api/v1/reports/targets',
    payload: {
      year: 2022,
      targets: [
        { regionCode: XINFU, category: 'rural_employment', group: 'poverty', target: 4 },
        { regionCode: FANSHI, category: 'rural_employment', group: 'poverty', target: 10 },
      ],
    },
  })
  t.equal(set.statusCode, 200)
  t.match(set.body.targets.find((x: any) => x.regionCode === XINFU && x.category === 'rural_employment' && x.group === 'poverty'), { target: 4, source: 'set' })
  t.equal((await call(app, tokenFor(app, 'county_officer', FANSHI), { method: 'PUT', url: '/api/v1/reports/targets', payload: { year: 2022, targets: [] } })).statusCode, 403)

  const officer = tokenFor(app, 'county_officer', XINFU)
  const may = await call(app, officer, { method: 'GET', url: '/api/v1/reports/ranking?month=2022-05' })
  t.match(may.body.rows[0], { countyCode: FANSHI, rank: 1, count: 1, completionBp: 1000 })
  const june = await call(app, officer, { method: 'GET', url: '/api/v1/reports/ranking?month=2022-06' })
  t.equal(june.statusCode, 200)
  t.match(june.body.measure, { category: 'rural_employment', group: 'poverty' })
  t.equal(june.body.rows.length, 15, 'a county officer sees the whole ranking')
  // June: Xinfu 1 of 4 = 25.00%, Fanshi 3 of 10 = 30.00%; in May Xinfu had 0 and Fanshi 1 of 10.
  t.match(june.body.rows[0], { countyCode: FANSHI, rank: 1, completionBp: 3000, previousCompletionBp: 1000, changeBp: 2000, previousRank: 1, rankChange: 0 })
  t.match(june.body.rows[1], { countyCode: XINFU, rank: 2, completionBp: 2500, previousCompletionBp: 0, changeBp: 2500 })
  const july = await call(app, officer, { method: 'GET', url: '/api/v1/reports/ranking?month=2022-07&category=local&group=all' })
  t.match(july.body.measure, { category: 'local', group: 'all' })
  t.equal((await call(app, officer, { method: 'GET', url: '/api/v1/reports/ranking?month=2022-13' })).statusCode, 400)
  const targets = await call(app, officer, { method: 'GET', url: '/api/v1/reports/targets?year=2022' })
  t.equal(targets.body.targets.length, 16 * 4 * 2)
})

t.test('events written after a report — including back-dated ones — show in the next report', async (t) => {
  const url = '/api/v1/reports/progress?period=month&date=2022-06-30'
  t.match(row((await call(app, ADMIN, { method: 'GET', url })).body, XINFU, 'cross_province', 'all'), { count: 1 })
  // Recorded late: the laborer actually came home on 06-25.
  insertEvent(app, a, { from: 'cross_province', to: 'unemployed', date: '2022-06-25', countyCode: XINFU })
  const after = await call(app, ADMIN, { method: 'GET', url })
  t.match(row(after.body, XINFU, 'cross_province', 'all'), { count: 0 })
  t.match(row(after.body, XINFU, 'rural_employment', 'all'), { count: 1 })
  const july = await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/progress?period=month&date=2022-07-31' })
  t.match(row(july.body, XINFU, 'local', 'poverty'), { count: 1 }, 'the later 07-15 event still decides July')
})
