import type { Statement } from 'better-sqlite3'
import type { Db, Sqlite } from '../db/database'
import { monthlyWageSql } from '../jobs/index'
import { addPlaceWords, benefitAlternatives, pinyinOf, type Concept } from './analyzer'
import { FOUND_SQL, searchable, tokenizedFields, type DocSource } from './document'
import { emptyFacets, type EngineResult, type SearchFilters, type SearchRequest } from './engine'
import type { LexiconEntry } from './lexicon'
import { transaction } from '../db/transaction'

/**
 * Every statement of the search module. Raw SQL because FTS5 and the dynamic filter
 * shapes are outside drizzle; statements are prepared once per connection and shape.
 */
const cache = new WeakMap<Sqlite, Map<string, Statement>>()
function stmt(sqlite: Sqlite, sql: string): Statement {
  let byText = cache.get(sqlite)
  if (!byText) cache.set(sqlite, (byText = new Map()))
  let prepared = byText.get(sql)
  if (!prepared) byText.set(sql, (prepared = sqlite.prepare(sql)))
  return prepared
}

let placesLoaded = false
/** Region names become jieba words the first time this process indexes or searches. */
export function ensurePlaceWords(db: Db): void {
  if (placesLoaded) return
  const rows = stmt(db.$client, "SELECT name FROM regions WHERE level <> 'village'").all() as { name: string }[]
  addPlaceWords(rows.map((r) => r.name))
  placesLoaded = true
}

const sourceSql = `
  SELECT j.id, j.title, j.description, j.occupation, j.skill_tags AS skillTags, j.benefits, j.type,
         j.public_welfare_category AS publicWelfareCategory, j.gig_kind AS gigKind, j.labor_brand AS laborBrand,
         j.partner_area AS partnerArea, j.province_code AS provinceCode, j.city_code AS cityCode, j.county_code AS countyCode,
         coalesce(p.name, '') AS provinceName, coalesce(c.name, '') AS cityName, coalesce(k.name, '') AS countyName,
         e.name AS employerName, j.status, j.openings_left AS openingsLeft, j.wage_min AS wageMin, j.wage_max AS wageMax,
         j.wage_unit AS wageUnit, j.start_date AS startDate, j.deadline, j.created_at AS createdAt, st.name AS stationName
  FROM jobs j
  JOIN employers e ON e.id = j.employer_id
  LEFT JOIN stations st ON st.id = j.station_id
  LEFT JOIN regions p ON p.code = j.province_code
  LEFT JOIN regions c ON c.code = j.city_code
  LEFT JOIN regions k ON k.code = j.county_code`

type RawSource = Omit<DocSource, 'skillTags' | 'benefits'> & { skillTags: string; benefits: string }
const parseSource = (row: RawSource): DocSource => ({
  ...row,
  skillTags: JSON.parse(row.skillTags),
  benefits: JSON.parse(row.benefits),
})

export function loadSources(db: Db, ids: number[]): DocSource[] {
  if (ids.length === 0) return []
  const rows = stmt(db.$client, `${sourceSql} WHERE j.id IN (SELECT value FROM json_each(?)) ORDER BY j.id`).all(
    JSON.stringify(ids),
  ) as RawSource[]
  return rows.map(parseSource)
}

/** Searchable postings after `afterId`, in id order: the pages of a rebuild. */
export function searchableSourcesAfter(db: Db, afterId: number, limit: number): DocSource[] {
  const rows = stmt(
    db.$client,
    `${sourceSql} WHERE j.id > ? AND j.status = 'open' AND j.openings_left > 0 ORDER BY j.id LIMIT ?`,
  ).all(afterId, limit) as RawSource[]
  return rows.map(parseSource)
}

export function countSearchable(db: Db): number {
  return (stmt(db.$client, "SELECT count(*) AS n FROM jobs WHERE status = 'open' AND openings_left > 0").get() as { n: number }).n
}

const pinyinCache = new Map<string, { full: string; initials: string } | undefined>()
function cachedPinyin(word: string) {
  if (!pinyinCache.has(word)) pinyinCache.set(word, pinyinOf(word))
  return pinyinCache.get(word)
}

/** Filter values as index terms (`fajingjinji`, `fp14` …): letters and digits only, so unicode61 keeps each whole. */
const filterTerm = {
  partnerArea: (v: string) => `fa${v.replace(/_/g, '')}`,
  type: (v: string) => `ft${v.replace(/_/g, '')}`,
  laborBrand: (v: string) => `fb${v.replace(/_/g, '')}`,
  province: (v: string) => `fp${v}`,
  city: (v: string) => `fc${v}`,
  county: (v: string) => `fk${v}`,
  /** A benefit as listed (包住, 五险一金 …), its UTF-8 in hex. */
  benefit: (v: string) => `fe${Buffer.from(v).toString('hex')}`,
}

function filterTerms(src: DocSource): string {
  return [
    filterTerm.partnerArea(src.partnerArea),
    filterTerm.type(src.type),
    filterTerm.laborBrand(src.laborBrand ?? 'none'),
    filterTerm.province(src.provinceCode),
    src.cityCode ? filterTerm.city(src.cityCode) : '',
    src.countyCode ? filterTerm.county(src.countyCode) : '',
    ...src.benefits.map(filterTerm.benefit),
  ].join(' ')
}

function writeFts(sqlite: Sqlite, src: DocSource): string[] {
  const t = tokenizedFields(src)
  stmt(sqlite, 'INSERT INTO jobs_fts (rowid, title, tags, place, body, filters) VALUES (?, ?, ?, ?, ?, ?)').run(
    src.id,
    t.title.join(' '),
    t.tags.join(' '),
    t.place.join(' '),
    t.body.join(' '),
    filterTerms(src),
  )
  return [...new Set([...t.title, ...t.tags, ...t.place])]
}

let localWrites = 0

/** Index writes through this module in this process: bumped inside the writing transaction. */
export function localIndexWrites(): number {
  return localWrites
}

/** SQLite's data_version: changes when another connection commits (the CLI, a second server). */
export function dataVersion(db: Db): number {
  return stmt(db.$client, 'PRAGMA data_version').pluck().get() as number
}

/**
 * Brings the search state of one posting in step with its row: the FTS5 entry (present
 * only while searchable), the pinyin lexicon, and the Meilisearch outbox when that
 * engine is in use. Runs inside the caller's transaction.
 */
export function syncJobIndex(db: Db, jobId: number): void {
  localWrites++
  ensurePlaceWords(db)
  const sqlite = db.$client
  stmt(sqlite, 'DELETE FROM jobs_fts WHERE rowid = ?').run(jobId)
  const [src] = loadSources(db, [jobId])
  if (src && searchable(src)) {
    const upsert = stmt(
      sqlite,
      `INSERT INTO search_lexicon (word, full, initials, df) VALUES (?, ?, ?, 1)
       ON CONFLICT (word) DO UPDATE SET df = df + 1`,
    )
    for (const word of writeFts(sqlite, src)) {
      const py = cachedPinyin(word)
      if (py) upsert.run(word, py.full, py.initials)
    }
  }
  enqueueIfOutbox(db, [jobId])
}

/** Only membership can change when openings are taken: drop the entry once nothing is left. */
export function syncJobAvailability(db: Db, jobId: number, stillSearchable: boolean): void {
  localWrites++
  if (!stillSearchable) stmt(db.$client, 'DELETE FROM jobs_fts WHERE rowid = ?').run(jobId)
  enqueueIfOutbox(db, [jobId])
}

/** Rebuilds the FTS5 index and the lexicon from `jobs`, in one transaction. */
export function rebuildFts(db: Db, onProgress?: (done: number, total: number) => void): number {
  ensurePlaceWords(db)
  const sqlite = db.$client
  localWrites++
  const total = countSearchable(db)
  let done = 0
  transaction(sqlite, () => {
    stmt(sqlite, "INSERT INTO jobs_fts (jobs_fts) VALUES ('delete-all')").run()
    const df = new Map<string, number>()
    for (let after = 0; ; ) {
      const page = searchableSourcesAfter(db, after, 2000)
      if (page.length === 0) break
      for (const src of page) for (const word of writeFts(sqlite, src)) df.set(word, (df.get(word) ?? 0) + 1)
      after = page[page.length - 1].id
      done += page.length
      onProgress?.(done, total)
    }
    stmt(sqlite, 'DELETE FROM search_lexicon').run()
    const insert = stmt(sqlite, 'INSERT INTO search_lexicon (word, full, initials, df) VALUES (?, ?, ?, ?)')
    for (const [word, n] of df) {
      const py = cachedPinyin(word)
      if (py) insert.run(word, py.full, py.initials, n)
    }
    stmt(sqlite, "INSERT INTO jobs_fts (jobs_fts) VALUES ('optimize')").run()
  })
  return done
}

export function lexiconVersion(db: Db): number {
  return (stmt(db.$client, 'SELECT coalesce(max(id), 0) AS v FROM search_lexicon').get() as { v: number }).v
}

export function lexiconEntries(db: Db): LexiconEntry[] {
  return stmt(db.$client, 'SELECT word, full, initials, df FROM search_lexicon').all() as LexiconEntry[]
}

/** `("瓦工" OR "泥瓦工") AND ("天津")`: every concept must match (`all`), or any (`any`). */
export function ftsExpression(concepts: Concept[], mode: 'all' | 'any'): string {
  const words = concepts.map((c) => `(${c.terms.map(phrase).join(' OR ')})`).join(mode === 'all' ? ' AND ' : ' OR ')
  return `{title tags place body} : (${words})`
}

const phrase = (term: string) => `"${term.replace(/"/g, '""')}"`

/**
 * What bm25 scores the matches of `ftsExpression(concepts, mode)` by: the same expression,
 * except that a concept with `scored` terms is left out of it and its scored terms are
 * alternatives (every match still matches it, and bm25 gives no score to a phrase a posting
 * lacks). Undefined when no concept has `scored` terms: the expression itself.
 */
export function scoringExpression(concepts: Concept[], mode: 'all' | 'any'): string | undefined {
  if (!concepts.some((c) => c.scored)) return undefined
  const rest = concepts.filter((c) => !c.scored)
  const extra = concepts.flatMap((c) => c.scored ?? []).map(phrase)
  const words = rest.map((c) => `(${c.terms.map(phrase).join(' OR ')})`).join(mode === 'all' ? ' AND ' : ' OR ')
  return `{title tags place body} : (${[...(words ? [`(${words})`] : []), ...extra].join(' OR ')})`
}

/** The filters that are index terms, as an FTS5 expression; undefined when none is set. */
function filterExpression(filters: SearchFilters): string | undefined {
  const any = (terms: string[]) => `filters : (${terms.join(' OR ')})`
  const parts: string[] = []
  if (filters.partnerAreas?.length) parts.push(any(filters.partnerAreas.map(filterTerm.partnerArea)))
  if (filters.types?.length) parts.push(any(filters.types.map(filterTerm.type)))
  if (filters.laborBrands?.length) parts.push(any(filters.laborBrands.map(filterTerm.laborBrand)))
  if (filters.provinceCode) parts.push(any([filterTerm.province(filters.provinceCode)]))
  if (filters.cityCode) parts.push(any([filterTerm.city(filters.cityCode)]))
  if (filters.countyCode) parts.push(any([filterTerm.county(filters.countyCode)]))
  for (const benefit of filters.benefits ?? []) {
    // 包吃住: the posting lists 包吃住 (or 包吃包住), or both 包吃 and 包住.
    parts.push(any(benefitAlternatives(benefit).map((all) => `(${all.map(filterTerm.benefit).join(' AND ')})`)))
  }
  return parts.length > 0 ? parts.join(' AND ') : undefined
}

/** Whether the index holds anything: after a migration recreates it, the engine rebuilds it. */
export function ftsIsEmpty(db: Db): boolean {
  return stmt(db.$client, 'SELECT rowid FROM jobs_fts LIMIT 1').get() === undefined
}

/** The top of a posting's range a month (the wage sort) and the bottom (the `minWage` filter: what it guarantees), by the jobs domain's rule. */
// Built when first used: the jobs face imports this module's domain in a cycle, so its rule is not there at load.
const monthlySql = () => monthlyWageSql('j.wage_unit', 'j.wage_max')
const monthlyMinSql = () => monthlyWageSql('j.wage_unit', 'j.wage_min')

function filterSql(filters: SearchFilters, today: string): { where: string; params: unknown[] } {
  const where = [FOUND_SQL]
  const params: unknown[] = [today]
  const add = (clause: string, value: unknown) => {
    where.push(clause)
    params.push(value)
  }
  const inList = (column: string, values: string[] | number[] | undefined) => {
    if (values && values.length > 0) add(`${column} IN (SELECT value FROM json_each(?))`, JSON.stringify(values))
  }
  if (filters.provinceCode) add('j.province_code = ?', filters.provinceCode)
  if (filters.cityCode) add('j.city_code = ?', filters.cityCode)
  if (filters.countyCode) add('j.county_code = ?', filters.countyCode)
  inList('j.partner_area', filters.partnerAreas)
  inList('j.type', filters.types)
  inList('j.labor_brand', filters.laborBrands)
  inList('j.id', filters.ids)
  if (filters.minMonthlyWage !== undefined) add(`${monthlyMinSql()} >= ?`, filters.minMonthlyWage)
  // Benefits are index terms only (`filterExpression`): every search with filters has a MATCH.
  if (filters.startsBefore) add('j.start_date <= ?', filters.startsBefore)
  return { where: where.join(' AND '), params }
}


/** How many of the newest matches a search ranks and counts before estimating the rest. */
export const candidateCap = 200

type CandidateRow = { id: number; score: number; partnerArea: string; type: string; laborBrand: string; province: string }

/**
 * Matching postings in rank order, their count and facets. Popular words match a tenth
 * of all postings, and scoring every match costs tens of milliseconds; so the search
 * walks matches newest first (FTS5 and the primary key both iterate in id order) with
 * the filters applied, stops after `candidateCap` of them, ranks those, and estimates
 * the total and facets from how far back in ids it had to go. Fewer matches than that are
 * counted exactly. Sorting by wage ranks every match.
 * `words` undefined is a filter-only search; `scoreBy` is what bm25 ranks the matches of
 * `words` by when not `words` itself (`scoringExpression`).
 */
export function searchJobs(db: Db, request: SearchRequest, words: string | undefined, scoreBy?: string): EngineResult {
  const filters = filterExpression(request.filters)
  const match = words && filters ? `(${words}) AND ${filters}` : (words ?? filters)
  if (request.sort === 'wage') return searchByWage(db, request, match)
  const sqlite = db.$client
  const { where, params } = filterSql(request.filters, request.today)
  const cap = Math.max(candidateCap, request.offset + request.limit)
  const columns = `j.partner_area AS partnerArea, j.type, coalesce(j.labor_brand, 'none') AS laborBrand, j.province_code AS province`
  const ranked = words !== undefined && request.sort === 'relevance' && !request.unranked
  // bm25 reads the whole doclist of every phrase in the MATCH once per query, filter terms
  // included (`ftregular` is in three postings of four) though they weigh nothing: with
  // filters (or a `scoreBy`), the walk goes unranked and the candidates are scored apart.
  const rankInWalk = ranked && filters === undefined && scoreBy === undefined
  const rows = (
    match === undefined
      ? // NOT INDEXED: walk the primary key newest first and stop, instead of sorting every open posting.
        stmt(sqlite, `SELECT j.id, 0 AS score, ${columns} FROM jobs j NOT INDEXED WHERE ${where} ORDER BY j.id DESC LIMIT ?`).all(
          ...params,
          cap,
        )
      : stmt(
          sqlite,
          `SELECT j.id, ${rankInWalk ? 'f.rank' : '0'} AS score, ${columns} FROM jobs_fts f CROSS JOIN jobs j ON j.id = f.rowid
           WHERE jobs_fts MATCH ? AND ${where} ORDER BY f.rowid DESC LIMIT ?`,
        ).all(match, ...params, cap)
  ) as CandidateRow[]
  const facets = emptyFacets()
  if (request.facets) for (const r of rows) countFacets(facets, r, 1)
  if (ranked && !rankInWalk && rows.length > 1) scoreByWords(sqlite, scoreBy ?? words!, rows)
  if (ranked) rows.sort((a, b) => a.score - b.score || b.id - a.id)
  const ids = rows.slice(request.offset, request.offset + request.limit).map((r) => r.id)
  if (rows.length < cap) return { ids, total: rows.length, facets, estimated: false }
  const oldest = Math.min(...rows.map((r) => r.id))
  // Matches spread over ids about evenly, so the id range walked is the share of them seen:
  // an estimate for free, where counting a popular word's doclist costs milliseconds.
  const maxId = stmt(sqlite, 'SELECT max(id) FROM jobs').pluck().get() as number
  const scale = maxId / (maxId - oldest + 1)
  for (const counts of Object.values(facets)) for (const key of Object.keys(counts)) counts[key] = Math.round(counts[key] * scale)
  return { ids, total: Math.max(rows.length, Math.round(rows.length * scale)), facets, estimated: true }
}

/**
 * bm25 of each candidate by the words alone: the same score as in a MATCH that also holds
 * the filter terms (their column weighs 0, and a posting's length counts every column
 * either way), without reading the filter terms' doclists. The words' matches are walked
 * newest first, as the candidates were, down to the oldest candidate; only the candidates
 * are scored.
 */
function scoreByWords(sqlite: Sqlite, words: string, rows: CandidateRow[]): void {
  // `+rowid`: the candidate list filters the walk; as an FTS5 constraint it would be one
  // lookup per id, each reading the doclists for bm25 anew (and a rowid range costs more
  // than the walk: FTS5 seeks it slowly).
  const scores = stmt(
    sqlite,
    'SELECT rowid AS id, rank AS score FROM jobs_fts WHERE jobs_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid DESC LIMIT ?',
  ).all(words, JSON.stringify(rows.map((r) => r.id)), rows.length) as { id: number; score: number }[]
  const byId = new Map(scores.map((s) => [s.id, s.score]))
  for (const r of rows) r.score = byId.get(r.id) ?? 0
}

function countFacets(facets: ReturnType<typeof emptyFacets>, r: Omit<CandidateRow, 'id' | 'score'>, n: number) {
  facets.partnerArea[r.partnerArea] = (facets.partnerArea[r.partnerArea] ?? 0) + n
  facets.type[r.type] = (facets.type[r.type] ?? 0) + n
  facets.laborBrand[r.laborBrand] = (facets.laborBrand[r.laborBrand] ?? 0) + n
  facets.province[r.province] = (facets.province[r.province] ?? 0) + n
}

/** Highest wage first: every match sorted and counted exactly, in two passes inside SQLite. */
function searchByWage(db: Db, request: SearchRequest, match: string | undefined): EngineResult {
  const sqlite = db.$client
  const { where, params } = filterSql(request.filters, request.today)
  // CROSS JOIN pins the order: FTS first, then each match's row; the planner would otherwise
  // walk open postings and probe the FTS index once per row.
  const from = match === undefined ? 'jobs j' : 'jobs_fts f CROSS JOIN jobs j ON j.id = f.rowid'
  const matchWhere = match === undefined ? where : `jobs_fts MATCH ? AND ${where}`
  const matchParams = match === undefined ? params : [match, ...params]
  const ids = (
    stmt(sqlite, `SELECT j.id FROM ${from} WHERE ${matchWhere} ORDER BY ${monthlySql()} DESC, j.id DESC LIMIT ? OFFSET ?`)
      .pluck()
      .all(...matchParams, request.limit, request.offset) as number[]
  )
  if (!request.facets) {
    const total = stmt(sqlite, `SELECT count(*) FROM ${from} WHERE ${matchWhere}`).pluck().get(...matchParams) as number
    return { ids, total, facets: emptyFacets(), estimated: false }
  }
  const groups = stmt(
    sqlite,
    `SELECT j.partner_area AS partnerArea, j.type, coalesce(j.labor_brand, 'none') AS laborBrand,
            j.province_code AS province, count(*) AS n
     FROM ${from} WHERE ${matchWhere} GROUP BY 1, 2, 3, 4`,
  ).all(...matchParams) as { partnerArea: string; type: string; laborBrand: string; province: string; n: number }[]
  const facets = emptyFacets()
  let total = 0
  for (const g of groups) {
    total += g.n
    countFacets(facets, g, g.n)
  }
  return { ids, total, facets, estimated: false }
}

export function getMeta(db: Db, key: string): string | undefined {
  return (stmt(db.$client, 'SELECT value FROM search_meta WHERE key = ?').pluck().get(key) as string | undefined) ?? undefined
}

export function setMeta(db: Db, key: string, value: string): void {
  // Unchanged values are not rewritten: a start that sets them again writes nothing.
  stmt(
    db.$client,
    'INSERT INTO search_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value',
  ).run(
    key,
    value,
  )
}

/**
 * Turns the outbox on (Meilisearch in use) or off; off also drops what is queued, since
 * a later switch to Meilisearch starts with a full reindex.
 */
export function setOutboxEnabled(db: Db, enabled: boolean): void {
  transaction(db, () => {
    setMeta(db, 'outbox', enabled ? 'on' : 'off')
    // Only when something is queued: clearing an empty table still writes its root page.
    if (!enabled && stmt(db.$client, 'SELECT 1 FROM search_outbox LIMIT 1').get()) stmt(db.$client, 'DELETE FROM search_outbox').run()
  })
}

function enqueueIfOutbox(db: Db, jobIds: number[]): void {
  if (getMeta(db, 'outbox') !== 'on') return
  const upsert = stmt(
    db.$client,
    `INSERT INTO search_outbox (job_id, version, queued_at) VALUES (?, 1, ?)
     ON CONFLICT (job_id) DO UPDATE SET version = version + 1, queued_at = excluded.queued_at, attempts = 0, last_error = NULL`,
  )
  const now = Date.now()
  for (const id of jobIds) upsert.run(id, now)
}

export interface OutboxRow {
  jobId: number
  version: number
}

export function readOutbox(db: Db, limit: number): OutboxRow[] {
  return stmt(db.$client, 'SELECT job_id AS jobId, version FROM search_outbox ORDER BY queued_at, job_id LIMIT ?').all(
    limit,
  ) as OutboxRow[]
}

/** Removes rows sent, unless the posting changed again meanwhile (then it goes out again). */
export function ackOutbox(db: Db, rows: OutboxRow[]): void {
  const del = stmt(db.$client, 'DELETE FROM search_outbox WHERE job_id = ? AND version = ?')
  transaction(db, () => {
    for (const row of rows) del.run(row.jobId, row.version)
  })
}

export function failOutbox(db: Db, rows: OutboxRow[], error: string): void {
  const mark = stmt(db.$client, 'UPDATE search_outbox SET attempts = attempts + 1, last_error = ? WHERE job_id = ? AND version = ?')
  transaction(db, () => {
    for (const row of rows) mark.run(error.slice(0, 500), row.jobId, row.version)
  })
}

export function outboxSize(db: Db): number {
  return stmt(db.$client, 'SELECT count(*) FROM search_outbox').pluck().get() as number
}

