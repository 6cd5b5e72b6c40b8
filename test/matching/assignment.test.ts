import t, { type Test } from 'tap'
import { Random } from '../../src/random'
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
import { lpOptimum, randomGraph } from '../../scripts/bench/matching'

t.test('optimal equals the LP optimum from highs; greedy does not always', async (t) => {
  const random = new Random(4)
  let greedyBehind = 0
  for (const [n, m, k] of [
    [40, 8, 5],
    [200, 30, 10],
    [400, 60, 12],
    [600, 50, 20],
  ]) {
    const graph = randomGraph(random, n, m, k, 5)
    const optimal = runToEnd(assignOptimal(graph))
    const best = await lpOptimum(graph)
    t.equal(objective(graph, optimal), best, `${n}×${m}`)
    checkFeasible(t, graph, optimal.edgeOf)
    if (objective(graph, assignGreedy(graph)) < best) greedyBehind++
  }
  t.ok(greedyBehind > 0, 'the greedy baseline falls short somewhere, so the check has teeth')
})

t.test('optimal equals brute force on many tiny graphs, and highs on many small ones', async (t) => {
  const random = new Random(12)
  let mismatches = 0
  for (let round = 0; round < 300; round++) {
    const graph = randomGraph(random, random.int(1, 7), random.int(1, 4), random.int(0, 4), random.int(1, 3))
    if (round % 7 === 0) graph.capacity[0] = 0
    const optimal = runToEnd(assignOptimal(graph))
    checkFeasible(t, graph, optimal.edgeOf)
    if (objective(graph, optimal) !== bruteForce(graph)) mismatches++
  }
  t.equal(mismatches, 0, 'every tiny graph at its brute-force optimum')
  let lpMismatches = 0
  for (let round = 0; round < 40; round++) {
    const graph = randomGraph(random, random.int(20, 120), random.int(3, 25), random.int(1, 8), random.int(1, 6))
    if (objective(graph, runToEnd(assignOptimal(graph))) !== (await lpOptimum(graph))) lpMismatches++
  }
  t.equal(lpMismatches, 0, 'every small graph at the LP optimum')
})

/** Tries every way of placing each laborer on one of its edges or nowhere. */
function bruteForce(graph: CandidateGraph): number {
  const used = new Int32Array(graph.postings)
  const visit = (i: number): number => {
    if (i === graph.laborers) return 0
    let best = visit(i + 1)
    for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) {
      const j = graph.job[e]
      if (used[j] >= graph.capacity[j]) continue
      used[j]++
      best = Math.max(best, graph.score[e] + graph.priority[i] + visit(i + 1))
      used[j]--
    }
    return best
  }
  return visit(0)
}

t.test('a laborer moves to a second choice when that frees a seat for a better pair', async (t) => {
  // Laborer 0 likes A (90) and B (80); laborer 1 can only do A (85). Optimum: 0→B, 1→A = 165.
  const graph: CandidateGraph = {
    laborers: 2,
    postings: 2,
    capacity: Int32Array.from([1, 1]),
    offsets: Int32Array.from([0, 2, 3]),
    job: Int32Array.from([0, 1, 0]),
    score: Int32Array.from([90, 80, 85]),
    priority: Int32Array.from([0, 0]),
    reserved: Uint8Array.from([0, 0]),
    tieBreak: Int32Array.from([0, 1]),
  }
  const result = runToEnd(assignOptimal(graph))
  t.same(Array.from(result.edgeOf), [1, 2])
  t.equal(objective(graph, result), 165)
  t.same(Array.from(assignGreedy(graph).edgeOf), [0, -1], 'greedy takes 90 and strands laborer 1')
})

t.test('same input, same answer', async (t) => {
  const a = randomGraph(new Random(9), 300, 40, 10)
  const b = randomGraph(new Random(9), 300, 40, 10)
  t.same(Array.from(runToEnd(assignOptimal(a)).edgeOf), Array.from(runToEnd(assignOptimal(b)).edgeOf))
  t.same(Array.from(runToEnd(assignStable(a, 0.3)).edgeOf), Array.from(runToEnd(assignStable(b, 0.3)).edgeOf))
})

t.test('stable: deferred acceptance with reserves has no blocking pair, and reserves help', async (t) => {
  const random = new Random(11)
  for (let round = 0; round < 5; round++) {
    const graph = randomGraph(random, 500, 40, 8, 6)
    const stable = runToEnd(assignStable(graph, 0.3))
    checkFeasible(t, graph, stable.edgeOf)
    t.same(stabilityAudit(graph, stable, 0.3), [], `round ${round}`)
    const withReserves = summarize(graph, stable, 0.3)
    const without = summarize(graph, runToEnd(assignStable(graph, 0)), 0.3)
    t.ok(withReserves.reserveFilled >= without.reserveFilled, 'reserves fill at least as many reserved seats')
  }
  // A matching that is not stable is caught: put everyone on nothing.
  const graph = randomGraph(new Random(1), 50, 5, 3)
  const empty = { edgeOf: new Int32Array(50).fill(-1) }
  t.ok(stabilityAudit(graph, empty, 0.3).length > 0)
})

function checkFeasible(t: Test, graph: CandidateGraph, edgeOf: Int32Array) {
  const used = new Int32Array(graph.postings)
  let ok = true
  for (let i = 0; i < graph.laborers; i++) {
    const e = edgeOf[i]
    if (e < 0) continue
    if (e < graph.offsets[i] || e >= graph.offsets[i + 1]) ok = false
    used[graph.job[e]]++
  }
  for (let j = 0; j < graph.postings; j++) if (used[j] > graph.capacity[j]) ok = false
  t.ok(ok, 'every laborer on one of its own edges, no posting over its openings')
}
