import t from 'tap'
import fc from 'fast-check'
import { pickupRoute, sweepOrder } from '../../src/transport/county-seats'
import { planTransport, type Destination, type Traveller } from '../../src/transport/planner'
import { dayNumber } from '../../src/calendar'

const geography = { sweep: sweepOrder, route: pickupRoute }
const bus: Destination = { travelDays: 1, vehicles: [{ kind: 'bus', capacity: 55 }, { kind: 'bus', capacity: 45 }] }

let id = 0
function person(county: string, village: string, overrides: Partial<Traveller> = {}): Traveller {
  id++
  return {
    placementId: id,
    laborerId: id,
    stationId: 1,
    countyCode: county,
    villageCode: `${county}${village}`,
    availableFrom: null,
    startDate: '2026-03-10',
    ...overrides,
  }
}
const many = (n: number, make: (i: number) => Traveller) => Array.from({ length: n }, (_, i) => make(i))

t.test('full buses go straight from one county; remainders share a bus with a neighbour', async (t) => {
  const travellers = [
    ...many(110, (i) => person('140924', String(100 + (i % 5)).padStart(6, '0'))), // 繁峙县: two full buses
    ...many(20, () => person('140923', '001001')), // 代县: 20
    ...many(15, () => person('140922', '001001')), // 五台县: 15
  ]
  const plan = planTransport({ from: '2026-03-01', to: '2026-03-09', travellers, destinations: new Map([[1, bus]]), geography })
  t.equal(plan.unassigned.length, 0)
  t.equal(plan.vehicles, 3)
  t.equal(plan.lowerBound, 3)
  t.equal(plan.quality, 1)
  const direct = plan.groups.filter((g) => g.stops.length === 1 && g.stops[0].countyCode === '140924')
  t.equal(direct.length, 2, 'two full buses from 繁峙县 with a single stop')
  t.ok(direct.every((g) => g.seats.length === 55 && g.vehicle.capacity === 55))
  const shared = plan.groups.find((g) => g.stops.length === 2)!
  t.same(shared.stops.map((s) => s.countyCode).sort(), ['140922', '140923'], '代县 and 五台县 share the third bus')
  t.equal(shared.vehicle.capacity, 45, 'a 45-seat bus is enough for 35')
  t.equal(shared.stops[0].offsetMinutes, 0)
  t.ok(shared.stops[1].offsetMinutes > 0, 'the second stop is later')
  t.equal(plan.groups[0].departureDate, '2026-03-09', 'leave as late as allowed: the day before work, one day on the road')
})

t.test('departure windows: availability, start date, plan range, and stated reasons', async (t) => {
  const travellers = [
    person('140902', '001001', { availableFrom: '2026-03-05', startDate: '2026-03-08' }),
    person('140902', '001001', { availableFrom: '2026-03-09', startDate: '2026-03-09' }),
    person('140902', '001001', { availableFrom: '2026-04-05', startDate: '2026-05-01' }),
    person('140902', '001001', { stationId: null }),
    person('140902', '001001', { stationId: 99 }),
  ]
  const plan = planTransport({ from: '2026-03-01', to: '2026-03-31', travellers, destinations: new Map([[1, bus]]), geography })
  t.equal(plan.groups.length, 1)
  t.equal(plan.groups[0].departureDate, '2026-03-07')
  t.equal(plan.groups[0].arrivalDate, '2026-03-07')
  t.equal(plan.unassigned.length, 4)
  t.match(plan.unassigned[0].reason, /赶不到/)
  t.match(plan.unassigned[1].reason, /不在本次计划/)
  t.match(plan.unassigned[2].reason, /没有目的地工作站/)
  t.match(plan.unassigned[3].reason, /没有目的地工作站/)
})

t.test('spare seats keep villages whole instead of splitting them', async (t) => {
  // 30 + 20 + 30 = 80 people in 2 buses of 55 (30 spare seats): no village needs splitting.
  const travellers = [
    ...many(20, () => person('140923', '001001')),
    ...many(30, () => person('140924', '001001')),
    ...many(30, () => person('140922', '001001')),
  ]
  const plan = planTransport({ from: '2026-03-01', to: '2026-03-09', travellers, destinations: new Map([[1, bus]]), geography })
  t.equal(plan.vehicles, 2)
  t.equal(plan.splitVillages, 0)
})

t.test('everyone who can travel gets exactly one seat, vehicles never overflow, quality stays optimal', async (t) => {
  const counties = ['140902', '140921', '140922', '140923', '140924', '140925', '140930', '140981']
  const arbitrary = fc.array(
    fc.record({
      county: fc.constantFrom(...counties),
      village: fc.integer({ min: 1, max: 6 }),
      station: fc.integer({ min: 1, max: 3 }),
      available: fc.integer({ min: 0, max: 20 }),
      start: fc.integer({ min: 0, max: 40 }),
    }),
    { maxLength: 400 },
  )
  const destinations = new Map<number, Destination>([
    [1, bus],
    [2, { travelDays: 2, vehicles: [{ kind: 'train', capacity: 118 }] }],
    [3, { travelDays: 1, vehicles: [{ kind: 'bus', capacity: 45 }] }],
  ])
  const base = dayNumber('2026-03-01')
  const date = (d: number) => new Date((base + d) * 86_400_000).toISOString().slice(0, 10)
  fc.assert(
    fc.property(arbitrary, (rows) => {
      const travellers = rows.map((r) =>
        person(r.county, String(r.village).padStart(6, '0'), {
          stationId: r.station,
          availableFrom: date(r.available),
          startDate: date(r.start),
        }),
      )
      const plan = planTransport({ from: date(0), to: date(30), travellers, destinations, geography })
      const seated = plan.groups.flatMap((g) => g.seats.map((s) => s.placementId))
      const all = [...seated, ...plan.unassigned.map((u) => u.placementId)].sort((a, b) => a - b)
      if (JSON.stringify(all) !== JSON.stringify(travellers.map((x) => x.placementId))) return false
      for (const g of plan.groups) {
        const d = destinations.get(g.stationId)!
        if (g.seats.length > g.vehicle.capacity || g.seats.length === 0) return false
        const day = dayNumber(g.departureDate)
        for (const s of g.seats) {
          if (s.stationId !== g.stationId) return false
          if (s.availableFrom && day < dayNumber(s.availableFrom)) return false
          if (day > dayNumber(s.startDate) - d.travelDays) return false
        }
        if (g.stops.reduce((n, s) => n + s.people, 0) !== g.seats.length) return false
      }
      return plan.vehicles === plan.lowerBound && plan.vehicles >= plan.windowFreeBound
    }),
    { numRuns: 150 },
  )
  t.pass('150 random plans checked')
})
