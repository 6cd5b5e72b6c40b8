import type { JobType, LaborBrand } from '../jobs/schema'
import type { Concept } from './analyzer'
import type { PartnerArea } from '../network/schema'

export const sortOrders = ['relevance', 'wage', 'newest'] as const
export type SortOrder = (typeof sortOrders)[number]

export interface SearchFilters {
  /** 2-digit province code. */
  provinceCode?: string
  /** 4-digit city code. */
  cityCode?: string
  /** 6-digit county code. */
  countyCode?: string
  partnerAreas?: PartnerArea[]
  types?: JobType[]
  laborBrands?: LaborBrand[]
  /**
   * 元 per month, compared with the bottom of a posting's range (what it guarantees) as the
   * jobs domain's `monthlyWage` converts it (a day is 21.75 days' pay); task and piece rates never qualify.
   */
  minMonthlyWage?: number
  /** Every benefit listed must be offered. */
  benefits?: string[]
  /** YYYY-MM-DD: postings starting on or before. */
  startsBefore?: string
  /** Only these postings (candidate generation for recommendations). */
  ids?: number[]
}

export interface SearchRequest {
  /** Free text; empty for filter-only search (newest first unless sorted otherwise). */
  q: string
  filters: SearchFilters
  sort: SortOrder
  offset: number
  limit: number
  /** Facet counts cost a second pass over the matches; recommendations skip them. */
  facets: boolean
  /** YYYY-MM-DD in Asia/Shanghai: postings whose deadline has passed are not found. */
  today: string
  /**
   * Every concept must match: no falling back to any word when all together find nothing
   * (the exact pass of a query with looser readings, which the looser pass completes).
   */
  strict?: boolean
  /**
   * Only the matches' total and facets are needed, not their order (the looser pass when the
   * exact pass already fills the page): an engine may skip ranking them.
   */
  unranked?: boolean
}

export interface FacetCounts {
  partnerArea: Record<string, number>
  type: Record<string, number>
  laborBrand: Record<string, number>
  province: Record<string, number>
}

export interface EngineResult {
  /** Posting ids in rank order. */
  ids: number[]
  total: number
  facets: FacetCounts
  /** True when total and facets were scaled from a sample of the matches rather than counted. */
  estimated: boolean
}

/**
 * What both engines answer: which searchable postings (open, openings left, deadline
 * not passed) match, in which order, with which facet counts. Hydration and snippets
 * are shared (`SearchService`), so the engines differ only in retrieval.
 */
export interface SearchEngine {
  readonly name: 'embedded' | 'meilisearch'
  /** `concepts` is the analyzed `request.q` (the same analysis for both engines). */
  search(request: SearchRequest, concepts: Concept[]): Promise<EngineResult>
  /** Rebuilds the engine's index from SQLite. */
  reindex(onProgress?: (done: number, total: number) => void): Promise<{ indexed: number }>
  /** Resolves once every change committed so far is searchable. */
  settle(): Promise<void>
  close(): Promise<void>
}

export const emptyFacets = (): FacetCounts => ({ partnerArea: {}, type: {}, laborBrand: {}, province: {} })
