import t from 'tap'
import { Random } from '../../src/random'
import { assignOptimal, assignStable, type CandidateGraph } from '../../src/matching/assignment'
import { assignTogether, MAX_GROUP, togetherGroups } from '../../src/matching/together'
import { runToEnd } from '../../src/matching/assignment'
import { randomGraph } from '../../scripts/bench/matching'

const members = (groups: ReturnType<typeof togetherGroups>) =>
  Array.from({ length: groups.start.length - 1 }, (_, g) => Array.from(groups.members.subarray(groups.start[g], groups.start[g + 1])))

t.test('groups: one village and the same wishes, in even runs of at most ten, nobody alone', async (t) => {
  const villages = ['v1', 'v1', 'v1', 'v2', 'v1', 'v2', 'v1']
  const wishes = [['jingjinji', 'in_province'], ['in_province', 'jingjinji'], ['jingjinji'], ['jingjinji'], [], ['jingjinji'], ['jingjinji']]
  const tieBreak = Int32Array.from([6, 5, 4, 3, 2, 1, 0])
  t.same(members(togetherGroups(villages, wishes, tieBreak)), [[6, 2], [5, 3], [1, 0]], 'wish order does not matter; no wish, no group; seeded order')
  const many = Array.from({ length: 23 }, () => 'v')
  const sizes = members(togetherGroups(many, many.map(() => ['local']), Int32Array.from({ length: 23 }, (_, i) => i))).map((g) => g.length)
  t.same(sizes, [8, 8, 7])
  t.ok(sizes.every((s) => s <= MAX_GROUP))
})

t.test('a group goes whole to the one place with room for all, or is split', async (t) => {
  // Three laborers of one group; place 0 (postings 0, 1) pays more but has 2 seats, place 1 (posting 2) has 3.
  const graph: CandidateGraph = {
    laborers: 4,
    postings: 3,
    capacity: Int32Array.from([1, 1, 3]),
    offsets: Int32Array.from([0, 3, 6, 9, 10]),
    job: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]),
    score: Int32Array.from([90, 85, 60, 90, 85, 60, 90, 85, 60, 95]),
    priority: new Int32Array(4),
    reserved: new Uint8Array(4),
    tieBreak: Int32Array.from([0, 1, 2, 3]),
  }
  const placeOf = Int32Array.from([0, 0, 1])
  const groups = { start: Int32Array.from([0, 3]), members: Int32Array.from([0, 1, 2]) }
  const together = runToEnd(assignTogether(graph, groups, placeOf, assignOptimal))
  t.match(together, { groups: 1, kept: 1, split: 0, laborersInGroups: 3 })
  t.same(Array.from(together.assignment.edgeOf, (e) => (e < 0 ? -1 : graph.job[e])), [2, 2, 2, 0], 'all three at posting 2; laborer 3 on posting 0')
  t.same(Array.from(runToEnd(assignOptimal(graph)).edgeOf, (e) => (e < 0 ? -1 : graph.job[e])).sort(), [0, 1, 2, 2], 'apart, they would be spread')

  const tight = { ...graph, capacity: Int32Array.from([1, 1, 2]) }
  const split = runToEnd(assignTogether(tight, groups, placeOf, assignOptimal))
  t.match(split, { kept: 0, split: 1 })
  t.equal(Array.from(split.assignment.edgeOf).filter((e) => e >= 0).length, 4, 'a split group is assigned one by one')
})

t.test('on random graphs: feasible, kept groups whole in one place, same answer twice', async (t) => {
  const random = new Random(5)
  for (let round = 0; round < 10; round++) {
    const graph = randomGraph(random, 300, 30, 8, 6)
    const placeOf = Int32Array.from({ length: 30 }, (_, j) => j % 4)
    const villages = Array.from({ length: 300 }, () => `v${random.int(0, 20)}`)
    const wishes = Array.from({ length: 300 }, () => [random.chance(0.5) ? 'jingjinji' : 'local'])
    const groups = togetherGroups(villages, wishes, graph.tieBreak)
    for (const solve of [assignOptimal, (g: CandidateGraph) => assignStable(g, 0.3)]) {
      const result = runToEnd(assignTogether(graph, groups, placeOf, solve))
      const again = runToEnd(assignTogether(graph, groups, placeOf, solve))
      t.same(Array.from(again.assignment.edgeOf), Array.from(result.assignment.edgeOf))
      const used = new Int32Array(30)
      let feasible = true
      for (let i = 0; i < 300; i++) {
        const e = result.assignment.edgeOf[i]
        if (e < 0) continue
        if (e < graph.offsets[i] || e >= graph.offsets[i + 1]) feasible = false
        used[graph.job[e]]++
      }
      for (let j = 0; j < 30; j++) if (used[j] > graph.capacity[j]) feasible = false
      t.ok(feasible, `round ${round}: within openings, on own edges`)
      let whole = 0
      for (const group of members(groups)) {
        const places = new Set(group.map((i) => (result.assignment.edgeOf[i] < 0 ? -1 : placeOf[graph.job[result.assignment.edgeOf[i]]])))
        if (places.size === 1 && !places.has(-1)) whole++
      }
      t.ok(whole >= result.kept, 'every kept group is placed whole in one place')
      t.equal(result.kept + result.split, result.groups)
      t.ok(result.kept > 0, 'some groups are kept')
    }
  }
})
