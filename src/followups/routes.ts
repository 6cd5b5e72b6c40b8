import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Caller } from '../auth/caller'
import { addDays, dayNumber, shanghaiToday } from '../calendar'
import { transaction } from '../db/transaction'
import { endReasons } from '../employments/schema'
import { StationNotFoundError } from '../errors'
import { IdParams, Nullable } from '../http/schemas'
import { getLaborer } from '../laborers/index'
import { maskName } from '../matching/index'
import { getStation } from '../network/index'
import { dueFollowUps, recordFollowUp } from './records'
import { followUpOutcomeLabels, followUpOutcomes, type StationFollowUp } from './schema'

const Month = Type.Union([Type.Literal(1), Type.Literal(3)], { description: 'months after arrival' })

const DueView = Type.Object({
  placementId: Type.Integer(),
  laborerId: Type.Integer(),
  laborerName: Type.String({ description: 'masked (张**)' }),
  groupId: Type.Integer(),
  arrivalDate: Type.String(),
  month: Type.Integer(),
  dueDate: Type.String(),
  overdueDays: Type.Integer({ description: 'days past the due date (0: due today or later)' }),
})

const FollowUpView = Type.Object({
  id: Type.Integer(),
  placementId: Type.Integer(),
  laborerId: Type.Integer(),
  month: Type.Integer(),
  outcome: Type.Enum(followUpOutcomes),
  outcomeLabel: Type.String(),
  note: Type.String(),
  day: Type.String(),
  endedEmploymentId: Nullable(Type.Integer()),
  newEmploymentId: Nullable(Type.Integer()),
})

/** 跟踪服务: a station's follow-ups 1 and 3 months after its laborers arrived, feeding their employment records. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  /** The station `id` if the caller is its operator (or the city); another station's is as absent as a missing one. */
  const stationFor = (caller: Caller, id: number) => {
    const station = getStation(app.db, id)
    if (!station || (caller.role === 'station_operator' && caller.scope !== String(id))) throw new StationNotFoundError(id)
    return station
  }
  const view = (f: StationFollowUp) => ({ ...f, outcomeLabel: followUpOutcomeLabels[f.outcome] })

  app.get(
    '/stations/:id/follow-ups',
    {
      config: { access: ['city_admin', 'station_operator'] },
      schema: {
        tags: ['dispatch'],
        summary: 'Follow-ups due (跟踪服务): laborers who arrived at the station, 1 and 3 months on, not yet recorded',
        params: IdParams,
        querystring: Type.Object(
          { ahead: Type.Integer({ minimum: 0, maximum: 31, default: 7, description: 'also those due within this many days' }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(DueView) },
      },
    },
    async (request) => {
      const station = stationFor(request.caller, request.params.id)
      const today = shanghaiToday()
      return dueFollowUps(app.db, station.id, addDays(today, request.query.ahead)).map((d) => ({
        ...d,
        laborerName: maskName(getLaborer(app.db, d.laborerId)?.name ?? ''),
        overdueDays: Math.max(0, dayNumber(today) - dayNumber(d.dueDate)),
      }))
    },
  )

  app.post(
    '/stations/:id/follow-ups',
    {
      config: { access: ['station_operator'] },
      schema: {
        tags: ['dispatch'],
        summary: 'Record a follow-up: 在岗 / 换岗 (a new employment record) / 离职 or 返乡 (the job’s record ends with the reason)',
        params: IdParams,
        body: Type.Object(
          {
            placementId: Type.Integer({ minimum: 1 }),
            month: Month,
            outcome: Type.Enum(followUpOutcomes, { description: 'in_job 在岗, changed_job 换岗, left 离职, returned_home 返乡' }),
            endReason: Type.Optional(Type.Enum(endReasons, { description: '离职 / 返乡: why (default quit / other)' })),
            employerName: Type.Optional(Type.String({ maxLength: 200, description: '换岗: the new employer (required)' })),
            monthlyIncome: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: '换岗: 元 a month' })),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: FollowUpView, 201: FollowUpView },
      },
    },
    async (request, reply) => {
      const station = stationFor(request.caller, request.params.id)
      const { followUp, created } = transaction(app.db, () =>
        recordFollowUp(app.db, station, { ...request.body, day: shanghaiToday(), tokenId: request.caller.tokenId, cityCode: app.config.cityCode }),
      )
      return reply.status(created ? 201 : 200).send(view(followUp))
    },
  )
}

export default routes
