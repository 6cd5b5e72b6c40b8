import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

export const roles = [
  'city_admin',
  'county_officer',
  'township_staff',
  'village_agent',
  'station_operator',
  'employer',
  'fair_organizer',
] as const
export type Role = (typeof roles)[number]

/** Bearer tokens; only the SHA-256 of the secret is kept. */
export const tokens = sqliteTable(
  'tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    hash: text('hash').notNull().unique(),
    role: text('role', { enum: roles }).notNull(),
    /** Region code, station id or employer id, depending on the role; null for city-wide roles. */
    scope: text('scope'),
    label: text('label').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: integer('created_by'),
    revokedAt: integer('revoked_at'),
    /** After this instant the secret answers 401 `LL_TOKEN_EXPIRED`; null: never (ADMIN_TOKEN). */
    expiresAt: integer('expires_at'),
    /** Last authenticated use, written at most once a minute per token. */
    lastUsedAt: integer('last_used_at'),
    /** The secret replaced by the last rotation, still valid until `previousValidUntil`. */
    previousHash: text('previous_hash').unique(),
    previousValidUntil: integer('previous_valid_until'),
    rotatedAt: integer('rotated_at'),
  },
  (t) => [index('tokens_role_scope_idx').on(t.role, t.scope)],
)

/** Who looked at whose personal data, and why (and other acts worth a trail). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    tokenId: integer('token_id'),
    role: text('role').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('audit_subject_idx').on(t.subjectType, t.subjectId)],
)

/**
 * Browser sessions (the staff pages): a token is shown once per device and exchanged for a
 * session whose secret lives only in an HttpOnly cookie. Only the SHA-256 of that secret is
 * kept; the session acts as its token (same caller, same scope), so revoking or expiring the
 * token ends every session made from it.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    hash: text('hash').notNull().unique(),
    tokenId: integer('token_id')
      .notNull()
      .references(() => tokens.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    /** Last authenticated use, written at most once a minute; idle past SESSION_IDLE_DAYS ends it. */
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('sessions_token_idx').on(t.tokenId)],
)
