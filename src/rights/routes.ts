import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Caller } from '../auth/caller'
import { shanghaiToday } from '../calendar'
import { transaction } from '../db/transaction'
import { getLaborer } from '../laborers/index'
import { IdParams, Limit, Nullable } from '../http/schemas'
import { maskName } from '../matching/index'
import { laborerForCase, listRightsCases, notesOf, openRightsCase, recordProgress, rightsCaseInScope } from './cases'
import {
  rightsCaseStatuses,
  rightsCaseStatusLabels,
  rightsCaseTypeLabels,
  rightsCaseTypes,
  type RightsCase,
  type RightsCaseNote,
} from './schema'

const Money = Type.Integer({ minimum: 0, maximum: 100_000_000, description: '元' })

const NoteView = Type.Object({
  id: Type.Integer(),
  note: Type.String(),
  status: Nullable(Type.Enum(rightsCaseStatuses)),
  statusLabel: Nullable(Type.String()),
  recoveredDelta: Type.Integer({ description: '元 recovered by this step' }),
  day: Type.String(),
  at: Type.String({ format: 'date-time' }),
})

const CaseView = Type.Object({
  id: Type.Integer(),
  laborerId: Type.Integer(),
  laborerName: Type.String({ description: 'masked (张**) for a station' }),
  countyCode: Type.String(),
  countyName: Type.String(),
  stationId: Nullable(Type.Integer()),
  type: Type.Enum(rightsCaseTypes),
  typeLabel: Type.String(),
  status: Type.Enum(rightsCaseStatuses),
  statusLabel: Type.String(),
  employerName: Type.String(),
  description: Type.String(),
  amountClaimed: Money,
  amountRecovered: Money,
  openedDate: Type.String(),
  resolvedDate: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})
const CaseWithNotes = Type.Object({ ...CaseView.properties, notes: Type.Array(NoteView) })

const openers = ['city_admin', 'county_officer', 'station_operator'] as const
const readers = ['city_admin', 'county_officer', 'township_staff', 'station_operator'] as const

/** 维权: cases of withheld wages, injury, contract disputes and social insurance, from opening to money recovered. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode
  const view = (caller: Caller, c: RightsCase) => {
    const name = getLaborer(app.db, c.laborerId)?.name ?? ''
    return {
      ...c,
      laborerName: caller.role === 'station_operator' ? maskName(name) : name,
      countyName: app.regions.get(c.countyCode)?.name ?? c.countyCode,
      typeLabel: rightsCaseTypeLabels[c.type],
      statusLabel: rightsCaseStatusLabels[c.status],
      createdAt: new Date(c.createdAt).toISOString(),
      updatedAt: new Date(c.updatedAt).toISOString(),
    }
  }
  const noteView = (n: RightsCaseNote) => ({
    ...n,
    statusLabel: n.status ? rightsCaseStatusLabels[n.status] : null,
    at: new Date(n.at).toISOString(),
  })
  const withNotes = (caller: Caller, c: RightsCase) => ({ ...view(caller, c), notes: notesOf(app.db, c.id).map(noteView) })

  app.post(
    '/rights-cases',
    {
      config: { access: openers },
      schema: {
        tags: ['rights'],
        summary: 'Open a rights case (维权) for a laborer: a county officer for a laborer of its county, a station for one dispatched to it',
        body: Type.Object(
          {
            laborerId: Type.Integer({ minimum: 1 }),
            type: Type.Enum(rightsCaseTypes, { description: 'wage_arrears 欠薪, work_injury 工伤, labor_contract 劳动合同纠纷, social_insurance 社保, other 其他' }),
            amountClaimed: Type.Optional(Money),
            employerName: Type.Optional(Type.String({ maxLength: 200 })),
            description: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CaseWithNotes },
      },
    },
    async (request, reply) => {
      const { caller } = request
      const body = request.body
      const created = transaction(app.db, () => {
        const laborer = laborerForCase(app.db, caller, city, body.laborerId)
        return openRightsCase(app.db, laborer, {
          type: body.type,
          amountClaimed: body.amountClaimed ?? 0,
          employerName: body.employerName?.trim() ?? '',
          description: body.description?.trim() ?? '',
          openedDate: shanghaiToday(),
          stationId: caller.role === 'station_operator' ? Number(caller.scope) : null,
          tokenId: caller.tokenId,
        })
      })
      return reply.status(201).send(withNotes(caller, created))
    },
  )

  app.get(
    '/rights-cases',
    {
      config: { access: readers },
      schema: {
        tags: ['rights'],
        summary: 'Rights cases, newest first: a station its own, an official those of laborers of its area',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Enum(rightsCaseStatuses)),
            type: Type.Optional(Type.Enum(rightsCaseTypes)),
            laborerId: Type.Optional(Type.Integer({ minimum: 1 })),
            open: Type.Optional(Type.Boolean({ description: 'only cases not resolved (已解决)' })),
            beforeId: Type.Optional(Type.Integer({ minimum: 1, description: 'keyset pagination: last id of the previous page' })),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(CaseView) },
      },
    },
    async (request) => listRightsCases(app.db, request.caller, city, request.query).map((c) => view(request.caller, c)),
  )

  app.get(
    '/rights-cases/:id',
    {
      config: { access: readers },
      schema: { tags: ['rights'], summary: 'One rights case with its history', params: IdParams, response: { 200: CaseWithNotes } },
    },
    async (request) => withNotes(request.caller, rightsCaseInScope(app.db, request.caller, city, request.params.id)),
  )

  app.post(
    '/rights-cases/:id/progress',
    {
      config: { access: openers },
      schema: {
        tags: ['rights'],
        summary: 'A step of the case: a note, and maybe a new status (受理 / 处理中 / 已解决 / 转交) and the total recovered so far',
        params: IdParams,
        body: Type.Object(
          {
            note: Type.String({ minLength: 1, maxLength: 2000 }),
            status: Type.Optional(Type.Enum(rightsCaseStatuses)),
            amountRecovered: Type.Optional(Type.Integer({ ...Money, description: 'the case’s total recovered so far, 元' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CaseWithNotes },
      },
    },
    async (request) => {
      const { caller } = request
      const updated = transaction(app.db, () => {
        const current = rightsCaseInScope(app.db, caller, city, request.params.id)
        return recordProgress(app.db, current, { ...request.body, day: shanghaiToday(), tokenId: caller.tokenId })
      })
      return withNotes(caller, updated)
    },
  )
}

export default routes
