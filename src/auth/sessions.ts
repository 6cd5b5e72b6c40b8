import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { FastifyRequest } from 'fastify'
import type { Db } from '../db/database'
import type { Caller } from './caller'
import { sessions, tokens } from './schema'
import { hashSecret, LAST_USED_EVERY_MS } from './tokens'

/**
 * Browser sessions for the staff pages. The token is typed once per device and exchanged
 * (`POST /api/v1/session`, bearer header) for a random session secret that the browser keeps
 * in an HttpOnly, Secure, SameSite=Strict cookie: page scripts never see it, no token sits in
 * browser storage, and other sites cannot make the browser send it. The trade-offs are in
 * docs/security.md ("Browser sessions").
 */

/** `__Host-`: the browser accepts it only Secure, on Path=/ and without Domain (no subdomain can set or shadow it). */
export const SESSION_COOKIE = '__Host-laborlink_session'

/**
 * Writes made with the session cookie must carry this header. A cross-site form cannot set a
 * header, and a cross-origin script that tries needs a CORS preflight this server never grants.
 */
export const CSRF_HEADER = 'x-laborlink-csrf'

export function newSessionSecret(): string {
  return `ls_${randomBytes(32).toString('base64url')}`
}

export function createSession(db: Db, tokenId: number, now = Date.now()): string {
  const secret = newSessionSecret()
  db.insert(sessions).values({ hash: hashSecret(secret), tokenId, createdAt: now, lastSeenAt: now }).run()
  return secret
}

export function endSession(db: Db, secret: string): boolean {
  return db.delete(sessions).where(eq(sessions.hash, hashSecret(secret))).run().changes > 0
}

/**
 * The caller behind a session secret: its token's, while the token is live (unrevoked,
 * unexpired) and the session was used within `idleMs`. Undefined otherwise (an ended
 * session's row is deleted on the way). Records the use at most once a minute.
 */
export function sessionCaller(db: Db, secret: string, idleMs: number, now = Date.now()): Caller | undefined {
  const hash = hashSecret(secret)
  const row = db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      tokenId: tokens.id,
      role: tokens.role,
      scope: tokens.scope,
      label: tokens.label,
      revokedAt: tokens.revokedAt,
      expiresAt: tokens.expiresAt,
    })
    .from(sessions)
    .innerJoin(tokens, eq(tokens.id, sessions.tokenId))
    .where(eq(sessions.hash, hash))
    .get()
  if (!row) return undefined
  const ended = row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now) || now - row.lastSeenAt > idleMs
  try {
    if (ended) db.delete(sessions).where(eq(sessions.id, row.sessionId)).run()
    else if (now - row.lastSeenAt >= LAST_USED_EVERY_MS) db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId)).run()
  } catch {
    // Advisory, like a token's lastUsedAt: a busy or full disk must not refuse a live session.
  }
  if (ended) return undefined
  return { tokenId: row.tokenId, role: row.role, scope: row.scope, label: row.label }
}

/** The session secret from the request's Cookie header, if any. */
export function sessionSecret(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) return part.slice(at + 1).trim() || undefined
  }
  return undefined
}

export function sessionCookie(secret: string): string {
  return `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; Secure; SameSite=Strict`
}

export const CLEARED_SESSION_COOKIE = `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`

/**
 * Where the request says it comes from matches where it was sent: the `Origin` header (sent
 * by browsers on every cross-origin request, every POST/PATCH/DELETE and every websocket
 * handshake) against the `Host` it reached. No Origin at all is let through only for plain
 * GET/HEAD: browsers always send one on the requests that change things and on sockets.
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return !request.ws && (request.method === 'GET' || request.method === 'HEAD')
  try {
    const from = new URL(origin)
    // Through the URL parser both ways, so a default port (:443, :80) compares equal to none.
    return from.host === new URL(`${from.protocol}//${request.headers.host ?? ''}`).host
  } catch {
    return false
  }
}
