import t from 'tap'
import { countByCounty } from '../../src/reports/counting'
import { periodContaining, previousMonth } from '../../src/reports/periods'
import { resolveTargets } from '../../src/reports/targets'

t.test('旬: days 1–10, 11–20, 21 to the month’s end', async (t) => {
  t.same(periodContaining('xun', '2022-06-10'), { kind: 'xun', label: '2022年6月上旬', start: '2022-06-01', end: '2022-06-10' })
  t.same(periodContaining('xun', '2022-06-11'), { kind: 'xun', label: '2022年6月中旬', start: '2022-06-11', end: '2022-06-20' })
  t.same(periodContaining('xun', '2022-02-21'), { kind: 'xun', label: '2022年2月下旬', start: '2022-02-21', end: '2022-02-28' })
  t.equal(periodContaining('xun', '2024-02-29').end, '2024-02-29', 'leap year')
  t.equal(periodContaining('xun', '2022-07-31').end, '2022-07-31')
})

t.test('month, quarter, year to date', async (t) => {
  t.same(periodContaining('month', '2022-02-14'), { kind: 'month', label: '2022年2月', start: '2022-02-01', end: '2022-02-28' })
  t.same(periodContaining('quarter', '2022-08-01'), { kind: 'quarter', label: '2022年第3季度', start: '2022-07-01', end: '2022-09-30' })
  t.same(periodContaining('quarter', '2022-12-31'), { kind: 'quarter', label: '2022年第4季度', start: '2022-10-01', end: '2022-12-31' })
  t.same(periodContaining('ytd', '2022-05-19'), { kind: 'ytd', label: '2022年1月1日至5月19日', start: '2022-01-01', end: '2022-05-19' })
  t.equal(previousMonth('2022-01'), '2021-12')
  t.equal(previousMonth('2022-11'), '2022-10')
})

t.test('counting: public-welfare posts count in local and on their own; poverty includes monitored', async (t) => {
  const counts = countByCounty(
    [
      { countyCode: '140924', poverty: 'monitored', status: 'public_welfare_post', n: 2 },
      { countyCode: '140924', poverty: 'ordinary', status: 'self_employed', n: 3 },
      { countyCode: '140902', poverty: 'poverty_alleviated', status: 'cross_province', n: 5 },
      { countyCode: '140902', poverty: 'ordinary', status: 'unemployed', n: 7 },
    ],
    '1409',
  )
  t.same(counts.get('140924')!.local, { all: 5, poverty: 2 })
  t.same(counts.get('140924')!.public_welfare, { all: 2, poverty: 2 })
  t.same(counts.get('1409')!.rural_employment, { all: 10, poverty: 7 }, 'unemployed laborers are not counted')
  t.same(counts.get('1409')!.cross_province, { all: 5, poverty: 5 })
})

t.test('county targets default to shares of the city’s that add up; set targets win', async (t) => {
  const registered = new Map([
    ['140902', { all: 2, poverty: 1 }],
    ['140924', { all: 1, poverty: 1 }],
    ['140971', { all: 0, poverty: 0 }],
  ])
  const targets = resolveTargets('1409', ['140902', '140924', '140971'], registered, [
    { regionCode: '140924', category: 'cross_province', group: 'all', target: 12_345 },
  ])
  t.equal(targets.get('1409')!.rural_employment.all, 594_000)
  t.equal(targets.get('1409')!.local.poverty, 77_000)
  t.equal(targets.get('140902')!.rural_employment.all, 396_000)
  t.equal(targets.get('140924')!.rural_employment.all, 198_000)
  t.equal(targets.get('140971')!.rural_employment.all, 0)
  t.equal(targets.get('140902')!.cross_province.poverty! + targets.get('140924')!.cross_province.poverty!, 33_000, 'largest remainder: 16,500 each')
  t.equal(targets.get('140924')!.cross_province.all, 12_345, 'set in the table')
  t.equal(targets.get('1409')!.public_welfare.all, null, 'no target for public-welfare posts')
  const none = resolveTargets('1409', ['140902', '140924', '140971'], new Map(), [])
  t.same(
    ['140902', '140924', '140971'].map((c) => none.get(c)!.in_province.all),
    [65_000, 65_000, 65_000],
    'equal shares when nobody is registered',
  )
})
