import t from 'tap'
import { addDays, shanghaiToday } from '../../src/calendar'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { insertEvent, insertLaborer } from '../policy/fixtures'
import { scheduleBp } from '../../src/reports/summary'

const XINFU = '140902'
const FANSHI = '140924'
const today = shanghaiToday()
const month = today.slice(0, 7)
const firstOfMonth = `${month}-01`

// Xinfu: two laborers at work since the first of this month; a third starts next week (a
// placement recorded ahead). Fanshi: one since the first of the month.
const app = await testApp(t)
const started = [insertLaborer(app, { countyCode: XINFU }), insertLaborer(app, { countyCode: XINFU, poverty: 'ordinary' })]
insertEvent(app, started[0], { to: 'cross_province', date: firstOfMonth, countyCode: XINFU })
insertEvent(app, started[1], { to: 'cross_province', date: firstOfMonth, countyCode: XINFU, poverty: 'ordinary' })
const ahead = insertLaborer(app, { countyCode: XINFU })
insertEvent(app, ahead, { to: 'in_province', date: addDays(today, 7), countyCode: XINFU })
insertEvent(app, insertLaborer(app, { countyCode: FANSHI }), { to: 'local', date: firstOfMonth, countyCode: FANSHI })

const row = (body: any, region: string, category: string, group: string) =>
  body.rows.find((r: any) => r.regionCode === region && r.category === category && r.group === group)

t.test('a period under way is counted up to today: no future starts', async (t) => {
  const monthly = await call(app, ADMIN, { method: 'GET', url: `/api/v1/reports/progress?period=month&date=${today}` })
  const ytd = await call(app, ADMIN, { method: 'GET', url: `/api/v1/reports/progress?period=ytd&date=${today}` })
  t.equal(monthly.statusCode, 200)
  t.equal(monthly.body.asOf, today, 'counted to today, not to the month’s end')
  t.equal(row(monthly.body, XINFU, 'rural_employment', 'all').count, 2, 'next week’s start is not counted')
  t.equal(row(monthly.body, XINFU, 'in_province', 'all').count, 0)
  t.equal(row(monthly.body, '1409', 'rural_employment', 'all').count, row(ytd.body, '1409', 'rural_employment', 'all').count, 'the month never exceeds the year to date')
  const ranking = await call(app, ADMIN, { method: 'GET', url: `/api/v1/reports/ranking?month=${month}&group=all` })
  t.equal(ranking.body.asOf, today)
  t.equal(ranking.body.rows.find((r: any) => r.countyCode === XINFU).count, 2)
  const csv = await app.inject({ method: 'GET', url: `/api/v1/reports/progress?period=month&date=${today}&format=csv`, headers: { authorization: `Bearer ${ADMIN}` } })
  if (today < monthly.body.period.end) t.match(csv.body, `统计截至 ${today}`, 'the CSV title says the month is counted to today')
  const past = await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/progress?period=month&date=2022-06-15' })
  t.equal(past.body.asOf, '2022-06-30', 'a past period is counted to its end')
})

t.test('a period that has not begun says so', async (t) => {
  const next = addDays(`${month}-28`, 10)
  const future = await call(app, ADMIN, { method: 'GET', url: `/api/v1/reports/progress?period=month&date=${next}` })
  t.equal(future.statusCode, 400)
  t.equal(future.body.code, 'LL_VALIDATION')
  t.match(future.body.message, /还没有开始/)
  const ranking = await call(app, ADMIN, { method: 'GET', url: `/api/v1/reports/ranking?month=${next.slice(0, 7)}` })
  t.equal(ranking.statusCode, 400)
  const bad = await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/progress?period=month&date=2026-13-40' })
  t.equal(bad.statusCode, 400)
  t.equal(bad.body.code, 'LL_VALIDATION')
})

t.test('townships of a county, in JSON and Chinese CSV; a county officer gets their own', async (t) => {
  const officer = tokenFor(app, 'county_officer', XINFU)
  const own = await call(app, officer, { method: 'GET', url: `/api/v1/reports/townships?period=month&date=${today}` })
  t.equal(own.statusCode, 200)
  const townships = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/regions/${XINFU}` })).body.children
  t.equal(own.body.rows.length, townships.length, 'every township, with or without anyone counted')
  t.equal(own.body.county.name, '忻府区')
  const sum = own.body.rows.reduce((n: number, r: any) => n + r.ruralEmployment.all.count, 0)
  t.equal(sum, 2, 'the townships add up to the county (the future start left out)')
  t.equal(own.body.rows.reduce((n: number, r: any) => n + r.crossProvince.change, 0), 2, 'both started within the month')
  const other = await call(app, officer, { method: 'GET', url: `/api/v1/reports/townships?county=${FANSHI}` })
  t.equal(other.statusCode, 404, 'another county is not found')
  const none = await call(app, ADMIN, { method: 'GET', url: '/api/v1/reports/townships' })
  t.equal(none.statusCode, 400, 'the city admin names a county')
  const csv = await app.inject({ method: 'GET', url: `/api/v1/reports/townships?county=${XINFU}&format=csv`, headers: { authorization: `Bearer ${ADMIN}` } })
  t.equal(csv.statusCode, 200)
  t.match(csv.headers['content-type'], /text\/csv/)
  const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n')
  t.match(lines[0], /^忻府区各乡镇农村劳动力就业情况/)
  t.equal(lines[1], '乡镇（街道）,农民就业（全部劳动力）,本期增加,农民就业（脱贫劳动力（含监测对象））,本期增加,省内转移就业,省际输出,在乡创业就业,公益性岗位')
  t.notMatch(csv.body, /[a-z_]{4,}/, 'no codes or English words')
})

t.test('the written summary: 存在问题 and 好典型 from the figures', async (t) => {
  const city = await call(app, ADMIN, { method: 'GET', url: `/api/v1/reports/progress?period=month&date=${today}` })
  const { summary } = city.body
  t.equal(summary.scheduleBp, scheduleBp(today))
  // Only the two counties with people registered get a default target share.
  t.equal(summary.problems.length, 2, 'one line per county behind the schedule (at most three)')
  t.equal(new Set(summary.problems.map((p: string) => p.slice(0, 3))).size, 2, 'two different counties')
  t.match(summary.problems[0], /完成年度目标 \d+\.\d%，落后时序进度 \d+\.\d 个百分点，距年度目标还差 [\d,]+ 人/)
  t.match(summary.highlights.join('\n'), /忻府区脱贫劳动力农民就业完成年度目标 [\d.]+%，全市第一/)
  t.match(summary.highlights.join('\n'), /忻府区本期农民就业增加 2 人，增量全市最多/)
  const county = await call(app, tokenFor(app, 'county_officer', XINFU), { method: 'GET', url: `/api/v1/reports/progress?period=month&date=${today}` })
  t.match(county.body.summary.highlights.join('\n'), /镇|乡|街道/, 'a county’s best are its townships')
  t.match(county.body.summary.highlights.join('\n'), /本期农民就业增加 2 人，其中脱贫劳动力 1 人/)
  t.ok(county.body.summary.problems.every((p: string) => p.startsWith('忻府区') || /镇|乡|街道/.test(p)))
})

t.test('the schedule is the share of the year gone', async (t) => {
  t.equal(scheduleBp('2022-12-31'), 10_000)
  t.equal(scheduleBp('2022-01-01'), 27)
  t.equal(scheduleBp('2024-07-01'), 5000, '183 of 366 days')
})
