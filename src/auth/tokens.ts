import { createHash, randomBytes } from 'node:crypto'
import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '../db/database'
import { preparedOnce } from '../db/prepared'
import type { Caller } from './caller'
import { tokens, type Role } from './schema'

export function generateSecret(): string {
  return `ll_${randomBytes(24).toString('base64url')}`
}

/** Secrets are 192 random bits, so a plain SHA-256 is enough; no slow KDF needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export interface IssuedToken {
  id: number
  token: string
  role: Role
  scope: string | null
  label: string
  createdAt: string
  expiresAt: string | null
}

export function issueToken(
  db: Db,
  input: { role: Role; scope: string | null; label: string; createdBy?: number | null; secret?: string; expiresAt?: number | null },
): IssuedToken {
  const secret = input.secret ?? generateSecret()
  const createdAt = Date.now()
  const expiresAt = input.expiresAt ?? null
  const row = db
    .insert(tokens)
    .values({
      hash: hashSecret(secret),
      role: input.role,
      scope: input.scope,
      label: input.label,
      createdAt,
      createdBy: input.createdBy ?? null,
      expiresAt,
    })
    .returning({ id: tokens.id })
    .get()
  return {
    id: row.id,
    token: secret,
    role: input.role,
    scope: input.scope,
    label: input.label,
    createdAt: new Date(createdAt).toISOString(),
    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
  }
}

/** When a token issued now for `role` expires under the configured lifetimes (null: never). */
export function defaultExpiry(lifetimes: Record<Role, number | null>, role: Role, now = Date.now()): number | null {
  const lifetime = lifetimes[role]
  return lifetime === null ? null : now + lifetime
}

/** lastUsedAt is written at most this often per token: the hot path stays a read. */
export const LAST_USED_EVERY_MS = 60_000

export type Authentication = { caller: Caller } | { expired: true } | undefined

const callerByHash = preparedOnce((db) =>
  db
    .select({
      tokenId: tokens.id,
      role: tokens.role,
      scope: tokens.scope,
      label: tokens.label,
      hash: tokens.hash,
      expiresAt: tokens.expiresAt,
      lastUsedAt: tokens.lastUsedAt,
      previousValidUntil: tokens.previousValidUntil,
    })
    .from(tokens)
    .where(and(or(eq(tokens.hash, sql.placeholder('hash')), eq(tokens.previousHash, sql.placeholder('hash'))), isNull(tokens.revokedAt)))
    .prepare(),
)

/**
 * Who holds `secret`: a live token's current secret, or the previous secret of a rotated
 * one within its grace period. An expired token (or a previous secret past its grace)
 * is `{ expired: true }`; unknown or revoked, undefined. Records the use at most once a
 * minute per token (`LAST_USED_EVERY_MS`), so a busy token costs one write a minute.
 */
export function findCaller(db: Db, secret: string, now = Date.now()): Authentication {
  const hash = hashSecret(secret)
  const row = callerByHash(db).get({ hash })
  if (!row) return undefined
  const current = row.hash === hash
  if ((row.expiresAt !== null && row.expiresAt <= now) || (!current && (row.previousValidUntil ?? 0) <= now)) return { expired: true }
  if (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_EVERY_MS) {
    try {
      db.update(tokens).set({ lastUsedAt: now }).where(eq(tokens.id, row.tokenId)).run()
    } catch {
      // lastUsedAt is advisory: a full disk or a writer holding the lock must not turn a
      // valid token away (a station must still log in and catch up on a full disk).
    }
  }
  return { caller: { tokenId: row.tokenId, role: row.role, scope: row.scope, label: row.label } }
}

/** A token's public facts (never its secret), for GET /tokens and /me. */
export function tokenFacts(db: Db, id: number) {
  return listQuery(db).where(eq(tokens.id, id)).get()
}

function listQuery(db: Db) {
  return db
    .select({
      id: tokens.id,
      role: tokens.role,
      scope: tokens.scope,
      label: tokens.label,
      createdAt: tokens.createdAt,
      revokedAt: tokens.revokedAt,
      expiresAt: tokens.expiresAt,
      lastUsedAt: tokens.lastUsedAt,
      rotatedAt: tokens.rotatedAt,
      previousValidUntil: tokens.previousValidUntil,
    })
    .from(tokens)
}

/**
 * Rotation without downtime: the token gets a new secret (and a fresh lifetime) while
 * the secret it had keeps working for `graceMs`, so a station can switch over at leisure.
 * Rotating again within the grace period retires the oldest secret at once. Undefined
 * when there is no live token with that id.
 */
export function rotateToken(
  db: Db,
  id: number,
  options: { graceMs: number; lifetimes: Record<Role, number | null> },
  now = Date.now(),
): { id: number; token: string; expiresAt: number | null; previousValidUntil: number } | undefined {
  const row = db
    .select({ hash: tokens.hash, role: tokens.role, expiresAt: tokens.expiresAt })
    .from(tokens)
    .where(and(eq(tokens.id, id), isNull(tokens.revokedAt), or(isNull(tokens.expiresAt), gt(tokens.expiresAt, now))))
    .get()
  if (!row) return undefined
  const secret = generateSecret()
  const expiresAt = defaultExpiry(options.lifetimes, row.role, now)
  const previousValidUntil = now + options.graceMs
  db.update(tokens)
    .set({ hash: hashSecret(secret), previousHash: row.hash, previousValidUntil, rotatedAt: now, expiresAt })
    .where(eq(tokens.id, id))
    .run()
  return { id, token: secret, expiresAt, previousValidUntil }
}

export function listTokens(db: Db) {
  return listQuery(db).orderBy(desc(tokens.id)).all()
}

/** Returns false when there was no live token with that id. */
export function revokeToken(db: Db, id: number): boolean {
  const result = db
    .update(tokens)
    .set({ revokedAt: Date.now() })
    .where(and(eq(tokens.id, id), isNull(tokens.revokedAt)))
    .run()
  return result.changes > 0
}

/** The token registered from `ADMIN_TOKEN` (rotating it would be undone by the next start). */
export function isEnvironmentAdmin(db: Db, id: number): boolean {
  const row = db.select({ label: tokens.label, createdBy: tokens.createdBy, expiresAt: tokens.expiresAt }).from(tokens).where(eq(tokens.id, id)).get()
  return row !== undefined && row.label === 'ADMIN_TOKEN' && row.createdBy === null && row.expiresAt === null
}

/**
 * Makes sure a city_admin can log in: `ADMIN_TOKEN` is registered if given (it never
 * expires: it lives in the operator's environment; revoke it with DELETE /tokens/:id and
 * it stays revoked); otherwise, when no city_admin token is live (unrevoked and
 * unexpired), a secret is generated with the city_admin lifetime and returned so the
 * caller can print it once.
 */
export function bootstrapAdmin(db: Db, adminToken: string | undefined, lifetimes: Record<Role, number | null>): string | undefined {
  if (adminToken) {
    const existing = db.select({ id: tokens.id }).from(tokens).where(eq(tokens.hash, hashSecret(adminToken))).get()
    if (!existing) issueToken(db, { role: 'city_admin', scope: null, label: 'ADMIN_TOKEN', secret: adminToken, expiresAt: null })
    return undefined
  }
  const now = Date.now()
  const anyAdmin = db
    .select({ id: tokens.id })
    .from(tokens)
    .where(and(eq(tokens.role, 'city_admin'), isNull(tokens.revokedAt), or(isNull(tokens.expiresAt), gt(tokens.expiresAt, now))))
    .get()
  if (anyAdmin) return undefined
  return issueToken(db, { role: 'city_admin', scope: null, label: 'bootstrap', expiresAt: defaultExpiry(lifetimes, 'city_admin', now) }).token
}
