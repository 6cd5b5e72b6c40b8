import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { recordAudit } from '../auth/audit'
import { areaPrefix } from '../auth/caller'
import { shanghaiToday } from '../calendar'
import { BadRequestError, BatchNotFoundError, RegionNotFoundError } from '../errors'
import { DateString, IdParams, Nullable } from '../http/schemas'
import { XLSX_TYPE, attachment, csvStream, xlsxStream } from '../sheets/index'
import { approveBatch, batchRule, batchRules, cancelBatch, markPaid, rollSheet, ruleLines, statusWords } from './batches'
import { lineStatuses } from './evaluate'
import { ruleTitle } from './guide'
import * as q from './queries'
import { batchStatuses, type SubsidyBatch } from './schema'

const granters = ['city_admin', 'county_officer'] as const
const Area = Type.String({ pattern: '^[0-9]{4}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?$', description: 'county (6), township (9) or village (12) code; default the caller’s area' })
const Year = Type.Integer({ minimum: 2000, maximum: 2100, description: 'subsidy year; default the year of asOf' })

const RuleSummary = Type.Object({ id: Type.String(), title: Type.String(), section: Type.String(), wording: Type.String({ description: 'the plan’s sentence' }) })

const BatchView = Type.Object({
  id: Type.Integer(),
  area: Type.String(),
  areaName: Type.String(),
  rule: RuleSummary,
  year: Type.Integer(),
  asOf: Type.String(),
  status: Type.Enum(batchStatuses),
  statusText: Type.String(),
  people: Type.Integer(),
  total: Type.Integer({ description: '元' }),
  note: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  paidAt: Nullable(Type.String({ format: 'date-time' })),
  cancelledAt: Nullable(Type.String({ format: 'date-time' })),
  cancelReason: Nullable(Type.String()),
  lines: Type.Array(Type.Object({ grantId: Type.Integer(), key: Type.String(), laborerId: Type.Integer(), amount: Type.Integer() })),
})

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/**
 * Batch grants (发放批次) and their payment rolls (发放花名册): a county officer picks a
 * laborer cash rule and a year, sees who the rules engine finds due, approves them at
 * once, exports the roll to sign, marks it paid, or cancels it before payment.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode

  const areaOf = (request: FastifyRequest, asked: string | undefined): string => {
    const own = areaPrefix(request.caller, city)!
    const area = asked ?? own
    if (!area.startsWith(own) || !area.startsWith(city) || !app.regions.get(area)) throw new RegionNotFoundError(area)
    return area
  }

  const loadBatch = (request: FastifyRequest, id: number): SubsidyBatch => {
    const batch = q.getBatch(app.db, id)
    if (!batch || !batch.scopeCode.startsWith(areaPrefix(request.caller, city)!)) throw new BatchNotFoundError(id)
    return batch
  }

  const ruleSummary = (ruleId: string) => {
    const rule = batchRule(ruleId)
    return { id: rule.id, title: ruleTitle(rule.id), section: rule.section, wording: rule.wording }
  }

  const view = (b: SubsidyBatch) => ({
    id: b.id,
    area: b.scopeCode,
    areaName: app.regions.fullName(b.scopeCode),
    rule: ruleSummary(b.ruleId),
    year: b.year,
    asOf: b.asOf,
    status: b.status,
    statusText: statusWords[b.status],
    people: b.people,
    total: b.total,
    note: b.note,
    createdAt: iso(b.createdAt)!,
    paidAt: iso(b.paidAt),
    cancelledAt: iso(b.cancelledAt),
    cancelReason: b.cancelReason,
    lines: b.lines,
  })

  const dayAndYear = (asOf: string | undefined, year: number | undefined) => {
    const today = shanghaiToday()
    const day = asOf ?? today
    if (day > today) throw new BadRequestError(`asOf ${day} 晚于今天（${today}）`)
    return { asOf: day, year: year ?? Number(day.slice(0, 4)) }
  }

  app.get(
    '/subsidies/batches/rules',
    {
      config: { access: granters },
      schema: { tags: ['subsidies'], summary: 'The rules a batch can pay (cash to laborers), with the plan’s wording', response: { 200: Type.Array(RuleSummary) } },
    },
    async () => batchRules().map((r) => ruleSummary(r.id)),
  )

  app.get(
    '/subsidies/batches/eligible',
    {
      config: { access: granters },
      schema: {
        tags: ['subsidies'],
        summary: 'Who the rules engine finds due for one rule and year in the caller’s area (writes nothing)',
        querystring: Type.Object(
          { ruleId: Type.String({ minLength: 1, maxLength: 100 }), year: Type.Optional(Year), asOf: Type.Optional(DateString), area: Type.Optional(Area) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            rule: RuleSummary,
            area: Type.String(),
            areaName: Type.String(),
            year: Type.Integer(),
            asOf: Type.String(),
            counts: Type.Record(Type.String(), Type.Integer(), { description: 'lines by status' }),
            due: Type.Object({ people: Type.Integer(), total: Type.Integer({ description: '元' }) }),
            lines: Type.Array(
              Type.Object({
                laborerId: Type.Integer(),
                name: Type.String(),
                idNumber: Type.String({ description: 'masked' }),
                village: Type.String(),
                key: Type.String(),
                status: Type.Enum(lineStatuses),
                amount: Type.Integer(),
                reasons: Type.Array(Type.String()),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const rule = ruleSummary(request.query.ruleId)
      const area = areaOf(request, request.query.area)
      const { asOf, year } = dayAndYear(request.query.asOf, request.query.year)
      const found = ruleLines(app.db, area, rule.id, year, asOf)
      const counts: Record<string, number> = Object.fromEntries(lineStatuses.map((s) => [s, 0]))
      for (const c of found) counts[c.line.status]++
      const due = found.filter((c) => c.line.status === 'due' && c.line.amount > 0)
      return {
        rule,
        area,
        areaName: app.regions.fullName(area),
        year,
        asOf,
        counts,
        due: { people: new Set(due.map((c) => c.laborer.id)).size, total: due.reduce((s, c) => s + c.line.amount, 0) },
        lines: found.map(({ laborer, line }) => ({
          laborerId: laborer.id,
          name: laborer.name,
          idNumber: laborer.idMasked,
          village: app.regions.fullName(laborer.villageCode).replace(app.regions.fullName(city), ''),
          key: line.key,
          status: line.status,
          amount: line.amount,
          reasons: line.reasons,
        })),
      }
    },
  )

  app.post(
    '/subsidies/batches',
    {
      config: { access: granters },
      schema: {
        tags: ['subsidies'],
        summary: 'Approve a batch: grant the due lines of one rule and year (all, or the laborers listed) in one transaction',
        body: Type.Object(
          {
            ruleId: Type.String({ minLength: 1, maxLength: 100 }),
            year: Type.Optional(Year),
            asOf: Type.Optional(DateString),
            area: Type.Optional(Area),
            laborerIds: Type.Optional(Type.Array(IdParams.properties.id, { minItems: 1, maxItems: 20_000, uniqueItems: true })),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: BatchView },
      },
    },
    async (request, reply) => {
      const { ruleId, laborerIds, note } = request.body
      batchRule(ruleId)
      const area = areaOf(request, request.body.area)
      const { asOf, year } = dayAndYear(request.body.asOf, request.body.year)
      const batch = approveBatch(app.db, request.caller, { area, ruleId, year, asOf, laborerIds, note: note ?? '' })
      return reply.status(201).send(view(batch))
    },
  )

  app.get(
    '/subsidies/batches',
    {
      config: { access: granters },
      schema: {
        tags: ['subsidies'],
        summary: 'Batches of the caller’s area, newest first',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }, { additionalProperties: false }),
        response: { 200: Type.Array(BatchView) },
      },
    },
    async (request) => q.listBatches(app.db, areaPrefix(request.caller, city)!, request.query.limit).map(view),
  )

  app.get(
    '/subsidies/batches/:id',
    {
      config: { access: granters },
      schema: { tags: ['subsidies'], summary: 'One batch with its grants', params: IdParams, response: { 200: BatchView } },
    },
    async (request) => view(loadBatch(request, request.params.id)),
  )

  app.get(
    '/subsidies/batches/:id/roll',
    {
      config: { access: granters },
      schema: {
        tags: ['subsidies'],
        summary: 'The batch’s payment roll (发放花名册) as .xlsx or CSV (UTF-8 with BOM): Chinese headers, a total row, signature lines',
        description: 'ID numbers masked unless `reveal=true&reason=…` (audit-logged).',
        params: IdParams,
        querystring: Type.Object(
          {
            format: Type.Optional(Type.Enum(['xlsx', 'csv'])),
            reveal: Type.Optional(Type.Boolean({ description: 'full ID numbers (audit-logged)' })),
            reason: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const batch = loadBatch(request, request.params.id)
      const reveal = Boolean(request.query.reveal)
      if (reveal) {
        const reason = request.query.reason?.trim()
        if (!reason || reason.length < 2) throw new BadRequestError('querystring.reason 为必填项（reveal=true 时）')
        recordAudit(app.db, request.caller, { action: 'reveal_pii', subjectType: 'subsidy_batch', subjectId: batch.id, reason })
      }
      const spec = rollSheet(
        app.db,
        batch,
        { fullName: (code) => app.regions.fullName(code), name: (code) => app.regions.get(code)?.name ?? '' },
        (cipher) => (reveal ? app.pii.decrypt(cipher) : null),
        shanghaiToday(),
      )
      const file = `发放花名册-批次${batch.id}-${ruleTitle(batch.ruleId)}-${batch.year}`
      reply.header('cache-control', 'no-store')
      if (request.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`${file}.csv`)).send(csvStream(spec))
      }
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`${file}.xlsx`)).send(xlsxStream(spec))
    },
  )

  app.post(
    '/subsidies/batches/:id/paid',
    {
      config: { access: granters },
      schema: { tags: ['subsidies'], summary: 'Record that the signed roll was paid: the batch can no longer be cancelled', params: IdParams, response: { 200: BatchView } },
    },
    async (request) => view(markPaid(app.db, loadBatch(request, request.params.id))),
  )

  app.post(
    '/subsidies/batches/:id/cancel',
    {
      config: { access: granters },
      schema: {
        tags: ['subsidies'],
        summary: 'Cancel a batch before payment: its grants leave the ledger (the same people can be paid by a later batch)',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 300 }) }, { additionalProperties: false }),
        response: { 200: BatchView },
      },
    },
    async (request) => {
      const batch = loadBatch(request, request.params.id)
      return view(cancelBatch(app.db, request.caller, batch, request.body.reason.trim()))
    },
  )
}

export default routes
