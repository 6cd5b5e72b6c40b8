import { STATUS_CODES } from 'node:http'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import websocket from '@fastify/websocket'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { DestinationStream } from 'pino'
import type { Config } from './config'
import { chooseProtocol, HubClose } from './http/socket-hub'
import dbPlugin from './db/plugin'
import { migrationsApplied } from './db/database'
import authPlugin from './auth/plugin'
import regionsPlugin from './regions/plugin'
import demoPlugin from './demo/plugin'
import { apiModules, servicePlugins } from './modules'
import { bodyLimitsByRole } from './http/body-limits'
import { REDACTED_PATHS, serializeRequest } from './http/log-redaction'
import { connectionCap, guardConnections, openFileLimit, serverTimeouts, shedLoad } from './http/limits'
import { rejectNonFiniteNumbers } from './http/finite-numbers'
import { paceHandshakes } from './http/handshake-pacing'
import { lazySchemaCompilers } from './http/schema-compilers'
import {
  BadRequestError,
  CODE_INTERNAL,
  CODE_ROUTE_NOT_FOUND,
  documentErrors,
  fallbackCode,
  frameworkCodes,
  messageOf,
  sqliteErrors,
  validationMessage,
} from './errors'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
  }
}

/** The whole server as a plugin tree; never listens (see `server.ts`). */
export async function buildApp(config: Config, options: { logStream?: DestinationStream } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(config.prettyLogs && !options.logStream ? { transport: { target: 'pino-pretty' } } : {}),
      ...(options.logStream ? { stream: options.logStream } : {}),
      // No ID number, phone, token or cookie in the log: query values and headers by rule.
      serializers: { req: serializeRequest },
      redact: REDACTED_PATHS,
    },
    // strictNumbers refuses NaN/Infinity that arrive as numbers; coerced strings
    // (`offset=1e309`) are caught by rejectNonFiniteNumbers below.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, strictNumbers: true } },
    // Validators and serializers are compiled when first needed and shared across app instances (src/http/schema-compilers.ts).
    schemaController: { compilersFactory: lazySchemaCompilers },
    bodyLimit: 1_048_576,
    forceCloseConnections: true,
    // X-Forwarded-For is believed only from these proxies; otherwise the client is the peer address.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    http: serverTimeouts(config),
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
  }).withTypeProvider<TypeBoxTypeProvider>()
  guardConnections(app.server, app.log, connectionCap(config, openFileLimit()))

  app.register(
    fp(
      async (instance) => {
        instance.decorate('config', config)
      },
      { name: 'config' },
    ),
  )
  // Shed load rather than queue it: a saturated server answers 503 + Retry-After at once.
  shedLoad(app, config.maxEventLoopDelayMs)
  // Request bodies: 64 KiB for anyone, 1 MiB for a token, bulk uploads by role.
  bodyLimitsByRole(app)
  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'laborlink',
        version: '0.1.0',
        description: '忻州市脱贫劳动力务工就业服务平台 API: registry, postings, search, matching, transport, subsidies, progress.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transformObject: (document) => documentErrors('openapiObject' in document ? document.openapiObject : document.swaggerObject),
  })
  app.register(swaggerUi, { routePrefix: '/docs' })
  app.register(websocket, {
    // A client offers `laborlink.v1` (and its token as `bearer.<token>`): the answer is
    // `laborlink.v1`, never the token.
    options: { maxPayload: 64 * 1024, handleProtocols: chooseProtocol },
    // Every socket learns the server is restarting (1012, RFC 6455 §7.4) rather than
    // getting a bare close: stations and fair boards reconnect with their last sequence.
    preClose(done) {
      for (const client of this.websocketServer.clients) client.close(HubClose.shutdown, 'server shutting down')
      // Not waiting for every peer's closing handshake: a dead station would hold shutdown for 30 s.
      this.websocketServer.close()
      done()
    },
  })
  // A storm of websocket handshakes goes on a batch per turn of the event loop (src/http/handshake-pacing.ts).
  paceHandshakes(app)
  // Before any route is registered, so it runs first on every route, public ones included.
  app.addHook('preHandler', rejectNonFiniteNumbers)
  app.register(dbPlugin)
  app.register(regionsPlugin)
  app.register(authPlugin)
  for (const plugin of servicePlugins) app.register(plugin)

  // The one error handler: every error answer is `{ statusCode, error, code, message }`,
  // with a code declared in `src/errors.ts` (docs/errors.md lists them).
  const send = (reply: FastifyReply, statusCode: number, code: string, message: string) =>
    reply.status(statusCode).send({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const first = error.validation[0] as Parameters<typeof validationMessage>[1]
      return send(reply, 400, BadRequestError.prototype.code, validationMessage(error.validationContext ?? 'request', first))
    }
    const Sqlite = sqliteErrors[error.code ?? '']
    if (Sqlite) {
      const answer = new Sqlite()
      if (answer.statusCode >= 500) request.log.error({ err: error }, 'storage error')
      if (answer.statusCode === 503) reply.header('retry-after', '1')
      return send(reply, answer.statusCode, answer.code, answer.message)
    }
    const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500
    // Only an unexpected failure is hidden; a deliberate 503 (load shedding) says what it is.
    if (statusCode === 500) {
      request.log.error({ err: error }, 'unhandled error')
      return send(reply, 500, CODE_INTERNAL, messageOf(CODE_INTERNAL))
    }
    if (error.code?.startsWith('LL_')) return send(reply, statusCode, error.code, error.message)
    const framework = frameworkCodes[error.code ?? '']
    if (framework) return send(reply, statusCode, framework.code, framework.message)
    // Anything else the framework or a plugin refuses keeps its status and message.
    return send(reply, statusCode, fallbackCode(statusCode), error.message)
  })

  app.setNotFoundHandler((request, reply) => {
    send(reply, 404, CODE_ROUTE_NOT_FOUND, `没有这个接口：${request.method} ${request.url.split('?')[0]}`)
  })

  // `search.fallback: true` while the embedded engine answers for an unreachable Meilisearch.
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', search: app.jobSearch.health() }))
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      if (!migrationsApplied(app.sqlite)) return reply.status(503).send({ status: 'migrations pending' })
      return { status: 'ready' }
    } catch {
      return reply.status(503).send({ status: 'database unreachable' })
    }
  })

  for (const { plugin, prefix } of apiModules) app.register(plugin, { prefix })
  if (config.seedDemo) app.register(demoPlugin)

  await app.ready()
  return app
}
