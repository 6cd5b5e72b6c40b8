import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { shanghaiToday, addDays } from '../../src/calendar'
import { insertPostings } from '../../src/jobs/demo'
import { employer } from '../jobs/fixtures'
import { labeledQueries, relevanceCorpus, scoreRanking } from './relevance-set'
import { everydayQueries, type EverydayKind } from './everyday-set'
import { testApp } from '../helpers'

/** Recall@10 on the held-out everyday queries (≥ 0.9 overall, ≥ 0.8 for each kind), and the official's set stays whole. */
async function measure(t: Test, app: FastifyInstance) {
  const e = employer(app, '忻州市人力资源服务产业园', '140902')
  const today = shanghaiToday()
  const corpus = relevanceCorpus(addDays(today, 30), addDays(today, 40), e.creditCode)
  const ids = insertPostings(app.db, { regionLevel: (c) => app.regions.get(c)?.level, cityCode: '1409', today }, { employers: [], jobs: corpus }, 'everyday')
  await app.jobSearch.engine.reindex()
  await app.jobSearch.engine.settle()
  const keyOf = new Map(ids.map((id, i) => [id, corpus[i].externalId]))
  const rank = async (q: string, filters = {}) =>
    (await app.jobSearch.search({ q, filters, limit: 10, facets: false })).hits.map((h) => keyOf.get(h.id)!)

  const byKind = new Map<EverydayKind, number[]>()
  const weak: string[] = []
  for (const { q, filters, relevant, kind } of everydayQueries) {
    const ranked = await rank(q, filters)
    const { recall } = scoreRanking(ranked, relevant)
    byKind.set(kind, [...(byKind.get(kind) ?? []), recall])
    if (recall < 1) weak.push(`${q} (${kind}): recall ${recall.toFixed(2)} → ${ranked.join(', ')}`)
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  const overall = mean([...byKind.values()].flat())
  t.comment(`held-out everyday set: recall@10 ${overall.toFixed(3)} over ${everydayQueries.length} queries`)
  for (const line of weak) t.comment(line)
  t.ok(overall >= 0.9, `overall recall@10 ${overall.toFixed(3)} ≥ 0.9`)
  for (const [kind, recalls] of byKind) t.ok(mean(recalls) >= 0.8, `${kind}: recall@10 ${mean(recalls).toFixed(3)} ≥ 0.8 (${recalls.length} queries)`)

  let official = 0
  for (const { q, relevant } of labeledQueries) official += scoreRanking(await rank(q), relevant).recall
  official /= labeledQueries.length
  t.equal(official.toFixed(3), '1.000', `the official's relevance set keeps recall@10 ${official.toFixed(3)}`)
}

t.test('embedded engine', async (t) => {
  await measure(t, await testApp(t))
})

const meiliHost = process.env.MEILI_HOST
t.test('meilisearch engine', { skip: meiliHost ? false : 'skipped: MEILI_HOST not set' }, async (t) => {
  await measure(t, await testApp(t, { searchBackend: 'meilisearch', meiliHost, meiliApiKey: process.env.MEILI_API_KEY }))
})
