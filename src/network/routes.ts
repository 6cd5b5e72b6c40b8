import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { areaPrefix, inArea } from '../auth/caller'
import { BadRequestError, ServicePointNotFoundError, StationNotFoundError } from '../errors'
import { ContactPhone, IdParams } from '../http/schemas'
import * as q from './queries'
import { partnerAreas, servicePointLevels } from './schema'

const Level = Type.Enum(servicePointLevels)
const PartnerArea = Type.Enum(partnerAreas)
const Staff = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    phone: ContactPhone,
    duty: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
)

const ServicePointBody = Type.Object(
  {
    level: Level,
    regionCode: Type.String({ pattern: '^[0-9]{4,12}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    contactName: Type.Optional(Type.String({ maxLength: 50 })),
    contactPhone: Type.Optional(Type.Union([ContactPhone, Type.Literal('')])),
    staff: Type.Optional(Type.Array(Staff, { maxItems: 20 })),
  },
  { additionalProperties: false },
)
type ServicePointBody = Static<typeof ServicePointBody>

const ServicePointView = Type.Object({
  id: Type.Integer(),
  level: Level,
  regionCode: Type.String(),
  regionName: Type.String(),
  name: Type.String(),
  address: Type.String(),
  contactName: Type.String(),
  contactPhone: Type.String(),
  staff: Type.Array(Staff),
})

const StationBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    cityCode: Type.String({ pattern: '^[0-9]{4}$', description: 'prefecture-level city where the station works' }),
    partnerArea: PartnerArea,
    address: Type.Optional(Type.String({ maxLength: 300 })),
    contactName: Type.Optional(Type.String({ maxLength: 50 })),
    contactPhone: Type.Optional(Type.Union([ContactPhone, Type.Literal('')])),
  },
  { additionalProperties: false },
)
type StationBody = Static<typeof StationBody>

export const StationView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  provinceCode: Type.String(),
  cityCode: Type.String(),
  cityName: Type.String(),
  partnerArea: PartnerArea,
  address: Type.String(),
  contactName: Type.String(),
  contactPhone: Type.String(),
})

/** How a message names a service point's level. */
const levelNames: Record<string, string> = { province: '省', city: '市', county: '县', township: '乡镇', village: '村' }

const officials = ['city_admin', 'county_officer', 'township_staff', 'village_agent'] as const

const routes: FastifyPluginAsyncTypebox = async (app) => {
  /** The region code must exist locally and sit at the level the service point serves. */
  const checkPoint = (level: ServicePointBody['level'], regionCode: string) => {
    if (!app.regions.isLocal(regionCode, level)) {
      throw new BadRequestError(`body.regionCode ${regionCode} 不是 ${app.config.cityCode} 下的${levelNames[level]}`)
    }
  }
  const checkStationCity = (cityCode: string) => {
    const city = app.regions.get(cityCode)
    if (city?.level !== 'city') throw new BadRequestError(`body.cityCode ${cityCode} 不是市`)
    return city
  }
  const pointView = (p: ReturnType<typeof q.getServicePoint> & object) => ({
    ...p,
    regionName: app.regions.fullName(p.regionCode),
  })
  const stationView = (s: ReturnType<typeof q.getStation> & object) => ({
    ...s,
    cityName: app.regions.placeName(s.cityCode),
  })

  app.get(
    '/service-points',
    {
      config: { access: officials },
      schema: {
        tags: ['network'],
        summary: 'Service points of the four-level network inside the caller’s area',
        querystring: Type.Object(
          { level: Type.Optional(Level), region: Type.Optional(Type.String({ pattern: '^[0-9]{4,12}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(ServicePointView) },
      },
    },
    async (request) => {
      const own = areaPrefix(request.caller, app.config.cityCode)!
      const asked = request.query.region ?? own
      // A narrower region inside one's own area is fine; anything else shows only one's own.
      const regionPrefix = asked.startsWith(own) ? asked : own
      return q.listServicePoints(app.db, { regionPrefix, level: request.query.level }).map(pointView)
    },
  )

  app.get(
    '/service-points/:id',
    {
      config: { access: officials },
      schema: { tags: ['network'], params: IdParams, response: { 200: ServicePointView } },
    },
    async (request) => {
      const point = q.getServicePoint(app.db, request.params.id)
      if (!point || !inArea(request.caller, app.config.cityCode, point.regionCode)) {
        throw new ServicePointNotFoundError(request.params.id)
      }
      return pointView(point)
    },
  )

  app.post(
    '/service-points',
    {
      config: { access: ['city_admin'] },
      schema: { tags: ['network'], body: ServicePointBody, response: { 201: ServicePointView } },
    },
    async (request, reply) => {
      checkPoint(request.body.level, request.body.regionCode)
      return reply.status(201).send(pointView(q.createServicePoint(app.db, withPointDefaults(request.body))))
    },
  )

  app.patch(
    '/service-points/:id',
    {
      config: { access: ['city_admin'] },
      schema: { tags: ['network'], params: IdParams, body: Type.Partial(ServicePointBody, { additionalProperties: false }), response: { 200: ServicePointView } },
    },
    async (request) => {
      const current = q.getServicePoint(app.db, request.params.id)
      if (!current) throw new ServicePointNotFoundError(request.params.id)
      checkPoint(request.body.level ?? current.level, request.body.regionCode ?? current.regionCode)
      return pointView(q.updateServicePoint(app.db, current.id, request.body)!)
    },
  )

  app.delete(
    '/service-points/:id',
    {
      config: { access: ['city_admin'] },
      schema: { tags: ['network'], params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      if (!q.deleteServicePoint(app.db, request.params.id)) throw new ServicePointNotFoundError(request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/stations',
    {
      config: { access: [...officials, 'station_operator'] },
      schema: { tags: ['network'], summary: 'Out-of-province labor service stations', response: { 200: Type.Array(StationView) } },
    },
    async (request) => {
      const all = q.listStations(app.db)
      const visible = request.caller.role === 'station_operator' ? all.filter((s) => String(s.id) === request.caller.scope) : all
      return visible.map(stationView)
    },
  )

  app.get(
    '/stations/:id',
    {
      config: { access: [...officials, 'station_operator'] },
      schema: { tags: ['network'], params: IdParams, response: { 200: StationView } },
    },
    async (request) => {
      const station = q.getStation(app.db, request.params.id)
      const own = request.caller.role !== 'station_operator' || request.caller.scope === String(request.params.id)
      if (!station || !own) throw new StationNotFoundError(request.params.id)
      return stationView(station)
    },
  )

  app.post(
    '/stations',
    {
      config: { access: ['city_admin'] },
      schema: { tags: ['network'], body: StationBody, response: { 201: StationView } },
    },
    async (request, reply) => {
      const city = checkStationCity(request.body.cityCode)
      const station = q.createStation(app.db, withStationDefaults(request.body, city.parentCode!))
      return reply.status(201).send(stationView(station))
    },
  )

  app.patch(
    '/stations/:id',
    {
      config: { access: ['city_admin'] },
      schema: { tags: ['network'], params: IdParams, body: Type.Partial(StationBody, { additionalProperties: false }), response: { 200: StationView } },
    },
    async (request) => {
      const current = q.getStation(app.db, request.params.id)
      if (!current) throw new StationNotFoundError(request.params.id)
      const patch = request.body.cityCode
        ? { ...request.body, provinceCode: checkStationCity(request.body.cityCode).parentCode! }
        : request.body
      return stationView(q.updateStation(app.db, current.id, patch)!)
    },
  )

  app.delete(
    '/stations/:id',
    {
      config: { access: ['city_admin'] },
      schema: { tags: ['network'], params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      if (!q.deleteStation(app.db, request.params.id)) throw new StationNotFoundError(request.params.id)
      return reply.status(204).send(null)
    },
  )
}

function withPointDefaults(body: ServicePointBody): q.ServicePointInput {
  return { address: '', contactName: '', contactPhone: '', staff: [], ...body }
}

function withStationDefaults(body: StationBody, provinceCode: string): q.StationInput {
  return { address: '', contactName: '', contactPhone: '', ...body, provinceCode }
}

export default routes
