/**
 * `npm run bench -- transport [--people N] [--stations N] [--days N]`: the grouping
 * figures of docs/benchmarks.md. 33,000 cross-province placements (the plan's 2022
 * poverty-labor export target) over real villages of 忻州, 20 stations, 60 days:
 * the planner alone, then `POST /api/v1/transport/plans` end to end on a fresh database
 * (query, grouping, writing every group and seat, the JSON answer). The peer is the
 * obvious manual method — every county fills its own vehicles on each person's last
 * possible day — measured on the same input.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildApp } from '../../src/app'
import { loadConfig } from '../../src/config'
import { Random } from '../../src/random'
import type { PartnerArea } from '../../src/network/schema'
import { pickupRoute, sweepOrder } from '../../src/transport/county-seats'
import { destinations } from '../../src/transport/groups'
import { planTransport, type Destination, type Traveller } from '../../src/transport/planner'
import { printTable, round, trackPeakRss } from './lib'
import { transaction } from '../../src/db/transaction'
import { dateOfDay, dayNumber } from '../../src/calendar'

const ADMIN = 'bench-admin-token-0123456789'
const FIRST_DAY = '2027-02-14'

/** The manual way: per station, county and last possible day, ceil(n / capacity) vehicles. */
function perCountyBaseline(travellers: Traveller[], dests: Map<number, Destination>, from: number, to: number): number {
  const buckets = new Map<string, number>()
  for (const t of travellers) {
    const d = dests.get(t.stationId!)!
    const day = Math.min(dayNumber(t.startDate) - d.travelDays, to)
    if (day < from || (t.availableFrom && dayNumber(t.availableFrom) > day)) continue
    const key = `${t.stationId}|${t.countyCode}|${day}`
    buckets.set(key, (buckets.get(key) ?? 0) + 1)
  }
  let vehicles = 0
  for (const [key, n] of buckets) vehicles += Math.ceil(n / dests.get(Number(key.split('|')[0]))!.vehicles[0].capacity)
  return vehicles
}

export default async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { people: { type: 'string', default: '33000' }, stations: { type: 'string', default: '20' }, days: { type: 'string', default: '60' } },
  })
  const people = Number(values.people)
  const stationCount = Number(values.stations)
  const days = Number(values.days)
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-transport-'))
  const app = await buildApp({
    ...loadConfig({ SEED_DEMO: '0', LOG_LEVEL: 'warn', ADMIN_TOKEN: ADMIN }),
    dataDir,
    prettyLogs: false,
  })
  try {
    const random = new Random(33_000)
    const villages = app.regions.ofLevel('village').map((r) => r.code)
    // Labor export concentrates in some villages: a third of them send most people.
    const exporting = random.sample(villages, Math.floor(villages.length / 3))
    const areas: [PartnerArea, string, string][] = [
      ['jingjinji', '11', '1101'],
      ['jingjinji', '12', '1201'],
      ['jingjinji', '13', '1301'],
      ['yangtze_delta', '31', '3101'],
      ['yangtze_delta', '32', '3205'],
      ['yangtze_delta', '33', '3301'],
      ['greater_bay', '44', '4403'],
      ['greater_bay', '44', '4419'],
    ]
    const now = Date.now()
    const stationIds: number[] = []
    const sqlite = app.sqlite
    const insertStation = sqlite.prepare(
      'INSERT INTO stations (name, province_code, city_code, partner_area, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    for (let i = 0; i < stationCount; i++) {
      const [area, province, city] = areas[i % areas.length]
      stationIds.push(Number(insertStation.run(`${app.regions.get(city)?.name ?? city}劳务服务工作站${i + 1}`, province, city, area, now, now).lastInsertRowid))
    }
    const start = dayNumber(FIRST_DAY)
    const travellers: Traveller[] = []
    transaction(sqlite, () => {
      const employer = sqlite
        .prepare("INSERT INTO employers (name, credit_code, size_class, region_code, created_at, updated_at) VALUES ('协作企业', '91110000MA00BENCH1', 'large', '110105', ?, ?)")
        .run(now, now).lastInsertRowid
      const job = sqlite
        .prepare(
          `INSERT INTO jobs (employer_id, source, external_id, title, description, province_code, partner_area, occupation, openings, openings_left,
             wage_min, wage_max, wage_unit, contract_months, start_date, deadline, type, created_at, updated_at)
           VALUES (?, 'bench', 'b1', '普工', '', '11', 'jingjinji', '普工', ?, ?, 5000, 7000, 'month', 12, ?, ?, 'regular', ?, ?)`,
        )
        .run(employer, people, people, FIRST_DAY, FIRST_DAY, now, now).lastInsertRowid
      const laborer = sqlite.prepare(
        `INSERT INTO laborers (name, id_hash, id_cipher, id_masked, phone_hash, phone_cipher, phone_masked, gender, birth_date,
           village_code, township_code, county_code, poverty_status, available_from, created_at, updated_at)
         VALUES (?, ?, 'c', '1409**********0000', ?, 'c', '138****0000', 'male', '1985-05-05', ?, ?, ?, 'poverty_alleviated', ?, ?, ?)`,
      )
      const match = sqlite.prepare(
        "INSERT INTO matches (laborer_id, job_id, status, score, score_version, origin, created_at, updated_at) VALUES (?, ?, 'placed', 80, 1, 'bench', ?, ?)",
      )
      const placement = sqlite.prepare(
        `INSERT INTO placements (match_id, laborer_id, job_id, employer_id, home_county_code, start_date, contract_months, organized,
           travel, transport_status, destination_station_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 12, 1, 'cross_province', 'awaiting', ?, ?, ?)`,
      )
      const surnames = '王李张刘陈杨赵黄周吴'
      for (let i = 0; i < people; i++) {
        const village = random.chance(0.8) ? random.pick(exporting) : random.pick(villages)
        const stationId = random.pick(stationIds)
        // Most jobs start in the weeks after the Spring Festival.
        const startDay = start + 2 + Math.min(days + 5, Math.floor(random.next() ** 1.6 * (days + 5)))
        const availableFrom = random.chance(0.7) ? dateOfDay(startDay - random.int(3, 25)) : null
        const laborerId = Number(
          laborer.run(`${random.pick([...surnames])}${i}`, `bench-${i}`, `bench-p-${i}`, village, village.slice(0, 9), village.slice(0, 6), availableFrom, now, now).lastInsertRowid,
        )
        const matchId = Number(match.run(laborerId, job, now, now).lastInsertRowid)
        const placementId = Number(
          placement.run(matchId, laborerId, job, employer, village.slice(0, 6), dateOfDay(startDay), stationId, now, now).lastInsertRowid,
        )
        travellers.push({ placementId, laborerId, stationId, countyCode: village.slice(0, 6), villageCode: village, availableFrom, startDate: dateOfDay(startDay) })
      }
    })

    const from = FIRST_DAY
    const to = dateOfDay(start + days - 1)
    const settings = loadConfig(process.env).transport
    const dests = destinations(
      settings,
      new Map(sqlite.prepare('SELECT id, partner_area AS area FROM stations').all().map((s: any) => [s.id as number, s.area as string])),
    )
    const pureStarted = performance.now()
    const plan = planTransport({ from, to, travellers, destinations: dests, geography: { sweep: sweepOrder, route: pickupRoute } })
    const pureMs = performance.now() - pureStarted
    const baseline = perCountyBaseline(travellers, dests, dayNumber(from), dayNumber(to))

    // The synchronous set-up above starved the load-shedding event-loop sampler, which reads
    // an interval without samples as overload: let it take fresh samples first.
    await new Promise((r) => setTimeout(r, 600))
    const peak = trackPeakRss()
    const httpStarted = performance.now()
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/transport/plans',
      headers: { authorization: `Bearer ${ADMIN}` },
      payload: { from, to },
    })
    const httpMs = performance.now() - httpStarted
    const peakMiB = peak()
    if (response.statusCode !== 201) throw new Error(`POST /transport/plans answered ${response.statusCode}: ${response.body.slice(0, 300)}`)
    const body = response.json()
    const seated = plan.groups.reduce((n, g) => n + g.seats.length, 0)
    const stops = plan.groups.reduce((n, g) => n + g.stops.length, 0)

    printTable(`transport: ${people} placements, ${stationCount} stations, ${days} days (${from} – ${to})`, [
      {
        run: 'planner (pure)',
        ms: round(pureMs, 0),
        seated,
        unassigned: plan.unassigned.length,
        vehicles: plan.vehicles,
        lowerBound: plan.lowerBound,
        quality: plan.quality,
        'window-free bound': plan.windowFreeBound,
        'stops/vehicle': round(stops / plan.vehicles, 2),
        splitVillages: plan.splitVillages,
      },
      {
        run: 'POST /transport/plans',
        ms: round(httpMs, 0),
        seated: body.people,
        unassigned: body.unassigned.length,
        vehicles: body.quality.vehicles,
        lowerBound: body.quality.lowerBound,
        quality: body.quality.ratio,
        'response MiB': round(response.body.length / 1048576, 1),
        'peak RSS MiB': peakMiB,
      },
    ])
    printTable('peer: each county fills its own vehicles on each person’s last day', [
      { run: 'per-county baseline', vehicles: baseline, 'ours / baseline': round(plan.vehicles / baseline, 3) },
    ])
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
