import { pipeline, Transform } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Role } from '../auth/schema'
import { PayloadTooLargeError } from '../errors'

const MiB = 1_048_576

/** Any body on a route anyone may call (the kiosk's "ask staff for help"). */
export const PUBLIC_BODY_LIMIT = 64 * 1024
/** Any body of an authenticated caller, except bulk uploads (Fastify's global `bodyLimit`). */
export const DEFAULT_BODY_LIMIT = MiB

/**
 * Bulk uploads (routes with `config.bulkUpload`: NDJSON imports) per role: a village holds a
 * few thousand people (16 MiB is some 40,000 rows), a county or the city more. Larger files
 * go through the CLI (`npm run cli -- import-laborers`), which streams from disk.
 */
export const BULK_BODY_LIMITS: Record<Role, number> = {
  city_admin: 64 * MiB,
  county_officer: 64 * MiB,
  township_staff: 32 * MiB,
  village_agent: 16 * MiB,
  station_operator: DEFAULT_BODY_LIMIT,
  employer: DEFAULT_BODY_LIMIT,
  fair_organizer: DEFAULT_BODY_LIMIT,
}

/** The largest `BULK_BODY_LIMITS`: a bulk route's own `bodyLimit`, Fastify's hard stop. */
export const MAX_BULK_BODY = Math.max(...Object.values(BULK_BODY_LIMITS))

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes bulk uploads: its body limit is the caller's role's (`BULK_BODY_LIMITS`). */
    bulkUpload?: boolean
  }
}

function limitFor(request: FastifyRequest): number | undefined {
  const access = request.routeOptions.config.access
  if (access === 'public') return PUBLIC_BODY_LIMIT
  if (request.routeOptions.config.bulkUpload && request.caller) return BULK_BODY_LIMITS[request.caller.role]
  return undefined
}

const tooLarge = (limit: number) => new PayloadTooLargeError(`请求内容超过 ${limit} 字节，这是此接口对您的角色的上限`)

/**
 * Enforces the per-caller limit before a body is read (runs after authentication, so the
 * role is known): a declared length over it is refused at once, a chunked body is cut off
 * when it passes it.
 */
export function bodyLimitsByRole(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const limit = limitFor(request)
    if (limit === undefined) return payload
    const declared = Number(request.headers['content-length'])
    if (declared > limit) throw tooLarge(limit)
    let received = 0
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length
        if (received > limit) done(tooLarge(limit))
        else done(null, chunk)
      },
    })
    // The error reaches Fastify through `counted`; a client that aborts destroys both.
    return pipeline(payload, counted, () => {})
  })
}
