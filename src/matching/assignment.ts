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

/** Where a laborer's unit of flow is: on an edge (≥ 0), still to be placed, or at the sink (unassigned). */
const FREE = -1
const AT_SINK = -2

const POSTING_BITS = 21
const POSTING_MASK = (1 << POSTING_BITS) - 1
/** Score + priority fits the 11 bits above the posting's 21. */
const MAX_PACKED_WEIGHT = 2047

/**
 * The laborer's two best arcs among edges `from … to`: what each is worth (into `two`) and
 * the best edge (`AT_SINK` when none). This loop is most of a run's time; as a plain
 * function outside the generator it took about a tenth less CPU at the city's scale.
 */
function bestTwo(from: number, to: number, packed: Int32Array, postingPrice: Float64Array, K: number, two: Float64Array): number {
  let v1 = -Infinity
  let v2 = -Infinity
  let a1 = AT_SINK
  for (let e = from; e < to; e++) {
    const p = packed[e]
    const v = postingPrice[p & POSTING_MASK] + (p >>> POSTING_BITS) * K
    if (v > v1) {
      v2 = v1
      v1 = v
      a1 = e
    } else if (v > v2) v2 = v
  }
  two[0] = v1
  two[1] = v2
  return a1
}

/** How much ε shrinks between scaling phases: 4 did the least work at the city's scale (2, 3 and 8 close, 16 and more twice as much). */
const ALPHA = 4

/**
 * Exact maximum of Σ (score + priority) with every posting within its openings: a
 * min-cost flow (laborer → posting → sink, laborer → sink for "stays unassigned")
 * solved by Goldberg's cost scaling with push–relabel, in the bipartite form of
 * Goldberg and Kennedy's assignment code, where a laborer's push is an auction bid and
 * a full posting's push sends back the holder it values least.
 *
 * Costs are `−w·K` with `K = 2·(min(n, m) + 1) + 1`: a residual cycle has at most
 * `K − 1` arcs, so once every reduced cost is ≥ −1 (ε = 1) no cycle can gain, and the flow
 * is optimal. Each phase divides ε by `ALPHA`, from the largest cost down to 1; prices
 * are integers held in doubles (exact below 2^53).
 *
 * A phase starts from the previous prices and flow, taking off only the laborers whose
 * place is no longer within 2ε of their best option; they bid again. A posting that
 * lost a holder still owes the sink that unit; if nobody comes back for it, the sink
 * (whose excess that becomes) pushes it back, lowering its own price when it has no
 * admissible arc. The sink is the only other node that ever pushes.
 */
export function* assignOptimal(graph: CandidateGraph): Steps<Assignment> {
  const { laborers: n, postings: m, capacity, offsets, job, score, priority } = graph
  // A cycle of the residual graph alternates laborers with postings or the sink, so it has
  // at most 2·(min(n, m) + 1) arcs; with every reduced cost ≥ −1 no cycle can gain K.
  const K = 2 * (Math.min(n, m) + 1) + 1
  // Each edge's posting and weight packed in one 32-bit word: the bids read the edges of
  // laborers in no useful order, so the rows come from main memory, and one array of 4
  // bytes an edge costs a third of the misses of the posting and weight apart.
  if (m > POSTING_MASK + 1) throw new Error(`at most ${POSTING_MASK + 1} postings`)
  const packed = new Int32Array(job.length)
  let maxWeight = 1
  for (let i = 0; i < n; i++) {
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const w = score[e] + priority[i]
      if (w < 0 || w > MAX_PACKED_WEIGHT) throw new Error(`weight ${w} out of 0…${MAX_PACKED_WEIGHT}`)
      maxWeight = Math.max(maxWeight, w)
      packed[e] = job[e] | (w << POSTING_BITS)
    }
  }

  // Prices (Goldberg's sign: a push follows an arc whose reduced cost c(v,w) + p(v) − p(w) is negative).
  const laborerPrice = new Float64Array(n)
  const postingPrice = new Float64Array(m)
  let sinkPrice = 0

  const at = new Int32Array(n).fill(FREE)
  const toSink = new Int32Array(m)
  const holderStart = new Int32Array(m + 1)
  for (let j = 0; j < m; j++) holderStart[j + 1] = holderStart[j] + capacity[j] + 1
  const holderOf = new Int32Array(holderStart[m])
  const holderCount = new Int32Array(m)
  const slotOf = new Int32Array(n)

  const queue = new Int32Array(n + 1)
  let head = 0
  let tail = 0
  const enqueue = (i: number) => {
    queue[tail] = i
    tail = tail === n ? 0 : tail + 1
  }
  let sinkExcess = 0
  let sinkCursor = 0
  const order = processingOrder(graph)

  // Each posting's holders form a max-heap on what sending one back is worth,
  // `laborerPrice − weight·K`: a holder's price does not move while it holds, so the key
  // stays right, and a full posting finds whom to send back without scanning them all.
  const holderKey = new Float64Array(holderStart[m])
  const place = (s: number, h: number, key: number) => {
    holderOf[s] = h
    holderKey[s] = key
    slotOf[h] = s
  }
  const siftUp = (base: number, at: number) => {
    const h = holderOf[base + at]
    const key = holderKey[base + at]
    while (at > 0) {
      const parent = (at - 1) >> 1
      if (holderKey[base + parent] >= key) break
      place(base + at, holderOf[base + parent], holderKey[base + parent])
      at = parent
    }
    place(base + at, h, key)
  }
  const siftDown = (base: number, count: number, at: number) => {
    const h = holderOf[base + at]
    const key = holderKey[base + at]
    for (;;) {
      let child = 2 * at + 1
      if (child >= count) break
      if (child + 1 < count && holderKey[base + child + 1] > holderKey[base + child]) child++
      if (holderKey[base + child] <= key) break
      place(base + at, holderOf[base + child], holderKey[base + child])
      at = child
    }
    place(base + at, h, key)
  }
  const addHolder = (i: number, j: number) => {
    const base = holderStart[j]
    place(base + holderCount[j], i, laborerPrice[i] - (packed[at[i]] >>> POSTING_BITS) * K)
    siftUp(base, holderCount[j]++)
  }
  const removeHolder = (i: number, j: number) => {
    const base = holderStart[j]
    const last = base + --holderCount[j]
    const s = slotOf[i]
    if (s === last) return
    const moved = holderOf[last]
    place(s, moved, holderKey[last])
    siftDown(base, holderCount[j], s - base)
    siftUp(base, slotOf[moved] - base)
  }

  const two = new Float64Array(2)
  let epsilon = maxWeight * K
  let phase = 0
  const phases = Math.max(1, Math.ceil(Math.log(epsilon) / Math.log(ALPHA)))
  let work = 0
  while (epsilon > 1) {
    epsilon = Math.max(1, Math.floor(epsilon / ALPHA))
    phase++
    const eps = epsilon

    // Keep the flow of the last phase where it is still ε-optimal: a posting with room
    // needs a price ≥ the sink's − ε, one that sends anything to the sink ≤ the sink's
    // + ε; then a laborer keeps its place unless another arc is worth more than 2ε above
    // it (no price of the laborer's would satisfy both), and is taken off otherwise.
    for (let j = 0; j < m; j++) {
      if (toSink[j] < capacity[j] && postingPrice[j] < sinkPrice - eps) postingPrice[j] = sinkPrice - eps
      if (toSink[j] > 0 && postingPrice[j] > sinkPrice + eps) postingPrice[j] = sinkPrice + eps
    }
    sinkExcess = -n
    for (let j = 0; j < m; j++) sinkExcess += toSink[j]
    for (let i = 0; i < n; i++) if (at[i] === AT_SINK) sinkExcess++
    sinkCursor = 0
    head = 0
    tail = 0
    let active = 0
    for (let k = 0; k < n; k++) {
      const i = order[k]
      const own = at[i]
      if (own === FREE) {
        enqueue(i)
        active++
        continue
      }
      let held = sinkPrice
      let other = own === AT_SINK ? -Infinity : sinkPrice
      for (let e = offsets[i], end = offsets[i + 1]; e < end; e++) {
        const p = packed[e]
        const v = postingPrice[p & POSTING_MASK] + (p >>> POSTING_BITS) * K
        if (e === own) held = v
        else if (v > other) other = v
      }
      if (other - eps <= held + eps) {
        laborerPrice[i] = Math.min(held + eps, Math.max(other - eps, held - eps))
        continue
      }
      if (own === AT_SINK) sinkExcess--
      else removeHolder(i, job[own])
      at[i] = FREE
      enqueue(i)
      active++
    }
    // The kept holders' prices moved: their keys are new, and so are the heaps.
    for (let j = 0; j < m; j++) {
      const base = holderStart[j]
      const count = holderCount[j]
      for (let s = base; s < base + count; s++) holderKey[s] = laborerPrice[holderOf[s]] - (packed[at[holderOf[s]]] >>> POSTING_BITS) * K
      for (let at = (count >> 1) - 1; at >= 0; at--) siftDown(base, count, at)
    }

    // A posting with one unit more than it owes sends one on: to the sink when it has
    // room and that is cheapest, otherwise back to the holder it values least.
    const pushFromPosting = (j: number) => {
      let best = toSink[j] < capacity[j] ? sinkPrice : -Infinity
      const top = holderStart[j]
      const kick = holderCount[j] > 0 && holderKey[top] > best
      if (kick) best = holderKey[top]
      // No admissible arc: relabel (the price drops to the best way out, less ε).
      if (postingPrice[j] >= best) postingPrice[j] = best - eps
      if (!kick) {
        toSink[j]++
        sinkExcess++
      } else {
        const h = holderOf[top]
        removeHolder(h, j)
        at[h] = FREE
        enqueue(h)
        active++
      }
    }

    for (;;) {
      if (active > 0) {
        const i = queue[head]
        head = head === n ? 0 : head + 1
        active--
        // The bid: the best arc takes the unit, and the laborer's price drops to the
        // second best less ε (the arc just used stays admissible, its reverse is not).
        let a1 = bestTwo(offsets[i], offsets[i + 1], packed, postingPrice, K, two)
        let v1 = two[0]
        let v2 = two[1]
        if (sinkPrice > v1) {
          v2 = v1
          v1 = sinkPrice
          a1 = AT_SINK
        } else if (sinkPrice > v2) v2 = sinkPrice
        laborerPrice[i] = (v2 === -Infinity ? v1 : v2) - eps
        at[i] = a1
        if (a1 === AT_SINK) sinkExcess++
        else {
          const j = job[a1]
          addHolder(i, j)
          if (holderCount[j] > toSink[j]) pushFromPosting(j)
        }
        if (++work % 20000 === 0) yield Math.min(0.99, (phase - 1 + 0.5) / phases)
      } else if (sinkExcess > 0) {
        // The sink got more than it is owed: some posting ended with fewer holders than
        // it promised. Give a unit back along an admissible arc, or lower the sink's price.
        let pushed = false
        while (sinkCursor < n + m) {
          const x = sinkCursor
          if (x < n) {
            if (at[x] === AT_SINK && laborerPrice[x] > sinkPrice) {
              at[x] = FREE
              sinkExcess--
              enqueue(x)
              active++
              pushed = true
              break
            }
          } else {
            const j = x - n
            if (toSink[j] > 0 && postingPrice[j] > sinkPrice) {
              toSink[j]--
              sinkExcess--
              if (holderCount[j] > toSink[j]) pushFromPosting(j)
              pushed = true
              break
            }
          }
          sinkCursor++
        }
        if (!pushed) {
          let best = -Infinity
          for (let i = 0; i < n; i++) if (at[i] === AT_SINK && laborerPrice[i] > best) best = laborerPrice[i]
          for (let j = 0; j < m; j++) if (toSink[j] > 0 && postingPrice[j] > best) best = postingPrice[j]
          sinkPrice = best - eps
          sinkCursor = 0
        }
      } else break
    }
    yield Math.min(0.99, phase / phases)
  }

  const edgeOf = new Int32Array(n)
  for (let i = 0; i < n; i++) edgeOf[i] = at[i] >= 0 ? at[i] : -1
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
