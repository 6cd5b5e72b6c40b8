import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { areaPrefix, areaRoles, inArea } from '../auth/caller'
import { addMonths, shanghaiToday } from '../calendar'
import { BadRequestError, DuplicateError, OutOfScopeError } from '../errors'
import { employerManaged } from '../employers/index'
import { DateString, IdParams, Limit } from '../http/schemas'
import { laborerInScope } from '../laborers/index'
import { hireAtWorkshop } from './hire'
import * as q from './queries'
import { carrierKinds, type Workshop } from './schema'
import { workshopInScope } from './scope'
import { requireLocalPlace } from '../regions/index'

export const carrierKindNames: Record<Workshop['kind'], string> = {
  assistance_workshop: '帮扶车间',
  community_factory: '社区工厂',
  satellite_factory: '卫星工厂',
}
const povertyNames: Record<string, string> = { poverty_alleviated: '脱贫户', monitored: '防返贫监测对象', ordinary: '一般农户' }

const managers = ['city_admin', 'county_officer'] as const
const WorkshopBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Type.Enum(carrierKinds, { description: '帮扶车间 · 社区工厂 · 卫星工厂' }),
    regionCode: Type.String({ pattern: '^[0-9]{9}([0-9]{3})?$', description: 'township or village where it stands' }),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    operator: Type.String({ minLength: 1, maxLength: 100, description: 'who runs it' }),
    employerId: IdParams.properties.id,
    product: Type.String({ minLength: 1, maxLength: 100, description: 'what it makes or does' }),
    capacity: Type.Integer({ minimum: 1, maximum: 10_000, description: 'work places' }),
  },
  { additionalProperties: false },
)
const WorkshopView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Enum(carrierKinds),
  kindName: Type.String(),
  countyCode: Type.String(),
  regionCode: Type.String(),
  place: Type.String(),
  address: Type.String(),
  operator: Type.String(),
  employerId: Type.Integer(),
  product: Type.String(),
  capacity: Type.Integer(),
  employees: Type.Integer({ description: 'working there today (placements held)' }),
  povertyEmployees: Type.Integer({ description: '脱贫户 and 防返贫监测对象 among them' }),
  povertySharePercent: Type.Integer({ description: 'poverty share of employees, whole percent (0 when nobody works there)' }),
  keptSixMonths: Type.Integer({ description: 'employees who have stayed ≥ 6 months (the employer subsidy rule)' }),
  openPostings: Type.Integer(),
  subsidies: Type.String({ description: 'where the employer-side subsidy lines are' }),
})
const WorkshopDetail = Type.Object({
  ...WorkshopView.properties,
  staff: Type.Array(Type.Object({ placementId: Type.Integer(), laborerId: Type.Integer(), name: Type.String(), village: Type.String(), poverty: Type.String(), startDate: Type.String(), jobId: Type.Integer() })),
  postings: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), openings: Type.Integer(), openingsLeft: Type.Integer(), status: Type.String() })),
})
const HireBody = Type.Object(
  { laborerId: IdParams.properties.id, jobId: IdParams.properties.id, startDate: Type.Optional(DateString) },
  { additionalProperties: false },
)

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode
  const placeOf = (code: string) =>
    [code.slice(0, 6), code.slice(0, 9), code.length === 12 ? code : null]
      .filter((c): c is string => c !== null)
      .map((c) => app.regions.get(c)?.name ?? c)
      .join('')
  const views = (list: Workshop[]) => {
    const today = shanghaiToday()
    const counts = q.countsOf(app.db, list.map((w) => w.employerId), today, addMonths(today, -6))
    return list.map((w) => {
      const c = counts.get(w.employerId)!
      return {
        ...w,
        kindName: carrierKindNames[w.kind],
        place: placeOf(w.regionCode),
        employees: c.employees,
        povertyEmployees: c.poverty,
        povertySharePercent: c.employees ? Math.round((c.poverty * 100) / c.employees) : 0,
        keptSixMonths: c.keptSixMonths,
        openPostings: c.openPostings,
        subsidies: `/api/v1/subsidies/employers/${w.employerId}`,
      }
    })
  }
  const detail = (w: Workshop) => ({
    ...views([w])[0],
    staff: q.employeesOf(app.db, w.employerId, shanghaiToday()).map((e) => ({
      ...e,
      village: app.regions.get(e.villageCode)?.name ?? e.villageCode,
      poverty: povertyNames[e.povertyStatus] ?? '',
    })),
    postings: q.postingsOf(app.db, w.employerId),
  })

  app.post(
    '/workshops',
    {
      config: { access: managers },
      schema: { tags: ['local work'], summary: 'Register an assistance workshop (帮扶车间), community or satellite factory of your county', body: WorkshopBody, response: { 201: WorkshopDetail } },
    },
    async (request, reply) => {
      const body = request.body
      requireLocalPlace(app.regions, city, body.regionCode)
      if (!inArea(request.caller, city, body.regionCode)) throw new OutOfScopeError(`body.regionCode ${body.regionCode}`)
      const employer = employerManaged(app.db, request.caller, city, body.employerId)
      if (!employer.regionCode.startsWith(city)) throw new BadRequestError(`body.employerId ${employer.id} 不是本市登记的用人单位`)
      if (q.workshopOfEmployer(app.db, employer.id)) throw new DuplicateError(`用人单位 ${employer.id} 已登记为帮扶车间`)
      const workshop = q.createWorkshop(app.db, {
        ...body,
        address: body.address ?? '',
        countyCode: body.regionCode.slice(0, 6),
        townshipCode: body.regionCode.slice(0, 9),
      })
      return reply.status(201).send(detail(workshop))
    },
  )

  app.get(
    '/workshops',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['local work'],
        summary: 'Workshops of your area with employees, poverty share and retention',
        querystring: Type.Object({ limit: Limit }, { additionalProperties: false }),
        response: { 200: Type.Array(WorkshopView) },
      },
    },
    async (request) => views(q.listWorkshops(app.db, areaPrefix(request.caller, city)!, request.query.limit)),
  )

  app.get(
    '/workshops/:id',
    {
      config: { access: [...areaRoles, 'employer'] },
      schema: { tags: ['local work'], summary: 'A workshop, who works there and its postings', params: IdParams, response: { 200: WorkshopDetail } },
    },
    async (request) => detail(workshopInScope(app.db, request.caller, city, request.params.id)),
  )

  app.post(
    '/workshops/:id/hires',
    {
      config: { access: [...managers, 'township_staff'] },
      schema: {
        tags: ['local work'],
        summary: 'Hire a laborer of your area on one of the workshop’s postings (a placement: status, openings and subsidies follow)',
        params: IdParams,
        body: HireBody,
        response: { 201: WorkshopDetail },
      },
    },
    async (request, reply) => {
      const workshop = workshopInScope(app.db, request.caller, city, request.params.id)
      const laborer = laborerInScope(app.db, request.caller, city, request.body.laborerId)
      hireAtWorkshop(app.db, city, workshop, laborer, request.body.jobId, request.body.startDate, request.caller.tokenId)
      return reply.status(201).send(detail(workshop))
    },
  )
}

export default routes
