import type { FastifyBaseLogger } from 'fastify'
import type { Concept } from './analyzer'
import type { EngineResult, SearchEngine, SearchRequest } from './engine'

/** What `/healthz` says about search. */
export interface SearchHealth {
  engine: SearchEngine['name']
  /** True while searches are answered by the embedded engine because Meilisearch failed. */
  fallback: boolean
  /** ISO instant the fallback began. */
  since?: string
  /** Why (the last Meilisearch error), without any secret. */
  reason?: string
}

/**
 * Meilisearch, with the embedded engine (SQLite FTS5, written in every posting's own
 * transaction, so always current) answering while Meilisearch cannot: a kiosk keeps
 * searching through an outage instead of answering 503. After a failure Meilisearch is
 * left alone for `retryMs`, then tried again by the next search.
 */
export class FallbackEngine implements SearchEngine {
  readonly name: SearchEngine['name']
  private down: { since: number; reason: string; retryAt: number } | undefined

  constructor(
    private readonly primary: SearchEngine,
    private readonly fallback: SearchEngine,
    private readonly log: FastifyBaseLogger,
    private readonly retryMs = 5_000,
  ) {
    this.name = primary.name
  }

  async search(request: SearchRequest, concepts: Concept[]): Promise<EngineResult> {
    const now = Date.now()
    if (this.down && now < this.down.retryAt) return this.fallback.search(request, concepts)
    try {
      const result = await this.primary.search(request, concepts)
      if (this.down) {
        this.log.info({ engine: this.primary.name, downMs: now - this.down.since }, 'search: meilisearch answers again, fallback over')
        this.down = undefined
      }
      return result
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)
      if (!this.down) this.log.warn({ engine: this.primary.name, reason }, 'search: meilisearch unavailable, answering from the embedded engine')
      this.down = { since: this.down?.since ?? now, reason, retryAt: now + this.retryMs }
      return this.fallback.search(request, concepts)
    }
  }

  health(): SearchHealth {
    if (!this.down) return { engine: this.primary.name, fallback: false }
    return { engine: this.primary.name, fallback: true, since: new Date(this.down.since).toISOString(), reason: this.down.reason }
  }

  async reindex(onProgress?: (done: number, total: number) => void): Promise<{ indexed: number }> {
    await this.fallback.reindex()
    return this.primary.reindex(onProgress)
  }

  settle(): Promise<void> {
    return this.primary.settle()
  }

  async close(): Promise<void> {
    await this.primary.close()
    await this.fallback.close()
  }
}
