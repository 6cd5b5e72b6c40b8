/**
 * `npm run bench -- local [--laborers 594000] [--posts 3000] [--workshops 500] [--gigs 2000] [--courses 600] [--runs 200]`:
 * a city-sized registry, public-welfare posts, gigs of today, a year of training (courses
 * in every county, one in eight laborers who wished for training enrolled); then filling a
 * post with its ranked candidates (p99), the kiosk gig board over HTTP (p99), and the
 * training coverage report (the whole city), each timed. Workshops are registered over
 * local employers. Progress goes to stderr; about 8 minutes and 0.6 GiB on 2 busy cores.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildApp } from '../../src/app'
import { loadConfig } from '../../src/config'
import { Random } from '../../src/random'
import { addDays, shanghaiToday } from '../../src/calendar'
import { transaction } from '../../src/db/transaction'
import { insertDemoLaborers } from '../../src/laborers/demo'
import { makeCreditCode } from '../../src/employers/credit-code'
import type { FastifyInstance } from 'fastify'
import { printTable, summarize } from './lib'

const ADMIN = 'bench-admin-token-0123456789'

export default async function local(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { laborers: { type: 'string' }, posts: { type: 'string' }, workshops: { type: 'string' }, gigs: { type: 'string' }, courses: { type: 'string' }, runs: { type: 'string' } } })
  const laborerCount = Number(values.laborers ?? 594_000)
  const postCount = Number(values.posts ?? 3000)
  const workshopCount = Number(values.workshops ?? 500)
  const gigCount = Number(values.gigs ?? 2000)
  const courseCount = Number(values.courses ?? 600)
  const runs = Number(values.runs ?? 200)
  const say = (what: string) => process.stderr.write(`[local ${new Date().toISOString().slice(11, 19)}] ${what}\n`)
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-bench-local-'))
  const app = await buildApp({ ...loadConfig({ SEED_DEMO: '0', LOG_LEVEL: 'warn', ADMIN_TOKEN: ADMIN, SEARCH_RATE_LIMIT: '1000000', MAX_EVENT_LOOP_DELAY_MS: '0' }), dataDir, prettyLogs: false })
  try {
    const random = new Random(19)
    const t0 = performance.now()
    say(`seeding ${laborerCount} laborers`)
    await insertDemoLaborers(app, random, laborerCount)
    const seeded = performance.now() - t0
    say(`seeded in ${Math.round(seeded / 1000)} s; a year of training`)
    const enrollments = seedTraining(app.sqlite, random, courseCount)
    const today = shanghaiToday()
    const townships = app.regions.ofLevel('township')
    const auth = { authorization: `Bearer ${ADMIN}` }
    const inject = (method: 'GET' | 'POST', url: string, payload?: unknown) => app.inject({ method, url, headers: auth, payload: payload as never })

    say(`${enrollments} enrollments; ${postCount} posts, ${workshopCount} workshops, ${gigCount} gigs over the API`)
    const posts: number[] = []
    for (let i = 0; i < postCount; i++) {
      const township = townships[i % townships.length]
      const res = await inject('POST', '/api/v1/welfare-posts', { regionCode: township.code, category: 'facility_maintenance', title: `保洁员 ${i}`, duties: '道路保洁', monthlyAllowance: 800, termMonths: 12 })
      posts.push(res.json().id)
    }
    for (let i = 0; i < workshopCount; i++) {
      const township = townships[i % townships.length]
      const county = township.code.slice(0, 6)
      const employer = (await inject('POST', '/api/v1/employers', { name: `帮扶车间 ${i}`, creditCode: makeCreditCode(county, 100 + i), sizeClass: 'micro', regionCode: county })).json()
      await inject('POST', '/api/v1/workshops', { name: `帮扶车间 ${i}`, kind: 'assistance_workshop', regionCode: township.code, operator: '合作社', employerId: employer.id, product: '手工', capacity: 50 })
    }
    for (let i = 0; i < gigCount; i++) {
      const township = townships[i % townships.length]
      await inject('POST', '/api/v1/gigs', { regionCode: township.code, title: `零工 ${i}`, occupation: '小工', workDate: addDays(today, i % 2), days: 1, unit: 'day', pay: 200, slots: 3 })
    }
    const point = (await inject('POST', '/api/v1/service-points', { level: 'county', regionCode: '140922', name: '五台县就业服务中心' })).json()

    say('timing')
    // Filling: the ranked candidates of a post, then the fill with the best one (what an officer does).
    const fillMs: number[] = []
    const candidatesMs: number[] = []
    for (let i = 0; i < Math.min(runs, posts.length); i++) {
      const a = performance.now()
      const candidates = (await inject('GET', `/api/v1/welfare-posts/${posts[i]}/candidates`)).json()
      const b = performance.now()
      if (candidates.length) await inject('POST', `/api/v1/welfare-posts/${posts[i]}/fill`, { laborerId: candidates[0].laborerId })
      const c = performance.now()
      candidatesMs.push(b - a)
      fillMs.push(c - a)
    }
    const boardMs: number[] = []
    let boardSize = 0
    for (let i = 0; i < runs; i++) {
      const a = performance.now()
      const res = await app.inject({ method: 'GET', url: `/api/v1/kiosk/gigs?point=${point.id}` })
      boardMs.push(performance.now() - a)
      if (res.statusCode !== 200) throw new Error(`kiosk board answered ${res.statusCode}: ${res.body}`)
      boardSize = res.json().gigs.length
    }
    const coverageMs: number[] = []
    for (let i = 0; i < 5; i++) {
      const a = performance.now()
      await inject('GET', '/api/v1/training/coverage')
      coverageMs.push(performance.now() - a)
    }
    printTable('data', [{ laborers: laborerCount, posts: postCount, workshops: workshopCount, gigs: gigCount, courses: courseCount, enrollments, seededSeconds: Math.round(seeded / 1000), gigsOnOneBoard: boardSize }])
    printTable('timings (ms, in-process HTTP through app.inject)', [
      { measure: 'candidates of a post (ranked, with reasons)', ...summarize(candidatesMs) },
      { measure: 'fill a post: candidates + fill', ...summarize(fillMs) },
      { measure: 'kiosk gig board (one county, today + tomorrow)', ...summarize(boardMs) },
      { measure: 'training coverage report (whole city)', ...summarize(coverageMs) },
    ])
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * Training providers (one per county), `courses` courses spread over the counties and the
 * year so far, and one in eight laborers with a training wish enrolled in a course of their
 * county: most completed, half of those certified, some employed after. Written in SQL (the
 * registry is too large for the API in a benchmark); answers the enrollments written.
 */
function seedTraining(sqlite: FastifyInstance['sqlite'], random: Random, courses: number): number {
  const now = Date.now()
  const today = shanghaiToday()
  const yearStart = `${today.slice(0, 4)}-01-01`
  const span = Math.max(1, Math.round((Date.parse(today) - Date.parse(yearStart)) / 86_400_000))
  const counties = sqlite.prepare('SELECT DISTINCT county_code FROM laborers ORDER BY 1').pluck().all() as string[]
  const occupations = ['电工', '焊工', '育婴员', '养老护理员', '中式烹调师', '家政服务员', '母婴护理', '挖掘机驾驶', '电子商务', '刺绣', '中式面点师']
  return transaction(sqlite, () => {
    const provider = sqlite.prepare("INSERT INTO training_providers (name, kind, region_code, created_at, updated_at) VALUES (?, 'training', ?, ?, ?)")
    const providers = new Map(counties.map((c, i) => [c, Number(provider.run(`职业培训学校 ${i}`, c, now, now).lastInsertRowid)]))
    const course = sqlite.prepare(
      `INSERT INTO training_courses (provider_id, occupation, days, start_date, end_date, skills_program, centralized, place_code, seats, mode, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 1, 1, ?, NULL, 'open', ?, ?)`,
    )
    const byCounty = new Map<string, number[]>(counties.map((c) => [c, []]))
    for (let i = 0; i < courses; i++) {
      const county = counties[i % counties.length]
      const start = addDays(yearStart, random.int(0, span - 1))
      const days = random.int(7, 20)
      byCounty.get(county)!.push(Number(course.run(providers.get(county), occupations[i % occupations.length], days, start, addDays(start, days - 1), county, now, now).lastInsertRowid))
    }
    const enroll = sqlite.prepare(
      `INSERT OR IGNORE INTO training_enrollments (course_id, laborer_id, completed, attended_days, certificate_tier, employed_after, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    let n = 0
    const wishers = sqlite.prepare("SELECT id, county_code AS county FROM laborers WHERE training_wishes <> '[]' AND id % 8 = 0").all() as { id: number; county: string }[]
    for (const w of wishers) {
      const own = byCounty.get(w.county)
      if (!own?.length) continue
      const completed = random.chance(0.75)
      const certified = completed && random.chance(0.5)
      n += enroll.run(random.pick(own), w.id, completed ? 1 : 0, completed ? 10 : random.int(0, 6), certified ? random.int(1, 3) : null, completed && random.chance(0.3) ? 1 : 0, now, now).changes
    }
    return n
  })
}
