/**
 * `npm run bench -- search [--postings N] [--duration S]`: the search figures of
 * docs/benchmarks.md. Builds a city with N generated postings (default 100,000), then
 * measures the embedded engine in-process (latency over a mix of kiosk queries and
 * filters, index build, database growth), MiniSearch and FlexSearch fed the same jieba
 * tokens on the same corpus and queries, relevance on the labeled set, and req/s over
 * HTTP against a bare Fastify hello-world.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { Index as FlexIndex } from 'flexsearch'
import MiniSearch from 'minisearch'
import { buildApp } from '../../src/app'
import { loadConfig } from '../../src/config'
import { databaseFile } from '../../src/db/database'
import { Random } from '../../src/random'
import { addDays, shanghaiToday } from '../../src/calendar'
import { insertPostings, localTownships } from '../../src/jobs/demo'
import { generatePostings } from '../../src/jobs/generator'
import { checkJob } from '../../src/jobs/model'
import { insertJobsUnindexed } from '../../src/jobs/queries'
import { createEmployer } from '../../src/employers/queries'
import type { JobImportRow } from '../../src/jobs/model'
import { queryTokens, indexTokens } from '../../src/search/analyzer'
import type { SearchFilters } from '../../src/search/engine'
import { rebuildFts } from '../../src/search/queries'
import type { SearchParams } from '../../src/search/service'
import { employer } from '../../test/jobs/fixtures'
import { labeledQueries, relevanceCorpus, scoreRanking } from '../../test/search/relevance-set'
import { everydayQueries } from '../../test/search/everyday-set'
import { helloWorldBaseline, load, printTable, round, summarize } from './lib'

const filterMix: SearchFilters[] = [
  {},
  {},
  {},
  { partnerAreas: ['jingjinji'] },
  { partnerAreas: ['yangtze_delta', 'greater_bay'] },
  { types: ['regular'] },
  { minMonthlyWage: 6000 },
  { provinceCode: '14' },
  { benefits: ['包住'] },
  { laborBrands: ['wutai_wagong', 'baode_siji', 'xinzhou_yuesao', 'fanshi_xiuniang'] },
]

async function cityApp(dataDir: string): Promise<FastifyInstance> {
  return buildApp({
    ...loadConfig({ SEED_DEMO: '0', LOG_LEVEL: 'warn' }),
    // Load shedding would answer part of the HTTP run with instant 503s.
    maxEventLoopDelayMs: 0,
    dataDir,
    prettyLogs: false,
    searchRateLimit: 1_000_000_000,
  })
}

/** Main database file after a checkpoint, in MiB. */
function dbMiB(app: FastifyInstance): number {
  app.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  return round(statSync(databaseFile(app.config.dataDir)).size / 1048576, 1)
}

const docText = (row: JobImportRow, place: string) => ({
  title: indexTokens(row.title).join(' '),
  tags: indexTokens([row.occupation, ...(row.skillTags ?? []), ...(row.benefits ?? [])].join(' ')).join(' '),
  place: indexTokens(place).join(' '),
  body: indexTokens(row.description ?? '').join(' '),
})

/** The peers, each given the same jieba tokens for documents and queries. */
function buildPeers(rows: { id: number; row: JobImportRow; place: string }[]) {
  const split = (s: string) => s.split(' ').filter(Boolean)
  const mini = new MiniSearch({
    fields: ['title', 'tags', 'place', 'body'],
    tokenize: split,
    processTerm: (t) => t,
    searchOptions: { boost: { title: 10, tags: 5, place: 3 }, tokenize: split, processTerm: (t) => t },
  })
  const flex = new FlexIndex({ tokenize: 'strict', encode: split })
  const started = performance.now()
  const docs = rows.map(({ id, row, place }) => ({ id, ...docText(row, place) }))
  const tokenizeMs = performance.now() - started
  let t0 = performance.now()
  mini.addAll(docs)
  const miniMs = performance.now() - t0 + tokenizeMs
  t0 = performance.now()
  for (const d of docs) flex.add(d.id, `${d.title} ${d.tags} ${d.place} ${d.body}`)
  const flexMs = performance.now() - t0 + tokenizeMs
  return {
    mini: { search: (q: string) => mini.search(queryTokens(q).join(' ')).slice(0, 10).map((r) => r.id as number), buildMs: miniMs },
    flex: { search: (q: string) => flex.search(queryTokens(q).join(' '), { limit: 10 }) as number[], buildMs: flexMs },
  }
}

async function timeEach<T>(items: T[], run: (item: T) => unknown): Promise<number[]> {
  const times: number[] = []
  for (const item of items) {
    const t0 = performance.now()
    await run(item)
    times.push(performance.now() - t0)
  }
  return times
}

export default async function searchBench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { postings: { type: 'string' }, duration: { type: 'string' }, 'engine-only': { type: 'boolean' } } })
  const postings = Number(values.postings ?? 100_000)
  const duration = Number(values.duration ?? 10)
  const dir = mkdtempSync(join(tmpdir(), 'laborlink-bench-search-'))
  const app = await cityApp(join(dir, 'city'))
  let closed = false
  try {
    const today = shanghaiToday()
    const ctx = { regionLevel: (c: string) => app.regions.get(c)?.level, cityCode: app.config.cityCode, today }
    const corpus = generatePostings(new Random(7), postings, { today, townships: localTownships(app.regions), externalPrefix: 'bench' })
    const before = dbMiB(app)
    // Most of the corpus in bulk, then one index build; the rest posting by posting, as the API writes.
    const sample = Math.min(5000, Math.floor(postings / 10))
    const employerIds = new Map(corpus.employers.map((e) => [e.creditCode, createEmployer(app.db, e).id]))
    insertJobsUnindexed(
      app.db,
      corpus.jobs.slice(0, postings - sample).map((row) => {
        const checked = checkJob(row, ctx)
        if (!checked.ok) throw new Error(`${row.externalId}: ${checked.field} ${checked.reason}`)
        return { ...checked.content, employerId: employerIds.get(row.employerCreditCode)!, source: 'bench', externalId: row.externalId }
      }),
    )
    let t0 = performance.now()
    rebuildFts(app.db)
    const rebuildS = (performance.now() - t0) / 1000
    t0 = performance.now()
    const tail = insertPostings(app.db, ctx, { employers: [], jobs: corpus.jobs.slice(postings - sample) }, 'bench')
    const insertS = (performance.now() - t0) / 1000
    const ids = [...(app.sqlite.prepare('SELECT id FROM jobs ORDER BY id').pluck().all() as number[]).slice(0, postings - sample), ...tail]
    const after = dbMiB(app)
    const ftsMiB = round(
      (app.sqlite.prepare("SELECT sum(pgsize) AS b FROM dbstat WHERE name LIKE 'jobs_fts%'").get() as { b: number }).b / 1048576,
      1,
    )

    // The query mix: every labeled query, with and without filters, and filter-only browsing.
    const random = new Random(11)
    const mix: SearchParams[] = []
    for (let i = 0; i < 3000; i++) {
      const q = random.chance(0.1) ? '' : random.pick(labeledQueries).q
      mix.push({ q, filters: random.pick(filterMix), limit: 10, facets: true })
    }
    // The engine itself: no answer cache.
    app.jobSearch.setCacheSize(0)
    for (const params of mix.slice(0, 300)) await app.jobSearch.search(params)
    const ours = summarize(await timeEach(mix, (p) => app.jobSearch.search(p)))
    // The same with the queries laborers type (traditional, slips, everyday words, spaced
    // pinyin, 包吃住, brands): these take the looser readings' second pass.
    const everydayMix: SearchParams[] = []
    const kinds: string[] = []
    for (let i = 0; i < 3000; i++) {
      const pick = random.pick(everydayQueries)
      const filters = { ...random.pick(filterMix), ...(pick.filters ?? {}) }
      everydayMix.push({ q: pick.q, filters, limit: 10, facets: true })
      kinds.push(pick.kind)
    }
    for (const params of everydayMix.slice(0, 300)) await app.jobSearch.search(params)
    const everydayTimes = await timeEach(everydayMix, (p) => app.jobSearch.search(p))
    const oursEveryday = summarize(everydayTimes)
    // Which kinds of everyday query make the tail.
    const byKind = [...new Set(kinds)].map((kind) => {
      const s = summarize(everydayTimes.filter((_, i) => kinds[i] === kind))
      return { kind, n: s.n, p50_ms: s.p50, p90_ms: s.p90, p99_ms: s.p99, max_ms: s.max }
    })
    if (values['engine-only']) {
      // The engine's own figures only (no peers, relevance or HTTP): quick on a busy machine.
      printTable(`search: ${postings} postings, embedded engine (in-process, --engine-only)`, [
        { figure: `index build of ${postings - sample} postings (reindex)`, value: `${round(rebuildS, 1)} s` },
        { figure: `query mix (${ours.n}: text ± filters, filter-only; facets, hydration, snippets)`, value: `p50 ${ours.p50} ms, p99 ${ours.p99} ms, max ${ours.max} ms` },
        { figure: `everyday query mix (${oursEveryday.n}: everyday-set.ts ± filters; facets, hydration, snippets)`, value: `p50 ${oursEveryday.p50} ms, p99 ${oursEveryday.p99} ms, max ${oursEveryday.max} ms` },
      ])
      printTable('everyday query mix by kind', byKind)
      return
    }
    const textOnly = mix.filter((p) => p.q && Object.keys(p.filters!).length === 0)
    const oursText = summarize(await timeEach(textOnly, (p) => app.jobSearch.search({ ...p, facets: false, limit: 10 })))

    const place = (row: JobImportRow) => [app.regions.fullName(row.regionCode), app.regions.get(row.regionCode.slice(0, 2))?.name ?? ''].join(' ')
    const peers = buildPeers(corpus.jobs.map((row, i) => ({ id: ids[i], row, place: place(row) })))
    for (const p of textOnly.slice(0, 100)) peers.mini.search(p.q!), peers.flex.search(p.q!)
    const mini = summarize(await timeEach(textOnly, (p) => peers.mini.search(p.q!)))
    const flex = summarize(await timeEach(textOnly, (p) => peers.flex.search(p.q!)))

    // Relevance on the labeled corpus, in a database of its own.
    const rel = await cityApp(join(dir, 'relevance'))
    const e = employer(rel, '忻州市人力资源服务产业园', '140902')
    const relRows = relevanceCorpus(addDays(today, 30), addDays(today, 40), e.creditCode)
    const relIds = insertPostings(rel.db, { ...ctx }, { employers: [], jobs: relRows }, 'relevance')
    const keyOf = new Map(relIds.map((id, i) => [id, relRows[i].externalId]))
    const relPeers = buildPeers(relRows.map((row, i) => ({ id: relIds[i], row, place: place(row) })))
    const quality = { ours: { recall: 0, ndcg: 0 }, mini: { recall: 0, ndcg: 0 }, flex: { recall: 0, ndcg: 0 } }
    for (const { q, relevant } of labeledQueries) {
      const rankings = {
        ours: (await rel.jobSearch.search({ q, limit: 10, facets: false })).hits.map((h) => h.id),
        mini: relPeers.mini.search(q),
        flex: relPeers.flex.search(q),
      }
      for (const name of ['ours', 'mini', 'flex'] as const) {
        const s = scoreRanking(rankings[name].map((id) => keyOf.get(id)!), relevant)
        quality[name].recall += s.recall / labeledQueries.length
        quality[name].ndcg += s.ndcg / labeledQueries.length
      }
    }
    await rel.close()

    printTable(`search: ${postings} postings, embedded engine (in-process)`, [
      { figure: `index build of ${postings - sample} postings (reindex)`, value: `${round(rebuildS, 1)} s` },
      { figure: `${sample} more written one by one, each indexed in its transaction`, value: `${round(insertS, 1)} s (${Math.round(sample / insertS)} postings/s)` },
      { figure: 'database growth', value: `${round(after - before, 1)} MiB (${before} → ${after}), FTS5 index ${ftsMiB} MiB` },
      { figure: `query mix (${ours.n}: text ± filters, filter-only; facets, hydration, snippets)`, value: `p50 ${ours.p50} ms, p99 ${ours.p99} ms, max ${ours.max} ms` },
      { figure: `everyday query mix (${oursEveryday.n}: everyday-set.ts ± filters; facets, hydration, snippets)`, value: `p50 ${oursEveryday.p50} ms, p99 ${oursEveryday.p99} ms, max ${oursEveryday.max} ms` },
    ])
    printTable(`search: peers on the same ${postings} postings and ${textOnly.length} text queries (top 10, no filters/facets)`, [
      { engine: 'laborlink embedded (FTS5)', build_s: round(rebuildS, 1), p50_ms: oursText.p50, p99_ms: oursText.p99, recall10: round(quality.ours.recall), ndcg10: round(quality.ours.ndcg) },
      { engine: 'MiniSearch 7', build_s: round(peers.mini.buildMs / 1000, 1), p50_ms: mini.p50, p99_ms: mini.p99, recall10: round(quality.mini.recall), ndcg10: round(quality.mini.ndcg) },
      { engine: 'FlexSearch 0.8', build_s: round(peers.flex.buildMs / 1000, 1), p50_ms: flex.p50, p99_ms: flex.p99, recall10: round(quality.flex.recall), ndcg10: round(quality.flex.ndcg) },
    ])
    process.stdout.write(
      `p99 ratio ours/MiniSearch ${round(oursText.p99 / mini.p99, 2)}, ours/FlexSearch ${round(oursText.p99 / flex.p99, 2)}; ` +
        `recall@10 over ${labeledQueries.length} labeled queries: ours ${round(quality.ours.recall)} vs ${round(quality.mini.recall)} / ${round(quality.flex.recall)}\n`,
    )

    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    // Let the load-shedding sampler see an idle loop again after the synchronous phases above.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const requests = labeledQueries.map(({ q }, i) => ({
      method: 'GET' as const,
      path: `/api/v1/jobs/search?q=${encodeURIComponent(q)}${i % 3 === 0 ? '&partnerArea=jingjinji' : ''}`,
    }))
    const uncached = await load(address, { duration, connections: 10, requests })
    app.jobSearch.setCacheSize(2000)
    const cached = await load(address, { duration, connections: 10, requests })
    await app.close()
    closed = true
    const baseline = await helloWorldBaseline({ duration, connections: 10 })
    printTable('search over HTTP (autocannon, 10 connections, loopback)', [
      { target: 'GET /api/v1/jobs/search, answer cache off', ...uncached },
      { target: 'GET /api/v1/jobs/search, answer cache on (as deployed)', ...cached },
      { target: 'bare Fastify hello-world', ...baseline },
    ])
    process.stdout.write(
      `search req/s / hello-world req/s: cache on ${round(cached.requestsPerSec / baseline.requestsPerSec, 3)}, ` +
        `cache off ${round(uncached.requestsPerSec / baseline.requestsPerSec, 3)}\n`,
    )
  } finally {
    if (!closed) await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
