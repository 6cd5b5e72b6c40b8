import t from 'tap'
import { Random } from '../../src/random'
import { jobTypes, laborBrands } from '../../src/jobs/schema'
import type { DestinationWish } from '../../src/laborers/schema'
import { explainScore } from '../../src/matching/fit-score'
import { compileJobs, compileLaborer, fastScore, prepareJob, prepareLaborer, type FitJob, type FitLaborer } from '../../src/matching/fit-table'
import { eligibility } from '../../src/matching/index'
import { canonicalCertificate, canonicalOccupation, GENERAL_OCCUPATIONS, laborBrandDefinitions } from '../../src/matching/occupations'
import { defaultConfig, type ScoringSettings } from '../../src/matching/scoring-config'

const trades = ['瓦工', '泥瓦工', '月嫂', '司机', '绣娘', '刺绣', '电工', '普工', '保洁员', '厨师', '木匠', '护林员']
const certificates = ['电工证', '砌筑工证', '月嫂', '驾驶员资格证', '厨师证书']
const wishes = ['local', 'in_province', 'out_of_province', 'jingjinji', 'yangtze_delta', 'greater_bay'] as const
const counties = ['140902', '140922', '140924', '140931']
const places = [
  { provinceCode: '14', cityCode: '1409', partnerArea: 'local' as const },
  { provinceCode: '14', cityCode: '1401', partnerArea: 'in_province' as const },
  { provinceCode: '11', cityCode: '1101', partnerArea: 'jingjinji' as const },
  { provinceCode: '31', cityCode: '3101', partnerArea: 'yangtze_delta' as const },
  { provinceCode: '44', cityCode: '4403', partnerArea: 'greater_bay' as const },
  { provinceCode: '61', cityCode: '6101', partnerArea: 'other' as const },
]

function pick<T>(random: Random, list: readonly T[]): T {
  return list[random.int(0, list.length - 1)]
}

function someOf<T>(random: Random, list: readonly T[], most: number): T[] {
  return [...new Set(Array.from({ length: random.int(0, most) }, () => pick(random, list)))]
}

function date(random: Random): string {
  return `2026-0${random.int(1, 9)}-${String(random.int(1, 28)).padStart(2, '0')}`
}

function randomLaborer(random: Random): FitLaborer {
  return {
    skills: Array.from({ length: random.int(0, 3) }, () => ({ occupation: pick(random, trades), tags: someOf(random, trades, 2), years: random.int(0, 5) })),
    certificates: someOf(random, certificates, 2).map((name) => ({ name, tier: random.int(1, 4) as 1 | 2 | 3 | 4 })),
    destinationWishes: someOf(random, wishes, 2),
    expectedWage: random.chance(0.2) ? null : random.chance(0.05) ? 0 : random.int(25, 90) * 100,
    availableFrom: random.chance(0.4) ? null : date(random),
    countyCode: pick(random, counties),
    povertyStatus: random.chance(0.3) ? 'poverty_alleviated' : 'ordinary',
  }
}

function randomJob(random: Random): FitJob {
  const place = pick(random, places)
  const local = place.partnerArea === 'local'
  const wageUnit = pick(random, ['month', 'day', 'task', 'piece'] as const)
  const wageMin = wageUnit === 'month' ? random.int(20, 90) * 100 : random.int(80, 400)
  return {
    occupation: pick(random, trades),
    skillTags: someOf(random, trades, 3),
    certificatesRequired: someOf(random, certificates, 1).map((name) => ({ name, tier: random.int(1, 3) as 1 | 2 | 3 })),
    wageMin,
    wageMax: wageMin + (random.chance(0.5) ? 0 : random.int(0, 2000)),
    wageUnit,
    ...place,
    countyCode: local ? pick(random, counties) : random.chance(0.5) ? null : `${place.cityCode}02`,
    startDate: date(random),
    type: pick(random, jobTypes),
    laborBrand: random.chance(0.2) ? pick(random, laborBrands) : null,
  }
}

/**
 * The fit score as docs/matching.md states it, written from that page (words come from
 * the synonym data, the arithmetic from the page): null when excluded.
 */
function documentedScore(l: FitLaborer, job: FitJob, settings: ScoringSettings, cityCode: string): number | null {
  const trades = new Map<string, number>()
  for (const s of l.skills) for (const w of [s.occupation, ...s.tags]) trades.set(canonicalOccupation(w), Math.max(trades.get(canonicalOccupation(w)) ?? -1, s.years))
  const certs = new Map<string, number>()
  for (const c of l.certificates) certs.set(canonicalCertificate(c.name), Math.max(certs.get(canonicalCertificate(c.name)) ?? 0, c.tier))
  const trade = canonicalOccupation(job.occupation)
  const tags = job.skillTags.map(canonicalOccupation)
  const parts: [number, number][] = []
  const w = settings.weights
  // occupation
  let v: number
  if (trades.has(trade)) v = trades.get(trade)! >= 3 ? 1 : trades.get(trade)! >= 1 ? 0.9 : 0.8
  else if (tags.some((t) => trades.has(t))) v = 0.5 + (0.3 * tags.filter((t) => trades.has(t)).length) / tags.length
  else if (job.type === 'public_welfare' || GENERAL_OCCUPATIONS.has(trade)) v = 0.6
  else return null
  parts.push([w.occupation, v])
  // certificate
  if (job.certificatesRequired.length > 0) {
    if (!job.certificatesRequired.every((c) => (certs.get(canonicalCertificate(c.name)) ?? 0) >= c.tier)) return null
    v = 1
  } else v = certs.has(trade) ? 1 : 0.6
  parts.push([w.certificate, v])
  // destination
  const where = job.provinceCode !== cityCode.slice(0, 2) ? 'out' : job.cityCode !== cityCode ? 'province' : job.countyCode === l.countyCode ? 'home' : 'city'
  const table: Record<DestinationWish, Record<string, number>> = {
    local: { home: 1, city: 0.8, province: 0, out: 0 },
    in_province: { home: 0.8, city: 1, province: 1, out: 0 },
    out_of_province: { home: 0, city: 0, province: 0, out: 1 },
    jingjinji: { home: 0, city: 0, province: 0, out: job.partnerArea === 'jingjinji' ? 1 : 0 },
    yangtze_delta: { home: 0, city: 0, province: 0, out: job.partnerArea === 'yangtze_delta' ? 1 : 0 },
    greater_bay: { home: 0, city: 0, province: 0, out: job.partnerArea === 'greater_bay' ? 1 : 0 },
  }
  v = l.destinationWishes.length === 0 ? 0.7 : Math.max(...l.destinationWishes.map((wish) => table[wish][where]))
  if (v === 0) return null
  parts.push([w.destination, v])
  // wage: a day is 21.75 days' pay a month, rounded half up
  const month = (a: number) => (job.wageUnit === 'month' ? a : job.wageUnit === 'day' ? Math.floor(a * 21.75 + 0.5) : null)
  const bottom = month(job.wageMin)
  const top = month(job.wageMax)
  const e = l.expectedWage
  if (bottom === null || top === null) {
    if (e !== null) return null
    v = 0.7
  } else if (e === null || e === 0) v = 0.8
  else v = bottom >= e ? 1 : top >= e ? 0.85 : 0.7 * Math.max(0, (top / e - 0.6) / 0.4)
  parts.push([w.wage, v])
  // availability
  const day = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000
  const late = l.availableFrom ? day(l.availableFrom) - day(job.startDate) : 0
  if (late > settings.maxLateDays) return null
  parts.push([w.availability, late <= 0 ? 1 : settings.maxLateDays === 0 ? 0 : 1 - late / settings.maxLateDays])
  // brand
  if (job.laborBrand) {
    const brand = laborBrandDefinitions[job.laborBrand]
    const has = trades.has(canonicalOccupation(brand.occupation))
    parts.push([w.brand, has && (brand.countyCode === null || brand.countyCode === l.countyCode) ? 1 : has ? 0.5 : 0])
  }
  // posting type
  if (job.type === 'public_welfare' || job.type === 'assistance_workshop') {
    if (job.type === 'public_welfare' && job.countyCode && job.countyCode !== l.countyCode) return null
    const wishes = l.destinationWishes
    parts.push([w.jobType, wishes.length === 0 || wishes.includes('local') ? 1 : wishes.includes('in_province') ? 0.6 : 0.2])
  }
  const sum = parts.reduce((a, [weight]) => a + weight, 0)
  return sum === 0 ? 0 : Math.floor((100 * parts.reduce((a, [weight, value]) => a + weight * value, 0)) / sum + 0.5)
}

t.test('the one fit arithmetic scores as docs/matching.md says, explained or not, excluded pairs included', async (t) => {
  const random = new Random(31)
  const context = { cityCode: '1409', config: defaultConfig }
  const sources = Array.from({ length: 400 }, () => randomJob(random))
  const table = compileJobs(sources.map(prepareJob), context)
  let differ = 0
  let explainedDiffer = 0
  let excluded = 0
  let eligibleDiffer = 0
  for (let l = 0; l < 300; l++) {
    const laborer = randomLaborer(random)
    const row = compileLaborer(prepareLaborer(laborer), table)
    for (let j = 0; j < sources.length; j++) {
      const documented = documentedScore(laborer, sources[j], defaultConfig.settings, '1409')
      const fast = fastScore(table, row, j)
      if (documented === null) excluded++
      if ((documented ?? -1) !== fast) {
        if (differ++ < 3) t.comment('differs', JSON.stringify({ laborer, job: sources[j], documented, fast }))
      }
      if (l % 10 === 0) {
        const explained = explainScore(table, row, j)
        if ((explained.excluded ? -1 : explained.score) !== fast) explainedDiffer++
        if (eligibility(laborer, sources[j], context).eligible !== fast >= 0) eligibleDiffer++
      }
    }
  }
  t.equal(differ, 0, '120,000 pairs: the documented score')
  t.equal(explainedDiffer, 0, 'the explained score is the same number')
  t.equal(eligibleDiffer, 0, 'the face’s eligibility rule is the score’s exclusion')
  t.ok(excluded > 10_000 && excluded < 110_000, 'both kinds of pair are common')
})
