import type { Statement } from 'better-sqlite3'
import { and, asc, desc, eq, gt, like, sql } from 'drizzle-orm'
import type { Db, Sqlite } from '../db/database'
import { preparedOnce } from '../db/prepared'
import { AlreadyRegisteredError, LaborerNotFoundError } from '../errors'
import type { Pii } from '../pii/cipher'
import { parseIdNumber } from './id-number'
import { shanghaiToday } from '../calendar'
import type { LaborerBody } from './model'
import { sealLaborer, type LaborerParams, type SealedLaborer } from './registry'
import { sameSkills, sheetPatch, type PreparedSheetRow } from './sheet-columns'
import {
  employmentEvents,
  imports,
  laborers,
  type EmploymentEvent,
  type EmploymentStatus,
  type ImportRun,
  type Laborer,
  type PovertyStatus,
  type Skill,
} from './schema'
import { transaction } from '../db/transaction'
import { employmentRecords } from '../employments/schema'
import { changeFieldLabels } from './changes'

export interface InsertOptions {
  /** Token that registered the laborer (null for imports and demo data). */
  tokenId?: number | null
  /** Day the initial employment status took effect; today (Asia/Shanghai) when absent. */
  statusDate?: string
  at?: number
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE'
}

/**
 * Registers one laborer and the first entry of the timeline, in one transaction (or
 * the caller's). The ID number must already be valid (see `checkLaborer`); a duplicate
 * (same keyed hash) is an AlreadyRegisteredError.
 */
export function insertSealed(db: Db, row: SealedLaborer, options: InsertOptions = {}): Laborer {
  const at = options.at ?? Date.now()
  return transaction(db, () => {
    let laborer: Laborer
    try {
      laborer = db.insert(laborers).values({ ...row, createdAt: at, updatedAt: at }).returning().get()
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyRegisteredError()
      throw error
    }
    db.insert(employmentEvents)
      .values({
        laborerId: laborer.id,
        fromStatus: null,
        toStatus: laborer.employmentStatus,
        effectiveDate: options.statusDate ?? shanghaiToday(at),
        countyCode: laborer.countyCode,
        povertyStatus: laborer.povertyStatus,
        note: 'registered',
        tokenId: options.tokenId ?? null,
        at,
      })
      .run()
    if (laborer.employmentStatus !== 'unemployed') {
      // Registered as employed: the job is an employment record (source registry), which the status follows.
      db.insert(employmentRecords)
        .values({
          ...registryRecord(laborer, options.statusDate ?? shanghaiToday(at), at),
          recordedBy: options.tokenId ?? null,
          verifiedBy: options.tokenId ?? null,
        })
        .run()
    }
    return laborer
  })
}

/**
 * The employment record of a laborer registered (or imported) as employed: the form is
 * the status (employment forms include every employed status, src/employments/schema.ts),
 * the place and employer unknown. Imports write the same columns in SQL below.
 */
function registryRecord(laborer: Laborer, startDate: string, at: number): typeof employmentRecords.$inferInsert {
  return {
    laborerId: laborer.id,
    villageCode: laborer.villageCode,
    townshipCode: laborer.townshipCode,
    countyCode: laborer.countyCode,
    form: laborer.employmentStatus as Exclude<EmploymentStatus, 'unemployed'>,
    startDate,
    source: 'registry',
    verifiedAt: at,
    createdAt: at,
    updatedAt: at,
  }
}

const REGISTRY_RECORD_COLUMNS = `employment_records (laborer_id, village_code, township_code, county_code, form, start_date, source, verified_at, created_at, updated_at)`

/** For other modules and tests: validates the ID, seals and inserts (no village check). */
export function insertLaborer(db: Db, pii: Pii, body: LaborerBody, options: InsertOptions = {}): Laborer {
  const id = parseIdNumber(body.idNumber, shanghaiToday(options.at))
  if (!id.ok) throw new Error(`idNumber ${id.reason}`)
  return insertSealed(db, sealLaborer(pii, body, id), options)
}

const laborerById = preparedOnce((db) => db.select().from(laborers).where(eq(laborers.id, sql.placeholder('id'))).prepare())

export function getLaborer(db: Db, id: number): Laborer | undefined {
  return laborerById(db).get({ id })
}

export type LaborerUpdate = Partial<
  Pick<
    Laborer,
    | 'name'
    | 'phoneHash'
    | 'phoneCipher'
    | 'phoneMasked'
    | 'villageCode'
    | 'townshipCode'
    | 'countyCode'
    | 'povertyStatus'
    | 'skills'
    | 'certificates'
    | 'trainingWishes'
    | 'destinationWishes'
    | 'expectedWage'
    | 'availableFrom'
  >
>

export function updateLaborer(db: Db, id: number, patch: LaborerUpdate, at = Date.now()): Laborer {
  if (Object.keys(patch).length === 0) return getLaborer(db, id)!
  return db.update(laborers).set({ ...patch, updatedAt: at }).where(eq(laborers.id, id)).returning().get()!
}

/**
 * Moves a laborer to another employment status and appends the change to the timeline,
 * in the caller's transaction (a placement and its status change commit together). No
 * event is written when the status does not change.
 */
export function changeEmploymentStatus(
  db: Db,
  laborerId: number,
  toStatus: EmploymentStatus,
  effectiveDate: string,
  note: string,
  tokenId: number | null,
  at = Date.now(),
): EmploymentEvent | null {
  const current = getLaborer(db, laborerId)
  if (!current) throw new LaborerNotFoundError(laborerId)
  if (current.employmentStatus === toStatus) return null
  db.update(laborers).set({ employmentStatus: toStatus, updatedAt: at }).where(eq(laborers.id, laborerId)).run()
  // The new status is the laborer's status now, so its event must be their latest (reports
  // read the status as of a day from the latest event by effective date): a change dated
  // before the latest event (a job held since last year, recorded after today's registration)
  // takes that event's date rather than being overridden by it.
  const latest = db
    .select({ day: employmentEvents.effectiveDate })
    .from(employmentEvents)
    .where(eq(employmentEvents.laborerId, laborerId))
    .orderBy(desc(employmentEvents.effectiveDate))
    .limit(1)
    .get()
  return db
    .insert(employmentEvents)
    .values({
      laborerId,
      fromStatus: current.employmentStatus,
      toStatus,
      effectiveDate: latest && latest.day > effectiveDate ? latest.day : effectiveDate,
      countyCode: current.countyCode,
      povertyStatus: current.povertyStatus,
      note,
      tokenId,
      at,
    })
    .returning()
    .get()
}

export function timeline(db: Db, laborerId: number): EmploymentEvent[] {
  return db
    .select()
    .from(employmentEvents)
    .where(eq(employmentEvents.laborerId, laborerId))
    .orderBy(asc(employmentEvents.id))
    .all()
}

export interface LaborerFilter {
  /** Region-code prefix of the caller's area (4, 6, 9 or 12 digits). */
  area: string
  county?: string
  township?: string
  village?: string
  povertyStatus?: PovertyStatus
  employmentStatus?: EmploymentStatus
  skill?: string
  wish?: string
  /** Keyed hashes of a national ID or phone number the caller typed. */
  idHash?: string
  phoneHash?: string
  afterId?: number
  limit: number
}

/**
 * A list page's rows as JSON text, built by SQLite's json_object in the API's shape
 * (masked PII under the public names, ISO instants): the registry's hottest read skips
 * parsing four JSON columns a row and serializing them again.
 */
const iso = (column: string) =>
  `strftime('%Y-%m-%dT%H:%M:%S', ${column} / 1000, 'unixepoch') || printf('.%03dZ', ${column} % 1000)`

const LISTED_JSON = `json_object('id', id, 'name', name, 'idNumber', id_masked, 'phone', phone_masked, 'gender', gender,
  'birthDate', birth_date, 'villageCode', village_code, 'townshipCode', township_code, 'countyCode', county_code,
  'povertyStatus', poverty_status, 'skills', json(skills), 'certificates', json(certificates),
  'trainingWishes', json(training_wishes), 'destinationWishes', json(destination_wishes), 'expectedWage', expected_wage,
  'availableFrom', available_from, 'employmentStatus', employment_status,
  'createdAt', ${iso('created_at')}, 'updatedAt', ${iso('updated_at')})`

/**
 * An area prefix as an equality on the column of its level, so the (area, id) indexes
 * serve it. The whole city stays a LIKE, which no index serves: the planner then walks
 * the id order and stops at the page's end instead of sorting the city.
 */
function areaClause(code: string): string {
  switch (code.length) {
    case 6:
      return 'county_code = @area'
    case 9:
      return 'township_code = @area'
    case 12:
      return 'village_code = @area'
    default:
      return "county_code LIKE @area || '%'"
  }
}

/** One prepared statement per combination of filters (a few hundred at most), reused. */
const listStatements = new WeakMap<Sqlite, Map<string, Statement>>()

/**
 * Keyset page in id order: `limit + 1` rows are read so the caller knows whether more
 * follow. Plain SQL on a cached statement: building it through the query builder cost
 * several times the query itself.
 */
export function listLaborers(db: Db, filter: LaborerFilter): { id: number; json: string }[] {
  const where = [
    areaClause(filter.area),
    filter.county && 'county_code = @county',
    filter.township && 'township_code = @township',
    filter.village && 'village_code = @village',
    filter.povertyStatus && 'poverty_status = @povertyStatus',
    filter.employmentStatus && 'employment_status = @employmentStatus',
    filter.skill && "EXISTS (SELECT 1 FROM json_each(skills) WHERE json_extract(value, '$.occupation') = @skill)",
    filter.wish &&
      '(EXISTS (SELECT 1 FROM json_each(destination_wishes) WHERE value = @wish) OR EXISTS (SELECT 1 FROM json_each(training_wishes) WHERE value = @wish))',
    filter.idHash && 'id_hash = @idHash',
    filter.phoneHash && 'phone_hash = @phoneHash',
    filter.afterId && 'id > @afterId',
  ].filter(Boolean)
  const text = `SELECT id, ${LISTED_JSON} AS json FROM laborers WHERE ${where.join(' AND ')} ORDER BY id LIMIT @limit`
  let cache = listStatements.get(db.$client)
  if (!cache) listStatements.set(db.$client, (cache = new Map()))
  let statement = cache.get(text)
  if (!statement) cache.set(text, (statement = db.$client.prepare(text)))
  const params = Object.fromEntries(Object.entries({ ...filter, limit: filter.limit + 1 }).filter(([, v]) => v !== undefined))
  return statement.all(params) as { id: number; json: string }[]
}

export function findByIdHash(db: Db, idHash: string): Laborer | undefined {
  return db.select().from(laborers).where(eq(laborers.idHash, idHash)).get()
}

/**
 * Prepared statements for bulk loading, straight on better-sqlite3: an import writes
 * hundreds of thousands of rows, and skipping the query builder per row matters there.
 * Rows come as `laborerParams` tuples (import workers build them off the main thread).
 * A row whose national ID is already registered is left as it is (`existing`), which is
 * what makes a re-run harmless. Run it inside a transaction.
 */
export function bulkInserter(sqlite: Sqlite) {
  const insert = sqlite.prepare(
    `INSERT INTO laborers (name, id_hash, id_cipher, id_masked, phone_hash, phone_cipher, phone_masked, gender,
       birth_date, village_code, township_code, county_code, poverty_status, skills, certificates, training_wishes,
       destination_wishes, expected_wage, available_from, employment_status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id_hash) DO NOTHING`,
  )
  const event = sqlite.prepare(
    `INSERT INTO employment_events (laborer_id, from_status, to_status, effective_date, county_code, poverty_status, note, at)
     VALUES (?, NULL, ?, ?, ?, ?, 'registered', ?)`,
  )
  // Rows without their own status date all start today: one statement writes their timeline entries.
  const eventsSince = sqlite.prepare(
    `INSERT INTO employment_events (laborer_id, from_status, to_status, effective_date, county_code, poverty_status, note, at)
     SELECT id, NULL, employment_status, ?, county_code, poverty_status, 'registered', ? FROM laborers WHERE id > ?`,
  )
  const record = sqlite.prepare(
    `INSERT INTO ${REGISTRY_RECORD_COLUMNS}
     SELECT id, village_code, township_code, county_code, employment_status, ?, 'registry', ?, ?, ? FROM laborers WHERE id = ?`,
  )
  const recordsSince = sqlite.prepare(
    `INSERT INTO ${REGISTRY_RECORD_COLUMNS}
     SELECT id, village_code, township_code, county_code, employment_status, ?, 'registry', ?, ?, ? FROM laborers
     WHERE id > ? AND employment_status <> 'unemployed'`,
  )
  const maxId = sqlite.prepare('SELECT coalesce(max(id), 0) AS id FROM laborers').pluck()
  return (rows: readonly LaborerParams[], at = Date.now()): { inserted: number; existing: number } => {
    const today = shanghaiToday(at)
    const before = maxId.get() as number
    const perRow = rows.some((p) => p[20] !== null)
    let inserted = 0
    for (const params of rows) {
      const result = insert.run(...params.slice(0, 20), at, at)
      if (result.changes === 0) continue
      inserted++
      if (perRow) {
        event.run(result.lastInsertRowid, params[19], params[20] ?? today, params[11], params[12], at)
        if (params[19] !== 'unemployed') record.run(params[20] ?? today, at, at, at, result.lastInsertRowid)
      }
    }
    // Inside the write transaction, ids above `before` are exactly the rows just inserted.
    if (!perRow && inserted > 0) {
      eventsSince.run(today, at, before)
      recordsSince.run(today, at, at, at, before)
    }
    return { inserted, existing: rows.length - inserted }
  }
}

export function findImport(db: Db, kind: string, fingerprint: string): ImportRun | undefined {
  return db.select().from(imports).where(and(eq(imports.kind, kind), eq(imports.fingerprint, fingerprint))).get()
}

export function startImport(db: Db, kind: string, source: string, fingerprint: string): ImportRun {
  const now = Date.now()
  return db.insert(imports).values({ kind, source, fingerprint, startedAt: now, updatedAt: now }).returning().get()
}

/** Advances the checkpoint inside the batch's transaction, so the two commit together. */
export function recordImportProgress(
  db: Db,
  id: number,
  progress: { lastLine: number; inserted: number; existing: number; bad: number; finished?: boolean },
): void {
  const now = Date.now()
  db.update(imports)
    .set({
      lastLine: progress.lastLine,
      inserted: sql`${imports.inserted} + ${progress.inserted}`,
      existing: sql`${imports.existing} + ${progress.existing}`,
      bad: sql`${imports.bad} + ${progress.bad}`,
      updatedAt: now,
      ...(progress.finished ? { finishedAt: now } : {}),
    })
    .where(eq(imports.id, id))
    .run()
}

export function countLaborers(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(laborers).get()!.n
}


const PATCH_COLUMNS: Record<string, string> = {
  name: 'name',
  phoneHash: 'phone_hash',
  phoneCipher: 'phone_cipher',
  phoneMasked: 'phone_masked',
  villageCode: 'village_code',
  townshipCode: 'township_code',
  countyCode: 'county_code',
  povertyStatus: 'poverty_status',
  skills: 'skills',
  certificates: 'certificates',
  trainingWishes: 'training_wishes',
  destinationWishes: 'destination_wishes',
  expectedWage: 'expected_wage',
  availableFrom: 'available_from',
  employmentStatus: 'employment_status',
}

export interface SheetWriteCounts {
  inserted: number
  existing: number
  updated: number
  /** Rows that could neither register a new person nor update one. */
  missing: { line: number; reason: string }[]
}

/**
 * Writes spreadsheet rows (see `prepareSheetRow`): a new ID registers a person, a known
 * one is updated only in the fields the row carries, and each such update is a timeline
 * entry naming what changed; a row that changes nothing writes nothing. With `dryRun`
 * nothing is written and the counts say what would happen.
 */
export function sheetWriter(sqlite: Sqlite, options: { dryRun?: boolean; tokenId?: number | null } = {}) {
  const insert = bulkInserter(sqlite)
  const columns = `id, name, phone_hash AS phoneHash, village_code AS villageCode, poverty_status AS povertyStatus, skills, certificates,
       training_wishes AS trainingWishes, destination_wishes AS destinationWishes, expected_wage AS expectedWage,
       available_from AS availableFrom, employment_status AS employmentStatus, county_code AS countyCode`
  const find = sqlite.prepare(`SELECT ${columns} FROM laborers WHERE id_hash = ?`)
  // A block's people looked up at once (most rows of a first import find nobody).
  const findAll = sqlite.prepare(`SELECT id_hash AS idHash, ${columns} FROM laborers WHERE id_hash IN (SELECT value FROM json_each(?))`)
  const event = sqlite.prepare(
    `INSERT INTO employment_events (laborer_id, from_status, to_status, effective_date, county_code, poverty_status, note, token_id, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  // A changed employment status ends the open jobs (and their placements) on the day of the
  // import and, if employed, opens a registry record of the new form: records stay the truth
  // the status follows (src/employments).
  const endPlacements = sqlite.prepare(
    `UPDATE placements SET end_date = max(start_date, ?), updated_at = ? WHERE end_date IS NULL
       AND id IN (SELECT placement_id FROM employment_records WHERE laborer_id = ? AND end_date IS NULL AND placement_id IS NOT NULL)`,
  )
  const endRecords = sqlite.prepare(
    `UPDATE employment_records SET end_date = max(start_date, ?), end_reason = 'other', end_note = '表格导入更新就业状态', ended_by = ?, updated_at = ?
     WHERE laborer_id = ? AND end_date IS NULL`,
  )
  const openRecord = sqlite.prepare(
    `INSERT INTO ${REGISTRY_RECORD_COLUMNS}
     SELECT id, village_code, township_code, county_code, employment_status, ?, 'registry', ?, ?, ? FROM laborers WHERE id = ?`,
  )
  const updates = new Map<string, Statement>()
  const seen = new Set<string>()
  return (rows: readonly PreparedSheetRow[], at = Date.now()): SheetWriteCounts => {
    const counts: SheetWriteCounts = { inserted: 0, existing: 0, updated: 0, missing: [] }
    const today = shanghaiToday(at)
    const fresh: LaborerParams[] = []
    const flushFresh = () => {
      if (fresh.length > 0) counts.inserted += insert(fresh.splice(0), at).inserted
    }
    const known = new Map<string, Record<string, unknown>>()
    for (const row of findAll.all(JSON.stringify(rows.map((r) => r.idHash))) as Record<string, unknown>[]) known.set(row.idHash as string, row)
    const earlier = new Set<string>()
    for (const r of rows) {
      let current: Record<string, unknown> | undefined
      if (earlier.has(r.idHash)) {
        // A person an earlier row of this block registered or updated: read as written now.
        flushFresh()
        current = find.get(r.idHash) as Record<string, unknown> | undefined
      } else current = known.get(r.idHash)
      earlier.add(r.idHash)
      if (!current) {
        if (!r.insert) {
          counts.missing.push({ line: r.row, reason: r.missing ?? '新登记人员信息不全' })
        } else if (options.dryRun) {
          if (seen.has(r.idHash)) counts.existing++
          else counts.inserted++
          seen.add(r.idHash)
        } else fresh.push(r.insert)
        continue
      }
      const { employed, ...patch } = sheetPatch(r)
      const changed: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined || key === 'phoneCipher' || key === 'phoneMasked' || key === 'townshipCode' || key === 'countyCode') continue
        const stored = current[key]
        const now = typeof stored === 'string' && (key === 'skills' || key === 'certificates' || key === 'trainingWishes' || key === 'destinationWishes') ? JSON.parse(stored) : stored
        const same =
          key === 'skills' ? sameSkills(now as Skill[], value as Skill[]) : JSON.stringify(now) === JSON.stringify(value)
        if (!same) changed[key] = value
      }
      if (employed && current.employmentStatus === 'unemployed' && patch.employmentStatus === undefined) {
        counts.missing.push({ line: r.row, reason: '就业状态为“已就业”但未填写就业形式' })
        continue
      }
      if ('phoneHash' in changed) Object.assign(changed, { phoneCipher: patch.phoneCipher, phoneMasked: patch.phoneMasked })
      if ('villageCode' in changed) Object.assign(changed, { townshipCode: patch.townshipCode, countyCode: patch.countyCode })
      const keys = Object.keys(changed)
      if (keys.length === 0) {
        counts.existing++
        continue
      }
      counts.updated++
      if (options.dryRun) continue
      const text = `UPDATE laborers SET ${keys.map((k) => `${PATCH_COLUMNS[k]} = @${k}`).join(', ')}, updated_at = @at WHERE id = @id`
      let statement = updates.get(text)
      if (!statement) updates.set(text, (statement = sqlite.prepare(text)))
      const params: Record<string, unknown> = { at, id: current.id }
      for (const k of keys) params[k] = Array.isArray(changed[k]) ? JSON.stringify(changed[k]) : changed[k]
      statement.run(params)
      const toStatus = (changed.employmentStatus as string | undefined) ?? current.employmentStatus
      // The sheet writes the phone's hash column; its label is the phone's.
      const labels = keys.map((k) => changeFieldLabels[k === 'phoneHash' ? 'phone' : k]).filter(Boolean)
      const note = `表格导入更新：${labels.join('、')}`
      if ('employmentStatus' in changed) {
        endPlacements.run(today, at, current.id)
        endRecords.run(today, options.tokenId ?? null, at, current.id)
        if (toStatus !== 'unemployed') openRecord.run(today, at, at, at, current.id)
      }
      event.run(current.id, current.employmentStatus, toStatus, today, (changed.countyCode as string | undefined) ?? current.countyCode,
        (changed.povertyStatus as string | undefined) ?? current.povertyStatus, note, options.tokenId ?? null, at)
    }
    flushFresh()
    return counts
  }
}

/** Keeps a spreadsheet import's rejected rows (cells sealed), in the batch's transaction. */
export function storeRejects(sqlite: Sqlite, pii: Pii, importId: number, rows: readonly { line: number; reason: string; cells?: string[] }[]): void {
  const insert = sqlite.prepare('INSERT INTO import_rejects (import_id, row, reason, cells_cipher) VALUES (?, ?, ?, ?)')
  for (const r of rows) insert.run(importId, r.line, r.reason, pii.encrypt(JSON.stringify(r.cells ?? [])))
}

/** A spreadsheet import's rejected rows in source order, cells opened. */
export function* rejectsOf(sqlite: Sqlite, pii: Pii, importId: number): Generator<{ row: number; reason: string; cells: string[] }> {
  const rows = sqlite
    .prepare('SELECT row, reason, cells_cipher AS cells FROM import_rejects WHERE import_id = ? ORDER BY row, id')
    .iterate(importId) as Iterable<{ row: number; reason: string; cells: string }>
  for (const r of rows) yield { row: r.row, reason: r.reason, cells: JSON.parse(pii.decrypt(r.cells)) as string[] }
}

export function getImport(db: Db, id: number): ImportRun | undefined {
  return db.select().from(imports).where(eq(imports.id, id)).get()
}

export function describeImport(db: Db, id: number, patch: { area: string; header: string[] }): void {
  db.update(imports).set(patch).where(eq(imports.id, id)).run()
}

/** One page of an area's laborers in id order, for exports (pages, so no statement stays open across awaits). */
export function rosterPage(db: Db, area: string, afterId: number, limit: number): Laborer[] {
  const column = area.length === 6 ? laborers.countyCode : area.length === 9 ? laborers.townshipCode : area.length === 12 ? laborers.villageCode : null
  const inArea = column ? eq(column, area) : like(laborers.countyCode, `${area}%`)
  return db.select().from(laborers).where(and(inArea, gt(laborers.id, afterId))).orderBy(asc(laborers.id)).limit(limit).all()
}
