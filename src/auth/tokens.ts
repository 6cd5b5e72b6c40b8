import { createHash, randomBytes } from 'node:crypto'
import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Db } from '../db/database'
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
}

export function issueToken(
  db: Db,
  input: { role: Role; scope: string | null; label: string; createdBy?: number | null; secret?: string },
): IssuedToken {
  const secret = input.secret ?? generateSecret()
  const createdAt = Date.now()
  const row = db
    .insert(tokens)
    .values({
      hash: hashSecret(secret),
      role: input.role,
      scope: input.scope,
      label: input.label,
      createdAt,
      createdBy: input.createdBy ?? null,
    })
    .returning({ id: tokens.id })
    .get()
  return { id: row.id, token: secret, role: input.role, scope: input.scope, label: input.label, createdAt: new Date(createdAt).toISOString() }
}

export function findCaller(db: Db, secret: string): Caller | undefined {
  const row = db
    .select({ tokenId: tokens.id, role: tokens.role, scope: tokens.scope, label: tokens.label })
    .from(tokens)
    .where(and(eq(tokens.hash, hashSecret(secret)), isNull(tokens.revokedAt)))
    .get()
  return row
}

export function listTokens(db: Db) {
  return db
    .select({
      id: tokens.id,
      role: tokens.role,
      scope: tokens.scope,
      label: tokens.label,
      createdAt: tokens.createdAt,
      revokedAt: tokens.revokedAt,
    })
    .from(tokens)
    .orderBy(desc(tokens.id))
    .all()
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

/**
 * Makes sure a city_admin can log in: `ADMIN_TOKEN` is registered if given; otherwise a
 * secret is generated the first time only and returned so the caller can print it once.
 */
export function bootstrapAdmin(db: Db, adminToken: string | undefined): string | undefined {
  if (adminToken) {
    const existing = db.select({ id: tokens.id }).from(tokens).where(eq(tokens.hash, hashSecret(adminToken))).get()
    if (!existing) issueToken(db, { role: 'city_admin', scope: null, label: 'ADMIN_TOKEN', secret: adminToken })
    return undefined
  }
  const anyAdmin = db
    .select({ id: tokens.id })
    .from(tokens)
    .where(and(eq(tokens.role, 'city_admin'), isNull(tokens.revokedAt)))
    .get()
  if (anyAdmin) return undefined
  return issueToken(db, { role: 'city_admin', scope: null, label: 'bootstrap' }).token
}
