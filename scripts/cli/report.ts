import { parseArgs } from 'node:util'
import { shanghaiToday } from '../../src/calendar'
import { buildProgress, buildRanking, reportScope } from '../../src/reports/build'
import { progressCsv, rankingCsv } from '../../src/reports/csv'
import { periodContaining, periodKinds, type PeriodKind } from '../../src/reports/periods'
import { categories, groups, type Category, type Group } from '../../src/reports/schema'
import { cliApp } from './app'

const usage =
  'report progress [--period xun|month|quarter|ytd] [--date YYYY-MM-DD] [--county C] | report ranking [--month YYYY-MM] [--category C] [--group all|poverty]'

/** The progress report or the monthly ranking as CSV on stdout, for the 旬报告 and 月排队 mailings. */
export default async function report(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      period: { type: 'string' },
      date: { type: 'string' },
      county: { type: 'string' },
      month: { type: 'string' },
      category: { type: 'string' },
      group: { type: 'string' },
    },
  })
  const period = (values.period ?? 'month') as PeriodKind
  const date = values.date ?? shanghaiToday()
  const month = values.month ?? shanghaiToday().slice(0, 7)
  const category = (values.category ?? 'rural_employment') as Category
  const group = (values.group ?? 'poverty') as Group
  if (!periodKinds.includes(period)) throw new Error(`--period must be one of ${periodKinds.join(', ')}`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('--date must be YYYY-MM-DD')
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error('--month must be YYYY-MM')
  if (!categories.includes(category) || !groups.includes(group)) throw new Error(`--category must be one of ${categories.join(', ')}; --group all or poverty`)

  const app = await cliApp()
  try {
    const scope = reportScope(app)
    if (values.county && !app.regions.isLocal(values.county, 'county')) throw new Error(`--county ${values.county} is not a county of ${scope.city.code}`)
    const unit = values.county ? (app.regions.get(values.county)?.name ?? values.county) : scope.city.name
    if (positionals[0] === 'progress') process.stdout.write(progressCsv(buildProgress(scope, periodContaining(period, date), values.county), unit))
    else if (positionals[0] === 'ranking') process.stdout.write(rankingCsv(scope.city.name, month, { category, group }, buildRanking(scope, month, { category, group }).rows))
    else throw new Error(`usage: ${usage}`)
  } finally {
    await app.close()
  }
}
