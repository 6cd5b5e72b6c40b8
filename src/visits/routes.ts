import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { areaRoles, inArea, type Caller } from '../auth/caller'
import { transaction } from '../db/transaction'
import { RegionNotFoundError } from '../errors'
import { DateString, IdParams, Nullable } from '../http/schemas'
import { laborerInScope } from '../laborers/index'
import { shanghaiToday } from '../calendar'
import { recordVisit, visitsOf } from './records'
import { townshipTable, villageRoster } from './table'
import { visitMethodLabels, visitMethods, visitOutcomeLabels, visitOutcomes, type Visit } from './schema'

const ClientId = Type.String({
  pattern: '^[0-9A-Za-z_-]{8,64}$',
  description: 'client-generated id (a UUID) of an offline-queued change: sent again, the visit is recorded once and the first answer is repeated (200)',
})

const VisitBody = Type.Object(
  {
    visitDate: DateString,
    method: Type.Enum(visitMethods, { description: Object.entries(visitMethodLabels).map(([k, v]) => `${k} ${v}`).join(', ') }),
    outcome: Type.Enum(visitOutcomes, { description: Object.entries(visitOutcomeLabels).map(([k, v]) => `${k} ${v}`).join(', ') }),
    visitor: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'who visited (default: the signed-in account)' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    nextVisitDue: Type.Optional(Nullable(DateString)),
    clientId: Type.Optional(ClientId),
  },
  { additionalProperties: false },
)

const VisitView = Type.Object({
  id: Type.Integer(),
  laborerId: Type.Integer(),
  visitDate: Type.String(),
  visitor: Type.String(),
  method: Type.Enum(visitMethods),
  methodLabel: Type.String(),
  outcome: Type.Enum(visitOutcomes),
  outcomeLabel: Type.String(),
  note: Type.String(),
  nextVisitDue: Nullable(Type.String()),
  clientId: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
})

const VillageRowView = Type.Object({
  villageCode: Type.String(),
  villageName: Type.String(),
  laborers: Type.Integer(),
  employed: Type.Integer(),
  employedPercent: Type.Number({ description: 'employed / laborers × 100, one decimal (0 without laborers)' }),
  unemployedWantingWork: Type.Integer({ description: 'unemployed with a destination wish or an availability date' }),
  monitored: Type.Integer({ description: '防返贫监测对象' }),
  visitsOverdue: Type.Integer({ description: 'not visited in 30 days and no later visit planned (超过30天未走访)' }),
})

const RosterRow = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  gender: Type.String(),
  birthDate: Type.String(),
  idNumber: Type.String({ description: 'masked' }),
  phone: Type.String({ description: 'masked' }),
  villageCode: Type.String(),
  povertyStatus: Type.String(),
  employmentStatus: Type.String(),
  trainingWishes: Type.Array(Type.String()),
  destinationWishes: Type.Array(Type.String()),
  skills: Type.Array(Type.Object({ occupation: Type.String(), tags: Type.Array(Type.String()), years: Type.Integer() })),
  expectedWage: Nullable(Type.Integer()),
  availableFrom: Nullable(Type.String()),
  wantsWork: Type.Boolean(),
  lastVisitDate: Nullable(Type.String()),
  visitOverdue: Type.Boolean(),
  currentJob: Nullable(
    Type.Object({
      id: Type.Integer(),
      form: Type.String(),
      employerName: Type.String(),
      placeCode: Nullable(Type.String()),
      startDate: Type.String(),
      verified: Type.Boolean(),
    }),
  ),
  updatedAt: Type.Integer({ description: 'epoch ms of the registry row\'s last change (for the offline copy)' }),
})

const CodeParams = (digits: number) => Type.Object({ code: Type.String({ pattern: `^[0-9]{${digits}}$` }) })

const iso = (ms: number) => new Date(ms).toISOString()

/** Follow-up visits and the workbench's tables (township by village, a village's roster). */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode

  const view = (v: Visit): Static<typeof VisitView> => ({
    id: v.id,
    laborerId: v.laborerId,
    visitDate: v.visitDate,
    visitor: v.visitor,
    method: v.method,
    methodLabel: visitMethodLabels[v.method],
    outcome: v.outcome,
    outcomeLabel: visitOutcomeLabels[v.outcome],
    note: v.note,
    nextVisitDue: v.nextVisitDue,
    clientId: v.clientId,
    createdAt: iso(v.createdAt),
  })

  /** A region of the level inside the caller's area; anything else is as absent as a code that does not exist. */
  const regionInScope = (caller: Caller, code: string, level: 'township' | 'village') => {
    if (!app.regions.isLocal(code, level) || !inArea(caller, city, code)) throw new RegionNotFoundError(code)
    return app.regions.get(code)!
  }

  app.post(
    '/laborers/:id/visits',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['visits'],
        summary: 'Record a follow-up visit (走访/回访); with a clientId sent again, the first answer (200)',
        description: '400 names the field: a visit after today, a next visit due before the visit.',
        params: IdParams,
        body: VisitBody,
        response: { 200: VisitView, 201: VisitView },
      },
    },
    async (request, reply) => {
      const body = request.body
      const result = transaction(app.sqlite, () => {
        const laborer = laborerInScope(app.db, request.caller, city, request.params.id)
        return recordVisit(app.db, laborer, {
          visitDate: body.visitDate,
          visitor: body.visitor ?? request.caller.label,
          method: body.method,
          outcome: body.outcome,
          note: body.note ?? '',
          nextVisitDue: body.nextVisitDue ?? null,
          clientId: body.clientId ?? null,
          tokenId: request.caller.tokenId,
        })
      })
      reply.code(result.created ? 201 : 200)
      return view(result.visit)
    },
  )

  app.get(
    '/laborers/:id/visits',
    {
      config: { access: areaRoles },
      schema: { tags: ['visits'], summary: 'A laborer\'s visits, the latest first', params: IdParams, response: { 200: Type.Array(VisitView) } },
    },
    async (request) => visitsOf(app.db, laborerInScope(app.db, request.caller, city, request.params.id).id).map(view),
  )

  app.get(
    '/townships/:code/villages',
    {
      config: { access: ['city_admin', 'county_officer', 'township_staff'] },
      schema: {
        tags: ['visits'],
        summary: 'The township table of the workbench: per village, laborers, employed %, unemployed wanting work, monitored, visits overdue',
        params: CodeParams(9),
        response: { 200: Type.Array(VillageRowView) },
      },
    },
    async (request) => {
      const township = regionInScope(request.caller, request.params.code, 'township')
      const rows = new Map(townshipTable(app.sqlite, township.code, shanghaiToday()).map((r) => [r.villageCode, r]))
      return app.regions.children(township.code).map((v) => {
        const r = rows.get(v.code) ?? { laborers: 0, employed: 0, unemployedWantingWork: 0, monitored: 0, visitsOverdue: 0 }
        return {
          villageCode: v.code,
          villageName: v.name,
          laborers: r.laborers,
          employed: r.employed,
          employedPercent: r.laborers ? Math.round((r.employed / r.laborers) * 1000) / 10 : 0,
          unemployedWantingWork: r.unemployedWantingWork,
          monitored: r.monitored,
          visitsOverdue: r.visitsOverdue,
        }
      })
    },
  )

  app.get(
    '/villages/:code/laborers',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['visits'],
        summary: 'A village\'s laborers for the agent\'s list and cards (masked data only: safe to keep offline), with current job and visit state',
        params: CodeParams(12),
        response: { 200: Type.Array(RosterRow) },
      },
    },
    async (request, reply) => {
      const village = regionInScope(request.caller, request.params.code, 'village')
      const rows = villageRoster(app.sqlite, village.code, shanghaiToday())
      return reply.type('application/json; charset=utf-8').send(`[${rows.join(',')}]` as unknown as [])
    },
  )
}

export default routes
