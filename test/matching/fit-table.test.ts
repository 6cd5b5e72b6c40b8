import t from 'tap'
import { Random } from '../../src/random'
import { jobTypes, laborBrands } from '../../src/jobs/schema'
import { prepareJob, prepareLaborer, scorePrepared, type FitJob, type FitLaborer } from '../../src/matching/fit-score'
import { compileJobs, compileLaborer, fastScore } from '../../src/matching/fit-table'
import { defaultConfig } from '../../src/matching/scoring-config'

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

t.test('the compiled score is the explained score, excluded pairs included', async (t) => {
  const random = new Random(31)
  const context = { cityCode: '1409', config: defaultConfig }
  const jobs = Array.from({ length: 400 }, () => prepareJob(randomJob(random), defaultConfig.settings))
  const table = compileJobs(jobs, context)
  let differ = 0
  let excluded = 0
  for (let l = 0; l < 300; l++) {
    const laborer = prepareLaborer(randomLaborer(random))
    const row = compileLaborer(laborer, table)
    for (let j = 0; j < jobs.length; j++) {
      const slow = scorePrepared(laborer, jobs[j], context, false)
      const fast = fastScore(table, row, j)
      if (slow.excluded) excluded++
      if ((slow.excluded ? -1 : slow.score) !== fast) differ++
    }
  }
  t.equal(differ, 0, '120,000 pairs agree')
  t.ok(excluded > 10_000 && excluded < 110_000, 'both kinds of pair are common')
})
