import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { eq } from 'drizzle-orm'
import { Type, type Static } from 'typebox'
import { BadRequestError, NotFoundError } from '../errors'
import { stations } from '../network/schema'
import { employerExists } from '../employers/index'
import { scopeCodeLength } from './caller'
import { roles, type Role } from './schema'
import { issueToken, listTokens, revokeToken } from './tokens'
import type { FastifyInstance } from 'fastify'

export const RoleSchema = Type.Enum(roles)

export const TokenRequest = Type.Object(
  {
    role: RoleSchema,
    scope: Type.Optional(
      Type.String({ minLength: 1, maxLength: 32, description: 'region code, station id or employer id' }),
    ),
    label: Type.String({ minLength: 1, maxLength: 200, description: 'who holds it, e.g. 忻府区就业中心 王伟' }),
  },
  { additionalProperties: false },
)
export type TokenRequest = Static<typeof TokenRequest>

const TokenView = Type.Object({
  id: Type.Integer(),
  role: RoleSchema,
  scope: Type.Union([Type.String(), Type.Null()]),
  label: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})

const CallerView = Type.Object({
  tokenId: Type.Integer(),
  role: RoleSchema,
  scope: Type.Union([Type.String(), Type.Null()]),
  label: Type.String(),
  cityCode: Type.String({ description: 'the city this server serves' }),
})

/**
 * The scope a role's token must carry, checked against what exists, so a typo in a
 * region code cannot mint a token that sees nothing (or the wrong thing).
 */
export function validateScope(app: FastifyInstance, role: Role, scope: string | undefined): string | null {
  switch (role) {
    case 'city_admin':
    case 'fair_organizer':
      if (scope !== undefined) throw new BadRequestError(`body.scope must be empty for role ${role}`)
      return null
    case 'county_officer':
    case 'township_staff':
    case 'village_agent': {
      const length = scopeCodeLength[role]
      if (scope === undefined || scope.length !== length || !app.regions.isLocal(scope)) {
        throw new BadRequestError(`body.scope must be a ${length}-digit region code of ${app.config.cityCode} for role ${role}`)
      }
      return scope
    }
    case 'station_operator': {
      const id = Number(scope)
      if (!Number.isInteger(id) || !app.db.select({ id: stations.id }).from(stations).where(eq(stations.id, id)).get()) {
        throw new BadRequestError('body.scope must be the id of an existing station for role station_operator')
      }
      return String(id)
    }
    case 'employer': {
      const id = Number(scope)
      if (!Number.isInteger(id) || !employerExists(app.db, id)) throw new BadRequestError('body.scope must be the id of an existing employer for role employer')
      return String(id)
    }
  }
}


const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me',
    {
      config: { access: roles },
      schema: { tags: ['auth'], summary: 'The caller behind the bearer token', response: { 200: CallerView } },
    },
    async ({ caller }) => ({ tokenId: caller.tokenId, role: caller.role, scope: caller.scope, label: caller.label, cityCode: app.config.cityCode }),
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
      const { role, scope, label } = request.body
      const issued = issueToken(app.db, {
        role,
        scope: validateScope(app, role, scope),
        label,
        createdBy: request.caller.tokenId,
      })
      return reply.status(201).send({ ...issued, revokedAt: null })
    },
  )

  app.get(
    '/tokens',
    {
      config: { access: ['city_admin'] },
      schema: { tags: ['auth'], summary: 'Tokens issued (never their secrets)', response: { 200: Type.Array(TokenView) } },
    },
    async () => listTokens(app.db).map((t) => ({ ...t, createdAt: iso(t.createdAt)!, revokedAt: iso(t.revokedAt) })),
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
      if (!revokeToken(app.db, request.params.id)) throw new NotFoundError(`token ${request.params.id}`)
      return reply.status(204).send(null)
    },
  )
}

export default routes
