import t from 'tap'
import { shanghaiToday, addDays } from '../../src/calendar'
import { insertPostings } from '../../src/jobs/demo'
import { employer } from '../jobs/fixtures'
import { labeledQueries, relevanceCorpus, scoreRanking } from './relevance-set'
import { testApp } from '../helpers'

t.test('labeled kiosk queries: recall@10 and nDCG@10 of the embedded engine', async (t) => {
  const app = await testApp(t)
  const e = employer(app, '忻州市人力资源服务产业园', '140902')
  const today = shanghaiToday()
  const corpus = relevanceCorpus(addDays(today, 30), addDays(today, 40), e.creditCode)
  const ids = insertPostings(app.db, { regionLevel: (c) => app.regions.get(c)?.level, cityCode: '1409', today }, { employers: [], jobs: corpus }, 'relevance')
  const keyOf = new Map(ids.map((id, i) => [id, corpus[i].externalId]))

  t.ok(labeledQueries.length >= 40, `${labeledQueries.length} labeled queries`)
  let recall = 0
  let ndcg = 0
  const weak: string[] = []
  for (const { q, relevant, kind } of labeledQueries) {
    const result = await app.jobSearch.search({ q, limit: 10, facets: false })
    const ranked = result.hits.map((h) => keyOf.get(h.id)!)
    const score = scoreRanking(ranked, relevant)
    recall += score.recall
    ndcg += score.ndcg
    if (score.recall < 1) weak.push(`${q} (${kind}): recall ${score.recall.toFixed(2)} → ${ranked.join(', ')}`)
  }
  recall /= labeledQueries.length
  ndcg /= labeledQueries.length
  t.comment(`recall@10 ${recall.toFixed(3)}, nDCG@10 ${ndcg.toFixed(3)} over ${labeledQueries.length} queries`)
  for (const line of weak) t.comment(line)
  t.ok(recall >= 0.97, `mean recall@10 ${recall.toFixed(3)} ≥ 0.97`)
  t.ok(ndcg >= 0.9, `mean nDCG@10 ${ndcg.toFixed(3)} ≥ 0.90`)
})
