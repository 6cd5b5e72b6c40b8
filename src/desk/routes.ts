import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { areaRoles, inArea } from '../auth/caller'
import { BadRequestError, OutOfScopeError } from '../errors'
import { shanghaiToday } from '../calendar'
import { areaTable, villageRosterWithPinyin } from './roster'
import { deskLabels } from './labels'
import { fairOpenTo, fairsOpenTo, inviteToFair } from '../fairs/index'
import { laborerInScope } from '../laborers/index'
import { transaction } from '../db/transaction'
import { IdParams } from '../http/schemas'

const staffRoles = ['city_admin', 'county_officer', 'township_staff'] as const

/** The workbench's own read models (`/desk/`): what a phone keeps for offline use. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const city = app.config.cityCode

  app.get(
    '/desk/roster',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['desk'],
        summary: 'One village’s laborers for the workbench to keep offline: the rows of GET /villages/{code}/laborers (masked ID and phone, current job, visit state) with the name’s pinyin; a village agent’s own village by default',
        querystring: Type.Object(
          { village: Type.Optional(Type.String({ pattern: '^[0-9]{12}$', description: 'village code; required for roles above a village' })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            village: Type.Object({ code: Type.String(), name: Type.String(), fullName: Type.String() }),
            laborers: Type.Array(Type.Unsafe<Record<string, unknown>>({ type: 'object', description: 'a row of GET /villages/{code}/laborers plus pinyin (张三 → zhangsan) and initials (zs)' })),
            at: Type.String({ format: 'date-time', description: 'when this roster was read' }),
          }),
        },
      },
    },
    async (request, reply) => {
      const { caller } = request
      const code = request.query.village ?? (caller.role === 'village_agent' ? caller.scope! : undefined)
      if (!code) throw new BadRequestError('querystring.village 为必填项（村级以上角色）')
      if (!app.regions.isLocal(code, 'village')) throw new BadRequestError(`querystring.village ${code} 不是 ${city} 下的村`)
      if (!inArea(caller, city, code)) throw new OutOfScopeError(`querystring.village ${code}`)
      const region = app.regions.get(code)!
      const village = JSON.stringify({ code, name: region.name, fullName: app.regions.fullName(code) })
      const rows = villageRosterWithPinyin(app.sqlite, code, shanghaiToday())
      const body = `{"village":${village},"laborers":[${rows.join(',')}],"at":"${new Date().toISOString()}"}`
      return reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(body as never)
    },
  )

  const labels = deskLabels()
  const LabelMap = Type.Record(Type.String(), Type.String())
  app.get(
    '/desk/labels',
    {
      config: { access: areaRoles },
      schema: {
        tags: ['desk'],
        summary: 'The Chinese words for the codes the workbench shows (poverty status, employment status, 就业形式, end reasons, reportable sources, visit methods and outcomes, destination wishes), from the domains that own them',
        response: {
          200: Type.Object({
            poverty: LabelMap,
            status: LabelMap,
            forms: LabelMap,
            endReasons: LabelMap,
            sources: LabelMap,
            visitMethods: LabelMap,
            visitOutcomes: LabelMap,
            wishes: LabelMap,
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'private, max-age=3600')
      return labels
    },
  )

  app.get(
    '/desk/areas',
    {
      config: { access: staffRoles },
      schema: {
        tags: ['desk'],
        summary: 'The caller’s area one level down (a township: per village; a county: per township; the city: per county): laborers, employed, unemployed wanting work, monitored',
        querystring: Type.Object(
          { area: Type.Optional(Type.String({ pattern: '^[0-9]{4}([0-9]{2}([0-9]{3})?)?$', description: 'a county or township inside the caller’s area (default: the caller’s own)' })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            area: Type.Object({ code: Type.String(), name: Type.String() }),
            rows: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                laborers: Type.Integer(),
                employed: Type.Integer(),
                unemployedWanting: Type.Integer({ description: 'unemployed with a destination wish' }),
                wantTraining: Type.Integer({ description: 'unemployed with a training wish' }),
                monitored: Type.Integer({ description: '防返贫监测对象' }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { caller } = request
      const own = caller.role === 'city_admin' ? city : caller.scope!
      const area = request.query.area ?? own
      if (!area.startsWith(own) || !app.regions.get(area)) throw new OutOfScopeError(`querystring.area ${area}`)
      const childLength = area.length === 4 ? 6 : area.length === 6 ? 9 : 12
      const rows = areaTable(app.db, area, childLength)
      return {
        area: { code: area, name: app.regions.fullName(area) },
        rows: rows.map((r) => ({ ...r, name: app.regions.get(r.code)?.name ?? r.code })),
      }
    },
  )

  const FairView = Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    venue: Type.String(),
    date: Type.String(),
    regionName: Type.String(),
    invited: Type.Integer({ description: 'laborers invited so far' }),
  })

  app.get(
    '/desk/fairs',
    {
      config: { access: staffRoles },
      schema: {
        tags: ['desk'],
        summary: 'Job fairs the caller’s laborers may be invited to (not closed, today or later, serving the caller’s county or the city), soonest first',
        response: { 200: Type.Array(FairView) },
      },
    },
    async (request) => {
      const area = request.caller.role === 'city_admin' ? city : request.caller.scope!
      return fairsOpenTo(app.db, area, shanghaiToday()).map((f) => ({
        id: f.id,
        name: f.name,
        venue: f.venue,
        date: f.date,
        regionName: app.regions.get(f.regionCode)?.name ?? f.regionCode,
        invited: f.invited,
      }))
    },
  )

  app.post(
    '/desk/fairs/:id/invitations',
    {
      config: { access: staffRoles },
      schema: {
        tags: ['desk'],
        summary: 'Invite a laborer of the caller’s area to a fair (邀请参加招聘会); sent again, the first invitation is answered (200)',
        params: IdParams,
        body: Type.Object({ laborerId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ fairId: Type.Integer(), laborerId: Type.Integer(), at: Type.String({ format: 'date-time' }) }),
          201: Type.Object({ fairId: Type.Integer(), laborerId: Type.Integer(), at: Type.String({ format: 'date-time' }) }),
        },
      },
    },
    async (request, reply) => {
      const { caller } = request
      const laborer = laborerInScope(app.db, caller, city, request.body.laborerId)
      const fair = fairOpenTo(app.db, laborer.villageCode, request.params.id, shanghaiToday())
      const result = transaction(app.sqlite, () => inviteToFair(app.db, fair.id, laborer.id, caller.tokenId))
      reply.code(result.created ? 201 : 200)
      return { fairId: fair.id, laborerId: laborer.id, at: new Date(result.at).toISOString() }
    },
  )
}

export default routes
