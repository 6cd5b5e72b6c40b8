import { Random } from '../random'
import type { CandidateGraph, Steps } from './assignment'
import { compileJobs, compileLaborer, fastScore, prepareJob, prepareLaborer, type FitContext, type FitJob, type FitLaborer, type FitRow, type FitTable } from './fit-table'

/**
 * Postings grouped by trade and place (partner area; county for local postings), each
 * group best-paid first, so a laborer is scored only against the top of the groups of
 * trades they have (plus the general ones anyone may take) in places they would go —
 * never against every posting.
 */
export interface PostingIndex {
  table: FitTable
  /** Groups per trade word (`GENERAL` for postings anyone may take). */
  byTrade: Map<number, Group[]>
  places: Place[]
}

interface Group {
  place: number
  /** Posting indices, best-paid first. */
  list: Int32Array
}

/** A place as `placeShare` needs it. */
interface Place {
  /** County number of a local place, else −1. */
  county: number
  inProvince: boolean
  /** Wish code of the partner area (京津冀 3, 长三角 4, 粤港澳 5), else −1. */
  area: number
  /** Another province (any partner area but local and in-province). */
  out: boolean
}

const GENERAL = -1
const areaCodes: Record<string, number> = { jingjinji: 3, yangtze_delta: 4, greater_bay: 5 }

export function indexPostings(jobs: FitJob[], context: FitContext): PostingIndex {
  const prepared = jobs.map(prepareJob)
  const table = compileJobs(prepared, context)
  const placeIds = new Map<string, number>()
  const places: Place[] = []
  const lists = new Map<number, Map<number, number[]>>()
  prepared.forEach((job, j) => {
    const { partnerArea, countyCode } = job.source
    const key = partnerArea === 'local' ? `local:${countyCode ?? ''}` : partnerArea
    let place = placeIds.get(key)
    if (place === undefined) {
      placeIds.set(key, (place = places.length))
      places.push({
        county: partnerArea === 'local' ? (countyCode ? (table.counties.get(countyCode) ?? -1) : -2) : -1,
        inProvince: partnerArea === 'in_province',
        area: areaCodes[partnerArea] ?? -1,
        out: partnerArea !== 'local' && partnerArea !== 'in_province',
      })
    }
    const trades = table.general[j] === 1 ? [GENERAL] : new Set([job.trade, ...job.tags].map((word) => table.words.get(word)!))
    for (const trade of trades) {
      let byPlace = lists.get(trade)
      if (!byPlace) lists.set(trade, (byPlace = new Map()))
      const list = byPlace.get(place)
      if (list) list.push(j)
      else byPlace.set(place, [j])
    }
  })
  const pay = (j: number) => prepared[j].monthly?.max ?? -1
  const byTrade = new Map<number, Group[]>()
  for (const [trade, byPlace] of lists) {
    byTrade.set(
      trade,
      [...byPlace].map(([place, list]) => ({ place, list: Int32Array.from(list.sort((a, b) => pay(b) - pay(a) || a - b)) })),
    )
  }
  return { table, byTrade, places }
}

/**
 * How much of a place group to score, as a share of `k`: `k` postings where the laborer
 * wants to go (or anywhere, without wishes), a fifth of the province's outside the city
 * when only 本县 is wished (a posting's partner area and place may disagree: the fit
 * score decides), a twentieth of each other county of the city, none of another
 * province's partner areas when no wish names them (the destination rule excludes those).
 */
function placeShare(row: FitRow, place: Place): number {
  const wishes = row.wishes
  if (place.county !== -1) return place.county === row.county ? 1 : 0.05
  if (wishes.length === 0) return 1
  if (place.inProvince) return wishes.includes(1) ? 1 : 0.2
  if ((place.area !== -1 && wishes.includes(place.area)) || (place.out && wishes.includes(2))) return 1
  return 0
}

/**
 * Best `k` postings for one laborer, written to `job` and `score` from `at`; returns how
 * many. Best score first, then posting order. `seen` and `keys` are scratch space of
 * the index's size, reused across calls.
 */
export function topCandidates(
  row: FitRow,
  index: PostingIndex,
  k: number,
  scratch: { seen: Int32Array; keys: Int32Array; shares: Float64Array },
  stamp: number,
  job: Int32Array,
  score: Int32Array,
  at: number,
): number {
  const { seen, keys, shares } = scratch
  const { table, places } = index
  const m = table.postings
  for (let p = 0; p < places.length; p++) shares[p] = placeShare(row, places[p])
  // A laborer whose trades' groups hold at most `k` postings in all is scored against
  // every one of them: a short list is complete, so a small run's preference lists are
  // exactly the eligible postings (what the documented stability is checked on).
  let reachable = 0
  for (let t = 0; t <= row.tradeWords.length; t++) {
    const groups = index.byTrade.get(t < row.tradeWords.length ? row.tradeWords[t] : GENERAL)
    if (groups) for (const { place, list } of groups) if (shares[place] > 0) reachable += list.length
  }
  if (reachable <= k) for (let p = 0; p < places.length; p++) if (shares[p] > 0) shares[p] = 1
  let found = 0
  for (let t = 0; t <= row.tradeWords.length; t++) {
    const groups = index.byTrade.get(t < row.tradeWords.length ? row.tradeWords[t] : GENERAL)
    if (!groups) continue
    for (const { place, list } of groups) {
      const cap = Math.min(list.length, Math.ceil(k * shares[place]))
      // The best-paid fifth for everyone, the rest from a window that starts where this
      // laborer's seed points: otherwise every laborer of a trade would list the same few
      // postings and the rest of the openings could never be filled.
      const top = Math.ceil(cap / 5)
      const start = top + (list.length > cap ? (stamp * 2654435761) % (list.length - top) : 0)
      for (let p = 0; p < cap; p++) {
        const j = list[p < top ? p : top + ((start - top + p - top) % (list.length - top))]
        if (seen[j] === stamp) continue
        seen[j] = stamp
        const s = fastScore(table, row, j)
        if (s >= 0) keys[found++] = (100 - s) * m + j
      }
    }
  }
  const best = keys.subarray(0, found).sort()
  const taken = Math.min(k, found)
  for (let c = 0; c < taken; c++) {
    const key = best[c]
    const j = key % m
    job[at + c] = j
    score[at + c] = 100 - (key - j) / m
  }
  return taken
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
  const scratch = { seen: new Int32Array(jobs.length), keys: new Int32Array(jobs.length), shares: new Float64Array(index.places.length) }
  const offsets = new Int32Array(n + 1)
  let job = new Int32Array(Math.max(16, n * Math.min(k, 8)))
  let score = new Int32Array(job.length)
  const priority = new Int32Array(n)
  const reserved = new Uint8Array(n)
  let edges = 0
  for (let i = 0; i < n; i++) {
    if (edges + k > job.length) {
      const size = Math.max(job.length * 2, edges + k)
      const grownJob = new Int32Array(size)
      grownJob.set(job)
      const grownScore = new Int32Array(size)
      grownScore.set(score)
      job = grownJob
      score = grownScore
    }
    const row = compileLaborer(prepareLaborer(laborers[i]), index.table)
    edges += topCandidates(row, index, k, scratch, i + 1, job, score, edges)
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
