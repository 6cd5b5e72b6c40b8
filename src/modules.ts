import type { FastifyPluginAsync } from 'fastify'
import regionRoutes from './regions/routes'
import authRoutes from './auth/routes'
import networkRoutes from './network/routes'

/**
 * The product, module by module. Service plugins decorate the app with shared services
 * (registered after db, regions and auth); route plugins are encapsulated under a prefix.
 */
export const servicePlugins: FastifyPluginAsync[] = []

export const apiModules: { plugin: FastifyPluginAsync<any>; prefix: string }[] = [
  { plugin: regionRoutes, prefix: '/api/v1' },
  { plugin: authRoutes, prefix: '/api/v1' },
  { plugin: networkRoutes, prefix: '/api/v1' },
]
