import type { Stop, VehicleKind } from './schema'
import { dateOfDay, dayNumber } from '../calendar'

export interface Traveller {
  placementId: number
  laborerId: number
  stationId: number | null
  countyCode: string
  villageCode: string
  /** YYYY-MM-DD; null means available now. */
  availableFrom: string | null
  startDate: string
}

export interface VehicleType {
  kind: VehicleKind
  capacity: number
}

export interface Destination {
  /** Calendar days on the road: 1 arrives the evening of departure. */
  travelDays: number
  /** Largest first. */
  vehicles: VehicleType[]
}

export interface Geography {
  /** Counties ordered so that neighbours are adjacent. */
  sweep(codes: string[]): string[]
  /** Stops in pickup order with minutes after departure. */
  route(codes: string[]): { countyCode: string; offsetMinutes: number }[]
}

export interface PlanInput {
  /** Departures happen from `from` to `to`, inclusive (YYYY-MM-DD). */
  from: string
  to: string
  travellers: Traveller[]
  destinations: Map<number, Destination>
  geography: Geography
}

export interface PlannedGroup {
  stationId: number
  departureDate: string
  arrivalDate: string
  vehicle: VehicleType
  stops: Stop[]
  seats: Traveller[]
}

export interface PlanResult {
  groups: PlannedGroup[]
  unassigned: { placementId: number; laborerId: number; reason: string }[]
  /** Σ ceil(people / largest vehicle) over each destination and departure day. */
  lowerBound: number
  vehicles: number
  /** vehicles / lowerBound; 1 is optimal. */
  quality: number
  /**
   * A bound no choice of departure days can beat: people whose whole window lies inside
   * an interval of days must leave within it, so disjoint intervals add up.
   */
  windowFreeBound: number
  /** Villages whose travellers of one day and destination ended up in more than one vehicle. */
  splitVillages: number
}


interface Window {
  traveller: Traveller
  lo: number
  hi: number
}

/**
 * Groups travellers into vehicles: by destination station, then by departure day
 * (earliest-deadline-first, each day's vehicles topped up with whoever may leave then),
 * then into vehicles per day (full vehicles straight from one county, remainders packed
 * along neighbouring counties, villages kept whole where the seats allow).
 */
export function planTransport(input: PlanInput): PlanResult {
  const from = dayNumber(input.from)
  const to = dayNumber(input.to)
  const unassigned: PlanResult['unassigned'] = []
  const byStation = new Map<number, Window[]>()
  for (const traveller of input.travellers) {
    const refuse = (reason: string) =>
      unassigned.push({ placementId: traveller.placementId, laborerId: traveller.laborerId, reason })
    const destination = traveller.stationId === null ? undefined : input.destinations.get(traveller.stationId)
    if (!destination) {
      refuse('安置记录没有目的地工作站')
      continue
    }
    const earliest = traveller.availableFrom ? dayNumber(traveller.availableFrom) : from
    const latest = dayNumber(traveller.startDate) - destination.travelDays
    if (earliest > latest) {
      refuse(
        `${dateOfDay(earliest)} 起才能出发，路上 ${destination.travelDays} 天，赶不到 ${traveller.startDate} 上岗前一天到达`,
      )
      continue
    }
    const lo = Math.max(earliest, from)
    const hi = Math.min(latest, to)
    if (lo > hi) {
      refuse(`须在 ${dateOfDay(earliest)} 至 ${dateOfDay(latest)} 之间出发，不在本次计划的 ${input.from} 至 ${input.to} 内`)
      continue
    }
    const list = byStation.get(traveller.stationId!)
    if (list) list.push({ traveller, lo, hi })
    else byStation.set(traveller.stationId!, [{ traveller, lo, hi }])
  }

  const groups: PlannedGroup[] = []
  let lowerBound = 0
  let windowFreeBound = 0
  let splitVillages = 0
  for (const [stationId, windows] of [...byStation].sort((a, b) => a[0] - b[0])) {
    const destination = input.destinations.get(stationId)!
    const capacity = destination.vehicles[0].capacity
    windowFreeBound += disjointIntervalBound(windows, capacity)
    // Topping up with the most urgent keeps vehicles minimal; topping up from counties
    // already on board saves stops. Take the second when it costs no vehicle.
    const urgent = departureDays(windows, capacity, false)
    const local = departureDays(windows, capacity, true)
    const vehicleCount = (days: Map<number, Traveller[]>) => [...days.values()].reduce((n, b) => n + Math.ceil(b.length / capacity), 0)
    const days = vehicleCount(local) <= vehicleCount(urgent) ? local : urgent
    for (const [day, batch] of days) {
      lowerBound += Math.ceil(batch.length / capacity)
      const vehicles = packDay(batch, capacity, input.geography)
      splitVillages += countSplitVillages(vehicles)
      for (const seats of vehicles) {
        const route = input.geography.route([...new Set(seats.map((s) => s.countyCode))])
        const order = new Map(route.map((r, i) => [r.countyCode, i]))
        seats.sort((a, b) => order.get(a.countyCode)! - order.get(b.countyCode)! || a.villageCode.localeCompare(b.villageCode) || a.laborerId - b.laborerId)
        groups.push({
          stationId,
          departureDate: dateOfDay(day),
          arrivalDate: dateOfDay(day + destination.travelDays - 1),
          vehicle: smallestFitting(destination.vehicles, seats.length),
          stops: route.map((r) => ({ ...r, people: seats.filter((s) => s.countyCode === r.countyCode).length })),
          seats,
        })
      }
    }
  }
  return {
    groups,
    unassigned,
    lowerBound,
    vehicles: groups.length,
    quality: lowerBound === 0 ? 1 : Math.round((groups.length / lowerBound) * 1000) / 1000,
    windowFreeBound,
    splitVillages,
  }
}

/**
 * Earliest deadline first: on the last day someone can leave, they leave, with enough
 * vehicles for everyone due that day; the spare seats go to those due soonest or, with
 * `sameCounties`, first to people of the counties already on board.
 */
function departureDays(windows: Window[], capacity: number, sameCounties: boolean): Map<number, Traveller[]> {
  const byStart = [...windows].sort((a, b) => a.lo - b.lo)
  const heap = new MinHeap<Window>((a, b) => a.hi - b.hi || a.traveller.villageCode.localeCompare(b.traveller.villageCode) || a.traveller.placementId - b.traveller.placementId)
  const days = new Map<number, Traveller[]>()
  let next = 0
  const lastDay = windows.reduce((m, w) => Math.max(m, w.hi), -Infinity)
  for (let day = byStart[0].lo; day <= lastDay; day++) {
    while (next < byStart.length && byStart[next].lo <= day) heap.push(byStart[next++])
    if (heap.size === 0 || heap.peek()!.hi > day) continue
    const due: Traveller[] = []
    while (heap.size > 0 && heap.peek()!.hi === day) due.push(heap.pop()!.traveller)
    const spare = Math.ceil(due.length / capacity) * capacity - due.length
    if (sameCounties) {
      const aboard = new Set(due.map((t) => t.countyCode))
      const waiting: Window[] = []
      while (heap.size > 0) waiting.push(heap.pop()!)
      const chosen = [...waiting.filter((w) => aboard.has(w.traveller.countyCode)), ...waiting.filter((w) => !aboard.has(w.traveller.countyCode))].slice(0, spare)
      const taken = new Set(chosen)
      for (const w of waiting) if (!taken.has(w)) heap.push(w)
      due.push(...chosen.map((w) => w.traveller))
    } else {
      for (let left = spare; left > 0 && heap.size > 0; left--) due.push(heap.pop()!.traveller)
    }
    days.set(day, due)
  }
  return days
}

/** max over disjoint day intervals [a, b] of Σ ceil(people with window inside / capacity). */
function disjointIntervalBound(windows: Window[], capacity: number): number {
  const first = windows.reduce((m, w) => Math.min(m, w.lo), Infinity)
  const days = windows.reduce((m, w) => Math.max(m, w.hi), -Infinity) - first + 1
  // inside[a][b]: people with a ≤ lo and hi ≤ b (day offsets), by a 2-D suffix/prefix sum.
  const inside = Array.from({ length: days + 1 }, () => new Int32Array(days + 1))
  for (const w of windows) inside[w.lo - first][w.hi - first]++
  for (let a = days - 1; a >= 0; a--) {
    for (let b = 0; b < days; b++) inside[a][b] += inside[a + 1][b] + (b > 0 ? inside[a][b - 1] - inside[a + 1][b - 1] : 0)
  }
  const best = new Int32Array(days + 1)
  for (let b = 0; b < days; b++) {
    best[b + 1] = best[b]
    for (let a = 0; a <= b; a++) best[b + 1] = Math.max(best[b + 1], best[a] + Math.ceil(inside[a][b] / capacity))
  }
  return best[days]
}

type Unit = Traveller[]

/**
 * One destination, one day: Σ floor(n_c / C) full vehicles straight from counties, then
 * ceil(R / C) vehicles for the remainders along the sweep — exactly ceil(n / C) in all.
 * Free seats (there are V·C − R of them) are spent closing a vehicle early rather than
 * splitting a county or a village.
 */
function packDay(batch: Traveller[], capacity: number, geography: Geography): Traveller[][] {
  const byCounty = new Map<string, Traveller[]>()
  for (const t of batch) {
    const list = byCounty.get(t.countyCode)
    if (list) list.push(t)
    else byCounty.set(t.countyCode, [t])
  }
  const vehicles: Traveller[][] = []
  const remainders: Unit[][] = []
  let remaining = 0
  for (const county of geography.sweep([...byCounty.keys()])) {
    const people = byCounty.get(county)!
    const units = villages(people)
    for (let full = Math.floor(people.length / capacity); full > 0; full--) vehicles.push(takeExact(units, capacity).flat())
    const left = units.reduce((n, u) => n + u.length, 0)
    if (left > 0) {
      remainders.push(units)
      remaining += left
    }
  }
  let slack = Math.ceil(remaining / capacity) * capacity - remaining
  let current: Traveller[] = []
  for (const units of remainders) {
    while (units.length > 0) {
      const free = capacity - current.length
      const total = units.reduce((n, u) => n + u.length, 0)
      if (total <= free) {
        current.push(...units.splice(0).flat())
        break
      }
      if (current.length > 0 && free <= slack) {
        slack -= free
      } else {
        current.push(...takeExact(units, free).flat())
      }
      vehicles.push(current)
      current = []
    }
  }
  if (current.length > 0) vehicles.push(current)
  return vehicles
}

function villages(people: Traveller[]): Unit[] {
  const byVillage = new Map<string, Traveller[]>()
  for (const t of people) {
    const list = byVillage.get(t.villageCode)
    if (list) list.push(t)
    else byVillage.set(t.villageCode, [t])
  }
  return [...byVillage.keys()].sort().map((code) => byVillage.get(code)!)
}

/**
 * Removes units totalling exactly `target` people: whole villages when some subset adds
 * up (subset sum), otherwise villages in order with the last one split.
 */
function takeExact(units: Unit[], target: number): Unit[] {
  const reach = new Int32Array(target + 1).fill(-1)
  reach[0] = units.length
  for (let i = 0; i < units.length && reach[target] === -1; i++) {
    const size = units[i].length
    for (let sum = target; sum >= size; sum--) if (reach[sum] === -1 && reach[sum - size] !== -1 && reach[sum - size] !== i) reach[sum] = i
  }
  if (reach[target] !== -1) {
    const picked = new Set<number>()
    for (let sum = target; sum > 0; sum -= units[reach[sum]].length) picked.add(reach[sum])
    const taken = units.filter((_, i) => picked.has(i))
    const kept = units.filter((_, i) => !picked.has(i))
    units.splice(0, units.length, ...kept)
    return taken
  }
  const taken: Unit[] = []
  let need = target
  while (need > 0) {
    const unit = units[0]
    if (unit.length <= need) {
      taken.push(units.shift()!)
      need -= unit.length
    } else {
      taken.push(unit.splice(0, need))
      need = 0
    }
  }
  return taken
}

function countSplitVillages(vehicles: Traveller[][]): number {
  const seen = new Map<string, Set<number>>()
  vehicles.forEach((seats, v) => {
    for (const s of seats) {
      const set = seen.get(s.villageCode)
      if (set) set.add(v)
      else seen.set(s.villageCode, new Set([v]))
    }
  })
  return [...seen.values()].filter((set) => set.size > 1).length
}

function smallestFitting(types: VehicleType[], people: number): VehicleType {
  return [...types].reverse().find((t) => t.capacity >= people) ?? types[0]
}

class MinHeap<T> {
  private readonly items: T[] = []
  constructor(private readonly less: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length
  }

  peek(): T | undefined {
    return this.items[0]
  }

  push(item: T): void {
    const a = this.items
    a.push(item)
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1
      if (this.less(a[i], a[parent]) >= 0) break
      ;[a[i], a[parent]] = [a[parent], a[i]]
      i = parent
    }
  }

  pop(): T | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length > 0 && last !== undefined) {
      a[0] = last
      for (let i = 0; ; ) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && this.less(a[l], a[m]) < 0) m = l
        if (r < a.length && this.less(a[r], a[m]) < 0) m = r
        if (m === i) break
        ;[a[i], a[m]] = [a[m], a[i]]
        i = m
      }
    }
    return top
  }
}
