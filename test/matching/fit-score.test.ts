import t from 'tap'
import { fitScore, type FitJob, type FitLaborer } from '../../src/matching/fit-score'
import { eligibility } from '../../src/matching/index'
import { defaultConfig } from '../../src/matching/scoring-config'

const context = { cityCode: '1409', config: defaultConfig }

const wutaiMason: FitLaborer = {
  skills: [{ occupation: '泥瓦工', tags: ['砌墙'], years: 5 }],
  certificates: [{ name: '砌筑工证', tier: 2 }],
  destinationWishes: ['jingjinji'],
  expectedWage: 5000,
  availableFrom: null,
  countyCode: '140922',
  povertyStatus: 'poverty_alleviated',
}

const beijingSite: FitJob = {
  occupation: '瓦工',
  skillTags: [],
  certificatesRequired: [{ name: '砌筑工', tier: 1 }],
  wageMin: 250,
  wageMax: 300,
  wageUnit: 'day',
  provinceCode: '11',
  cityCode: '1101',
  countyCode: null,
  partnerArea: 'jingjinji',
  startDate: '2026-03-01',
  type: 'regular',
  laborBrand: 'wutai_wagong',
}

t.test('a 五台 mason for a branded 京津冀 site scores full marks, with priority apart', async (t) => {
  const result = fitScore(wutaiMason, beijingSite, context)
  if (result.excluded) return t.fail(result.reason)
  t.equal(result.score, 100)
  t.equal(result.priority, 15)
  t.equal(result.version, 0)
  t.same(
    result.components.map((c) => [c.name, c.value]),
    [
      ['occupation', 1],
      ['certificate', 1],
      ['destination', 1],
      ['wage', 1],
      ['availability', 1],
      ['brand', 1],
    ],
    'posting type does not apply to a regular posting',
  )
  t.match(result.explanation, /技能匹配：瓦工（5年经验，中级证书）/)
  // 250 × 21.75 = 5,437.5 → 5,438; 300 × 21.75 = 6,525 (the jobs domain's day-to-month rule)
  t.match(result.explanation, /日薪250–300元，约合月5438–6525元，不低于期望5000元/)
  t.match(result.explanation, /劳务品牌：五台瓦工/)
  t.match(result.explanation, /优先：脱贫户/)
})

t.test('a day wage below expectation lowers the wage component only', async (t) => {
  const result = fitScore(wutaiMason, { ...beijingSite, wageMin: 200, wageMax: 200 }, context)
  if (result.excluded) return t.fail(result.reason)
  // 200 × 21.75 = 4350 = 0.87 of 5000: (0.87 − 0.6) / 0.4 × 0.7 = 0.4725; (80 + 15 × 0.4725) / 95 = 0.9167
  t.equal(result.components.find((c) => c.name === 'wage')!.value, 0.47)
  t.equal(result.score, 92)
  t.match(result.explanation, /约合月4350元/)
  t.match(result.explanation, /低于期望5000元/)
})

t.test('hard constraints exclude with a reason', async (t) => {
  const cases: [string, FitLaborer, FitJob, RegExp][] = [
    ['missing certificate', wutaiMason, { ...beijingSite, certificatesRequired: [{ name: '电工证', tier: 1 }] }, /缺少必需证书：电工证（初级）/],
    ['low tier', wutaiMason, { ...beijingSite, certificatesRequired: [{ name: '瓦工', tier: 3 }] }, /证书等级不足/],
    ['stays home', { ...wutaiMason, destinationWishes: ['local'] }, beijingSite, /不愿外出：意愿为本县，岗位在京津冀/],
    ['another partner area than the one wished', wutaiMason, { ...beijingSite, provinceCode: '31', cityCode: '3101', partnerArea: 'yangtze_delta', laborBrand: null }, /不在意愿去向：意愿为京津冀，岗位在长三角/],
    ['only 本县 wished, posting in another city of the province', { ...wutaiMason, destinationWishes: ['local'] }, { ...beijingSite, provinceCode: '14', cityCode: '1401', partnerArea: 'in_province', laborBrand: null }, /不在意愿去向：意愿为本县，岗位在省内外市/],
    ['piece rate vs monthly expectation', wutaiMason, { ...beijingSite, wageUnit: 'piece' }, /计件250–300元，无法与期望月薪5000元比较/],
    ['wrong trade', wutaiMason, { ...beijingSite, occupation: '月嫂', laborBrand: null }, /技能不符：岗位要求月嫂/],
    ['too late', { ...wutaiMason, availableFrom: '2026-06-01' }, beijingSite, /晚92天/],
    [
      'public-welfare post of another county',
      { ...wutaiMason, destinationWishes: ['local'] },
      { ...beijingSite, occupation: '公益性岗位', provinceCode: '14', cityCode: '1409', countyCode: '140902', type: 'public_welfare', certificatesRequired: [], laborBrand: null, wageUnit: 'month', wageMin: 1500, wageMax: 1500 },
      /限本县/,
    ],
  ]
  for (const [name, laborer, job, reason] of cases) {
    const result = fitScore(laborer, job, context)
    t.ok(result.excluded, name)
    t.same(eligibility(laborer, job, context).eligible, false, `${name}: the face's eligibility rule agrees`)
    if (result.excluded) {
      t.match(result.reason, reason, name)
      t.match(result.explanation, /^不推荐：/)
    }
  }
})

t.test('a 繁峙 embroiderer for a 繁峙绣娘 workshop beats one from another county', async (t) => {
  const workshop: FitJob = {
    occupation: '绣娘',
    skillTags: ['刺绣'],
    certificatesRequired: [],
    wageMin: 3000,
    wageMax: 3000,
    wageUnit: 'month',
    provinceCode: '14',
    cityCode: '1409',
    countyCode: '140924',
    partnerArea: 'local',
    startDate: '2026-03-01',
    type: 'assistance_workshop',
    laborBrand: 'fanshi_xiuniang',
  }
  const embroiderer: FitLaborer = {
    skills: [{ occupation: '刺绣', tags: [], years: 2 }],
    certificates: [],
    destinationWishes: ['local'],
    expectedWage: null,
    availableFrom: '2026-03-11',
    countyCode: '140924',
    povertyStatus: 'monitored',
  }
  const home = fitScore(embroiderer, workshop, context)
  const away = fitScore({ ...embroiderer, countyCode: '140902' }, workshop, context)
  if (home.excluded || away.excluded) return t.fail('not excluded')
  // 35×0.9 + 10×0.6 + 20×1 + 15×0.8 + 10×(1 − 10/60) + 5×1 + 5×1 = 87.83
  t.equal(home.score, 88)
  // destination 0.8 (another county of the city), brand 0.5: 81.33
  t.equal(away.score, 81)
  t.match(home.explanation, /劳务品牌：繁峙绣娘/)
  t.match(home.explanation, /帮扶车间：就近就业/)
  t.match(home.explanation, /防返贫监测对象/)
})

t.test('a laborer without a trade is a candidate for general postings only', async (t) => {
  const laborer: FitLaborer = { ...wutaiMason, skills: [], certificates: [], povertyStatus: 'ordinary' }
  const general = fitScore(laborer, { ...beijingSite, occupation: '普工', certificatesRequired: [], laborBrand: null }, context)
  if (general.excluded) return t.fail(general.reason)
  t.equal(general.components[0].value, 0.6)
  t.equal(general.priority, 0)
  t.notMatch(general.explanation, /优先/)
  t.ok(fitScore(laborer, beijingSite, context).excluded)
})

t.test('weights are configuration: the version is recorded', async (t) => {
  const config = {
    version: 7,
    settings: { ...defaultConfig.settings, weights: { ...defaultConfig.settings.weights, wage: 0 } },
  }
  const result = fitScore(wutaiMason, { ...beijingSite, wageMin: 100, wageMax: 100 }, { cityCode: '1409', config })
  if (result.excluded) return t.fail(result.reason)
  t.equal(result.version, 7)
  t.equal(result.score, 100, 'a zero-weight component cannot lower the score')
})
