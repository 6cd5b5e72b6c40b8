import type { Db } from '../db/database'
import { shanghaiToday } from '../calendar'
import type { JobType, LaborBrand, WageUnit } from '../jobs/schema'
import type { PartnerArea } from '../network/schema'
import { analyzeQuery, hasSearchableText, pinyinOf, widen, type Concept } from './analyzer'
import { emptyFacets, type EngineResult, type FacetCounts, type SearchEngine, type SearchFilters, type SearchRequest, type SortOrder } from './engine'
import { FallbackEngine, type SearchHealth } from './fallback'
import { highlight, snippet } from './highlight'
import { Lexicon, type LexiconEntry } from './lexicon'
import * as q from './queries'
import { domainWords, synonymGroups } from './vocabulary'
import { joinPlaceNames } from '../regions/index'

export interface SearchParams {
  q?: string
  filters?: SearchFilters
  sort?: SortOrder
  offset?: number
  limit?: number
  facets?: boolean
}

export interface SearchHit {
  id: number
  title: string
  employerName: string
  /** 工作站推荐: the station that collected the posting, else null. */
  recommendedBy: string | null
  occupation: string
  partnerArea: PartnerArea
  provinceCode: string
  cityCode: string | null
  countyCode: string | null
  place: string
  type: JobType
  laborBrand: LaborBrand | null
  wageMin: number
  wageMax: number
  wageUnit: WageUnit
  benefits: string[]
  openingsLeft: number
  startDate: string
  deadline: string
  /** HTML-escaped, matched words in <mark>. */
  highlight: { title: string; snippet: string }
}

/** A type, not an interface: the kiosk route hands it to Fastify's `serializeInput`. */
export type SearchAnswer = {
  hits: SearchHit[]
  total: number
  facets: FacetCounts
  /** Total and facets estimated from the newest matches (popular words over a large corpus). */
  estimated: boolean
  /** A word for the person searching, in Chinese, when the query could not be searched as typed. */
  hint?: string
}

export type SearchResponse = SearchAnswer & { tookMs: number }

/**
 * `app.jobSearch`: query analysis (jieba, synonyms, pinyin via the lexicon) and hydration
 * with snippets, around whichever engine is configured. Other modules call `search`
 * with filters only (empty `q`) to get candidate postings.
 */
export class SearchService {
  private cachedLexicon: { version: number; lexicon: Lexicon } | undefined
  /**
   * Kiosk queries repeat (月嫂, 普工, 瓦工 …): answers are kept until any posting changes
   * (at once for index writes in this process, within OTHER_WRITES_CHECK_MS for commits of
   * other processes) or the day turns.
   */
  private readonly cache = new Map<string, SearchAnswer>()
  private cacheGeneration = ''
  private otherWrites = { version: 0, checkedAt: -Infinity }

  constructor(
    private readonly db: Db,
    readonly engine: SearchEngine,
    private cacheSize = 2000,
  ) {}

  /** For `/healthz`: which engine answers, and whether the embedded one stands in for Meilisearch. */
  health(): SearchHealth {
    return this.engine instanceof FallbackEngine ? this.engine.health() : { engine: this.engine.name, fallback: false }
  }

  /** 0 turns the answer cache off (benchmarks measuring the engine itself). */
  setCacheSize(size: number): void {
    this.cacheSize = size
    this.cache.clear()
  }

  async search(params: SearchParams): Promise<SearchResponse> {
    const { answer, tookMs } = await this.answer(params)
    return { ...answer, tookMs }
  }

  /**
   * The answer and the time it took. A cached answer is the same object on every hit, so a
   * caller may keep work derived from it (the kiosk route keeps its JSON) in a WeakMap.
   */
  async answer(params: SearchParams): Promise<{ answer: SearchAnswer; tookMs: number }> {
    const started = performance.now()
    const key = this.cacheSize > 0 ? this.cacheKey(params) : undefined
    let answer = key === undefined ? undefined : this.cache.get(key)
    if (answer) {
      this.cache.delete(key!)
      this.cache.set(key!, answer)
    } else {
      answer = await this.compute(params)
      if (key !== undefined) {
        this.cache.set(key, answer)
        if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!)
      }
    }
    return { answer, tookMs: elapsed(started) }
  }

  private cacheKey(params: SearchParams): string {
    const now = Date.now()
    // Reading data_version costs a WAL-index read, a tenth of a cached answer's time: other
    // processes' commits are looked for at most every OTHER_WRITES_CHECK_MS.
    if (now - this.otherWrites.checkedAt >= OTHER_WRITES_CHECK_MS) this.otherWrites = { version: q.dataVersion(this.db), checkedAt: now }
    const generation = `${q.localIndexWrites()}:${this.otherWrites.version}:${shanghaiToday(now)}`
    if (generation !== this.cacheGeneration) {
      this.cache.clear()
      this.cacheGeneration = generation
    }
    return JSON.stringify([params.q ?? '', params.filters ?? {}, params.sort, params.offset, params.limit, params.facets])
  }

  private async compute(params: SearchParams): Promise<SearchAnswer> {
    q.ensurePlaceWords(this.db)
    const text = params.q ?? ''
    // `!!!` has nothing to search for: answering every posting would be a lie.
    if (text.trim() !== '' && !hasSearchableText(text)) {
      return { hits: [], total: 0, facets: emptyFacets(), estimated: false, hint: noWordsHint }
    }
    const concepts = analyzeQuery(text, this.lexicon())
    const request: SearchRequest = {
      q: text,
      filters: params.filters ?? {},
      sort: params.sort ?? 'relevance',
      offset: params.offset ?? 0,
      limit: params.limit ?? 10,
      facets: params.facets ?? true,
      today: shanghaiToday(),
    }
    const result = await this.retrieve(request, concepts)
    const terms = concepts.flatMap((c) => [...c.terms, ...c.loose].flatMap((t) => t.split(' ')))
    const sources = new Map(q.loadSources(this.db, result.ids).map((s) => [s.id, s]))
    const hits: SearchHit[] = []
    for (const id of result.ids) {
      const s = sources.get(id)
      // A posting deleted between the engine's answer and now is simply left out.
      if (!s) continue
      hits.push({
        id: s.id,
        title: s.title,
        employerName: s.employerName,
        recommendedBy: s.stationName ?? null,
        occupation: s.occupation,
        partnerArea: s.partnerArea,
        provinceCode: s.provinceCode,
        cityCode: s.cityCode,
        countyCode: s.countyCode,
        place: joinPlaceNames([s.provinceName, s.cityName, s.countyName]),
        type: s.type,
        laborBrand: s.laborBrand,
        wageMin: s.wageMin,
        wageMax: s.wageMax,
        wageUnit: s.wageUnit,
        benefits: s.benefits,
        openingsLeft: s.openingsLeft,
        startDate: s.startDate,
        deadline: s.deadline,
        highlight: { title: highlight(s.title, terms), snippet: snippet(s.description, terms) },
      })
    }
    return { hits, total: result.total, facets: result.facets, estimated: result.estimated }
  }

  /**
   * Postings that match what was typed rank above those found only through a looser
   * reading (a slip's correction, an everyday word's occupations, a brand's trade): two
   * passes when there is a looser reading, the exact one first.
   */
  private async retrieve(request: SearchRequest, concepts: Concept[]): Promise<EngineResult> {
    if (!concepts.some((c) => c.loose.length > 0)) return this.engine.search(request, concepts)
    const window = { offset: 0, limit: request.offset + request.limit }
    const exact = await this.engine.search({ ...request, ...window, facets: false, strict: true }, concepts)
    // When the exact pass fills the page, the looser one only counts (its order is not shown).
    const full = request.sort === 'relevance' && exact.ids.length >= window.limit
    const wide = await this.engine.search({ ...request, ...window, unranked: full }, widen(concepts))
    if (request.sort !== 'relevance') return exact.total > wide.total ? exact : wide
    const seen = new Set(exact.ids)
    const ids = [...exact.ids, ...wide.ids.filter((id) => !seen.has(id))].slice(request.offset, request.offset + request.limit)
    return { ids, total: Math.max(exact.total, wide.total), facets: wide.facets, estimated: wide.estimated || exact.estimated }
  }

  /** The pinyin lexicon, reloaded when the index has learnt new words. */
  lexicon(): Lexicon {
    const version = q.lexiconVersion(this.db)
    if (this.cachedLexicon?.version !== version) {
      this.cachedLexicon = { version, lexicon: new Lexicon(withDomainWords(q.lexiconEntries(this.db))) }
    }
    return this.cachedLexicon.lexicon
  }
}

const OTHER_WRITES_CHECK_MS = 200

const noWordsHint = '请输入要找的工作或地方，例如：瓦工、月嫂、北京，也可以打拼音 wagong'

const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100

/** Domain words resolve from pinyin even before any posting uses them (synonyms then find the postings). */
function withDomainWords(entries: LexiconEntry[]): LexiconEntry[] {
  const known = new Set(entries.map((e) => e.word))
  const extra: LexiconEntry[] = []
  for (const word of new Set([...domainWords, ...synonymGroups.flat()])) {
    const py = known.has(word) ? undefined : pinyinOf(word)
    if (py) extra.push({ word, ...py, df: 0 })
  }
  return [...entries, ...extra]
}
