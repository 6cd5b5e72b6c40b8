import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { CrossSiteError, ForbiddenError, SessionEndedError, TokenExpiredError, TooManyRequestsError, UnauthorizedError } from '../errors'
import { protocolCredential } from '../http/socket-hub'
import { FailureLimiter } from './failure-limiter'
import type { Caller } from './caller'
import type { Role } from './schema'
import { bootstrapAdmin, findCaller, hashSecret } from './tokens'
import { CLEARED_SESSION_COOKIE, CSRF_HEADER, sameOrigin, sessionCaller, sessionSecret } from './sessions'

/** Who may call a route: `'public'`, or the roles allowed (scope is checked by the handler). */
export type Access = 'public' | readonly Role[]

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /**
     * A websocket route whose handler also admits a key of its own that the token table does
     * not know (a fair's board key): a socket showing only such a key (or a `?token=`, which
     * may be one) is never refused or counted by the authentication-failure limit.
     */
    socketKey?: boolean
  }
  interface FastifyRequest {
    /** Set for every non-public route before the handler runs. */
    caller: Caller
    /** For websocket routes: the close code to use instead of an HTTP error (4401/4403). */
    wsDenied: 4401 | 4403 | null
    /** How the caller was authenticated: a bearer token, or a browser session cookie. */
    authVia: 'bearer' | 'session' | null
  }
  interface FastifyInstance {
    /** The city_admin secret generated on first start, to print once; undefined otherwise. */
    bootstrapToken: string | undefined
    /** Every API and websocket route with who may call it: the access matrix in docs/security.md. */
    accessTable: { method: string; url: string; access: Access }[]
  }
}

/**
 * The bearer token: the `Authorization` header, or on a websocket handshake (browsers cannot
 * set headers there) the subprotocol `bearer.<token>`; `?token=` is still read on sockets but
 * deprecated (the logs redact it).
 */
function bearer(request: FastifyRequest): { secret?: string; inQuery: boolean } {
  const header = request.headers.authorization
  if (header?.startsWith('Bearer ')) return { secret: header.slice(7).trim(), inQuery: false }
  if (!request.ws) return { inQuery: false }
  const offered = protocolCredential(request, 'bearer')
  if (offered) return { secret: offered, inQuery: false }
  const query = (request.query as { token?: string } | undefined)?.token
  return { secret: query, inQuery: query !== undefined }
}

export default fp(
  async (app) => {
    app.decorate('bootstrapToken', bootstrapAdmin(app.db, app.config.adminToken, app.config.tokenLifetimeMs))
    app.decorateRequest('caller', null as unknown as Caller)
    app.decorateRequest('wsDenied', null)
    app.decorateRequest('authVia', null)

    app.decorate('accessTable', [])
    app.addHook('onRoute', (route) => {
      if (!/^\/(api|ws)\//.test(route.url)) return
      const access = route.config?.access
      if (access === undefined) throw new Error(`route ${route.method} ${route.url} does not declare config.access`)
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') app.accessTable.push({ method, url: route.url, access })
      }
      const schema = route.schema as { description?: string } | undefined
      if (schema && !schema.description?.includes('Who may call')) {
        const who = access === 'public' ? 'anyone (no token)' : access.join(', ')
        schema.description = `${schema.description ? `${schema.description}\n\n` : ''}Who may call: ${who}.`
      }
    })

    // Failures are counted per client address (behind TRUST_PROXY: the forwarded one) and per
    // presented credential, separately. A valid token is looked up before either limit is
    // consulted, so an attacker who burns the limit of a shared address (an office NAT) or
    // replays someone's revoked token gets 429 while every working token still gets in.
    const clients = new FailureLimiter(app.config.authFailureLimit)
    const credentials = new FailureLimiter(app.config.authFailureLimit)

    app.addHook('onRequest', async (request, reply) => {
      const access = request.routeOptions.config.access
      if (access === undefined || access === 'public') return
      const { secret, inQuery } = bearer(request)
      const cookie = secret === undefined ? sessionSecret(request) : undefined
      if (cookie !== undefined) return fromSession(request, reply, cookie, access)
      const found = secret ? findCaller(app.db, secret) : undefined
      const caller = found && 'caller' in found ? found.caller : undefined
      if (!caller) {
        // A socket showing only a route's own key (a fair board's) is admitted or refused by
        // its handler: never limited, never counted.
        const ownKey = request.ws && request.routeOptions.config.socketKey === true && (secret === undefined || inQuery)
        if (ownKey) return void (request.wsDenied = 4401)
        const credential = secret ? hashSecret(secret) : undefined
        const retryAfter = Math.max(clients.retryAfter(request.ip), credential ? credentials.retryAfter(credential) : 0)
        if (retryAfter > 0) {
          reply.header('retry-after', String(retryAfter))
          throw new TooManyRequestsError('认证失败次数过多，请稍后再试')
        }
        clients.fail(request.ip)
        if (credential) credentials.fail(credential)
        if (request.ws) return void (request.wsDenied = 4401)
        if (found) throw new TokenExpiredError('令牌已过期，请申请新令牌（或使用轮换后的新令牌）')
        throw new UnauthorizedError(secret ? '令牌无效或已被吊销，请重新登录' : '缺少令牌，请先登录')
      }
      if (!access.includes(caller.role)) {
        if (request.ws) return void (request.wsDenied = 4403)
        throw new ForbiddenError(`角色 ${caller.role} 无权使用此功能`)
      }
      request.caller = caller
      request.authVia = 'bearer'
    })

    /**
     * A browser session (no bearer header, the session cookie): the caller of its token. A
     * write must prove our own page sent it (same Origin and the CSRF header), a socket the
     * same Origin; SameSite=Strict already keeps the cookie off other sites' requests, this
     * also shuts out sibling origins of the same site.
     */
    function fromSession(request: FastifyRequest, reply: FastifyReply, cookie: string, access: readonly Role[]) {
      const caller = sessionCaller(app.db, cookie, app.config.sessionIdleMs)
      if (!caller) {
        if (request.ws) return void (request.wsDenied = 4401)
        reply.header('set-cookie', CLEARED_SESSION_COOKIE)
        throw new SessionEndedError()
      }
      const write = !['GET', 'HEAD', 'OPTIONS'].includes(request.method)
      if ((write || request.ws) && !sameOrigin(request)) {
        if (request.ws) return void (request.wsDenied = 4403)
        throw new CrossSiteError('请求来自其他网站，已拒绝')
      }
      if (write && request.headers[CSRF_HEADER] !== '1') throw new CrossSiteError(`缺少 ${CSRF_HEADER} 请求头，已拒绝`)
      if (!access.includes(caller.role)) {
        if (request.ws) return void (request.wsDenied = 4403)
        throw new ForbiddenError(`角色 ${caller.role} 无权使用此功能`)
      }
      request.caller = caller
      request.authVia = 'session'
    }
  },
  { name: 'auth', dependencies: ['db'] },
)
