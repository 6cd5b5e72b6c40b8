import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { Nullable } from '../http/schemas'
import { BadRequestError, RegionNotFoundError } from '../errors'
import { shanghaiToday } from '../calendar'
import { carrierNames, carriers, countCarriers } from './carriers'
import { completion } from './targets'
import { buildProgress, buildRanking, buildTownships, reportScope, targetsFor } from './build'
import { XLSX_TYPE, attachment, xlsxStream } from '../sheets/index'
import { CATEGORY_LABELS, GROUP_LABELS, progressCsv, progressSheet, rankingCsv, rankingSheet, toCsv } from './csv'
import { periodContaining, periodKinds, type Period } from './periods'
import { summarize, type TownshipFigures } from './summary'
import * as q from './queries'
import { categories, groups } from './schema'
import { emptyCounts } from './counting'
import { countForms, emptyFormCounts, formsSheet, startedByCounty, type FormRow } from './forms'
import { employmentForms, formLabels } from '../employments/schema'

const Category = Type.Enum(categories)
const Group = Type.Enum(groups)
const Format = Type.Optional(
  Type.Enum(['json', 'csv', 'xlsx'], { description: 'csv (UTF-8 with BOM) also when the request accepts text/csv; xlsx: one sheet titled with unit and period, Chinese headers' }),
)
const Bp = Nullable(Type.Integer(), { description: 'basis points, 10000 = 100%' })
const PeriodView = Type.Object({ kind: Type.Enum(periodKinds), label: Type.String(), start: Type.String(), end: Type.String() })

const ProgressQuery = Type.Object(
  {
    period: Type.Enum(periodKinds, { default: 'month', description: 'xun (旬), month, quarter or ytd (year to date)' }),
    date: Type.Optional(Type.String({ format: 'date', description: 'a day inside the period (default: today, Asia/Shanghai)' })),
    county: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
    format: Format,
  },
  { additionalProperties: false },
)
const AsOf = Type.String({ description: 'the day counted to: the period’s end, or today while it is under way (YYYY-MM-DD, Asia/Shanghai)' })
const Summary = Type.Object({
  scheduleBp: Type.Integer({ description: '时序进度: share of the year gone by asOf, basis points' }),
  problems: Type.Array(Type.String(), { description: '存在问题: the largest shortfalls against the schedule, in Chinese' }),
  highlights: Type.Array(Type.String(), { description: '好典型: the best counties (or townships of a county), in Chinese' }),
})
const RightsRow = Type.Object({
  regionCode: Type.String(),
  regionName: Type.String(),
  level: Type.Enum(['city', 'county']),
  opened: Type.Integer({ description: 'rights cases (维权) opened in the period' }),
  resolved: Type.Integer({ description: 'cases marked 已解决 in the period' }),
  recovered: Type.Integer({ description: '元 recovered in the period' }),
})
const ProgressView = Type.Object({
  period: PeriodView,
  asOf: AsOf,
  summary: Summary,
  rights: Type.Array(RightsRow, { description: '维权: cases of the laborers of each county (and the city), counted from the period’s start to asOf' }),
  rows: Type.Array(
    Type.Object({
      regionCode: Type.String(),
      regionName: Type.String(),
      level: Type.Enum(['city', 'county']),
      category: Category,
      group: Group,
      count: Type.Integer(),
      atStart: Type.Integer(),
      change: Type.Integer(),
      target: Nullable(Type.Integer()),
      completionBp: Bp,
    }),
  ),
})

const TownshipQuery = Type.Object(
  {
    period: Type.Enum(periodKinds, { default: 'month' }),
    date: Type.Optional(Type.String({ format: 'date', description: 'a day inside the period (default: today, Asia/Shanghai)' })),
    county: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', description: 'required for the city admin; a county officer gets their own' })),
    format: Format,
  },
  { additionalProperties: false },
)
const Figures = Type.Object({ count: Type.Integer(), atStart: Type.Integer(), change: Type.Integer() })
const TownshipView = Type.Object({
  period: PeriodView,
  asOf: AsOf,
  county: Type.Object({ code: Type.String(), name: Type.String() }),
  rows: Type.Array(
    Type.Object({
      townshipCode: Type.String(),
      townshipName: Type.String(),
      ruralEmployment: Type.Object({ all: Figures, poverty: Figures }),
      inProvince: Figures,
      crossProvince: Figures,
      local: Figures,
      publicWelfare: Figures,
    }),
  ),
})

const FormCountsView = Type.Object(
  Object.fromEntries(employmentForms.map((f) => [f, Type.Integer({ description: formLabels[f] })])) as Record<(typeof employmentForms)[number], ReturnType<typeof Type.Integer>>,
  { description: 'employment records of every source by form (就业形式)' },
)
const FormRowView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  started: FormCountsView,
  startedTotal: Type.Integer(),
  open: FormCountsView,
  openTotal: Type.Integer(),
})
const FormsView = Type.Object({
  period: PeriodView,
  asOf: AsOf,
  area: Type.Object({ code: Type.String(), name: Type.String(), level: Type.Enum(['city', 'county', 'township', 'village']) }),
  forms: Type.Array(Type.Object({ form: Type.Enum(employmentForms), label: Type.String() }), { description: 'the seven forms, in order, with their Chinese names' }),
  total: FormRowView,
  rows: Type.Array(FormRowView, { description: 'one level down: the city per county, a county per township, a township per village (every one, zeros included)' }),
  byDay: Type.Array(Type.Object({ date: Type.String(), started: FormCountsView, total: Type.Integer() }), { description: 'records that took effect on each day of the period that has any' }),
})

const RankingQuery = Type.Object(
  {
    month: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (default: this month)' })),
    category: Type.Optional(Category),
    group: Type.Optional(Group),
    format: Format,
  },
  { additionalProperties: false },
)
const RankingView = Type.Object({
  period: PeriodView,
  asOf: AsOf,
  measure: Type.Object({ category: Category, group: Group }),
  rows: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      countyCode: Type.String(),
      countyName: Type.String(),
      count: Type.Integer(),
      target: Nullable(Type.Integer()),
      completionBp: Bp,
      previousRank: Type.Integer(),
      previousCompletionBp: Bp,
      changeBp: Bp,
      rankChange: Type.Integer({ description: 'places moved up since last month' }),
      started: Type.Optional({ ...FormCountsView, description: 'employment records of every source that took effect in the month up to asOf, by form' }),
    }),
  ),
})

const TargetRow = Type.Object(
  {
    regionCode: Type.String({ pattern: '^[0-9]{4}([0-9]{2})?$', description: 'the city or a county' }),
    category: Type.Enum(['rural_employment', 'in_province', 'cross_province', 'local']),
    group: Group,
    target: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
)
const TargetsBody = Type.Object(
  { year: Type.Integer({ minimum: 2000, maximum: 2100 }), targets: Type.Array(TargetRow, { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
)
const TargetsView = Type.Object({
  year: Type.Integer(),
  targets: Type.Array(
    Type.Object({ regionCode: Type.String(), category: Category, group: Group, target: Nullable(Type.Integer()), source: Type.Enum(['set', 'default']) }),
  ),
})

const readers = ['city_admin', 'county_officer'] as const

function wantsCsv(request: FastifyRequest, format: 'json' | 'csv' | 'xlsx' | undefined): boolean {
  return format === 'csv' || (format === undefined && (request.headers.accept ?? '').includes('text/csv'))
}

function sendCsv(reply: FastifyReply, name: string, body: string) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`${name}.csv`)).send(body)
}

/** A period that has not begun has nothing to count: said, rather than answered with zeros. */
function assertBegun(period: Period, today: string): void {
  if (period.start > today) throw new BadRequestError(`${period.label}还没有开始（今天是 ${today}），请选择今天或以前的日期`)
}

function sendXlsx(reply: FastifyReply, name: string, spec: Parameters<typeof xlsxStream>[0]) {
  return reply.type(XLSX_TYPE).header('content-disposition', attachment(`${name}.xlsx`)).send(xlsxStream(spec))
}

/** 旬报告、月排队、季调度: progress against the year's targets, per county and for the city. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const scope = reportScope(app)
  // Fold events written while the server was down (imports, a restore) before serving, so
  // no report request has to wait for a large catch-up.
  // Only a head start: when it cannot be written (a full disk) the server still starts, and
  // the first report request folds them (or answers 507 until there is room).
  app.addHook('onReady', async () => {
    try {
      const folded = q.refreshIntervals(app.sqlite)
      if (folded > 0) app.log.info({ events: folded }, 'employment events folded into report spans')
    } catch (error) {
      app.log.error({ err: error }, 'folding employment events at start failed; reports will fold them')
    }
  })

  app.get(
    '/reports/progress',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'Employment by category against the year’s targets for a 旬, month, quarter or year to date (JSON or CSV)',
        querystring: ProgressQuery,
        response: { 200: ProgressView },
      },
    },
    async (request, reply) => {
      const today = shanghaiToday()
      const period = periodContaining(request.query.period, request.query.date ?? today)
      assertBegun(period, today)
      const county = countyOf(request, request.query.county)
      const report = buildProgress(scope, period, county, today)
      const unit = county ? (app.regions.get(county)?.name ?? county) : scope.city.name
      const name = `progress-${report.period.kind}-${report.period.end}`
      if (request.query.format === 'xlsx') return sendXlsx(reply, name, progressSheet(report, unit))
      if (!wantsCsv(request, request.query.format)) {
        const asOf = report.asOf!
        return {
          period: report.period,
          asOf,
          summary: summarize(report, asOf, county ? townshipFigures(county, period, today).figures : []),
          rights: report.rights,
          rows: report.rows,
        }
      }
      return sendCsv(reply, name, progressCsv(report, unit))
    },
  )

  app.get(
    '/reports/townships',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'One county’s townships: employment by category at the period’s end (or today) and the change over it (JSON or CSV)',
        querystring: TownshipQuery,
        response: { 200: TownshipView },
      },
    },
    async (request, reply) => {
      const today = shanghaiToday()
      const period = periodContaining(request.query.period, request.query.date ?? today)
      assertBegun(period, today)
      const county = countyOf(request, request.query.county)
      if (!county) throw new BadRequestError('querystring.county 必填：请选择一个县（市、区）')
      const { asOf, figures } = townshipFigures(county, period, today)
      const countyName = app.regions.get(county)?.name ?? county
      const f = (t: TownshipFigures, category: keyof TownshipFigures['end'], group: 'all' | 'poverty') => ({
        count: t.end[category][group],
        atStart: t.start[category][group],
        change: t.end[category][group] - t.start[category][group],
      })
      const rows = figures.map((t) => ({
        townshipCode: t.code,
        townshipName: t.name,
        ruralEmployment: { all: f(t, 'rural_employment', 'all'), poverty: f(t, 'rural_employment', 'poverty') },
        inProvince: f(t, 'in_province', 'all'),
        crossProvince: f(t, 'cross_province', 'all'),
        local: f(t, 'local', 'all'),
        publicWelfare: f(t, 'public_welfare', 'all'),
      }))
      if (!wantsCsv(request, request.query.format) && request.query.format !== 'xlsx') return { period, asOf, county: { code: county, name: countyName }, rows }
      const sheet = {
        name: '乡镇',
        title: [`${countyName}各乡镇农村劳动力就业情况（${period.label}，截至 ${asOf}）`],
        header: [
          '乡镇（街道）',
          `${CATEGORY_LABELS.rural_employment}（${GROUP_LABELS.all}）`,
          '本期增加',
          `${CATEGORY_LABELS.rural_employment}（${GROUP_LABELS.poverty}）`,
          '本期增加',
          CATEGORY_LABELS.in_province,
          CATEGORY_LABELS.cross_province,
          CATEGORY_LABELS.local,
          CATEGORY_LABELS.public_welfare,
        ],
        rows: rows.map((r) => [
          r.townshipName,
          r.ruralEmployment.all.count,
          r.ruralEmployment.all.change,
          r.ruralEmployment.poverty.count,
          r.ruralEmployment.poverty.change,
          r.inProvince.count,
          r.crossProvince.count,
          r.local.count,
          r.publicWelfare.count,
        ]),
        widths: [18, 16, 10, 22, 10, 12, 10, 12, 12],
      }
      const name = `townships-${county}-${period.kind}-${period.end}`
      if (request.query.format === 'xlsx') return sendXlsx(reply, name, sheet)
      return sendCsv(reply, name, toCsv(sheet))
    },
  )

  app.get(
    '/reports/ranking',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: '月排队: counties by completion rate at a month’s end, with the change from the month before (JSON or CSV)',
        querystring: RankingQuery,
        response: { 200: RankingView },
      },
    },
    async (request, reply) => {
      const today = shanghaiToday()
      const month = request.query.month ?? today.slice(0, 7)
      assertBegun(periodContaining('month', `${month}-01`), today)
      const measure = { category: request.query.category ?? 'rural_employment', group: request.query.group ?? 'poverty' }
      const { period, rows: ranked, asOf } = buildRanking(scope, month, measure, today)
      const started = startedByCounty(app.sqlite, period.start, asOf)
      const rows = ranked.map((r) => ({ ...r, started: started.get(r.countyCode) ?? emptyFormCounts() }))
      const name = `ranking-${month}-${measure.category}-${measure.group}`
      if (request.query.format === 'xlsx') return sendXlsx(reply, name, rankingSheet(scope.city.name, month, measure, rows))
      if (!wantsCsv(request, request.query.format)) return { period, asOf, measure, rows }
      return sendCsv(reply, name, rankingCsv(scope.city.name, month, measure, rows))
    },
  )

  app.get(
    '/reports/targets',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'The year’s targets for the city and each county, set or defaulted',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false }),
        response: { 200: TargetsView },
      },
    },
    async (request) => targetsView(request.query.year),
  )

  app.put(
    '/reports/targets',
    {
      config: { access: ['city_admin'] },
      schema: { tags: ['reports'], summary: 'Set targets for the city or counties (others keep their defaults)', body: TargetsBody, response: { 200: TargetsView } },
    },
    async (request) => {
      const { year, targets } = request.body
      for (const t of targets) {
        if (t.regionCode !== scope.city.code && !app.regions.isLocal(t.regionCode, 'county')) {
          throw new BadRequestError(`body.targets regionCode ${t.regionCode} 既不是 ${scope.city.code} 也不是其下的县`)
        }
      }
      q.setTargets(app.db, targets.map((t) => ({ ...t, year })))
      return targetsView(year)
    },
  )

  app.get(
    '/reports/forms',
    {
      config: { access: ['city_admin', 'county_officer', 'township_staff'] },
      schema: {
        tags: ['reports'],
        summary:
          'Employment records of every source (placements, 自主就业, posts, workshops, gigs …) by form (the seven 就业形式): those that took effect in the period (by start date, also day by day) and those held at its end (or today), for an area and each area one level down (JSON, CSV or xlsx)',
        querystring: Type.Object(
          {
            period: Type.Enum(periodKinds, { default: 'month', description: 'xun (旬), month, quarter or ytd (year to date)' }),
            date: Type.Optional(Type.String({ format: 'date', description: 'a day inside the period (default: today, Asia/Shanghai)' })),
            area: Type.Optional(Type.String({ pattern: '^[0-9]{4}([0-9]{2}([0-9]{3})?)?$', description: 'the city, a county or a township inside the caller’s area (default: the caller’s own)' })),
            format: Format,
          },
          { additionalProperties: false },
        ),
        response: { 200: FormsView },
      },
    },
    async (request, reply) => {
      const today = shanghaiToday()
      const period = periodContaining(request.query.period, request.query.date ?? today)
      assertBegun(period, today)
      const { caller } = request
      const own = caller.role === 'city_admin' ? scope.city.code : caller.scope!
      const area = request.query.area ?? own
      if (!area.startsWith(own) || !app.regions.get(area)) throw new RegionNotFoundError(area)
      const childLength = area.length === 4 ? 6 : area.length === 6 ? 9 : 12
      const asOf = period.end < today ? period.end : today
      const counted = countForms(app.sqlite, area, childLength, period.start, asOf)
      const found = new Map(counted.children.map((c) => [c.code, c]))
      const view = (name: string, row: FormRow) => ({
        code: row.code,
        name,
        started: row.started,
        startedTotal: employmentForms.reduce((a, f) => a + row.started[f], 0),
        open: row.open,
        openTotal: employmentForms.reduce((a, f) => a + row.open[f], 0),
      })
      const empty = (code: string): FormRow => ({ code, started: emptyFormCounts(), open: emptyFormCounts() })
      const areaName = app.regions.fullName(area)
      const rows = app.regions.children(area).map((c) => view(c.name, found.get(c.code) ?? empty(c.code)))
      const level = (['city', 'county', 'township'] as const)[[4, 6, 9].indexOf(area.length)]
      const unit = { city: '县（市、区）', county: '乡镇（街道）', township: '村' }[level]
      if (wantsCsv(request, request.query.format) || request.query.format === 'xlsx') {
        const sheet = formsSheet(`${areaName}就业记录（按就业形式，${period.label}，截至 ${asOf}）`, unit, [
          ...rows.map((r) => ({ name: r.name, row: found.get(r.code) ?? empty(r.code) })),
          { name: '合计', row: counted.total },
        ])
        const name = `forms-${area}-${period.kind}-${period.end}`
        if (request.query.format === 'xlsx') return sendXlsx(reply, name, sheet)
        return sendCsv(reply, name, toCsv(sheet))
      }
      return {
        period,
        asOf,
        area: { code: area, name: areaName, level },
        forms: employmentForms.map((form) => ({ form, label: formLabels[form] })),
        total: view(areaName, counted.total),
        rows,
        byDay: counted.byDay.map((d) => ({ date: d.date, started: d.started, total: employmentForms.reduce((a, f) => a + d.started[f], 0) })),
      }
    },
  )

  /** The county asked about: a county officer's own (another one is not found), or one of the city's. */
  app.get(
    '/reports/local-carriers',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'Local employment (在乡创业就业) by carrier — 公益岗位, 帮扶车间, 零工, 自主创业, 本地企业 — against the year’s local target',
        querystring: Type.Object(
          {
            period: Type.Enum(periodKinds, { default: 'ytd', description: 'xun (旬), month, quarter or ytd (year to date)' }),
            date: Type.Optional(Type.String({ format: 'date', description: 'a day inside the period (default: today, Asia/Shanghai)' })),
            county: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            period: PeriodView,
            rows: Type.Array(
              Type.Object({
                regionCode: Type.String(),
                regionName: Type.String(),
                carriers: Type.Array(Type.Object({ carrier: Type.Enum(carriers), name: Type.String(), all: Type.Integer(), poverty: Type.Integer() })),
                total: Type.Object({ all: Type.Integer(), poverty: Type.Integer() }),
                target: Type.Object({ all: Nullable(Type.Integer()), poverty: Nullable(Type.Integer()) }),
                completionBp: Type.Object({ all: Bp, poverty: Bp }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const today = shanghaiToday()
      const period = periodContaining(request.query.period, request.query.date ?? today)
      assertBegun(period, today)
      const county = countyOf(request, request.query.county)
      const counted = countCarriers(app.sqlite, period.start, period.end < today ? period.end : today)
      const targets = targetsFor(scope, Number(period.end.slice(0, 4)))
      const regions = county ? scope.counties.filter((c) => c.code === county) : [scope.city, ...scope.counties]
      return {
        period,
        rows: regions.map((region) => {
          const mine = counted.filter((r) => region.level === 'city' || r.countyCode === region.code)
          const per = carriers.map((carrier) => {
            const rows = mine.filter((r) => r.carrier === carrier)
            return { carrier, name: carrierNames[carrier], all: rows.reduce((a, r) => a + r.all, 0), poverty: rows.reduce((a, r) => a + r.poverty, 0) }
          })
          const total = { all: per.reduce((a, r) => a + r.all, 0), poverty: per.reduce((a, r) => a + r.poverty, 0) }
          const target = targets.get(region.code)?.local ?? { all: null, poverty: null }
          return {
            regionCode: region.code,
            regionName: region.name,
            carriers: per,
            total,
            target,
            completionBp: { all: completion(total.all, target.all), poverty: completion(total.poverty, target.poverty) },
          }
        }),
      }
    },
  )

  function countyOf(request: FastifyRequest, asked: string | undefined): string | undefined {
    const { caller } = request
    if (caller.role === 'county_officer') {
      if (asked && asked !== caller.scope) throw new RegionNotFoundError(asked)
      return caller.scope!
    }
    if (asked && !app.regions.isLocal(asked, 'county')) throw new BadRequestError(`querystring.county ${asked} 不是 ${scope.city.code} 下的县`)
    return asked
  }

  /** Every township of the county, with or without anyone counted, in code order. */
  function townshipFigures(county: string, period: Period, today: string) {
    const { asOf, end, start } = buildTownships(scope, period, county, today)
    const figures = app.regions
      .children(county)
      .map((t) => ({ code: t.code, name: t.name, end: end.get(t.code) ?? emptyCounts(), start: start.get(t.code) ?? emptyCounts() }))
    return { asOf, figures }
  }

  function targetsView(year: number) {
    const set = new Set(q.targetsOfYear(app.db, year).map((t) => `${t.regionCode}|${t.category}|${t.group}`))
    const resolved = targetsFor(scope, year)
    return {
      year,
      targets: [scope.city, ...scope.counties].flatMap((region) =>
        (['rural_employment', 'in_province', 'cross_province', 'local'] as const).flatMap((category) =>
          groups.map((group) => ({
            regionCode: region.code,
            category,
            group,
            target: resolved.get(region.code)?.[category][group] ?? null,
            source: set.has(`${region.code}|${category}|${group}`) ? ('set' as const) : ('default' as const),
          })),
        ),
      ),
    }
  }
}

export default routes
