import fp from 'fastify-plugin'
import { EmbeddedEngine } from './embedded'
import type { SearchEngine } from './engine'
import { FallbackEngine } from './fallback'
import { MeiliEngine } from './meilisearch'
import { analyzerVersion } from './analyzer'
import { countSearchable, ensurePlaceWords, ftsIsEmpty, getMeta, rebuildFts, setMeta, setOutboxEnabled } from './queries'
import { SearchService } from './service'

declare module 'fastify' {
  interface FastifyInstance {
    /** Posting search (`app.search` is taken: Fastify's route shorthand for the HTTP SEARCH method). */
    jobSearch: SearchService
  }
}

/** `app.jobSearch`, backed by the engine `SEARCH_BACKEND` names. */
export default fp(
  async (app) => {
    // The embedded index is kept with either backend: it answers while Meilisearch cannot.
    // A migration that recreates the index leaves it empty; the postings are all in SQLite.
    // With nothing to index the rebuild is skipped: a start then writes nothing.
    // So does a new analyzer (dictionary words, traditional → simplified): the index is cut anew.
    const stale = getMeta(app.db, 'analyzer') !== analyzerVersion
    if ((ftsIsEmpty(app.db) || stale) && countSearchable(app.db) > 0) app.log.info({ indexed: rebuildFts(app.db) }, 'search index rebuilt')
    setMeta(app.db, 'analyzer', analyzerVersion)
    const embedded = new EmbeddedEngine(app.db)
    let engine: SearchEngine
    if (app.config.searchBackend === 'meilisearch') {
      const meili = new MeiliEngine(app.db, { host: app.config.meiliHost!, apiKey: app.config.meiliApiKey }, app.log)
      meili.start()
      engine = new FallbackEngine(meili, embedded, app.log)
    } else {
      setOutboxEnabled(app.db, false)
      engine = embedded
    }
    const service = new SearchService(app.db, engine)
    // Dictionaries and the lexicon load now, not on the first request (a second or so of blocking work).
    ensurePlaceWords(app.db)
    service.lexicon()
    app.decorate('jobSearch', service)
    app.addHook('onClose', () => engine.close())
  },
  { name: 'search', dependencies: ['db', 'config'] },
)
