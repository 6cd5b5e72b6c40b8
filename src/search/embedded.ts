import type { Db } from '../db/database'
import type { Concept } from './analyzer'
import type { EngineResult, SearchEngine, SearchRequest } from './engine'
import { ftsExpression, rebuildFts, scoringExpression, searchJobs } from './queries'

/**
 * SQLite FTS5 in the application database: the index is written in the posting's own
 * transaction (`syncJobIndex`), so a search never misses a committed change.
 */
export class EmbeddedEngine implements SearchEngine {
  readonly name = 'embedded'

  constructor(private readonly db: Db) {}

  async search(request: SearchRequest, concepts: Concept[]): Promise<EngineResult> {
    if (concepts.length === 0) return searchJobs(this.db, request, undefined)
    const all = searchJobs(this.db, request, ftsExpression(concepts, 'all'), scoringExpression(concepts, 'all'))
    // Like Meilisearch's matching strategy: when every word together finds nothing, any word may.
    if (all.total > 0 || concepts.length === 1 || request.strict) return all
    return searchJobs(this.db, request, ftsExpression(concepts, 'any'), scoringExpression(concepts, 'any'))
  }

  async reindex(onProgress?: (done: number, total: number) => void): Promise<{ indexed: number }> {
    return { indexed: rebuildFts(this.db, onProgress) }
  }

  async settle(): Promise<void> {}

  async close(): Promise<void> {}
}
