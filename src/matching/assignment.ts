import type { UnassignedReason } from './schema'

/**
 * A sparse candidate graph in compressed rows: laborer `i`'s candidate postings are
 * `job[e]` for `e` in `offsets[i] … offsets[i+1]`, each with its fit score, listed in the
 * laborer's order of preference (best first). Indices, not ids: callers map them back.
 */
export interface CandidateGraph {
  laborers: number
  postings: number
  /** Openings of each posting. */
  capacity: Int32Array
  offsets: Int32Array
  job: Int32Array
  score: Int32Array
  /** Policy points per laborer (poverty priority), added to every edge's score in `optimal`. */
  priority: Int32Array
  /** 1 for poverty-alleviated and monitored laborers: who the `stable` reserves are for. */
  reserved: Uint8Array
  /** Rank used to break ties between equal scores (a seeded permutation, lower first). */
  tieBreak: Int32Array
}

export interface Assignment {
  /** Edge index per laborer, or -1 when unassigned. */
  edgeOf: Int32Array
}

/** Yields progress (0–1) now and then so a caller can report it and let the event loop run. */
export type Steps<T> = Generator<number, T, void>

export function runToEnd<T>(steps: Generator<unknown, T, void>): T {
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
  }
}

const YIELD_EVERY = 2000

export function weightOf(graph: CandidateGraph, i: number, e: number): number {
  return graph.score[e] + graph.priority[i]
}

/** Σ (score + priority) over assigned laborers: what `optimal` maximizes. */
export function objective(graph: CandidateGraph, assignment: Assignment): number {
  let total = 0
  for (let i = 0; i < graph.laborers; i++) {
    const e = assignment.edgeOf[i]
    if (e >= 0) total += weightOf(graph, i, e)
  }
  return total
}

/** Laborers in a seeded order: the order they are considered in, so ties fall the same way every run. */
function processingOrder(graph: CandidateGraph): Int32Array {
  const order = new Int32Array(graph.laborers)
  for (let i = 0; i < graph.laborers; i++) order[graph.tieBreak[i]] = i
  return order
}

/**
 * Laborers with the best single option first (seeded order on ties): their augmenting
 * paths are short while postings still have room, and the weaker ones that come later
 * meet prices (potentials) already close to final, so their searches stay small.
 */
function strongestFirst(graph: CandidateGraph): Int32Array {
  const best = new Int32Array(graph.laborers)
  for (let i = 0; i < graph.laborers; i++) {
    const first = graph.offsets[i]
    best[i] = first < graph.offsets[i + 1] ? weightOf(graph, i, first) : -1
  }
  return processingOrder(graph).sort((a, b) => best[b] - best[a] || graph.tieBreak[a] - graph.tieBreak[b])
}

/**
 * Exact maximum of Σ (score + priority) with every posting within its openings, as a
 * min-cost flow solved by successive shortest paths (Dijkstra with potentials), one
 * laborer at a time as in Jonker–Volgenant: each laborer enters with its own unit and
 * takes the cheapest augmenting path to the sink, which may move already-placed
 * laborers to other postings or leave one unassigned. Adding a source with no incoming
 * arcs keeps the flow so far optimal, so the final flow is optimal.
 *
 * Arc costs are `W − w'` (≥ 0) for laborer→posting and `W` for "stays unassigned", where
 * `w' = w·(n+1) + 1`: the `+1` breaks ties towards placing more people without ever
 * trading away a point of score.
 */
export function* assignOptimal(graph: CandidateGraph): Steps<Assignment> {
  const { laborers: n, postings: m, capacity, offsets, job } = graph
  const sink = n + m
  const nodes = n + m + 1
  const scale = n + 1
  let maxWeight = 0
  for (let i = 0; i < n; i++) {
    for (let e = offsets[i]; e < offsets[i + 1]; e++) maxWeight = Math.max(maxWeight, weightOf(graph, i, e))
  }
  const W = maxWeight * scale + 1
  const cost = (i: number, e: number) => W - (weightOf(graph, i, e) * scale + 1)

  const edgeOf = new Int32Array(n).fill(-1)
  const holderStart = new Int32Array(m + 1)
  for (let j = 0; j < m; j++) holderStart[j + 1] = holderStart[j] + capacity[j]
  const holders = new Int32Array(holderStart[m])
  const holderCount = new Int32Array(m)

  const potential = new Float64Array(nodes)
  const dist = new Float64Array(nodes)
  const seen = new Int32Array(nodes)
  const done = new Int32Array(nodes)
  const pred = new Int32Array(nodes)
  const predEdge = new Int32Array(nodes)
  const finalized: number[] = []
  const heap = new MinHeap(1024)
  const order = strongestFirst(graph)

  for (let k = 0; k < n; k++) {
    const s = order[k]
    const stamp = k + 1
    let h = potential[sink] - W
    for (let e = offsets[s]; e < offsets[s + 1]; e++) h = Math.max(h, potential[n + job[e]] - cost(s, e))
    potential[s] = h

    heap.clear()
    finalized.length = 0
    seen[s] = stamp
    dist[s] = 0
    heap.push(0, s)
    const relax = (from: number, to: number, reduced: number, edge: number) => {
      const d = dist[from] + reduced
      if (seen[to] !== stamp || d < dist[to]) {
        seen[to] = stamp
        dist[to] = d
        pred[to] = from
        predEdge[to] = edge
        heap.push(d, to)
      }
    }
    for (;;) {
      // Once nothing left is closer than the sink's tentative distance, the sink is
      // settled; stopping here skips the plateaus of equal scores at that distance.
      if (seen[sink] === stamp && heap.peekKey() >= dist[sink]) break
      const u = heap.pop()
      if (done[u] === stamp) continue
      done[u] = stamp
      if (u === sink) break
      finalized.push(u)
      if (u < n) {
        const own = edgeOf[u]
        for (let e = offsets[u]; e < offsets[u + 1]; e++) {
          if (e === own) continue
          const v = n + job[e]
          if (done[v] !== stamp) relax(u, v, cost(u, e) + potential[u] - potential[v], e)
        }
        // Leaving someone unassigned is always possible, so the sink is always reached.
        if (own >= 0 || u === s) relax(u, sink, W + potential[u] - potential[sink], -1)
      } else {
        const j = u - n
        if (holderCount[j] < capacity[j]) relax(u, sink, potential[u] - potential[sink], -1)
        for (let p = holderStart[j], end = holderStart[j] + holderCount[j]; p < end; p++) {
          const i = holders[p]
          if (done[i] !== stamp) relax(u, i, -cost(i, edgeOf[i]) + potential[u] - potential[i], -1)
        }
      }
    }
    const D = dist[sink]
    for (const v of finalized) potential[v] += dist[v] - D

    // Walk the path back from the sink, moving laborers along it.
    for (let v = sink; v !== s; ) {
      const u = pred[v]
      if (v === sink) {
        if (u < n) edgeOf[u] = -1
      } else if (v >= n) {
        const j = v - n
        holders[holderStart[j] + holderCount[j]++] = u
        edgeOf[u] = predEdge[v]
      } else {
        const j = u - n
        const start = holderStart[j]
        const end = start + --holderCount[j]
        for (let p = start; p <= end; p++) {
          if (holders[p] === v) {
            holders[p] = holders[end]
            break
          }
        }
      }
      v = u
    }
    if (k % YIELD_EVERY === YIELD_EVERY - 1) yield (k + 1) / n
  }
  return { edgeOf }
}

/** Highest weight first, each laborer to its best posting with room: the baseline the benchmark compares with. */
export function assignGreedy(graph: CandidateGraph): Assignment {
  const edges: number[] = []
  const owner = new Int32Array(graph.job.length)
  for (let i = 0; i < graph.laborers; i++) {
    for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) {
      edges.push(e)
      owner[e] = i
    }
  }
  edges.sort(
    (a, b) =>
      weightOf(graph, owner[b], b) - weightOf(graph, owner[a], a) || graph.tieBreak[owner[a]] - graph.tieBreak[owner[b]] || a - b,
  )
  const edgeOf = new Int32Array(graph.laborers).fill(-1)
  const used = new Int32Array(graph.postings)
  for (const e of edges) {
    const i = owner[e]
    const j = graph.job[e]
    if (edgeOf[i] < 0 && used[j] < graph.capacity[j]) {
      edgeOf[i] = e
      used[j]++
    }
  }
  return { edgeOf }
}

/** Seats of a posting reserved for poverty-alleviated and monitored laborers. */
export function reserveSeats(capacity: number, share: number): number {
  return Math.min(capacity, Math.round(capacity * share))
}

/**
 * How a posting ranks a laborer: by the pair's score, ties by the seeded order. Larger
 * is better.
 */
function rankKey(graph: CandidateGraph, i: number, e: number): number {
  return graph.score[e] * graph.laborers + (graph.laborers - 1 - graph.tieBreak[i])
}

/**
 * Which applicant a full posting turns away: reserved seats go to the best reserved
 * applicants first; every other seat to the best of the rest; so the one left out is the
 * worst applicant outside the best `reserve` reserved ones (the reserves-not-quotas
 * choice rule, which is substitutable, so deferred acceptance stays stable).
 */
function rejectOne(graph: CandidateGraph, applicants: number[], keys: number[], reserve: number): number {
  const byRank = applicants.map((_, k) => k).sort((a, b) => keys[b] - keys[a])
  let reservedTaken = 0
  let worst = -1
  for (const k of byRank) {
    if (reservedTaken < reserve && graph.reserved[applicants[k]] === 1) {
      reservedTaken++
      continue
    }
    worst = k
  }
  return worst
}

/**
 * Laborer-proposing deferred acceptance: each laborer proposes down its list (best
 * score first); a posting keeps its best applicants under the reserve rule and turns
 * the rest away, who propose again.
 */
export function* assignStable(graph: CandidateGraph, reserveShare: number): Steps<Assignment> {
  const { laborers: n, postings: m, capacity, offsets, job } = graph
  const next = new Int32Array(n)
  for (let i = 0; i < n; i++) next[i] = offsets[i]
  const edgeOf = new Int32Array(n).fill(-1)
  const held: number[][] = Array.from({ length: m }, () => [])
  const heldKeys: number[][] = Array.from({ length: m }, () => [])
  const reserves = new Int32Array(m)
  for (let j = 0; j < m; j++) reserves[j] = reserveSeats(capacity[j], reserveShare)

  const free = Array.from(processingOrder(graph)).reverse()
  let proposals = 0
  const totalEdges = Math.max(1, job.length)
  while (free.length > 0) {
    let i = free.pop()!
    while (i >= 0 && next[i] < offsets[i + 1]) {
      const e = next[i]++
      const j = job[e]
      proposals++
      if (capacity[j] === 0) continue
      held[j].push(i)
      heldKeys[j].push(rankKey(graph, i, e))
      edgeOf[i] = e
      if (held[j].length <= capacity[j]) {
        i = -1
        break
      }
      const k = rejectOne(graph, held[j], heldKeys[j], reserves[j])
      const rejected = held[j][k]
      held[j][k] = held[j][held[j].length - 1]
      heldKeys[j][k] = heldKeys[j][heldKeys[j].length - 1]
      held[j].pop()
      heldKeys[j].pop()
      edgeOf[rejected] = -1
      i = rejected
    }
    if (proposals % YIELD_EVERY === 0) yield Math.min(0.99, proposals / totalEdges)
  }
  return { edgeOf }
}

export interface BlockingPair {
  laborer: number
  posting: number
}

/**
 * Every (laborer, posting) where the laborer prefers the posting to what it has and the
 * posting's choice rule, offered the laborer on top of its holders, would keep them.
 */
export function stabilityAudit(graph: CandidateGraph, assignment: Assignment, reserveShare: number): BlockingPair[] {
  const holders: number[][] = Array.from({ length: graph.postings }, () => [])
  for (let i = 0; i < graph.laborers; i++) {
    const e = assignment.edgeOf[i]
    if (e >= 0) holders[graph.job[e]].push(i)
  }
  const keyAt = (i: number, j: number) => {
    for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) if (graph.job[e] === j) return rankKey(graph, i, e)
    return -1
  }
  const blocking: BlockingPair[] = []
  for (let i = 0; i < graph.laborers; i++) {
    const own = assignment.edgeOf[i]
    const stop = own >= 0 ? own : graph.offsets[i + 1]
    for (let e = graph.offsets[i]; e < stop; e++) {
      const j = graph.job[e]
      if (graph.capacity[j] === 0) continue
      const current = holders[j]
      if (current.length < graph.capacity[j]) {
        blocking.push({ laborer: i, posting: j })
        continue
      }
      const applicants = [...current, i]
      const keys = applicants.map((a) => (a === i ? rankKey(graph, i, e) : keyAt(a, j)))
      if (applicants[rejectOne(graph, applicants, keys, reserveSeats(graph.capacity[j], reserveShare))] !== i) {
        blocking.push({ laborer: i, posting: j })
      }
    }
  }
  return blocking
}

/**
 * Why a laborer got nothing, read off its first choice: nobody to propose to; beaten
 * there by the weakest holder (who, and by how many points); or that posting is full
 * of people the optimum keeps there though one scores lower.
 */
export function unassignedReason(
  graph: CandidateGraph,
  assignment: Assignment,
  holdersOf: (posting: number) => number[],
  i: number,
): { kind: 'no_candidate' } | { kind: 'outranked'; posting: number; by: number; margin: number } | { kind: 'posting_full'; posting: number } {
  const first = graph.offsets[i]
  if (first === graph.offsets[i + 1]) return { kind: 'no_candidate' }
  const j = graph.job[first]
  const mine = weightOf(graph, i, first)
  let weakest = -1
  let weakestWeight = Infinity
  for (const h of holdersOf(j)) {
    const w = weightOf(graph, h, assignment.edgeOf[h])
    if (w < weakestWeight || (w === weakestWeight && graph.tieBreak[h] > graph.tieBreak[weakest])) {
      weakest = h
      weakestWeight = w
    }
  }
  if (weakest >= 0 && weakestWeight >= mine) return { kind: 'outranked', posting: j, by: weakest, margin: weakestWeight - mine }
  return { kind: 'posting_full', posting: j }
}

export interface RunSummary {
  assigned: number
  unassigned: number
  reservedLaborers: number
  reservedAssigned: number
  otherLaborers: number
  otherAssigned: number
  /** Placement rate of poverty-alleviated/monitored laborers vs the others. */
  reservedRate: number
  otherRate: number
  reserveSeats: number
  /** Reserved seats held by reserved laborers (counted up to each posting's reserve). */
  reserveFilled: number
  reserveFill: number
  averageScore: number
  objective: number
}

export function summarize(graph: CandidateGraph, assignment: Assignment, reserveShare: number): RunSummary {
  let assigned = 0
  let reservedLaborers = 0
  let reservedAssigned = 0
  let scoreSum = 0
  const reservedAt = new Int32Array(graph.postings)
  for (let i = 0; i < graph.laborers; i++) {
    const e = assignment.edgeOf[i]
    if (graph.reserved[i]) reservedLaborers++
    if (e < 0) continue
    assigned++
    scoreSum += graph.score[e]
    if (graph.reserved[i]) {
      reservedAssigned++
      reservedAt[graph.job[e]]++
    }
  }
  let seats = 0
  let filled = 0
  for (let j = 0; j < graph.postings; j++) {
    const r = reserveSeats(graph.capacity[j], reserveShare)
    seats += r
    filled += Math.min(r, reservedAt[j])
  }
  const otherLaborers = graph.laborers - reservedLaborers
  const otherAssigned = assigned - reservedAssigned
  const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10000) / 10000)
  return {
    assigned,
    unassigned: graph.laborers - assigned,
    reservedLaborers,
    reservedAssigned,
    otherLaborers,
    otherAssigned,
    reservedRate: ratio(reservedAssigned, reservedLaborers),
    otherRate: ratio(otherAssigned, otherLaborers),
    reserveSeats: seats,
    reserveFilled: filled,
    reserveFill: ratio(filled, seats),
    averageScore: assigned === 0 ? 0 : Math.round((scoreSum / assigned) * 100) / 100,
    objective: objective(graph, assignment),
  }
}

export function toUnassignedReason(
  reason: ReturnType<typeof unassignedReason>,
  jobIds: ArrayLike<number>,
  laborerIds: ArrayLike<number>,
): UnassignedReason {
  switch (reason.kind) {
    case 'no_candidate':
      return reason
    case 'outranked':
      return { kind: 'outranked', jobId: jobIds[reason.posting], byLaborerId: laborerIds[reason.by], margin: reason.margin }
    case 'posting_full':
      return { kind: 'posting_full', jobId: jobIds[reason.posting] }
  }
}

/** A binary min-heap of (key, node) with ties broken by the smaller node, for a deterministic Dijkstra. */
class MinHeap {
  private keys: Float64Array
  private nodes: Int32Array
  private size = 0

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity)
    this.nodes = new Int32Array(capacity)
  }

  clear(): void {
    this.size = 0
  }

  /** Smallest key, or +∞ when empty. */
  peekKey(): number {
    return this.size === 0 ? Infinity : this.keys[0]
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2)
      keys.set(this.keys)
      const nodes = new Int32Array(this.size * 2)
      nodes.set(this.nodes)
      this.keys = keys
      this.nodes = nodes
    }
    let at = this.size++
    while (at > 0) {
      const parent = (at - 1) >> 1
      if (this.keys[parent] < key || (this.keys[parent] === key && this.nodes[parent] <= node)) break
      this.keys[at] = this.keys[parent]
      this.nodes[at] = this.nodes[parent]
      at = parent
    }
    this.keys[at] = key
    this.nodes[at] = node
  }

  pop(): number {
    const top = this.nodes[0]
    const key = this.keys[--this.size]
    const node = this.nodes[this.size]
    let at = 0
    for (;;) {
      let child = 2 * at + 1
      if (child >= this.size) break
      const right = child + 1
      if (
        right < this.size &&
        (this.keys[right] < this.keys[child] || (this.keys[right] === this.keys[child] && this.nodes[right] < this.nodes[child]))
      ) {
        child = right
      }
      if (key < this.keys[child] || (key === this.keys[child] && node <= this.nodes[child])) break
      this.keys[at] = this.keys[child]
      this.nodes[at] = this.nodes[child]
      at = child
    }
    this.keys[at] = key
    this.nodes[at] = node
    return top
  }
}
