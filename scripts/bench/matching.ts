/**
 * `npm run bench -- matching [--postings 100000] [--laborers 170000] [--jobs 20000] [--k 50]
 * [--instances 30]`: recommendations over a city's postings, assignment at the city's
 * scale, and optimality against the HiGHS LP solver.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildApp } from '../../src/app'
import { loadConfig } from '../../src/config'
import { Random } from '../../src/random'
import { shanghaiToday } from '../../src/calendar'
import { localTownships, insertPostings } from '../../src/jobs/demo'
import { generatePostings } from '../../src/jobs/generator'
import { checkJob } from '../../src/jobs/model'
import { demoLaborers, insertDemoLaborers } from '../../src/laborers/demo'
import {
  assignGreedy,
  assignOptimal,
  assignStable,
  objective,
  runToEnd,
  stabilityAudit,
  summarize,
  type CandidateGraph,
} from '../../src/matching/assignment'
import { buildGraph } from '../../src/matching/candidates'
import { assignTogether, placesOf, togetherGroups } from '../../src/matching/together'
import { defaultConfig } from '../../src/matching/scoring-config'
import { printTable, round, summarize as percentiles, trackPeakRss } from './lib'

const ADMIN = 'bench-admin-token-0123456789'

export default async function matching(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      postings: { type: 'string' },
      laborers: { type: 'string' },
      jobs: { type: 'string' },
      k: { type: 'string' },
      instances: { type: 'string' },
      only: { type: 'string' },
    },
  })
  const only = values.only
  if (!only || only === 'recommendations') await recommendations(Number(values.postings ?? 100_000))
  if (!only || only === 'scale') await scale(Number(values.laborers ?? 170_000), Number(values.jobs ?? 20_000), Number(values.k ?? 50))
  if (!only || only === 'optimality') await optimality(Number(values.instances ?? 30))
}

/** p99 of `GET /laborers/:id/recommendations` over HTTP inject, with `postings` postings searchable. */
async function recommendations(postings: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-bench-matching-'))
  // Load shedding off: loading 100,000 postings blocks the loop for minutes, and the figure wanted is the handler's.
  const app = await buildApp({
    ...loadConfig({ SEED_DEMO: '0', LOG_LEVEL: 'warn', ADMIN_TOKEN: ADMIN }),
    dataDir,
    prettyLogs: false,
    maxEventLoopDelayMs: 0,
  })
  try {
    const random = new Random(20220519)
    const today = shanghaiToday()
    let t0 = performance.now()
    const corpus = generatePostings(random, postings, { today, townships: localTownships(app.regions), externalPrefix: 'bench' })
    insertPostings(app.db, { regionLevel: (code) => app.regions.get(code)?.level, cityCode: app.config.cityCode, today }, corpus, 'bench')
    await app.jobSearch.engine.settle()
    const loadSeconds = round((performance.now() - t0) / 1000, 1)
    insertDemoLaborers(app, random, 300)
    const ids = (app.sqlite.prepare('SELECT id FROM laborers ORDER BY id').all() as { id: number }[]).map((r) => r.id)
    const ask = (id: number) => app.inject({ method: 'GET', url: `/api/v1/laborers/${id}/recommendations?limit=10`, headers: { authorization: `Bearer ${ADMIN}` } })
    for (const id of ids.slice(0, 30)) await ask(id)
    const ms: number[] = []
    let empty = 0
    let scored = 0
    for (let rep = 0; rep < 3; rep++) {
      for (const id of ids) {
        t0 = performance.now()
        const res = await ask(id)
        ms.push(performance.now() - t0)
        if (res.statusCode !== 200) throw new Error(`recommendations ${id}: ${res.statusCode} ${res.body}`)
        const items = res.json().items as unknown[]
        if (items.length === 0) empty++
        scored += items.length
      }
    }
    printTable(`recommendations for one laborer over ${postings.toLocaleString('en')} postings (HTTP inject, limit 10)`, [
      { measure: 'GET /laborers/:id/recommendations (ms)', ...percentiles(ms), target: 'p99 ≤ 25', loadSeconds, emptyLists: empty, avgItems: round(scored / ms.length, 1) },
    ])
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Assignment at the city's scale, in memory: candidate graph, min-cost flow (or deferred acceptance), report. */
async function scale(laborerCount: number, jobCount: number, k: number): Promise<void> {
  const random = new Random(7)
  const today = shanghaiToday()
  const context = { cityCode: '1409', config: defaultConfig }
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-bench-regions-'))
  const app = await buildApp({ ...loadConfig({ SEED_DEMO: '0', LOG_LEVEL: 'warn', ADMIN_TOKEN: ADMIN }), dataDir, prettyLogs: false })
  const villages = app.regions.ofLevel('village').map((v) => v.code)
  const townships = localTownships(app.regions)
  const regionLevel = (code: string) => app.regions.get(code)?.level
  await app.close()
  rmSync(dataDir, { recursive: true, force: true })

  // The generator's openings sum to ~20 a posting; scale them to the plan's ≈200,000 per 20,000 postings.
  const corpus = generatePostings(random, jobCount, { today, townships, externalPrefix: 'scale' })
  const factor = (10 * jobCount) / corpus.jobs.reduce((a, j) => a + j.openings, 0)
  const jobs = corpus.jobs.map((row, j) => {
    const checked = checkJob(row, { regionLevel, cityCode: context.cityCode, today })
    if (!checked.ok) throw new Error(`${checked.field} ${checked.reason}`)
    const c = checked.content
    return {
      ...c,
      cityCode: c.cityCode ?? null,
      countyCode: c.countyCode ?? null,
      skillTags: c.skillTags ?? [],
      certificatesRequired: c.certificatesRequired ?? [],
      laborBrand: c.laborBrand ?? null,
      id: j + 1,
      openingsLeft: Math.max(1, Math.round(row.openings * factor)),
    }
  })
  const laborers = []
  for (const body of demoLaborers(random, villages, today)) {
    laborers.push({
      id: laborers.length + 1,
      villageCode: body.villageCode,
      countyCode: body.villageCode.slice(0, 6),
      povertyStatus: body.povertyStatus,
      skills: (body.skills ?? []).map((s) => ({ occupation: s.occupation, tags: s.tags ?? [], years: s.years ?? 0 })),
      certificates: (body.certificates ?? []).map((c) => ({ name: c.name, tier: c.tier as 1 | 2 | 3 | 4 })),
      destinationWishes: body.destinationWishes ?? [],
      expectedWage: body.expectedWage ?? null,
      availableFrom: body.availableFrom ?? null,
    })
    if (laborers.length >= laborerCount) break
  }
  const openings = jobs.reduce((a, j) => a + j.openingsLeft, 0)
  // One candidate graph for both modes: building it is the same work either way.
  const peak = trackPeakRss()
  const started = performance.now()
  const graph = runToEnd(buildGraph({ laborers: laborers as never, jobs, context, k, seed: 1 }))
  const graphSeconds = round((performance.now() - started) / 1000, 2)
  for (const mode of ['optimal', 'stable'] as const) {
    const t0 = performance.now()
    const assignment = mode === 'optimal' ? runToEnd(assignOptimal(graph)) : runToEnd(assignStable(graph, 0.3))
    const assignSeconds = round((performance.now() - t0) / 1000, 2)
    const r = summarize(graph, assignment, 0.3)
    printTable(
      `assignment ${mode}: ${laborerCount.toLocaleString('en')} laborers × ${jobCount.toLocaleString('en')} postings (${openings.toLocaleString('en')} openings), K = ${k}`,
      [
        {
          wallSeconds: round(graphSeconds + assignSeconds, 2),
          graphSeconds,
          assignSeconds,
          peakRssMiB: peak(),
          edges: graph.job.length,
          assigned: r.assigned,
          averageScore: r.averageScore,
          povertyRate: r.reservedRate,
          otherRate: r.otherRate,
          reserveFill: r.reserveFill,
          objective: r.objective,
          blockingPairs: mode === 'stable' ? stabilityAudit(graph, assignment, 0.3).length : '—',
        },
      ],
    )
  }
  // The keep-together option on the same graph: village crews seated first, the rest optimal.
  const t0 = performance.now()
  const groups = togetherGroups(
    laborers.map((l) => l.villageCode),
    laborers.map((l) => l.destinationWishes),
    graph.tieBreak,
  )
  const together = runToEnd(assignTogether(graph, groups, placesOf(jobs), assignOptimal))
  const assignSeconds = round((performance.now() - t0) / 1000, 2)
  const r = summarize(graph, together.assignment, 0.3)
  printTable('assignment optimal with keepTogether (same graph)', [
    {
      wallSeconds: round(graphSeconds + assignSeconds, 2),
      assignSeconds,
      peakRssMiB: peak(),
      groups: together.groups,
      laborersInGroups: together.laborersInGroups,
      kept: together.kept,
      split: together.split,
      assigned: r.assigned,
      averageScore: r.averageScore,
      objective: r.objective,
    },
  ])
}

/**
 * `instances` random graphs from 50 × 10 up to 2,000 × 300: the optimal run's objective
 * against HiGHS's LP optimum (largest gap, target 0), a greedy baseline's gap beside it,
 * and the stable run's blocking pairs and objective as a share of the optimum.
 */
async function optimality(instances: number): Promise<void> {
  const random = new Random(2022)
  const rows = []
  let worstOptimalGap = 0
  let worstGreedyGap = 0
  let blocking = 0
  let minStableRatio = 1
  for (let i = 0; i < instances; i++) {
    const step = instances === 1 ? 1 : i / (instances - 1)
    const n = Math.round(50 + step * 1950)
    const m = Math.round(10 + step * 290)
    const graph = randomGraph(random, n, m, random.int(5, 30), random.int(2, 12))
    const t0 = performance.now()
    const optimal = objective(graph, runToEnd(assignOptimal(graph)))
    const optimalMs = performance.now() - t0
    const t1 = performance.now()
    const lp = await lpOptimum(graph)
    const lpMs = performance.now() - t1
    const greedy = objective(graph, assignGreedy(graph))
    const stable = runToEnd(assignStable(graph, 0.3))
    const blockingPairs = stabilityAudit(graph, stable, 0.3).length
    const stableRatio = lp === 0 ? 1 : objective(graph, stable) / lp
    worstOptimalGap = Math.max(worstOptimalGap, lp - optimal)
    worstGreedyGap = Math.max(worstGreedyGap, (lp - greedy) / Math.max(1, lp))
    blocking += blockingPairs
    minStableRatio = Math.min(minStableRatio, stableRatio)
    rows.push({
      laborers: n,
      postings: m,
      edges: graph.job.length,
      lpOptimum: lp,
      optimalGap: lp - optimal,
      greedyGapPct: round((100 * (lp - greedy)) / Math.max(1, lp), 3),
      stableRatio: round(stableRatio, 4),
      blockingPairs,
      optimalMs: round(optimalMs, 1),
      highsMs: round(lpMs, 1),
    })
  }
  printTable(`optimality on ${instances} random instances vs HiGHS (LP of the same b-matching)`, rows)
  printTable('optimality summary', [
    {
      largestOptimalGap: worstOptimalGap,
      largestGreedyGapPct: round(100 * worstGreedyGap, 3),
      stableBlockingPairs: blocking,
      lowestStableRatio: round(minStableRatio, 4),
    },
  ])
}

/**
 * A random candidate graph: `k` distinct postings per laborer with scores 30–100, 30 %
 * reserved laborers with priority 15, 1–`maxOpenings` openings per posting.
 */
export function randomGraph(random: Random, n: number, m: number, k: number, maxOpenings = 10): CandidateGraph {
  const capacity = new Int32Array(m)
  for (let j = 0; j < m; j++) capacity[j] = random.int(1, maxOpenings)
  const offsets = new Int32Array(n + 1)
  const jobs: number[] = []
  const scores: number[] = []
  const priority = new Int32Array(n)
  const reserved = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const picked = new Map<number, number>()
    const want = Math.min(m, random.int(0, k))
    while (picked.size < want) picked.set(random.int(0, m - 1), random.int(30, 100))
    const edges = [...picked].sort((a, b) => b[1] - a[1] || a[0] - b[0])
    for (const [j, s] of edges) {
      jobs.push(j)
      scores.push(s)
    }
    offsets[i + 1] = jobs.length
    reserved[i] = random.chance(0.3) ? 1 : 0
    priority[i] = reserved[i] ? 15 : 0
  }
  const tieBreak = new Int32Array(n)
  const order = random.sample(
    Array.from({ length: n }, (_, i) => i),
    n,
  )
  order.forEach((i, rank) => (tieBreak[i] = rank))
  return {
    laborers: n,
    postings: m,
    capacity,
    offsets,
    job: Int32Array.from(jobs),
    score: Int32Array.from(scores),
    priority,
    reserved,
    tieBreak,
  }
}

/**
 * The same problem as a linear program in CPLEX LP format: one variable per edge,
 * each laborer at most once, each posting within its openings. Bipartite b-matching
 * polytopes are integral, so the LP optimum is the integer optimum.
 */
export function toLp(graph: CandidateGraph): string {
  const objective: string[] = []
  const laborerRows: string[] = []
  const postingTerms: string[][] = Array.from({ length: graph.postings }, () => [])
  for (let i = 0; i < graph.laborers; i++) {
    const terms: string[] = []
    for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) {
      objective.push(`+ ${graph.score[e] + graph.priority[i]} x${e}`)
      terms.push(`x${e}`)
      postingTerms[graph.job[e]].push(`x${e}`)
    }
    if (terms.length > 0) laborerRows.push(` l${i}: ${terms.join(' + ')} <= 1`)
  }
  const postingRows = postingTerms.flatMap((terms, j) => (terms.length > 0 ? [` p${j}: ${terms.join(' + ')} <= ${graph.capacity[j]}`] : []))
  const bounds = graph.job.length > 0 ? Array.from(graph.job, (_, e) => ` 0 <= x${e} <= 1`) : []
  return [
    'Maximize',
    ` obj: ${objective.length > 0 ? objective.join(' ') : '0 x0'}`,
    'Subject To',
    ...laborerRows,
    ...postingRows,
    ...(graph.job.length > 0 ? [] : [' c0: x0 <= 0']),
    'Bounds',
    ...bounds,
    'End',
  ].join('\n')
}

export async function lpOptimum(graph: CandidateGraph): Promise<number> {
  const highs = await (await import('highs')).default()
  const solution = highs.solve(toLp(graph), { output_flag: false } as never)
  if (solution.Status !== 'Optimal') throw new Error(`highs: ${solution.Status}`)
  return Math.round(solution.ObjectiveValue)
}
