import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

export const povertyStatuses = ['poverty_alleviated', 'monitored', 'ordinary'] as const
export type PovertyStatus = (typeof povertyStatuses)[number]

export const employmentStatuses = [
  'unemployed',
  'local',
  'in_province',
  'cross_province',
  'self_employed',
  'public_welfare_post',
] as const
export type EmploymentStatus = (typeof employmentStatuses)[number]

/** Where a laborer is willing to work: a reach, or a named partner area. */
export const destinationWishes = ['local', 'in_province', 'out_of_province', 'jingjinji', 'yangtze_delta', 'greater_bay'] as const
export type DestinationWish = (typeof destinationWishes)[number]

export const genders = ['male', 'female'] as const

export interface Skill {
  /** Occupation or skill name as people say it: 瓦工, 月嫂, 电焊工, 刺绣 … */
  occupation: string
  tags: string[]
  years: number
}

/** Vocational skill certificate; tier 1 初级(五级) … 4 技师(二级), as the evaluation subsidy counts them. */
export interface Certificate {
  name: string
  tier: 1 | 2 | 3 | 4
}

/**
 * The real-name registry. National ID and phone are stored encrypted (AES-256-GCM), found
 * by keyed hash (HMAC-SHA-256), and shown masked; the masked forms are kept so lists never
 * decrypt.
 */
export const laborers = sqliteTable(
  'laborers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    idHash: text('id_hash').notNull().unique(),
    idCipher: text('id_cipher').notNull(),
    idMasked: text('id_masked').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneCipher: text('phone_cipher').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    gender: text('gender', { enum: genders }).notNull(),
    birthDate: text('birth_date').notNull(),
    villageCode: text('village_code').notNull(),
    townshipCode: text('township_code').notNull(),
    countyCode: text('county_code').notNull(),
    povertyStatus: text('poverty_status', { enum: povertyStatuses }).notNull(),
    skills: text('skills', { mode: 'json' }).$type<Skill[]>().notNull().default([]),
    certificates: text('certificates', { mode: 'json' }).$type<Certificate[]>().notNull().default([]),
    trainingWishes: text('training_wishes', { mode: 'json' }).$type<string[]>().notNull().default([]),
    destinationWishes: text('destination_wishes', { mode: 'json' }).$type<DestinationWish[]>().notNull().default([]),
    /** 元 per month. */
    expectedWage: integer('expected_wage'),
    availableFrom: text('available_from'),
    employmentStatus: text('employment_status', { enum: employmentStatuses }).notNull().default('unemployed'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('laborers_county_idx').on(t.countyCode, t.id),
    index('laborers_township_idx').on(t.townshipCode, t.id),
    index('laborers_village_idx').on(t.villageCode, t.id),
    index('laborers_phone_idx').on(t.phoneHash),
    // Covering: a public-welfare post's candidates (a township's laborers, ranked on these
    // columns) are read from the index alone, not from ~3,000 scattered rows of a city registry.
    index('laborers_welfare_pool_idx').on(t.townshipCode, t.id, t.villageCode, t.povertyStatus, t.employmentStatus, t.birthDate, t.skills),
    // Covering and partial: who wants training, per township, without reading the registry's rows.
    index('laborers_training_wish_idx').on(t.villageCode, t.townshipCode, t.countyCode, t.trainingWishes).where(sql`training_wishes <> '[]'`),
  ],
)

/**
 * Every change of employment status, with the day it took effect (Asia/Shanghai): the
 * timeline a laborer's record shows and the facts the progress reports count.
 */
export const employmentEvents = sqliteTable(
  'employment_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    fromStatus: text('from_status', { enum: employmentStatuses }),
    toStatus: text('to_status', { enum: employmentStatuses }).notNull(),
    /** YYYY-MM-DD in Asia/Shanghai. */
    effectiveDate: text('effective_date').notNull(),
    countyCode: text('county_code').notNull(),
    povertyStatus: text('poverty_status', { enum: povertyStatuses }).notNull(),
    note: text('note').notNull().default(''),
    tokenId: integer('token_id'),
    at: integer('at').notNull(),
  },
  (t) => [
    index('employment_events_laborer_idx').on(t.laborerId, t.id),
    index('employment_events_date_idx').on(t.effectiveDate, t.countyCode),
  ],
)

/**
 * One bulk import of a file, with the last line whose batch is committed: a run that was
 * killed resumes after it, and a finished file is recognised and skipped. Other kinds
 * (`jobs`) share the table.
 */
export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    source: text('source').notNull(),
    /** Size, mtime and a hash of the head of the file: a changed file is a new import. */
    fingerprint: text('fingerprint').notNull(),
    lastLine: integer('last_line').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    existing: integer('existing').notNull().default(0),
    bad: integer('bad').notNull().default(0),
    startedAt: integer('started_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
    /** Spreadsheets: the area the rows had to fall in (the importer's scope), and the header as written. */
    area: text('area'),
    header: text('header', { mode: 'json' }).$type<string[]>(),
  },
  (t) => [uniqueIndex('imports_kind_fingerprint_idx').on(t.kind, t.fingerprint)],
)

/**
 * Rows a spreadsheet import rejected, with their cells as written (sealed: they hold ID
 * numbers and phones) and the reason, so they can be handed back as a spreadsheet,
 * corrected and imported again. Written with the batch that read them.
 */
export const importRejects = sqliteTable(
  'import_rejects',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id),
    row: integer('row').notNull(),
    reason: text('reason').notNull(),
    cellsCipher: text('cells_cipher').notNull(),
  },
  (t) => [index('import_rejects_import_idx').on(t.importId, t.row)],
)

export type Laborer = typeof laborers.$inferSelect
export type EmploymentEvent = typeof employmentEvents.$inferSelect
export type ImportRun = typeof imports.$inferSelect

/**
 * Every change to a laborer's registry entry (who, when, which field, old → new), written
 * in the transaction of the change. Values are as shown to users: PII masked, lists as
 * JSON, statuses as codes.
 */
export const laborerChanges = sqliteTable(
  'laborer_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    /** Token that made the change (null: an import or the system), and its label at the time. */
    tokenId: integer('token_id'),
    actor: text('actor').notNull().default(''),
    /** Where it came from: PATCH, a confirmed poverty-status proposal, … */
    via: text('via').notNull().default('edit'),
    at: integer('at').notNull(),
  },
  (t) => [index('laborer_changes_laborer_idx').on(t.laborerId, t.id)],
)

export const proposalStatuses = ['pending', 'confirmed', 'rejected'] as const
export type ProposalStatus = (typeof proposalStatuses)[number]

/**
 * A village agent's proposal to change a household's poverty status (人口类型), which a
 * township (or above) confirms or rejects.
 */
export const povertyProposals = sqliteTable(
  'poverty_proposals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    laborerId: integer('laborer_id')
      .notNull()
      .references(() => laborers.id),
    villageCode: text('village_code').notNull(),
    townshipCode: text('township_code').notNull(),
    countyCode: text('county_code').notNull(),
    fromStatus: text('from_status', { enum: povertyStatuses }).notNull(),
    toStatus: text('to_status', { enum: povertyStatuses }).notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: proposalStatuses }).notNull().default('pending'),
    proposedBy: integer('proposed_by'),
    decidedBy: integer('decided_by'),
    decisionNote: text('decision_note').notNull().default(''),
    clientId: text('client_id'),
    createdAt: integer('created_at').notNull(),
    decidedAt: integer('decided_at'),
  },
  (t) => [
    index('poverty_proposals_township_idx').on(t.townshipCode, t.status),
    index('poverty_proposals_laborer_idx').on(t.laborerId),
    uniqueIndex('poverty_proposals_client_idx').on(t.clientId).where(sql`client_id IS NOT NULL`),
  ],
)

export type LaborerChange = typeof laborerChanges.$inferSelect
export type PovertyProposal = typeof povertyProposals.$inferSelect
