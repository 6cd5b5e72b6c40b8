import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Caller } from '../auth/caller'
import { BadRequestError, DuplicateError } from '../errors'
import { ContactPhone, IdParams, Nullable } from '../http/schemas'
import { reindexEmployerJobs } from '../jobs/index'
import { isValidCreditCode } from './credit-code'
import * as q from './queries'
import { employerInScope, employerManaged, managesPlace, placeRefusal } from './scope'
import { sizeClasses, type Employer } from './schema'
import { transaction } from '../db/transaction'

const EmployerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    creditCode: Type.String({ minLength: 18, maxLength: 18, description: '统一社会信用代码, check character validated' }),
    sizeClass: Type.Enum(sizeClasses),
    regionCode: Type.String({ pattern: '^[0-9]{2}([0-9]{2}([0-9]{2})?)?$', description: 'province, city or county code' }),
    contactName: Type.Optional(Type.String({ maxLength: 50 })),
    contactPhone: Type.Optional(Type.Union([ContactPhone, Type.Literal('')])),
  },
  { additionalProperties: false },
)

export const EmployerView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  creditCode: Type.String(),
  sizeClass: Type.Enum(sizeClasses),
  regionCode: Type.String(),
  regionName: Type.String(),
  contactName: Type.String(),
  contactPhone: Type.String(),
  stationId: Nullable(Type.Integer({ description: 'the out-of-province station that registered it (岗位收集); null: the city or a county' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})

const managers = ['city_admin', 'county_officer'] as const
/** Stations register employers of their own city (岗位收集) and see only those. */
const writers = [...managers, 'station_operator'] as const

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const view = (e: Employer) => ({
    ...e,
    regionName: regionName(e.regionCode),
    createdAt: new Date(e.createdAt).toISOString(),
    updatedAt: new Date(e.updatedAt).toISOString(),
  })
  const regionName = (code: string) => {
    const names = []
    for (let r = app.regions.get(code); r; r = r.parentCode ? app.regions.get(r.parentCode) : undefined) names.unshift(r.name)
    return [...new Set(names)].join('')
  }
  const check = (body: { creditCode?: string; regionCode?: string }) => {
    if (body.creditCode !== undefined && !isValidCreditCode(body.creditCode)) {
      throw new BadRequestError('body.creditCode 不是有效的统一社会信用代码（校验位不符）')
    }
    if (body.regionCode !== undefined) {
      const level = app.regions.get(body.regionCode)?.level
      if (level !== 'province' && level !== 'city' && level !== 'county') {
        throw new BadRequestError(`body.regionCode ${body.regionCode} 不是中国的省、市或县`)
      }
    }
  }
  const visible = (caller: Caller, id: number) => employerInScope(app.db, caller, id)

  app.post(
    '/employers',
    {
      config: { access: writers },
      schema: { tags: ['employers'], summary: 'Register a partner employer (a station operator: in its station’s city, seen only by that station)', body: EmployerBody, response: { 201: EmployerView } },
    },
    async (request, reply) => {
      check(request.body)
      if (!managesPlace(app.db, request.caller, app.config.cityCode, request.body.regionCode)) {
        throw new BadRequestError(placeRefusal(request.caller, 'body.regionCode', request.body.regionCode))
      }
      if (q.findEmployerByCreditCode(app.db, request.body.creditCode)) {
        throw new DuplicateError(`统一社会信用代码为 ${request.body.creditCode} 的用人单位已存在`)
      }
      const stationId = request.caller.role === 'station_operator' ? Number(request.caller.scope) : null
      const employer = q.createEmployer(app.db, { contactName: '', contactPhone: '', ...request.body, stationId })
      return reply.status(201).send(view(employer))
    },
  )

  app.get(
    '/employers',
    {
      config: { access: [...writers, 'employer'] },
      schema: {
        tags: ['employers'],
        summary: 'Partner employers (an employer token sees only its own; a station operator those its station registered)',
        querystring: Type.Object(
          {
            afterId: Type.Integer({ minimum: 0, default: 0, description: 'keyset pagination: last id of the previous page' }),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(EmployerView) },
      },
    },
    async (request) => {
      const { role, scope } = request.caller
      const onlyId = role === 'employer' ? Number(scope) : undefined
      const stationId = role === 'station_operator' ? Number(scope) : undefined
      return q.listEmployers(app.db, { ...request.query, onlyId, stationId }).map(view)
    },
  )

  app.get(
    '/employers/:id',
    {
      config: { access: [...writers, 'employer'] },
      schema: { tags: ['employers'], summary: 'One employer', params: IdParams, response: { 200: EmployerView } },
    },
    async (request) => view(visible(request.caller, request.params.id)),
  )

  app.patch(
    '/employers/:id',
    {
      config: { access: [...writers, 'employer'] },
      schema: {
        tags: ['employers'],
        summary: 'Change an employer (an employer token: only its own)',
        params: IdParams,
        body: Type.Partial(EmployerBody, { additionalProperties: false }),
        response: { 200: EmployerView },
      },
    },
    async (request) => {
      const current = employerManaged(app.db, request.caller, app.config.cityCode, request.params.id)
      check(request.body)
      if (request.body.regionCode !== undefined && !managesPlace(app.db, request.caller, app.config.cityCode, request.body.regionCode)) {
        throw new BadRequestError(placeRefusal(request.caller, 'body.regionCode', request.body.regionCode))
      }
      const { creditCode } = request.body
      if (creditCode && creditCode !== current.creditCode && q.findEmployerByCreditCode(app.db, creditCode)) {
        throw new DuplicateError(`统一社会信用代码为 ${creditCode} 的用人单位已存在`)
      }
      const updated = transaction(app.sqlite, () => {
        const row = q.updateEmployer(app.db, current.id, request.body)!
        // The employer's name is part of its postings' search text.
        if (request.body.name && request.body.name !== current.name) reindexEmployerJobs(app.db, current.id)
        return row
      })
      return view(updated)
    },
  )
}

export default routes
