import t from 'tap'
import { Random } from '../../src/random'
import { jobTypes, laborBrands } from '../../src/jobs/schema'
import type { DestinationWish, PovertyStatus } from '../../src/laborers/schema'
import { runToEnd } from '../../src/matching/assignment'
import { eligibility, fitScore, type FitJob } from '../../src/matching/index'
import type { RunLaborer } from '../../src/matching/queries'
import { solve, type RunRequest } from '../../src/matching/runs'
import { defaultConfig } from '../../src/matching/scoring-config'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { employer, job, laborer, villageIn } from './fixtures'

/**
 * The rules of docs/matching.md, checked from that page on random small instances: every
 * pair a run assigns is eligible (the pair recommendations and candidates would show),
 * `optimal`'s objective recomputes, and a blocking-pair checker written from the stable
 * rules (not from the code) finds none.
 */

const context = { cityCode: '1409', config: defaultConfig }
const trades = ['瓦工', '砌筑工', '月嫂', '司机', '电工', '普工', '保洁员', '厨师']
const wishes: DestinationWish[] = ['local', 'in_province', 'out_of_province', 'jingjinji', 'yangtze_delta', 'greater_bay']
const villages = [
  ['140922', '140922100200'],
  ['140922', '140922100201'],
  ['140924', '140924100200'],
  ['140902', '140902100200'],
]
const places = [
  { provinceCode: '14', cityCode: '1409', countyCode: '140922', partnerArea: 'local' as const },
  { provinceCode: '14', cityCode: '1409', countyCode: '140924', partnerArea: 'local' as const },
  { provinceCode: '14', cityCode: '1401', countyCode: '140105', partnerArea: 'in_province' as const },
  { provinceCode: '11', cityCode: '1101', countyCode: '110105', partnerArea: 'jingjinji' as const },
  { provinceCode: '31', cityCode: '3101', countyCode: '310115', partnerArea: 'yangtze_delta' as const },
  { provinceCode: '44', cityCode: '4403', countyCode: '440306', partnerArea: 'greater_bay' as const },
]

type Posting = FitJob & { id: number; openingsLeft: number }

function instance(random: Random): { laborers: RunLaborer[]; jobs: Posting[] } {
  const n = random.int(4, 40)
  const m = random.int(2, 30)
  const some = <T>(list: readonly T[], most: number) => [...new Set(Array.from({ length: random.int(0, most) }, () => random.pick(list)))]
  const laborers: RunLaborer[] = Array.from({ length: n }, (_, i) => {
    const [countyCode, villageCode] = random.pick(villages)
    return {
      id: 1 + i * 3,
      villageCode,
      countyCode,
      skills: some(trades, 2).map((occupation) => ({ occupation, tags: [], years: random.int(0, 5) })),
      certificates: random.chance(0.3) ? [{ name: '电工证', tier: random.int(1, 3) as 1 | 2 | 3 }] : [],
      destinationWishes: some(wishes, 2),
      expectedWage: random.chance(0.3) ? null : random.int(30, 80) * 100,
      availableFrom: random.chance(0.7) ? null : `2030-0${random.int(1, 6)}-15`,
      povertyStatus: random.pick(['poverty_alleviated', 'monitored', 'ordinary', 'ordinary'] as PovertyStatus[]),
    }
  })
  const jobs: Posting[] = Array.from({ length: m }, (_, j) => {
    const place = random.pick(places)
    const type = random.chance(0.8) ? 'regular' : random.pick(jobTypes)
    const wageUnit = random.pick(['month', 'month', 'day', 'piece'] as const)
    const wageMin = wageUnit === 'month' ? random.int(30, 90) * 100 : random.int(100, 400)
    return {
      id: 2 + j * 5,
      openingsLeft: random.int(0, 4),
      occupation: random.pick(trades),
      skillTags: [],
      certificatesRequired: random.chance(0.15) ? [{ name: '电工', tier: random.int(1, 2) as 1 | 2 }] : [],
      wageMin,
      wageMax: wageMin + random.int(0, 3) * (wageUnit === 'month' ? 500 : 20),
      wageUnit,
      ...place,
      startDate: '2030-03-01',
      type,
      laborBrand: random.chance(0.15) ? random.pick(laborBrands) : null,
    }
  })
  return { laborers, jobs }
}

/** mulberry32, as docs/matching.md names it. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    let z = (state = (state + 0x6d2b79f5) >>> 0)
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296
  }
}

/** The seeded order of the documented stable rules: rank per laborer position (id order), lower wins. */
function seededOrder(n: number, seed: number): number[] {
  const next = mulberry32(seed)
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  const rank: number[] = []
  order.forEach((laborer, r) => (rank[laborer] = r))
  return rank
}

/** Blocking pairs by the documented stable rules, over every eligible pair (the lists are complete at this size). */
function blockingPairs(
  laborers: RunLaborer[],
  jobs: Posting[],
  assigned: Map<number, number>,
  reserveShare: number,
  seed: number,
): [number, number][] {
  const rank = seededOrder(laborers.length, seed)
  const score = new Map<string, number>()
  for (const l of laborers) {
    for (const j of jobs) {
      const fit = fitScore(l, j, context)
      if (!fit.excluded) score.set(`${l.id}:${j.id}`, fit.score)
    }
  }
  const reserved = (l: RunLaborer) => l.povertyStatus !== 'ordinary'
  const postingPrefers = (j: Posting) => (a: number, b: number) =>
    score.get(`${laborers[b].id}:${j.id}`)! - score.get(`${laborers[a].id}:${j.id}`)! || rank[a] - rank[b]
  /** Whom a posting keeps of `applicants` (laborer positions): the best r reserved, then the best of the rest. */
  const choose = (j: Posting, applicants: number[]): Set<number> => {
    const c = j.openingsLeft
    const r = Math.min(c, Math.floor(c * reserveShare + 0.5))
    const sorted = [...applicants].sort(postingPrefers(j))
    const kept = new Set(sorted.filter((a) => reserved(laborers[a])).slice(0, r))
    for (const a of sorted) if (kept.size < c && !kept.has(a)) kept.add(a)
    return kept
  }
  const blocking: [number, number][] = []
  laborers.forEach((l, a) => {
    const own = assigned.get(l.id)
    const ownScore = own === undefined ? -1 : score.get(`${l.id}:${own}`)!
    for (const j of jobs) {
      const s = score.get(`${l.id}:${j.id}`)
      if (s === undefined || j.openingsLeft === 0 || j.id === own) continue
      const prefers = own === undefined || s > ownScore || (s === ownScore && j.id < own)
      if (!prefers) continue
      const holders = laborers.flatMap((h, b) => (assigned.get(h.id) === j.id ? [b] : []))
      if (holders.length < j.openingsLeft || choose(j, [...holders, a]).has(a)) blocking.push([l.id, j.id])
    }
  })
  return blocking
}

t.test('random small instances: runs assign only eligible pairs; optimal recomputes; stable has no blocking pair by the documented rules', async (t) => {
  const random = new Random(2026)
  let pairs = 0
  let excludedSeen = 0
  let crossings = 0
  let blocking = 0
  let objectiveErrors = 0
  let blockingInOptimal = 0
  for (let round = 0; round < 60; round++) {
    const { laborers, jobs } = instance(random)
    for (const l of laborers) for (const j of jobs) if (!eligibility(l, j, context).eligible) excludedSeen++
    for (const mode of ['optimal', 'stable'] as const) {
      for (const keepTogether of [false, true]) {
        const seed = random.int(1, 1000)
        const request: RunRequest = { mode, laborers: {}, postings: {}, seed, keepTogether, reserveShare: round % 3 === 0 ? 0.5 : undefined }
        const solved = runToEnd(solve(laborers, jobs, request, context, () => {}))
        const { graph, assignment } = solved
        const assigned = new Map<number, number>()
        let objective = 0
        for (let i = 0; i < graph.laborers; i++) {
          const e = assignment.edgeOf[i]
          if (e < 0) continue
          const l = laborers[i]
          const j = jobs[graph.job[e]]
          assigned.set(l.id, j.id)
          pairs++
          const fit = fitScore(l, j, context)
          if (fit.excluded || fit.score !== graph.score[e]) crossings++
          else objective += fit.score + defaultConfig.settings.priority[l.povertyStatus]
        }
        const perPosting = new Map<number, number>()
        for (const jobId of assigned.values()) perPosting.set(jobId, (perPosting.get(jobId) ?? 0) + 1)
        for (const j of jobs) if ((perPosting.get(j.id) ?? 0) > j.openingsLeft) crossings++
        if (objective !== solved.report.objective) objectiveErrors++
        t.match(solved.report.explanation, /不跨意愿分配/)
        if (mode === 'stable' && !keepTogether) {
          const found = blockingPairs(laborers, jobs, assigned, request.reserveShare ?? defaultConfig.settings.reserveShare, seed)
          if (found.length > 0 && blocking === 0) t.comment('blocking', JSON.stringify({ round, found: found.slice(0, 3) }))
          blocking += found.length
        }
        if (mode === 'optimal' && !keepTogether) {
          blockingInOptimal += blockingPairs(laborers, jobs, assigned, defaultConfig.settings.reserveShare, seed).length
        }
      }
    }
  }
  t.ok(pairs > 500, `${pairs} assigned pairs checked`)
  t.ok(excludedSeen > 1000, 'excluded pairs are common in the instances')
  t.equal(crossings, 0, 'every assigned pair is eligible, scored as the fit score says, within openings')
  t.equal(objectiveErrors, 0, 'the report’s objective is Σ score + priority of the assigned pairs')
  t.equal(blocking, 0, 'no blocking pair by the documented stable rules')
  t.ok(blockingInOptimal > 0, `the checker sees blocking pairs where there are some (${blockingInOptimal} in the optimal runs, which maximize Σ score + priority instead)`)
})

t.test('over HTTP: what runs assign is what candidates show and what /fit calls eligible; a wish is never crossed', async (t) => {
  const app = await testApp(t)
  const wutai = villageIn(app, '140922')
  const officer = tokenFor(app, 'county_officer', '140922')
  const builder = employer(app)
  const beijing = job(app, builder, { title: '北京瓦工', openings: 2, wageMin: 300, wageMax: 300 })
  const shanghai = job(app, builder, {
    title: '上海瓦工 高薪',
    openings: 3,
    wageMin: 500,
    wageMax: 500,
    provinceCode: '31',
    cityCode: '3101',
    countyCode: '310115',
    partnerArea: 'yangtze_delta',
  })
  const home = job(app, builder, {
    title: '五台县城建筑瓦工',
    openings: 1,
    wageMin: 5000,
    wageMax: 6000,
    wageUnit: 'month',
    provinceCode: '14',
    cityCode: '1409',
    countyCode: '140922',
    partnerArea: 'local',
  })
  const toBeijing = [0, 1, 2].map(() => laborer(app, wutai, { destinationWishes: ['jingjinji'] }))
  const anywhere = laborer(app, wutai, { destinationWishes: [], povertyStatus: 'ordinary' })
  const stayHome = laborer(app, wutai, { destinationWishes: ['local'], povertyStatus: 'monitored' })
  const postings = [beijing, shanghai, home]

  // The 京津冀 laborers are not eligible for the higher-paid 长三角 posting: /fit says why, nothing changes.
  const before = await call(app, ADMIN, { method: 'GET', url: '/api/v1/matches' })
  const crossed = await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${toBeijing[0].id}/fit/${shanghai.id}` })
  t.equal(crossed.statusCode, 200)
  t.match(crossed.body, { laborerId: toBeijing[0].id, jobId: shanghai.id, eligible: false, excludedBy: 'destination', score: null, components: [] })
  t.match(crossed.body.reason, /不在意愿去向：意愿为京津冀，岗位在长三角/)
  const fits = await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${toBeijing[0].id}/fit/${beijing.id}` })
  t.match(fits.body, { eligible: true, excludedBy: null, reason: null, score: Number, priority: 15, scoreVersion: 0 })
  t.ok(fits.body.components.length >= 5)
  t.match(fits.body.explanation, /约合月6525元/)
  t.same((await call(app, ADMIN, { method: 'GET', url: '/api/v1/matches' })).body, before.body, 'reading a fit changes nothing')

  // Scope as recommendations: another county's officer gets 404, an employer 403, an unknown posting 404.
  const otherOfficer = tokenFor(app, 'county_officer', '140902')
  t.equal((await call(app, otherOfficer, { method: 'GET', url: `/api/v1/laborers/${toBeijing[0].id}/fit/${beijing.id}` })).statusCode, 404)
  const employerToken = tokenFor(app, 'employer', String(builder))
  t.equal((await call(app, employerToken, { method: 'GET', url: `/api/v1/laborers/${toBeijing[0].id}/fit/${beijing.id}` })).statusCode, 403)
  t.equal((await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${toBeijing[0].id}/fit/999999` })).statusCode, 404)

  const candidates = new Map<number, Set<number>>()
  for (const p of postings) {
    const res = await call(app, officer, { method: 'GET', url: `/api/v1/jobs/${p.id}/candidates?limit=100` })
    candidates.set(p.id, new Set(res.body.items.map((c: { laborerId: number }) => c.laborerId)))
  }
  t.same([...candidates.get(shanghai.id)!], [anywhere.id], 'only the laborer without wishes is a 长三角 candidate')

  for (const mode of ['optimal', 'stable'] as const) {
    for (const keepTogether of [false, true]) {
      const run = await call(app, officer, {
        method: 'POST',
        url: '/api/v1/matching/runs',
        payload: { mode, laborers: {}, postings: { ids: postings.map((p) => p.id) }, keepTogether },
      })
      t.equal(run.statusCode, 201)
      t.match(run.body.report.explanation, /不跨意愿分配/)
      const results = await call(app, officer, { method: 'GET', url: `/api/v1/matching/runs/${run.body.id}/results?assigned=true` })
      t.ok(results.body.items.length >= 4, `${mode}${keepTogether ? ' keepTogether' : ''}: people are placed`)
      for (const r of results.body.items as { laborerId: number; jobId: number; score: number }[]) {
        t.ok(candidates.get(r.jobId)!.has(r.laborerId), `${mode}: laborer ${r.laborerId} → posting ${r.jobId} is a candidate`)
        const fit = await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${r.laborerId}/fit/${r.jobId}` })
        t.match(fit.body, { eligible: true, score: r.score })
        if (toBeijing.some((l) => l.id === r.laborerId)) t.equal(r.jobId, beijing.id, 'a 京津冀 wish is not crossed')
        if (r.laborerId === stayHome.id) t.equal(r.jobId, home.id, 'a 本县 wish stays home')
      }
    }
  }
})
