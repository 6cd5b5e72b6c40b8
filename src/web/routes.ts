import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import helmet from '@fastify/helmet'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'

const publicDir = join(dirname(fileURLToPath(import.meta.url)), 'public')

/**
 * Noto Sans SC from @fontsource, shipped with the app: a kiosk without a Chinese system
 * font still shows Chinese. Its CSS declares ~100 woff2 slices, each with a unicode-range,
 * so a browser fetches only the slices holding the characters a page shows.
 */
const fontDir = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/400.css'))

/** Pages people use, served by the API server itself: plain HTML, CSS and ES modules, no build step. */
const pages: Record<string, string> = {
  '/kiosk': 'kiosk.html',
  '/kiosk/gigs': 'gigs.html',
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
  await app.register(fastifyStatic, {
    root: fontDir,
    prefix: '/assets/fonts/noto-sans-sc/',
    decorateReply: false,
    index: false,
    // Font files never change under a name: a kiosk keeps them for a year.
    maxAge: '365d',
    immutable: true,
    allowedPath: (path) => /^\/(400|700)\.css$|^\/files\/noto-sans-sc-[a-z0-9-]+-(400|700)-normal\.woff2?$/.test(path),
  })
  for (const [url, file] of Object.entries(pages)) {
    app.get(url, { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile(file))
  }
  // The workbench lives under /desk/ so that its service worker (which keeps the app shell for
  // offline use) may control it: a worker's scope is at most the folder it is served from.
  app.get('/desk', { schema: { hide: true } }, (_request, reply) => reply.redirect('/desk/'))
  app.get('/desk/', { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('desk.html'))
  app.get('/desk/sw.js', { schema: { hide: true } }, (_request, reply) =>
    reply.header('cache-control', 'no-cache').header('service-worker-allowed', '/desk/').type('text/javascript; charset=utf-8').sendFile('desk-sw.js'),
  )
}

export default routes
