import { Meilisearch, type Index, type Settings } from 'meilisearch'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/database'
import { SearchUnavailableError } from '../errors'
import { monthlyWage } from '../jobs/index'
import { benefitAlternatives, type Concept } from './analyzer'
import { documentFields, searchable, type DocSource } from './document'
import { emptyFacets, type EngineResult, type FacetCounts, type SearchEngine, type SearchFilters, type SearchRequest } from './engine'
import { backoffMs, drainOutbox, type OutboxBatch, type OutboxSink, type OutboxStore } from './outbox'
import * as q from './queries'
import { everydayWords } from './everyday'
import { brandOccupations, domainWords, synonymGroups } from './vocabulary'

export interface MeiliDocument {
  id: number
  title: string
  tags: string
  place: string
  body: string
  partnerArea: string
  type: string
  laborBrand: string
  provinceCode: string
  cityCode: string | null
  countyCode: string | null
  /** The top of the range a month (`monthlyWage`): the wage sort. */
  wageMonthly: number | null
  /** The bottom a month, what the posting guarantees: the `minWage` filter. */
  wageMonthlyMin: number | null
  benefits: string[]
  startDay: number
  deadlineDay: number
  createdAt: number
}

const day = (date: string) => Number(date.replaceAll('-', ''))

export function meiliDocument(src: DocSource): MeiliDocument {
  return {
    id: src.id,
    ...documentFields(src),
    partnerArea: src.partnerArea,
    type: src.type,
    laborBrand: src.laborBrand ?? 'none',
    provinceCode: src.provinceCode,
    cityCode: src.cityCode,
    countyCode: src.countyCode,
    wageMonthly: monthlyWage(src.wageUnit, src.wageMax),
    wageMonthlyMin: monthlyWage(src.wageUnit, src.wageMin),
    benefits: src.benefits,
    startDay: day(src.startDate),
    deadlineDay: day(src.deadline),
    createdAt: src.createdAt,
  }
}

/** Index settings applied at start; the same weights and synonyms as the embedded engine. */
export function meiliSettings(): Settings {
  const synonyms: Record<string, string[]> = {}
  for (const group of synonymGroups) for (const word of group) synonyms[word] = group.filter((w) => w !== word)
  // One-way: 开车 finds 司机 postings, 司机 does not find every posting that says 开车.
  for (const [word, targets] of [...Object.entries(everydayWords), ...Object.entries(brandOccupations)]) {
    synonyms[word] = [...new Set([...(synonyms[word] ?? []), ...targets])]
  }
  return {
    searchableAttributes: ['title', 'tags', 'place', 'body'],
    filterableAttributes: [
      'id', 'partnerArea', 'type', 'laborBrand', 'provinceCode', 'cityCode', 'countyCode', 'wageMonthlyMin', 'benefits', 'startDay', 'deadlineDay',
    ],
    sortableAttributes: ['wageMonthly', 'createdAt', 'id'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    synonyms,
    dictionary: [...new Set([...domainWords, ...Object.keys(everydayWords)])],
    pagination: { maxTotalHits: 10_000 },
  }
}

const quote = (value: string | number) => (typeof value === 'number' ? String(value) : JSON.stringify(value))

/** The filter expression for a request, in Meilisearch's filter syntax. */
export function meiliFilter(filters: SearchFilters, today: string): string[] {
  const out = [`deadlineDay >= ${day(today)}`]
  const inList = (field: string, values: (string | number)[] | undefined) => {
    if (values && values.length > 0) out.push(`${field} IN [${values.map(quote).join(', ')}]`)
  }
  if (filters.provinceCode) out.push(`provinceCode = ${quote(filters.provinceCode)}`)
  if (filters.cityCode) out.push(`cityCode = ${quote(filters.cityCode)}`)
  if (filters.countyCode) out.push(`countyCode = ${quote(filters.countyCode)}`)
  inList('partnerArea', filters.partnerAreas)
  inList('type', filters.types)
  inList('laborBrand', filters.laborBrands)
  inList('id', filters.ids)
  if (filters.minMonthlyWage !== undefined) out.push(`wageMonthlyMin >= ${filters.minMonthlyWage}`)
  for (const benefit of filters.benefits ?? []) {
    // 包吃住: the posting lists 包吃住 (or 包吃包住), or both 包吃 and 包住.
    const alternatives = benefitAlternatives(benefit).map((all) => `(${all.map((b) => `benefits = ${quote(b)}`).join(' AND ')})`)
    out.push(alternatives.length === 1 ? alternatives[0].slice(1, -1) : `(${alternatives.join(' OR ')})`)
  }
  if (filters.startsBefore) out.push(`startDay <= ${day(filters.startsBefore)}`)
  return out
}

const facetFields = { partnerArea: 'partnerArea', type: 'type', laborBrand: 'laborBrand', province: 'provinceCode' } as const

/**
 * Meilisearch through the official client. Writes reach it only through the outbox
 * (`search_outbox`, filled in each posting's transaction) drained in batches, so an
 * outage delays updates but loses none.
 */
export class MeiliEngine implements SearchEngine {
  readonly name = 'meilisearch'
  private readonly client: Meilisearch
  private readonly index: Index<MeiliDocument>
  private timer: NodeJS.Timeout | undefined
  private draining: Promise<void> | undefined
  private failures = 0
  private closed = false
  private settingsApplied = false
  private readonly batchSize: number

  constructor(
    private readonly db: Db,
    options: { host: string; apiKey?: string; indexUid?: string; batchSize?: number; timeoutMs?: number },
    private readonly log?: FastifyBaseLogger,
  ) {
    // A hung server must not hold a kiosk search: past the timeout the embedded engine answers.
    this.client = new Meilisearch({ host: options.host, apiKey: options.apiKey, timeout: options.timeoutMs ?? 2_000 })
    this.index = this.client.index<MeiliDocument>(options.indexUid ?? 'jobs')
    this.batchSize = options.batchSize ?? 500
  }

  /**
   * Turns the outbox on and starts draining it. The index and its settings are set up
   * by the first drain, so the server starts (and queues changes) while Meilisearch is down.
   */
  start(): void {
    q.setOutboxEnabled(this.db, true)
    this.schedule(0)
  }

  private async ensureSettings(): Promise<void> {
    if (this.settingsApplied) return
    await this.client.createIndex(this.index.uid, { primaryKey: 'id' }).waitTask()
    const task = await this.index.updateSettings(meiliSettings()).waitTask()
    if (task.status !== 'succeeded') throw new Error(`meilisearch settings task ${task.uid} ${task.status}: ${task.error?.message ?? ''}`)
    this.settingsApplied = true
  }

  private schedule(ms: number): void {
    if (this.closed) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.pump(), ms)
    this.timer.unref()
  }

  private pump(): Promise<void> {
    this.draining ??= (async () => {
      let failed: Error | undefined
      try {
        await this.ensureSettings()
        failed = (await drainOutbox(this.store(), this.sink(), this.batchSize)).failed
      } catch (error) {
        failed = error instanceof Error ? error : new Error(String(error))
      }
      if (failed) {
        this.failures++
        this.log?.warn({ err: failed, failures: this.failures }, 'meilisearch unavailable: changes stay queued')
      } else this.failures = 0
    })().finally(() => {
      this.draining = undefined
      this.schedule(this.failures > 0 ? backoffMs(this.failures) : 500)
    })
    return this.draining
  }

  store(): OutboxStore<MeiliDocument> {
    return {
      read: (limit) => q.readOutbox(this.db, limit),
      batch: (rows) => {
        const sources = new Map(q.loadSources(this.db, rows.map((r) => r.jobId)).map((s) => [s.id, s]))
        const batch: OutboxBatch<MeiliDocument> = { upserts: [], deletes: [] }
        for (const { jobId } of rows) {
          const src = sources.get(jobId)
          if (src && searchable(src)) batch.upserts.push(meiliDocument(src))
          else batch.deletes.push(jobId)
        }
        return batch
      },
      ack: (rows) => q.ackOutbox(this.db, rows),
      fail: (rows, error) => q.failOutbox(this.db, rows, error),
    }
  }

  sink(): OutboxSink<MeiliDocument> {
    return {
      apply: async (batch) => {
        const tasks = []
        if (batch.upserts.length > 0) tasks.push(await this.index.addDocuments(batch.upserts).waitTask())
        if (batch.deletes.length > 0) tasks.push(await this.index.deleteDocuments(batch.deletes).waitTask())
        const failed = tasks.find((t) => t.status !== 'succeeded')
        if (failed) throw new Error(`meilisearch task ${failed.uid} ${failed.status}: ${failed.error?.message ?? ''}`)
      },
    }
  }

  async search(request: SearchRequest, concepts: Concept[]): Promise<EngineResult> {
    const response = await this.index.search<MeiliDocument>(concepts.map((c) => c.terms[0]).join(' '), {
      filter: meiliFilter(request.filters, request.today),
      sort:
        request.sort === 'wage'
          ? ['wageMonthly:desc', 'id:desc']
          : request.sort === 'newest' || concepts.length === 0
            ? ['createdAt:desc', 'id:desc']
            : undefined,
      offset: request.offset,
      limit: request.limit,
      facets: request.facets ? Object.values(facetFields) : undefined,
      attributesToRetrieve: ['id'],
      matchingStrategy: request.strict ? 'all' : 'last',
    }).catch((error: Error) => {
      this.log?.error({ err: error }, 'meilisearch search failed')
      throw new SearchUnavailableError('搜索暂时不可用，请稍后再试')
    })
    const facets: FacetCounts = emptyFacets()
    for (const [name, field] of Object.entries(facetFields) as [keyof FacetCounts, string][]) {
      facets[name] = response.facetDistribution?.[field] ?? {}
    }
    return { ids: response.hits.map((h) => h.id), total: response.estimatedTotalHits ?? response.hits.length, facets, estimated: true }
  }

  async reindex(onProgress?: (done: number, total: number) => void): Promise<{ indexed: number }> {
    await this.ensureSettings()
    await this.index.deleteAllDocuments().waitTask()
    const total = q.countSearchable(this.db)
    let done = 0
    for (let after = 0; ; ) {
      const page = q.searchableSourcesAfter(this.db, after, 5000)
      if (page.length === 0) break
      const task = await this.index.addDocuments(page.map(meiliDocument)).waitTask({ timeout: 120_000 })
      if (task.status !== 'succeeded') throw new Error(`meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? ''}`)
      after = page[page.length - 1].id
      done += page.length
      onProgress?.(done, total)
    }
    return { indexed: done }
  }

  /** Drains until the outbox is empty; throws if Meilisearch refuses. */
  async settle(): Promise<void> {
    await this.ensureSettings()
    while (q.outboxSize(this.db) > 0) {
      await this.draining
      const outcome = await drainOutbox(this.store(), this.sink(), this.batchSize)
      if (outcome.failed) throw outcome.failed
    }
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.timer)
    await this.draining
  }
}
