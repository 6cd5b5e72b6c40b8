import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { areaPrefix, areaRoles, type Caller } from '../auth/caller'
import { transaction } from '../db/transaction'
import { BadRequestError } from '../errors'
import { DateString, IdParams, Limit, Nullable } from '../http/schemas'
import { laborerInScope } from '../laborers/index'
import { listUnverified } from './queries'
import {
  employmentInScope,
  employmentsOf,
  endEmployment,
  notInFuture,
  recordEmployment,
  verifyEmployment,
} from './records'
import { formContradiction } from './rules'
import {
  employmentForms,
  employmentSourceInfo,
  employmentSources,
  endReasonLabels,
  endReasons,
  formLabels,
  reportableSources,
  type EmploymentRecord,
} from './schema'

/** Who may verify a self-found job: township staff or above. */
export const verifierRoles = ['city_admin', 'county_officer', 'township_staff'] as const

export const ClientId = Type.String({
  pattern: '^[0-9A-Za-z_-]{8,64}$',
  description: 'client-generated id (a UUID) of an offline-queued change: sent again, the change is recorded once and the first answer is repeated (200)',
})

const Form = Type.Enum(employmentForms, {
  description: Object.entries(formLabels).map(([k, v]) => `${k} ${v}`).join(', '),
})
const EndReason = Type.Enum(endReasons, {
  description: Object.entries(endReasonLabels).map(([k, v]) => `${k} ${v}`).join(', '),
})

const EmploymentBody = Type.Object(
  {
    form: Form,
    startDate: DateString,
    placeCode: Type.String({ pattern: '^[0-9]{2}([0-9]{2}){0,2}([0-9]{3}){0,2}$', description: 'division code of the work place (province 2 … village 12 digits); the partner area is derived' }),
    source: Type.Enum(reportableSources, {
      description: `who reported it: ${reportableSources.map((s) => `${s} ${employmentSourceInfo[s].label}`).join(', ')}`,
    }),
    employerId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'a registered employer' }))),
    employerName: Type.Optional(Type.String({ maxLength: 100, description: 'the employer as written, when not registered' })),
    monthlyIncome: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 200_000, description: '元 per month' }))),
    note: Type.Optional(Type.String({ maxLength: 200 })),
    clientId: Type.Optional(ClientId),
  },
  { additionalProperties: false },
)

const EndBody = Type.Object(
  {
    endDate: DateString,
    reason: EndReason,
    note: Type.Optional(Type.String({ maxLength: 200 })),
    clientId: Type.Optional(ClientId),
  },
  { additionalProperties: false },
)

export const EmploymentView = Type.Object({
  id: Type.Integer(),
  laborerId: Type.Integer(),
  villageCode: Type.String(),
  townshipCode: Type.String(),
  countyCode: Type.String(),
  employerId: Nullable(Type.Integer()),
  employerName: Type.String(),
  placeCode: Nullable(Type.String()),
  placeName: Type.String({ description: 'the place in Chinese ("" when unknown)' }),
  partnerArea: Nullable(Type.String()),
  form: Form,
  formLabel: Type.String(),
  startDate: Type.String(),
  endDate: Nullable(Type.String()),
  endReason: Nullable(EndReason),
  endReasonLabel: Nullable(Type.String()),
  endNote: Type.String(),
  monthlyIncome: Nullable(Type.Integer()),
  source: Type.Enum(employmentSources),
  sourceLabel: Type.String(),
  note: Type.String(),
  placementId: Nullable(Type.Integer()),
  clientId: Nullable(Type.String()),
  endClientId: Nullable(Type.String()),
  selfFound: Type.Boolean({ description: 'found by the laborer (自主就业): needs a township verification' }),
  verified: Type.Boolean(),
  verifiedBy: Nullable(Type.Integer()),
  verifiedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})

/** A queue entry says whose job it is: the township checks it with the laborer or the village. */
const QueueItem = Type.Object({
  ...EmploymentView.properties,
  laborerName: Type.String(),
  villageName: Type.String({ description: 'the laborer’s village in Chinese' }),
})

const QueueQuery = Type.Object(
  {
    township: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })),
    limit: Limit,
  },
  { additionalProperties: false },
)

const iso = (ms: number) => new Date(ms).toISOString()

/** Employment records: record, end, list, verify; every laborer inside the caller's area (else 404). */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode

  const view = (r: EmploymentRecord): Static<typeof EmploymentView> => ({
    id: r.id,
    laborerId: r.laborerId,
    villageCode: r.villageCode,
    townshipCode: r.townshipCode,
    countyCode: r.countyCode,
    employerId: r.employerId,
    employerName: r.employerName,
    placeCode: r.placeCode,
    placeName: r.placeCode ? placeName(r.placeCode) : '',
    partnerArea: r.partnerArea,
    form: r.form,
    formLabel: formLabels[r.form],
    startDate: r.startDate,
    endDate: r.endDate,
    endReason: r.endReason,
    endReasonLabel: r.endReason ? endReasonLabels[r.endReason] : null,
    endNote: r.endNote,
    monthlyIncome: r.monthlyIncome,
    source: r.source,
    sourceLabel: employmentSourceInfo[r.source]?.label ?? r.source,
    note: r.note,
    placementId: r.placementId,
    clientId: r.clientId,
    endClientId: r.endClientId,
    selfFound: employmentSourceInfo[r.source]?.selfFound ?? false,
    verified: r.verifiedAt !== null,
    verifiedBy: r.verifiedBy,
    verifiedAt: r.verifiedAt === null ? null : iso(r.verifiedAt),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  })

  function placeName(code: string): string {
    const region = app.regions.get(code)
    if (!region) return ''
    return code.startsWith(city) ? app.regions.fullName(code) : app.regions.placeName(code)
  }

  const isVerifier = (caller: Caller) => (verifierRoles as readonly string[]).includes(caller.role)

  app.post(
    '/laborers/:id/employments',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['employments'],
        summary: 'Record a job of a laborer (自主就业 and others reported; placements record themselves); with a clientId sent again, the first answer (200)',
        description:
          'The laborer\'s employment status follows from the open records. A self-found job recorded by a village agent waits for a township\'s verification (POST /employments/{id}/verify); recorded by township staff or above it is verified at once. 400 names the field: a start after today, a place that is not a division, a form the place contradicts (省外务工 in the province, 县内务工 outside the home county).',
        params: IdParams,
        body: EmploymentBody,
        response: { 200: EmploymentView, 201: EmploymentView },
      },
    },
    async (request, reply) => {
      const body = request.body
      const region = app.regions.get(body.placeCode)
      if (!region) throw new BadRequestError(`body.placeCode（${body.placeCode}）不是有效的行政区划代码`)
      notInFuture('body.startDate', body.startDate, '就业开始日期')
      const result = transaction(app.sqlite, () => {
        const laborer = laborerInScope(app.db, request.caller, city, request.params.id)
        const contradiction = formContradiction(body.form, body.placeCode, laborer.countyCode, city, placeName(body.placeCode))
        if (contradiction) throw new BadRequestError(contradiction)
        return recordEmployment(app.db, laborer, {
          form: body.form,
          startDate: body.startDate,
          source: body.source,
          employerId: body.employerId ?? null,
          employerName: body.employerName ?? null,
          placeCode: body.placeCode,
          monthlyIncome: body.monthlyIncome ?? null,
          note: body.note ?? '',
          clientId: body.clientId ?? null,
          tokenId: request.caller.tokenId,
          verified: isVerifier(request.caller) || undefined,
          cityCode: city,
        })
      })
      reply.code(result.created ? 201 : 200)
      return view(result.record)
    },
  )

  app.get(
    '/laborers/:id/employments',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['employments'],
        summary: 'A laborer\'s jobs, the latest start first (open ones have endDate null)',
        params: IdParams,
        response: { 200: Type.Array(EmploymentView) },
      },
    },
    async (request) => {
      const laborer = laborerInScope(app.db, request.caller, city, request.params.id)
      return employmentsOf(app.db, laborer.id).map(view)
    },
  )

  app.get(
    '/employments/:id',
    {
      config: { access: areaRoles },
      schema: { tags: ['employments'], summary: 'One employment record', params: IdParams, response: { 200: EmploymentView } },
    },
    async (request) => view(employmentInScope(app.db, request.caller, city, request.params.id)),
  )

  app.post(
    '/employments/:id/end',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['employments'],
        summary: 'End a job (务工结束): the laborer\'s status follows, a placement closes, the laborer can be matched again',
        description:
          'Sent again (same clientId, or the same endDate and reason) it answers the record unchanged (200). A record already ended with another date or reason is 409 LL_EMPLOYMENT_ENDED (a newer change on the server: show it, do not overwrite). 400: endDate before the start or after today.',
        params: IdParams,
        body: EndBody,
        response: { 200: EmploymentView },
      },
    },
    async (request) => {
      const body = request.body
      notInFuture('body.endDate', body.endDate, '务工结束日期')
      const result = transaction(app.sqlite, () => {
        const record = employmentInScope(app.db, request.caller, city, request.params.id)
        return endEmployment(app.db, record, {
          endDate: body.endDate,
          reason: body.reason,
          note: body.note ?? '',
          clientId: body.clientId ?? null,
          tokenId: request.caller.tokenId,
        })
      })
      return view(result.record)
    },
  )

  app.post(
    '/employments/:id/verify',
    {
      config: { access: verifierRoles },
      schema: {
        tags: ['employments'],
        summary: 'Verify a self-found job (township staff or above); verifying again changes nothing',
        params: IdParams,
        response: { 200: EmploymentView },
      },
    },
    async (request) => {
      const record = transaction(app.sqlite, () =>
        verifyEmployment(app.db, employmentInScope(app.db, request.caller, city, request.params.id), request.caller.tokenId),
      )
      return view(record)
    },
  )

  app.get(
    '/employments/unverified',
    {
      config: { access: verifierRoles },
      schema: {
        tags: ['employments'],
        summary: 'The queue of self-found jobs waiting for verification in the caller\'s area (optionally one township), oldest first',
        querystring: QueueQuery,
        response: { 200: Type.Array(QueueItem) },
      },
    },
    async (request) => {
      const area = areaPrefix(request.caller, city)!
      const township = request.query.township
      if (township && !township.startsWith(area) && !area.startsWith(township)) return []
      const prefix = township && township.length > area.length ? township : area
      return listUnverified(app.db, prefix, request.query.limit).map(({ record, laborerName }) => ({
        ...view(record),
        laborerName,
        villageName: app.regions.get(record.villageCode)?.name ?? '',
      }))
    },
  )
}

export default routes
