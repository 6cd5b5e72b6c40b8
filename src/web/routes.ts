import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import helmet from '@fastify/helmet'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'

const publicDir = join(dirname(fileURLToPath(import.meta.url)), 'public')

/** Pages people use, served by the API server itself: plain HTML, CSS and ES modules, no build step. */
const pages: Record<string, string> = {
  '/kiosk': 'kiosk.html',
  '/dashboard': 'dashboard.html',
  '/station': 'station.html',
  '/fair/:id': 'fair.html',
}

const routes: FastifyPluginAsync = async (app) => {
  // Security headers for pages only: the JSON API and Swagger UI keep their own.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  })
  await app.register(fastifyStatic, { root: publicDir, prefix: '/assets/', index: false, maxAge: '1h' })
  for (const [url, file] of Object.entries(pages)) {
    app.get(url, { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile(file))
  }
}

export default routes
