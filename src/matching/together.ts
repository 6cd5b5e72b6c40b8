import { weightOf, type Assignment, type CandidateGraph, type Steps } from './assignment'

/** Share of a keep-together run's progress given to seating the groups (a quarter of its time at the city's scale). */
const SEATING = 0.2

/** Most people one group may hold: a work crew that one posting or one town can take in. */
export const MAX_GROUP = 10

/**
 * Groups of laborers to keep together, in compressed rows: group `g` is
 * `members[start[g]] … members[start[g+1] − 1]`.
 */
export interface Groups {
  start: Int32Array
  members: Int32Array
}

/**
 * Laborers of the same village asking for the same destinations (the same non-empty
 * set of wishes), in runs of at most `MAX_GROUP` in the seeded order; people alone in
 * their village and wish form no group.
 */
export function togetherGroups(villages: readonly string[], wishes: readonly (readonly string[])[], tieBreak: Int32Array): Groups {
  const byKey = new Map<string, number[]>()
  for (let i = 0; i < villages.length; i++) {
    if (wishes[i].length === 0) continue
    const key = `${villages[i]}|${[...wishes[i]].sort().join(',')}`
    const list = byKey.get(key)
    if (list) list.push(i)
    else byKey.set(key, [i])
  }
  const groups: number[][] = []
  for (const list of byKey.values()) {
    if (list.length < 2) continue
    list.sort((a, b) => tieBreak[a] - tieBreak[b])
    const count = Math.ceil(list.length / MAX_GROUP)
    // Even runs (23 → 8, 8, 7), so no one is left alone at the end.
    for (let g = 0, from = 0; g < count; g++) {
      const size = Math.ceil((list.length - from) / (count - g))
      groups.push(list.slice(from, from + size))
      from += size
    }
  }
  // Groups in the seeded order of their first member: who is seated first does not depend on map order.
  groups.sort((a, b) => tieBreak[a[0]] - tieBreak[b[0]])
  const start = new Int32Array(groups.length + 1)
  groups.forEach((g, k) => (start[k + 1] = start[k] + g.length))
  return { start, members: Int32Array.from(groups.flat()) }
}

/**
 * A number per destination place: the city for postings away from home (a crew in one
 * city can share lodging and travel), the county for local ones, else the province.
 */
export function placesOf(jobs: { partnerArea: string; provinceCode: string; cityCode: string | null; countyCode: string | null }[]): Int32Array {
  const ids = new Map<string, number>()
  return Int32Array.from(jobs, (j) => {
    const key = (j.partnerArea === 'local' ? j.countyCode : j.cityCode) ?? j.cityCode ?? j.provinceCode
    let id = ids.get(key)
    if (id === undefined) ids.set(key, (id = ids.size))
    return id
  })
}

export interface TogetherResult {
  assignment: Assignment
  groups: number
  /** Groups seated whole in one place. */
  kept: number
  /** Groups no place had room for: their members were assigned one by one. */
  split: number
  laborersInGroups: number
}

/**
 * Keep-together runs, as the NRMP does for couples: each group, in order, is seated
 * whole in the one place (`placesOf`: a city away from home, a county at home) where every member
 * has a candidate posting with room and the group's total weight is highest — each
 * member on its best posting there with a seat left — or not at all. The rest
 * (everyone not in a seated group) is then assigned by `solve` on the postings' seats
 * left. A group is all-or-none, so it may take seats the rest would have used better:
 * neither optimality nor stability hold across groups, and the report says how many
 * groups were kept and how many split.
 */
export function* assignTogether(
  graph: CandidateGraph,
  groups: Groups,
  placeOf: Int32Array,
  solve: (rest: CandidateGraph) => Steps<Assignment>,
): Steps<TogetherResult> {
  const { laborers: n, offsets, job } = graph
  const left = Int32Array.from(graph.capacity)
  const fixed = new Int32Array(n).fill(-1)
  const count = groups.start.length - 1
  let kept = 0
  const taken = new Map<number, number>()
  const seats: number[] = []
  for (let g = 0; g < count; g++) {
    if (g % 500 === 499) yield (SEATING * g) / count
    const from = groups.start[g]
    const to = groups.start[g + 1]
    const first = groups.members[from]
    const places = [...new Set(Array.from(job.subarray(offsets[first], offsets[first + 1]), (j) => placeOf[j]))].sort((a, b) => a - b)
    let bestPlace = -1
    let bestWeight = -1
    for (const place of places) {
      const weight = seat(from, to, place)
      if (weight > bestWeight) {
        bestWeight = weight
        bestPlace = place
      }
    }
    if (bestPlace < 0) continue
    seat(from, to, bestPlace)
    for (let k = from; k < to; k++) {
      const i = groups.members[k]
      fixed[i] = seats[k - from]
      left[job[seats[k - from]]]--
    }
    kept++
  }

  /**
   * Seats members `from … to` in `place` on the seats left, each on its best posting
   * there that still has one (edges into `seats`); the total weight, or −1 when someone
   * finds no room.
   */
  function seat(from: number, to: number, place: number): number {
    taken.clear()
    seats.length = 0
    let total = 0
    for (let k = from; k < to; k++) {
      const i = groups.members[k]
      let best = -1
      for (let e = offsets[i]; e < offsets[i + 1]; e++) {
        const j = job[e]
        if (placeOf[j] !== place || left[j] - (taken.get(j) ?? 0) <= 0) continue
        if (best < 0 || graph.score[e] > graph.score[best]) best = e
      }
      if (best < 0) return -1
      taken.set(job[best], (taken.get(job[best]) ?? 0) + 1)
      seats.push(best)
      total += weightOf(graph, i, best)
    }
    return total
  }

  // Everyone else, on what is left: a graph without the seated members' edges.
  const restOffsets = new Int32Array(n + 1)
  const edges = new Int32Array(offsets[n])
  let m = 0
  for (let i = 0; i < n; i++) {
    if (fixed[i] < 0) for (let e = offsets[i]; e < offsets[i + 1]; e++) edges[m++] = e
    restOffsets[i + 1] = m
  }
  const map = edges.subarray(0, m)
  const rest: CandidateGraph = {
    ...graph,
    capacity: left,
    offsets: restOffsets,
    job: Int32Array.from(map, (e) => job[e]),
    score: Int32Array.from(map, (e) => graph.score[e]),
  }
  const steps = solve(rest)
  let next = steps.next()
  for (; !next.done; next = steps.next()) yield SEATING + (1 - SEATING) * next.value
  const restAssignment = next.value
  const edgeOf = new Int32Array(n)
  for (let i = 0; i < n; i++) edgeOf[i] = fixed[i] >= 0 ? fixed[i] : restAssignment.edgeOf[i] >= 0 ? map[restAssignment.edgeOf[i]] : -1
  return { assignment: { edgeOf }, groups: count, kept, split: count - kept, laborersInGroups: groups.members.length }
}
