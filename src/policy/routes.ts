import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static, type TSchema } from 'typebox'
import type { Caller } from '../auth/caller'
import {
  AlreadyGrantedError,
  BadRequestError,
  NotDueError,
  SubsidyLineNotFoundError,
} from '../errors'
import { DateString, IdParams, Nullable } from '../http/schemas'
import { shanghaiToday } from '../calendar'
import { laborerInScope } from '../laborers/index'
import { evaluate, lineStatuses, type Line } from './evaluate'
import {
  beneficiaryKinds,
  EmployerFacts,
  IncubationBaseFacts,
  IntermediaryFacts,
  LaborerFacts,
  ProviderFacts,
  type BeneficiaryKind,
  type FactsOf,
} from './facts'
import { params2022, RuleParams } from './params'
import * as q from './queries'
import { rules2022 } from './rules-2022'
import { linesFor as statementLines } from './statements'
import { beneficiaryEmployerInScope, incubationBaseInScope, intermediaryInScope, providerInScope } from './scope'
import { transaction } from '../db/transaction'
import { areaPrefix } from '../auth/caller'
import { transportClaims } from './claims'

const FactValue = Nullable(Type.Union([Type.Number(), Type.String(), Type.Boolean()]))
const LineView = Type.Object({
  ruleId: Type.String(),
  version: Type.String(),
  section: Type.String({ description: 'where in plan §二(三)' }),
  key: Type.String({ description: 'what is paid for; grant with this key' }),
  benefit: Type.Enum(['cash', 'interest_subsidy', 'tax_deduction', 'credit', 'support']),
  status: Type.Enum(lineStatuses),
  amount: Type.Integer({ description: '元' }),
  cap: Nullable(Type.Integer()),
  facts: Type.Record(Type.String(), FactValue),
  reasons: Type.Array(Type.String()),
})
const Totals = Type.Object({ due: Type.Integer(), granted: Type.Integer(), pending: Type.Integer({ description: 'number of pending lines' }) })
const Statement = Type.Object({
  beneficiary: Type.Object({ kind: Type.Enum(beneficiaryKinds), id: Type.Integer() }),
  asOf: Type.String(),
  year: Type.Integer(),
  version: Type.String(),
  totals: Totals,
  lines: Type.Array(LineView),
})
const StatementQuery = Type.Object(
  {
    asOf: Type.Optional(DateString),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'subsidy year; defaults to the year of asOf' })),
  },
  { additionalProperties: false },
)

const GrantRecordBody = Type.Object(
  { key: Type.String({ maxLength: 200 }), ruleId: Type.String({ maxLength: 100 }), amount: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
)
const whatIf = (kind: BeneficiaryKind, facts: TSchema) =>
  Type.Object(
    {
      beneficiary: Type.Literal(kind),
      facts,
      asOf: Type.Optional(DateString),
      year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
      params: Type.Optional(Type.Partial(RuleParams)),
      granted: Type.Optional(Type.Array(GrantRecordBody, { maxItems: 20_000 })),
    },
    { additionalProperties: false },
  )
const EvaluateBody = Type.Union([
  whatIf('laborer', LaborerFacts),
  whatIf('employer', EmployerFacts),
  whatIf('provider', ProviderFacts),
  whatIf('intermediary', IntermediaryFacts),
  whatIf('incubation_base', IncubationBaseFacts),
])

const GrantBody = Type.Object(
  {
    beneficiaryKind: Type.Enum(beneficiaryKinds),
    beneficiaryId: IdParams.properties.id,
    ruleId: Type.String({ minLength: 1, maxLength: 100 }),
    key: Type.String({ minLength: 1, maxLength: 200, description: 'the key of a due line' }),
    asOf: Type.Optional(Type.String({ format: 'date', description: 'evaluate as of this day (not after today); default today' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
)
const GrantView = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  ruleId: Type.String(),
  version: Type.String(),
  beneficiaryKind: Type.Enum(beneficiaryKinds),
  beneficiaryId: Type.Integer(),
  amount: Type.Integer(),
  facts: Type.Record(Type.String(), Type.Unknown()),
  note: Type.String(),
  grantedAt: Type.String({ format: 'date-time' }),
})

const RuleView = Type.Object({
  id: Type.String(),
  section: Type.String(),
  wording: Type.String(),
  beneficiary: Type.Enum(beneficiaryKinds),
  benefit: Type.String(),
  cap: Nullable(Type.Integer()),
  conditions: Type.Array(
    Type.Object({ fact: Type.String(), op: Type.String(), value: Type.Unknown(), says: Type.String(), pendingWhile: Type.Optional(Type.String()) }),
  ),
  replaces: Type.Array(Type.String()),
  readings: Type.Array(Type.String()),
})

const areaOfficials = ['city_admin', 'county_officer', 'township_staff', 'village_agent'] as const
const granters = ['city_admin', 'county_officer'] as const

function totals(lines: Line[]) {
  return {
    due: lines.filter((l) => l.status === 'due').reduce((s, l) => s + l.amount, 0),
    granted: lines.filter((l) => l.status === 'granted').reduce((s, l) => s + l.amount, 0),
    pending: lines.filter((l) => l.status === 'pending').length,
  }
}

/** Subsidy statements per beneficiary, what-if evaluation, and the grants ledger. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode

  /** The beneficiary's facts if the caller may see it; 404 otherwise. */
  const factsFor = <K extends BeneficiaryKind>(caller: Caller, kind: K, id: number): FactsOf[K] => {
    switch (kind) {
      case 'laborer': {
        const laborer = laborerInScope(app.db, caller, city, id)
        return q.laborerFacts(app.db, laborer) as FactsOf[K]
      }
      case 'employer':
        return q.employerFacts(app.db, beneficiaryEmployerInScope(app.db, caller, city, id)) as FactsOf[K]
      case 'provider':
        return q.providerFacts(app.db, providerInScope(app.db, caller, city, id)) as FactsOf[K]
      case 'intermediary':
        return q.intermediaryFacts(app.db, intermediaryInScope(app.db, caller, city, id)) as FactsOf[K]
      default:
        return q.incubationBaseFacts(app.db, incubationBaseInScope(app.db, caller, city, id)) as FactsOf[K]
    }
  }

  const linesFor = <K extends BeneficiaryKind>(kind: K, facts: FactsOf[K], asOf: string, year: number | undefined): Line[] =>
    statementLines(app.db, kind, facts, asOf, year)

  const statementRoute = (path: string, kind: BeneficiaryKind, access: readonly (typeof areaOfficials[number] | 'employer')[], summary: string) =>
    app.get(
      path,
      {
        config: { access },
        schema: { tags: ['subsidies'], summary, params: IdParams, querystring: StatementQuery, response: { 200: Statement } },
      },
      async (request) => {
        const asOf = request.query.asOf ?? shanghaiToday()
        const year = request.query.year ?? Number(asOf.slice(0, 4))
        const lines = linesFor(kind, factsFor(request.caller, kind, request.params.id), asOf, year)
        return { beneficiary: { kind, id: request.params.id }, asOf, year, version: params2022.version, totals: totals(lines), lines }
      },
    )

  statementRoute('/subsidies/laborers/:id', 'laborer', areaOfficials, 'Subsidies due, granted and pending for a laborer')
  statementRoute('/subsidies/employers/:id', 'employer', [...areaOfficials, 'employer'], 'Subsidies, rewards and support for an employer')
  statementRoute('/subsidies/providers/:id', 'provider', areaOfficials, 'Training and evaluation subsidies for a provider')
  statementRoute('/subsidies/intermediaries/:id', 'intermediary', areaOfficials, 'Job-introduction subsidies for an intermediary')
  statementRoute('/subsidies/incubation-bases/:id', 'incubation_base', areaOfficials, 'The one-off reward for an incubation base')

  app.get(
    '/subsidies/transport-claims',
    {
      config: { access: ['city_admin', 'county_officer', 'township_staff'] },
      schema: {
        tags: ['subsidies'],
        summary:
          'Transport-subsidy claims of self-found work (自主就业 路费补贴, 800 / 300 元) in the caller’s area: every self-found job of form 省外务工 or 省内县外务工 that took effect in the year, with what the rules engine says of it (pending until a township verifies it; verify with POST /employments/{id}/verify)',
        querystring: Type.Object(
          {
            year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'default: this year' })),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Array(
            Type.Object({
              recordId: Type.Integer(),
              laborerId: Type.Integer(),
              name: Type.String(),
              villageCode: Type.String(),
              villageName: Type.String(),
              form: Type.String(),
              formLabel: Type.String(),
              employerName: Type.String(),
              startDate: Type.String(),
              verified: Type.Boolean(),
              ruleId: Type.String(),
              ruleTitle: Type.String(),
              status: Type.Enum(lineStatuses),
              statusLabel: Type.String({ description: '符合条件，待发放 / 已发放 / 待乡镇核实 / 不符合条件' }),
              amount: Type.Integer({ description: '元 due or granted' }),
              cap: Nullable(Type.Integer()),
              reasons: Type.Array(Type.String(), { description: 'conditions not met, in Chinese' }),
            }),
          ),
        },
      },
    },
    async (request) => {
      const asOf = shanghaiToday()
      const year = request.query.year ?? Number(asOf.slice(0, 4))
      return transportClaims(app.db, areaPrefix(request.caller, city)!, year, asOf, request.query.limit).map((c) => ({
        ...c,
        villageName: app.regions.fullName(c.villageCode),
      }))
    },
  )

  app.get(
    '/subsidies/rules',
    {
      config: { access: [...areaOfficials, 'employer'] },
      schema: {
        tags: ['subsidies'],
        summary: 'The rules of plan §二(三) in force, with their wording, conditions and parameters',
        response: { 200: Type.Object({ version: Type.String(), params: RuleParams, rules: Type.Array(RuleView) }) },
      },
    },
    async () => ({
      version: params2022.version,
      params: params2022,
      rules: rules2022(params2022).map((r) => ({
        id: r.id,
        section: r.section,
        wording: r.wording,
        beneficiary: r.beneficiary,
        benefit: r.benefit,
        cap: r.cap,
        conditions: r.conditions.map((c) => ({ ...c })),
        replaces: r.replaces ?? [],
        readings: r.readings,
      })),
    }),
  )

  app.post(
    '/subsidies/evaluate',
    {
      config: { access: [...areaOfficials, 'employer'] },
      schema: {
        tags: ['subsidies'],
        summary: 'What-if: evaluate the rules on facts given in the body (writes nothing)',
        body: EvaluateBody,
        response: { 200: Type.Object({ asOf: Type.String(), version: Type.String(), totals: Totals, lines: Type.Array(LineView) }) },
      },
    },
    async (request) => {
      const body = request.body as Static<typeof EvaluateBody>
      const asOf = body.asOf ?? shanghaiToday()
      const params = { ...params2022, ...body.params }
      const lines = evaluate(body.beneficiary, body.facts as never, { asOf, year: body.year, params, granted: body.granted ?? [] })
      return { asOf, version: params.version, totals: totals(lines), lines }
    },
  )

  app.get(
    '/subsidies/grants',
    {
      config: { access: [...areaOfficials, 'employer'] },
      schema: {
        tags: ['subsidies'],
        summary: 'The ledger entries of one beneficiary',
        querystring: Type.Object(
          { beneficiaryKind: Type.Enum(beneficiaryKinds), beneficiaryId: IdParams.properties.id },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(GrantView) },
      },
    },
    async (request) => {
      const { beneficiaryKind, beneficiaryId } = request.query
      // Loading the facts is the scope check: out of the caller's reach is 404.
      factsFor(request.caller, beneficiaryKind, beneficiaryId)
      return q.listGrants(app.db, beneficiaryKind, beneficiaryId).map((g) => ({ ...g, grantedAt: new Date(g.grantedAt).toISOString() }))
    },
  )

  app.post(
    '/subsidies/grants',
    {
      config: { access: granters },
      schema: {
        tags: ['subsidies'],
        summary: 'Grant a due line: writes it to the ledger; the same key can never be paid twice (409)',
        body: GrantBody,
        response: { 201: GrantView },
      },
    },
    async (request, reply) => {
      const { beneficiaryKind, beneficiaryId, ruleId, key, note } = request.body
      const today = shanghaiToday()
      const asOf = request.body.asOf ?? today
      // Facts of a day not yet come (six months kept, a year running) cannot be paid for.
      if (asOf > today) throw new BadRequestError(`body.asOf ${asOf} 晚于今天（${today}）`)
      const grant = transaction(app.db, () => {
        const lines = linesFor(beneficiaryKind, factsFor(request.caller, beneficiaryKind, beneficiaryId), asOf, undefined)
        const line = lines.find((l) => l.ruleId === ruleId && l.key === key)
        if (!line) throw new SubsidyLineNotFoundError(`${ruleId} ${key}（${beneficiaryKind} ${beneficiaryId}）`)
        if (line.status === 'granted') throw new AlreadyGrantedError(`${key} 已按 ${ruleId} 发放过`)
        if (line.status !== 'due') throw new NotDueError(`${ruleId} ${key} 当前为 ${line.status}：${line.reasons.join('；')}`)
        const inserted = q.insertGrant(app.db, {
          key,
          ruleId,
          version: line.version,
          beneficiaryKind,
          beneficiaryId,
          amount: line.amount,
          facts: line.facts,
          note: note ?? '',
          tokenId: request.caller.tokenId,
          grantedAt: Date.now(),
        })
        if (!inserted) throw new AlreadyGrantedError(`${key} 已在发放台账中`)
        return inserted
      })
      return reply.status(201).send({ ...grant, grantedAt: new Date(grant.grantedAt).toISOString() })
    },
  )
}

export default routes
