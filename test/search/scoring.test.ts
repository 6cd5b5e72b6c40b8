import t from 'tap'
import { shanghaiToday, addDays } from '../../src/calendar'
import { insertPostings } from '../../src/jobs/demo'
import type { SearchFilters } from '../../src/search/engine'
import { employer } from '../jobs/fixtures'
import { everydayQueries } from './everyday-set'
import { labeledQueries, relevanceCorpus } from './relevance-set'
import { testApp } from '../helpers'

/**
 * The embedded engine ranks a filtered search's candidates apart from its walk (bm25 by the
 * words alone, without the filter terms' doclists) and skips ranking the looser pass when
 * the exact pass fills the page: neither may change an order.
 */
t.test('ranking shortcuts keep the order of a plain search', async (t) => {
  const app = await testApp(t)
  const e = employer(app, '忻州市人力资源服务产业园', '140902')
  const today = shanghaiToday()
  const corpus = relevanceCorpus(addDays(today, 30), addDays(today, 40), e.creditCode)
  insertPostings(app.db, { regionLevel: (c) => app.regions.get(c)?.level, cityCode: '1409', today }, { employers: [], jobs: corpus }, 'relevance')
  // The whole corpus fits under the candidate cap: every match is ranked.
  const all = async (q: string, filters: SearchFilters = {}) => (await app.jobSearch.search({ q, filters, limit: 200, facets: false })).hits.map((h) => h.id)
  const queries = [...labeledQueries, ...everydayQueries].map((x) => x.q).filter(Boolean)

  await t.test('a filtered search lists its matches in the order the same words give without the filter', async (t) => {
    const filterSets: SearchFilters[] = [{ provinceCode: '14' }, { partnerAreas: ['jingjinji'] }, { types: ['regular'] }, { benefits: ['包住'] }, { benefits: ['包吃住'] }]
    let compared = 0
    for (const q of queries) {
      const plain = await all(q)
      for (const filters of filterSets) {
        const filtered = await all(q, filters)
        const kept = new Set(filtered)
        // A filter that leaves no posting with every word falls back to any word: another expression.
        if (filtered.length === 0 || !filtered.every((id) => plain.includes(id))) continue
        t.same(filtered, plain.filter((id) => kept.has(id)), `${q} ${JSON.stringify(filters)}`)
        compared++
      }
    }
    t.ok(compared >= 100, `${compared} filtered searches compared`)
  })

  await t.test('a page is the start of the whole ranking, also when the exact pass fills it', async (t) => {
    for (const q of queries) {
      const whole = await all(q)
      for (const limit of [1, 3]) {
        const page = (await app.jobSearch.search({ q, limit, facets: false })).hits.map((h) => h.id)
        t.same(page, whole.slice(0, limit), `${q}, first ${limit}`)
      }
    }
  })
})
