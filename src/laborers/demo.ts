import type { FastifyInstance } from 'fastify'
import type { DemoStep } from '../demo/index'
import type { Random } from '../random'
import { randomIdNumber, randomMobilePhone, type Gender } from './id-number'
import { addDays, shanghaiToday } from '../calendar'
import type { LaborerBody } from './model'
import { bulkInserter } from './queries'
import { checkLaborer, laborerParams, sealLaborer } from './registry'
import type { DestinationWish, EmploymentStatus, PovertyStatus } from './schema'
import { transactional } from '../db/transaction'

/** Common surnames of northern Shanxi, roughly by frequency. */
const SURNAMES: [string, number][] = [
  ['王', 90], ['李', 75], ['张', 70], ['刘', 60], ['赵', 45], ['杨', 40], ['郭', 38], ['高', 30], ['陈', 28], ['武', 26],
  ['任', 20], ['梁', 20], ['贾', 19], ['田', 18], ['韩', 18], ['郝', 17], ['马', 16], ['冯', 15], ['薛', 14], ['白', 14],
  ['孙', 13], ['胡', 12], ['乔', 12], ['段', 11], ['吕', 11], ['史', 10], ['杜', 10], ['侯', 10], ['范', 9], ['宋', 9],
  ['程', 8], ['邢', 8], ['苏', 7], ['牛', 7], ['常', 7], ['秦', 7], ['许', 6], ['温', 6], ['闫', 6], ['霍', 6],
]
const MALE_GIVEN = [...'伟强军勇斌刚杰涛明亮华建国平俊鹏飞磊波鑫文东海龙林峰宇浩凯超晋忠福贵生保永志红兵虎旺']
const FEMALE_GIVEN = [...'丽娟霞芳燕敏静艳玲英萍红梅莉琴慧婷雪云兰花凤秀美翠晶丹瑞佳欣桂润巧爱']

interface Occupation {
  name: string
  tags: string[]
  /** Vocational certificate the occupation is evaluated for, if any. */
  certificate?: string
  /** Share of women among people who list it. */
  female: number
  wage: [number, number]
}

const OCCUPATIONS: Record<string, Occupation> = {
  月嫂: { name: '月嫂', tags: ['母婴护理', '产后护理', '新生儿护理'], certificate: '母婴护理员', female: 0.99, wage: [6000, 9000] },
  绣娘: { name: '绣娘', tags: ['刺绣', '手工', '非遗'], certificate: '刺绣工', female: 0.97, wage: [2500, 4500] },
  瓦工: { name: '瓦工', tags: ['砌墙', '抹灰', '贴砖'], certificate: '砌筑工', female: 0.03, wage: [5000, 8500] },
  司机: { name: '司机', tags: ['B2驾照', 'A2驾照', '货运', '客运'], certificate: '汽车驾驶员', female: 0.05, wage: [5000, 8000] },
  普工: { name: '普工', tags: ['流水线', '包装', '质检'], female: 0.4, wage: [3500, 5500] },
  电焊工: { name: '电焊工', tags: ['二保焊', '氩弧焊'], certificate: '焊工', female: 0.05, wage: [5500, 8500] },
  厨师: { name: '厨师', tags: ['中餐', '面食', '大锅菜'], certificate: '中式烹调师', female: 0.3, wage: [4500, 7500] },
  保洁: { name: '保洁', tags: ['物业保洁', '家庭保洁'], female: 0.8, wage: [2500, 4000] },
  保安: { name: '保安', tags: ['门岗', '巡逻'], certificate: '保安员', female: 0.05, wage: [3000, 4500] },
  家政服务员: { name: '家政服务员', tags: ['做饭', '保洁', '照顾老人'], certificate: '家政服务员', female: 0.92, wage: [4000, 7000] },
  育婴师: { name: '育婴师', tags: ['早教', '婴幼儿护理'], certificate: '育婴员', female: 0.97, wage: [5000, 8000] },
  养老护理员: { name: '养老护理员', tags: ['失能照护', '康复护理'], certificate: '养老护理员', female: 0.8, wage: [4000, 6500] },
  装卸工: { name: '装卸工', tags: ['搬运', '叉车'], female: 0.05, wage: [4000, 6500] },
  快递员: { name: '快递员', tags: ['分拣', '派送', '电动三轮'], female: 0.1, wage: [4500, 7500] },
  电工: { name: '电工', tags: ['低压电工', '布线'], certificate: '电工', female: 0.04, wage: [5000, 8000] },
  钢筋工: { name: '钢筋工', tags: ['绑扎', '下料'], certificate: '钢筋工', female: 0.03, wage: [5500, 8500] },
  挖掘机司机: { name: '挖掘机司机', tags: ['挖掘机', '装载机'], certificate: '挖掘机驾驶员', female: 0.02, wage: [6000, 9000] },
  外卖骑手: { name: '外卖骑手', tags: ['即时配送', '电动车'], female: 0.1, wage: [4500, 8000] },
  农业种植: { name: '农业种植', tags: ['杂粮', '蔬菜大棚'], female: 0.45, wage: [2500, 4000] },
}

/** The occupations people list, city-wide; each county's labor brand is weighted up below. */
const BASE_WEIGHTS: [string, number][] = [
  ['普工', 18], ['瓦工', 7], ['月嫂', 5], ['司机', 6], ['电焊工', 5], ['厨师', 5], ['保洁', 6], ['保安', 6],
  ['家政服务员', 6], ['育婴师', 3], ['养老护理员', 3], ['装卸工', 6], ['快递员', 5], ['电工', 3], ['钢筋工', 3],
  ['挖掘机司机', 2], ['外卖骑手', 4], ['农业种植', 10], ['绣娘', 1],
]

/** 一县一品: 繁峙绣娘, 五台瓦工, 保德好司机 (忻州月嫂 is city-wide, strong in 忻府 and 原平). */
const COUNTY_BRANDS: Record<string, [string, number][]> = {
  '140924': [['绣娘', 30]],
  '140922': [['瓦工', 35]],
  '140931': [['司机', 35]],
  '140902': [['月嫂', 12]],
  '140981': [['月嫂', 10]],
}

const TRAINING = ['电工', '焊工', '育婴员', '养老护理员', '中式烹调师', '家政服务员', '母婴护理', '挖掘机驾驶', '电子商务', '刺绣', '中式面点师']

const AGE_BANDS: [[number, number], number][] = [
  [[16, 20], 5],
  [[21, 30], 22],
  [[31, 40], 26],
  [[41, 50], 27],
  [[51, 60], 20],
]

/** ≈170,000 of 594,000 rural laborers are poverty-alleviated or monitored (plan §二(二)). */
const POVERTY: [PovertyStatus, number][] = [
  ['poverty_alleviated', 0.255],
  ['monitored', 0.031],
  ['ordinary', 0.714],
]

const EMPLOYMENT: [EmploymentStatus, number][] = [
  ['unemployed', 24],
  ['local', 30],
  ['in_province', 17],
  ['cross_province', 11],
  ['self_employed', 13],
  ['public_welfare_post', 5],
]

const REACH: [DestinationWish[], number][] = [
  [['local'], 30],
  [['local', 'in_province'], 20],
  [['in_province'], 10],
  [['out_of_province', 'jingjinji'], 14],
  [['out_of_province', 'yangtze_delta'], 9],
  [['out_of_province', 'greater_bay'], 6],
  [['in_province', 'out_of_province', 'jingjinji'], 6],
  [['out_of_province'], 5],
]

function occupationWeights(countyCode: string): [string, number][] {
  const brand = COUNTY_BRANDS[countyCode]
  if (!brand) return BASE_WEIGHTS
  return BASE_WEIGHTS.map(([name, w]) => [name, w + (brand.find(([b]) => b === name)?.[1] ?? 0)] as [string, number])
}

export function personName(random: Random, gender: Gender = random.chance(0.5) ? 'male' : 'female'): string {
  const pool = gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN
  const given = random.chance(0.7) ? random.pick(pool) + random.pick(pool) : random.pick(pool)
  return random.weighted(SURNAMES) + given
}

export interface DemoLaborer extends LaborerBody {
  /** When the current employment status began: spread over this year so the progress reports have a shape. */
  statusDate: string
}

/**
 * Realistic laborers over the given villages, endlessly; IDs are unique within one
 * generator (a county has ~8 million valid IDs a day-of-birth band, so repeats are rare
 * but real). Deterministic for a seed.
 */
export function* demoLaborers(random: Random, villageCodes: readonly string[], today = shanghaiToday()): Generator<DemoLaborer> {
  const seen = new Set<string>()
  const yearStart = `${today.slice(0, 4)}-01-01`
  const daysThisYear = Math.round((Date.parse(today) - Date.parse(yearStart)) / 86_400_000)
  const weightsByCounty = new Map<string, [string, number][]>()
  for (;;) {
    const villageCode = random.pick(villageCodes)
    const countyCode = villageCode.slice(0, 6)
    let weights = weightsByCounty.get(countyCode)
    if (!weights) weightsByCounty.set(countyCode, (weights = occupationWeights(countyCode)))
    const main = OCCUPATIONS[random.weighted(weights)]
    const gender: Gender = random.chance(main.female) ? 'female' : 'male'
    const [minAge, maxAge] = random.weighted(AGE_BANDS)
    let idNumber: string
    do idNumber = randomIdNumber(random, countyCode, { gender, minAge, maxAge, today })
    while (seen.has(idNumber))
    seen.add(idNumber)

    const occupations = [main]
    if (random.chance(0.3)) {
      const second = OCCUPATIONS[random.weighted(weights)]
      // Kept as often as people of this gender take up the occupation: few men list 月嫂.
      if (second !== main && random.chance(gender === 'female' ? second.female : 1 - second.female)) occupations.push(second)
    }
    const skills = occupations.map((o) => ({
      occupation: o.name,
      tags: random.sample(o.tags, random.int(1, Math.min(2, o.tags.length))),
      years: random.int(0, Math.max(0, Math.min(30, maxAge - 18))),
    }))
    const certificates = occupations
      .filter((o) => o.certificate && random.chance(0.35))
      .map((o) => ({ name: o.certificate!, tier: random.weighted<1 | 2 | 3 | 4>([[1, 55], [2, 30], [3, 12], [4, 3]]) }))
    const employmentStatus = random.weighted(EMPLOYMENT)
    const [low, high] = main.wage
    yield {
      name: personName(random, gender),
      idNumber,
      phone: randomMobilePhone(random),
      villageCode,
      povertyStatus: random.weighted(POVERTY),
      skills,
      certificates,
      trainingWishes: random.chance(0.45) ? random.sample(TRAINING, random.int(1, 2)) : [],
      destinationWishes: random.weighted(REACH),
      expectedWage: Math.max(2500, Math.min(9000, Math.round(random.int(low, high) / 100) * 100)),
      availableFrom: employmentStatus === 'unemployed' || random.chance(0.2) ? addDays(today, random.int(0, 90)) : null,
      employmentStatus,
      statusDate: employmentStatus === 'unemployed' ? today : addDays(yearStart, random.int(0, daysThisYear)),
    }
  }
}

/** Seals and inserts `count` demo laborers in batches of 5,000, one transaction each. */
export function insertDemoLaborers(
  app: FastifyInstance,
  random: Random,
  count: number,
  onProgress?: (done: number, total: number) => void,
): number {
  const villages = app.regions.ofLevel('village').map((v) => v.code)
  const insert = bulkInserter(app.sqlite)
  const write = transactional(app.sqlite, (rows: Parameters<typeof insert>[0]) => insert(rows))
  const today = shanghaiToday()
  const source = demoLaborers(random, villages, today)
  let inserted = 0
  for (let done = 0; done < count; ) {
    // next() rather than for…of: leaving a for…of would close the generator after one batch.
    const batch = []
    while (done < count && batch.length < 5000) {
      const body = source.next().value
      const check = checkLaborer(body, (code) => app.regions.isLocal(code, 'village'), today)
      if (check.ok) batch.push(laborerParams(sealLaborer(app.pii, body, check), body.statusDate))
      done++
    }
    inserted += write(batch).inserted
    onProgress?.(done, count)
  }
  return inserted
}

export const laborerDemoStep: DemoStep = {
  name: 'laborers',
  run(app, random, options) {
    insertDemoLaborers(app, random, options.laborers, (done, total) => options.onProgress?.('laborers', done, total))
  },
}
