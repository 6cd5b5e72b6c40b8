import t from 'tap'
import { shanghaiToday, addDays } from '../../src/calendar'
import { insertPostings } from '../../src/jobs/demo'
import { setRanking } from '../../src/search/queries'
import { ftsTokens, readVarints } from '../../src/search/rank'
import { employer } from '../jobs/fixtures'
import { everydayQueries } from './everyday-set'
import { labeledQueries, relevanceCorpus } from './relevance-set'
import { testApp } from '../helpers'

t.test('the unicode61 reading and FTS5 varints', async (t) => {
  t.same(ftsTokens('B2驾照 包吃-包住 Café'), ['b2驾照', '包吃', '包住', 'cafe'])
  t.same(ftsTokens('  '), [])
  t.same(readVarints(Uint8Array.from([0x82, 0x2c, 0x09, 0x7f])), [300, 9, 127])
})

t.test('bm25 in JavaScript orders every query as FTS5’s own rank did', async (t) => {
  const app = await testApp(t)
  t.teardown(() => setRanking('js'))
  const e = employer(app, '忻州市人力资源服务产业园', '140902')
  const today = shanghaiToday()
  const corpus = relevanceCorpus(addDays(today, 30), addDays(today, 40), e.creditCode)
  insertPostings(app.db, { regionLevel: (c) => app.regions.get(c)?.level, cityCode: '1409', today }, { employers: [], jobs: corpus }, 'relevance')
  app.jobSearch.setCacheSize(0)
  const queries = [...labeledQueries.map((l) => ({ q: l.q, filters: {} })), ...everydayQueries.map((l) => ({ q: l.q, filters: l.filters ?? {} }))]
  let same = 0
  const differ: string[] = []
  for (const { q, filters } of queries) {
    setRanking('fts5')
    const theirs = (await app.jobSearch.search({ q, filters, limit: 10, facets: false })).hits.map((h) => h.id)
    setRanking('js')
    const ours = (await app.jobSearch.search({ q, filters, limit: 10, facets: false })).hits.map((h) => h.id)
    if (JSON.stringify(ours) === JSON.stringify(theirs)) same++
    else differ.push(`${q}: ${ours.join(',')} ≠ ${theirs.join(',')}`)
  }
  for (const line of differ) t.comment(line)
  t.equal(same, queries.length, `${same} of ${queries.length} queries in the same order`)
})
