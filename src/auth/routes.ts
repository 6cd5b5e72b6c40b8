import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { eq } from 'drizzle-orm'
import { Type, type Static } from 'typebox'
import { Nullable } from '../http/schemas'
import { BadRequestError, EnvironmentTokenError, TokenNotFoundError } from '../errors'
import { CLEARED_SESSION_COOKIE, createSession, endSession, sessionCaller, sessionCookie, sessionSecret } from './sessions'
import { stations } from '../network/schema'
import { employerExists } from '../employers/index'
import { scopeCodeLength } from './caller'
import { roles, type Role } from './schema'
import { defaultExpiry, isEnvironmentAdmin, issueToken, listTokens, revokeToken, rotateToken, tokenFacts } from './tokens'
import type { FastifyInstance } from 'fastify'

export const RoleSchema = Type.Enum(roles)

export const TokenRequest = Type.Object(
  {
    role: RoleSchema,
    scope: Type.Optional(
      Type.String({ minLength: 1, maxLength: 32, description: 'region code, station id or employer id' }),
    ),
    label: Type.String({ minLength: 1, maxLength: 200, description: 'who holds it, e.g. 忻府区就业中心 王伟' }),
    expiresInDays: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 3650, description: 'lifetime in days; 0: never expires; default: the role’s (TOKEN_LIFETIME_DAYS)' }),
    ),
  },
  { additionalProperties: false },
)
export type TokenRequest = Static<typeof TokenRequest>

const TokenView = Type.Object({
  id: Type.Integer(),
  role: RoleSchema,
  scope: Nullable(Type.String()),
  label: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  expiresAt: Nullable(Type.String({ format: 'date-time' }), { description: 'null: never expires' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' }), { description: 'last authenticated use, to the minute' }),
  rotatedAt: Nullable(Type.String({ format: 'date-time' })),
  previousValidUntil: Nullable(Type.String({ format: 'date-time' }), {
    description: 'the secret replaced by the last rotation works until then',
  }),
})

const CallerView = Type.Object({
  tokenId: Type.Integer(),
  role: RoleSchema,
  scope: Nullable(Type.String()),
  label: Type.String(),
  cityCode: Type.String({ description: 'the city this server serves' }),
  expiresAt: Nullable(Type.String({ format: 'date-time' }), { description: 'null: never expires' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
})

const RotateBody = Type.Object(
  {
    graceMinutes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 43_200, description: 'how long the old secret keeps working; default TOKEN_ROTATION_GRACE_MINUTES' }),
    ),
  },
  { additionalProperties: false },
)

/**
 * The scope a role's token must carry, checked against what exists, so a typo in a
 * region code cannot mint a token that sees nothing (or the wrong thing).
 */
export function validateScope(app: FastifyInstance, role: Role, scope: string | undefined): string | null {
  switch (role) {
    case 'city_admin':
    case 'fair_organizer':
      if (scope !== undefined) throw new BadRequestError(`body.scope 对角色 ${role} 必须为空`)
      return null
    case 'county_officer':
    case 'township_staff':
    case 'village_agent': {
      const length = scopeCodeLength[role]
      if (scope === undefined || scope.length !== length || !app.regions.isLocal(scope)) {
        throw new BadRequestError(`body.scope 对角色 ${role} 必须是 ${app.config.cityCode} 下的 ${length} 位地区代码`)
      }
      return scope
    }
    case 'station_operator': {
      const id = Number(scope)
      if (!Number.isInteger(id) || !app.db.select({ id: stations.id }).from(stations).where(eq(stations.id, id)).get()) {
        throw new BadRequestError('body.scope 对角色 station_operator 必须是已有服务站的编号')
      }
      return String(id)
    }
    case 'employer': {
      const id = Number(scope)
      if (!Number.isInteger(id) || !employerExists(app.db, id)) throw new BadRequestError('body.scope 对角色 employer 必须是已有用人单位的编号')
      return String(id)
    }
  }
}


const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function tokenView(t: NonNullable<ReturnType<typeof tokenFacts>>) {
  return {
    ...t,
    createdAt: iso(t.createdAt)!,
    revokedAt: iso(t.revokedAt),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    rotatedAt: iso(t.rotatedAt),
    previousValidUntil: iso(t.previousValidUntil),
  }
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const me = (caller: { tokenId: number; role: Role; scope: string | null; label: string }) => {
    const facts = tokenFacts(app.db, caller.tokenId)
    return {
      tokenId: caller.tokenId,
      role: caller.role,
      scope: caller.scope,
      label: caller.label,
      cityCode: app.config.cityCode,
      expiresAt: iso(facts?.expiresAt ?? null),
      lastUsedAt: iso(facts?.lastUsedAt ?? null),
    }
  }

  app.get(
    '/me',
    {
      config: { access: roles },
      schema: { tags: ['auth'], summary: 'The caller behind the bearer token (or the browser session)', response: { 200: CallerView } },
    },
    async ({ caller }) => me(caller),
  )

  app.post(
    '/session',
    {
      config: { access: roles },
      schema: {
        tags: ['auth'],
        summary: 'Sign a browser in: exchange the bearer token for a session cookie (HttpOnly, Secure, SameSite=Strict)',
        description:
          'The staff pages send the token typed in once, as `Authorization: Bearer …`; the answer sets the cookie `__Host-laborlink_session`, which then authenticates this browser (GET freely; writes need the header `X-LaborLink-CSRF: 1` and a same-origin `Origin`). The session acts as its token and ends when the token is revoked or expires, on sign-out, or after SESSION_IDLE_DAYS unused.',
        response: { 201: CallerView },
      },
    },
    async (request, reply) => {
      if (request.authVia !== 'bearer') throw new BadRequestError('headers.authorization 登录需要提供访问令牌（Bearer）')
      const previous = sessionSecret(request)
      if (previous) endSession(app.db, previous)
      const secret = createSession(app.db, request.caller.tokenId)
      return reply.status(201).header('set-cookie', sessionCookie(secret)).header('cache-control', 'no-store').send(me(request.caller))
    },
  )

  app.get(
    '/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Whether this browser is signed in: the caller of its session, or null (never 401, so a page can ask before showing its sign-in form)',
        response: { 200: Type.Object({ caller: Nullable(CallerView) }) },
      },
    },
    async (request, reply) => {
      const secret = sessionSecret(request)
      const caller = secret ? sessionCaller(app.db, secret, app.config.sessionIdleMs) : undefined
      if (secret && !caller) reply.header('set-cookie', CLEARED_SESSION_COOKIE)
      return reply.header('cache-control', 'no-store').send({ caller: caller ? me(caller) : null })
    },
  )

  app.delete(
    '/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign this browser out: the session ends on the server and the cookie is cleared (answers 204 even without one)',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const secret = sessionSecret(request)
      if (secret) endSession(app.db, secret)
      return reply.status(204).header('set-cookie', CLEARED_SESSION_COOKIE).send(null)
    },
  )

  app.post(
    '/tokens',
    {
      config: { access: ['city_admin'] },
      schema: {
        tags: ['auth'],
        summary: 'Issue a token; the secret is shown only in this response',
        body: TokenRequest,
        response: { 201: Type.Object({ ...TokenView.properties, token: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { role, scope, label, expiresInDays } = request.body
      const issued = issueToken(app.db, {
        role,
        scope: validateScope(app, role, scope),
        label,
        createdBy: request.caller.tokenId,
        expiresAt: expiryFor(app.config.tokenLifetimeMs, role, expiresInDays),
      })
      return reply.status(201).send({ ...tokenView(tokenFacts(app.db, issued.id)!), token: issued.token })
    },
  )

  app.get(
    '/tokens',
    {
      config: { access: ['city_admin'] },
      schema: { tags: ['auth'], summary: 'Tokens issued (never their secrets)', response: { 200: Type.Array(TokenView) } },
    },
    async () => listTokens(app.db).map(tokenView),
  )

  app.post(
    '/tokens/:id/rotate',
    {
      config: { access: ['city_admin', 'station_operator'] },
      schema: {
        tags: ['auth'],
        summary: 'Rotate a token without downtime: a new secret (shown only here) and a fresh lifetime; the old secret keeps working for the grace period',
        description: 'A station operator may rotate its own token only (another id answers 404). The bootstrap ADMIN_TOKEN cannot be rotated: change the variable instead.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Optional(RotateBody),
        response: { 200: Type.Object({ ...TokenView.properties, token: Type.String() }) },
      },
    },
    async (request) => {
      const { caller } = request
      const id = request.params.id
      const facts = tokenFacts(app.db, id)
      if (!facts || (caller.role !== 'city_admin' && id !== caller.tokenId)) throw new TokenNotFoundError(id)
      if (isEnvironmentAdmin(app.db, id)) throw new EnvironmentTokenError('ADMIN_TOKEN 来自环境变量：请修改该变量（并吊销此令牌），不能在这里轮换')
      const graceMs = request.body?.graceMinutes === undefined ? app.config.tokenRotationGraceMs : request.body.graceMinutes * 60_000
      const rotated = rotateToken(app.db, id, { graceMs, lifetimes: app.config.tokenLifetimeMs })
      if (!rotated) throw new TokenNotFoundError(id)
      return { ...tokenView(tokenFacts(app.db, id)!), token: rotated.token }
    },
  )

  app.delete(
    '/tokens/:id',
    {
      config: { access: ['city_admin'] },
      schema: {
        tags: ['auth'],
        summary: 'Revoke a token',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      if (!revokeToken(app.db, request.params.id)) throw new TokenNotFoundError(request.params.id)
      return reply.status(204).send(null)
    },
  )
}

export default routes

/** `expiresInDays` when given (0: never), else the role's default lifetime. */
export function expiryFor(lifetimes: Record<Role, number | null>, role: Role, expiresInDays: number | undefined, now = Date.now()): number | null {
  if (expiresInDays === undefined) return defaultExpiry(lifetimes, role, now)
  return expiresInDays === 0 ? null : now + expiresInDays * 86_400_000
}
