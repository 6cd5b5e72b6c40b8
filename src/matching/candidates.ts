import { Random } from '../demo/random'
import type { CandidateGraph, Steps } from './assignment'
import {
  prepareJob,
  prepareLaborer,
  scorePrepared,
  type FitContext,
  type FitJob,
  type FitLaborer,
  type PreparedJob,
  type PreparedLaborer,
} from './fit-score'
import { isGeneralPosting } from './occupations'

/**
 * Postings grouped by trade and place (partner area; county for local postings), each
 * group best-paid first, so a laborer is scored only against the top of the groups of
 * trades they have (plus the general ones anyone may take) in places they would go —
 * never against every posting.
 */
export interface PostingIndex {
  jobs: PreparedJob[]
  byTrade: Map<string, Map<string, number[]>>
}

const GENERAL = '*'

function placeKey(job: PreparedJob): string {
  return job.source.partnerArea === 'local' ? `local:${job.source.countyCode ?? ''}` : job.source.partnerArea
}

export function indexPostings(jobs: FitJob[], context: FitContext): PostingIndex {
  const prepared = jobs.map((job) => prepareJob(job, context.config.settings))
  const byTrade = new Map<string, Map<string, number[]>>()
  prepared.forEach((job, j) => {
    const trades = isGeneralPosting(job.trade, job.source.type) ? [GENERAL] : new Set([job.trade, ...job.tags])
    const place = placeKey(job)
    for (const trade of trades) {
      let places = byTrade.get(trade)
      if (!places) byTrade.set(trade, (places = new Map()))
      const list = places.get(place)
      if (list) list.push(j)
      else places.set(place, [j])
    }
  })
  const pay = (j: number) => prepared[j].monthly?.max ?? -1
  for (const places of byTrade.values()) for (const list of places.values()) list.sort((a, b) => pay(b) - pay(a) || a - b)
  return { jobs: prepared, byTrade }
}

const outAreas = new Set(['jingjinji', 'yangtze_delta', 'greater_bay', 'other'])

/**
 * How much of a place group to score, as a share of `k`: `k` postings where the laborer
 * wants to go, a fifth (in the province) or a tenth (another partner area) where they
 * might, a twentieth of each other county of the city, none where the fit score would
 * exclude them anyway.
 */
function placeShare(laborer: PreparedLaborer, place: string): number {
  const wishes = laborer.source.destinationWishes
  if (place.startsWith('local:')) return place.slice(6) === laborer.source.countyCode ? 1 : 0.05
  if (wishes.length === 0) return 1
  if (place === 'in_province') return wishes.includes('in_province') ? 1 : 0.2
  if (wishes.includes(place as never) || (outAreas.has(place) && wishes.includes('out_of_province'))) return 1
  return wishes.some((w) => outAreas.has(w)) ? 0.1 : 0
}

/**
 * Best `k` postings for one laborer: score, then posting order for ties. `seen` is
 * scratch space of the index's size, reused across calls.
 */
export function topCandidates(
  laborer: PreparedLaborer,
  index: PostingIndex,
  context: FitContext,
  k: number,
  seen: Int32Array,
  stamp: number,
): { job: number; score: number }[] {
  const found: { job: number; score: number }[] = []
  for (const trade of [...laborer.trades.keys(), GENERAL]) {
    const places = index.byTrade.get(trade)
    if (!places) continue
    for (const [place, list] of places) {
      const cap = Math.min(list.length, Math.ceil(k * placeShare(laborer, place)))
      // The best-paid fifth for everyone, the rest from a window that starts where this
      // laborer's seed points: otherwise every laborer of a trade would list the same few
      // postings and the rest of the openings could never be filled.
      const top = Math.ceil(cap / 5)
      const start = top + (list.length > cap ? (stamp * 2654435761) % (list.length - top) : 0)
      for (let p = 0; p < cap; p++) {
        const j = list[p < top ? p : top + ((start - top + p - top) % (list.length - top))]
        if (seen[j] === stamp) continue
        seen[j] = stamp
        const fit = scorePrepared(laborer, index.jobs[j], context, false)
        if (!fit.excluded) found.push({ job: j, score: fit.score })
      }
    }
  }
  found.sort((a, b) => b.score - a.score || a.job - b.job)
  return found.length > k ? found.slice(0, k) : found
}

export interface GraphInput {
  laborers: (FitLaborer & { id: number })[]
  jobs: (FitJob & { id: number; openingsLeft: number })[]
  context: FitContext
  k: number
  seed: number
}

/** The sparse candidate graph of a run: top-`k` postings per laborer, with a seeded tie-break order. */
export function* buildGraph(input: GraphInput): Steps<CandidateGraph> {
  const { laborers, jobs, context, k } = input
  const n = laborers.length
  const index = indexPostings(jobs, context)
  const seen = new Int32Array(jobs.length)
  const offsets = new Int32Array(n + 1)
  let job = new Int32Array(Math.max(16, n * Math.min(k, 8)))
  let score = new Int32Array(job.length)
  const priority = new Int32Array(n)
  const reserved = new Uint8Array(n)
  let edges = 0
  for (let i = 0; i < n; i++) {
    const prepared = prepareLaborer(laborers[i])
    const top = topCandidates(prepared, index, context, k, seen, i + 1)
    if (edges + top.length > job.length) {
      const size = Math.max(job.length * 2, edges + top.length)
      const grownJob = new Int32Array(size)
      grownJob.set(job)
      const grownScore = new Int32Array(size)
      grownScore.set(score)
      job = grownJob
      score = grownScore
    }
    for (const c of top) {
      job[edges] = c.job
      score[edges] = c.score
      edges++
    }
    offsets[i + 1] = edges
    const status = laborers[i].povertyStatus
    priority[i] = context.config.settings.priority[status]
    reserved[i] = status === 'ordinary' ? 0 : 1
    if (i % 2000 === 1999) yield (i + 1) / n
  }
  const capacity = Int32Array.from(jobs, (j) => Math.max(0, j.openingsLeft))
  return {
    laborers: n,
    postings: jobs.length,
    capacity,
    offsets,
    job: job.slice(0, edges),
    score: score.slice(0, edges),
    priority,
    reserved,
    tieBreak: seededRanks(n, input.seed),
  }
}

/** A permutation of 0…n−1 drawn from `seed`: who wins a tie. */
export function seededRanks(n: number, seed: number): Int32Array {
  const random = new Random(seed)
  const order = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1))
    const t = order[i]
    order[i] = order[j]
    order[j] = t
  }
  const ranks = new Int32Array(n)
  for (let r = 0; r < n; r++) ranks[order[r]] = r
  return ranks
}
