import t from 'tap'
import { evaluate, type GrantRecord, type Line } from '../../src/policy/evaluate'
import type {
  CourseFact,
  EmployerFacts,
  EnrollmentFact,
  IncubationBaseFacts,
  IntermediaryFacts,
  LaborerFacts,
  PlacementFact,
  ProviderFacts,
} from '../../src/policy/facts'
import { params2022, type RuleParams } from '../../src/policy/params'

// Every case below was worked out by hand from the sentence of plan §二(三) it names.

const P = params2022

function run<K extends Parameters<typeof evaluate>[0]>(
  kind: K,
  facts: Parameters<typeof evaluate<K>>[1],
  asOf: string,
  params: Partial<RuleParams> = {},
  granted: GrantRecord[] = [],
): Line[] {
  return evaluate(kind, facts, { asOf, params: { ...P, ...params }, granted })
}
const only = (lines: Line[], ruleId: string) => lines.filter((l) => l.ruleId === ruleId)
const one = (lines: Line[], ruleId: string) => {
  const found = only(lines, ruleId)
  if (found.length !== 1) throw new Error(`${found.length} lines for ${ruleId}`)
  return found[0]
}

let nextId = 1
function enrollment(over: Partial<EnrollmentFact> = {}): EnrollmentFact {
  return {
    enrollmentId: nextId++,
    laborerId: nextId++,
    poverty: 'poverty_alleviated',
    relocated: false,
    completed: true,
    attendedDays: 10,
    certificateTier: null,
    employedAfter: true,
    ...over,
  }
}
function course(over: Partial<CourseFact> = {}): CourseFact {
  return {
    courseId: nextId++,
    providerId: 1,
    evaluatorId: 2,
    occupation: '育婴师',
    days: 10,
    startDate: '2022-06-01',
    endDate: '2022-06-10',
    skillsProgram: true,
    centralized: true,
    enrollments: [],
    ...over,
  }
}
function laborer(over: Partial<LaborerFacts> = {}): LaborerFacts {
  return { laborerId: 7, poverty: 'poverty_alleviated', homeCountyCode: '140924', enrollments: [], placements: [], loans: [], businesses: [], ...over }
}
function placement(over: Partial<PlacementFact> = {}): PlacementFact {
  return {
    placementId: nextId++,
    laborerId: 7,
    poverty: 'poverty_alleviated',
    employerId: 3,
    intermediaryId: null,
    homeCountyCode: '140924',
    destinationCountyCode: null,
    startDate: '2022-03-01',
    endDate: null,
    contractMonths: 12,
    organized: true,
    travel: 'cross_province',
    ...over,
  }
}
function withCourse(e: EnrollmentFact, c: CourseFact) {
  const { enrollments: _ignored, ...rest } = c
  return { ...e, course: rest }
}
const provider = (courses: CourseFact[], providerId = 1): ProviderFacts => ({ providerId, courses })
const employer = (placements: PlacementFact[], over: Partial<EmployerFacts> = {}): EmployerFacts => ({
  employerId: 3,
  sizeClass: 'micro',
  placements,
  loans: [],
  ...over,
})
const poorCrew = (n: number, over: Partial<PlacementFact> = {}) =>
  Array.from({ length: n }, (_, i) => placement({ laborerId: 1000 + i, travel: 'none', startDate: '2022-01-10', ...over }))

t.test('①“每日15元生活费补贴”', async (t) => {
  const c = course({ days: 12, endDate: '2022-06-12' })
  const lines = run('laborer', laborer({ enrollments: [withCourse(enrollment({ attendedDays: 12 }), c)] }), '2022-06-20')
  t.match(one(lines, 'training-living-allowance'), { status: 'due', amount: 180, facts: { attendedDays: 12 } }, '12 days × 15 = 180')

  const ordinary = run('laborer', laborer({ poverty: 'ordinary', enrollments: [withCourse(enrollment(), c)] }), '2022-06-20')
  t.match(one(ordinary, 'training-living-allowance'), { status: 'not_eligible', amount: 0, reasons: [/脱贫劳动力/] }, '一般农户: not a 脱贫劳动力')

  const running = run('laborer', laborer({ enrollments: [withCourse(enrollment({ attendedDays: 5 }), c)] }), '2022-06-08')
  t.match(one(running, 'training-living-allowance'), { status: 'pending' }, '培训期间: the course is still running')
})

t.test('脱贫劳动力（含防返贫监测对象）: the monitored-laborer reading is a parameter', async (t) => {
  const c = course()
  const facts = laborer({ poverty: 'monitored', enrollments: [withCourse(enrollment({ attendedDays: 10 }), c)] })
  t.match(one(run('laborer', facts, '2022-07-01'), 'training-living-allowance'), { status: 'due', amount: 150 })
  t.match(one(run('laborer', facts, '2022-07-01', { povertyIncludesMonitored: false }), 'training-living-allowance'), {
    status: 'not_eligible',
  })
})

t.test('①“就业率达到80%以上…10天以内培训每人每天补贴150元”: exactly 10 days, exactly 80%', async (t) => {
  const c = course({ days: 10, enrollments: [...Array.from({ length: 4 }, () => enrollment()), enrollment({ employedAfter: false })] })
  const line = one(run('provider', provider([c]), '2022-07-01'), 'training-provider-subsidy')
  t.match(line, { status: 'due', amount: 7500, facts: { employmentRateBasisPoints: 8000, ratePerDay: 150, perPerson: 1500 } }, '5 × 10 × 150')
})

t.test('①“超过10天培训每人每天补贴100元”: 11 days', async (t) => {
  const c = course({ days: 11, endDate: '2022-06-11', enrollments: [enrollment(), enrollment()] })
  t.match(one(run('provider', provider([c]), '2022-07-01'), 'training-provider-subsidy'), { status: 'due', amount: 2200, facts: { perPerson: 1100 } })
})

t.test('①“补贴额度最高每人不超过4000元”: 40 days reaches the cap, 41 days is held to it', async (t) => {
  const forty = course({ days: 40, endDate: '2022-07-10', enrollments: [enrollment()] })
  const fortyOne = course({ days: 41, endDate: '2022-07-11', enrollments: [enrollment(), enrollment()] })
  const lines = only(run('provider', provider([forty, fortyOne]), '2022-08-01'), 'training-provider-subsidy')
  t.match(lines[0], { amount: 4000, facts: { perPerson: 4000 } })
  t.match(lines[1], { amount: 8000, facts: { perPerson: 4000 } }, '100 × 41 = 4100 → 4000 each')
})

t.test('①“就业率达到80%以上”: 3 of 4 is 75% — pending during follow-up, refused after', async (t) => {
  const c = course({ enrollments: [enrollment(), enrollment(), enrollment(), enrollment({ employedAfter: false })] })
  t.match(one(run('provider', provider([c]), '2022-07-01'), 'training-provider-subsidy'), { status: 'pending', amount: 0 })
  t.match(one(run('provider', provider([c]), '2022-12-01'), 'training-provider-subsidy'), {
    status: 'not_eligible',
    reasons: [/就业率达到80%以上/],
  })
})

t.test('①“集中组织培训后就业率”: the rate base reading (completed vs enrolled) is a parameter', async (t) => {
  // 6 poverty enrolled, 5 completed, 4 of them employed: 4/5 = 80% of completers, 4/6 of starters.
  const c = course({
    enrollments: [
      ...Array.from({ length: 4 }, () => enrollment()),
      enrollment({ employedAfter: false }),
      enrollment({ completed: false, employedAfter: false }),
    ],
  })
  t.match(one(run('provider', provider([c]), '2022-12-01'), 'training-provider-subsidy'), { status: 'due', amount: 7500 })
  t.match(one(run('provider', provider([c]), '2022-12-01', { employmentRateBase: 'enrolled' }), 'training-provider-subsidy'), {
    status: 'not_eligible',
    facts: { employmentRateBasisPoints: 6666 },
  })
})

t.test('①“对参加技能培训提升工程的脱贫劳动力”: other courses and other trainees do not count', async (t) => {
  const outside = course({ skillsProgram: false, enrollments: [enrollment()] })
  t.match(one(run('provider', provider([outside]), '2022-07-01'), 'training-provider-subsidy'), { status: 'not_eligible', reasons: [/技能培训提升工程/] })
  const mixed = course({ enrollments: [enrollment(), enrollment(), enrollment({ poverty: 'ordinary' }), enrollment({ poverty: 'ordinary', employedAfter: false })] })
  t.match(one(run('provider', provider([mixed]), '2022-07-01'), 'training-provider-subsidy'), {
    status: 'due',
    amount: 3000,
    facts: { povertyTrainees: 2, employmentRateBasisPoints: 10000 },
  }, 'only the 2 poverty trainees are paid for and counted')
})

t.test('①“可分别给予评价机构200元、400元、600元、800元的评价补贴”', async (t) => {
  const c = course({
    evaluatorId: 2,
    enrollments: [1, 2, 3, 4].map((tier) => enrollment({ certificateTier: tier as 1 | 2 | 3 | 4 })),
  })
  const lines = only(run('provider', provider([c], 2), '2022-07-01'), 'evaluation-subsidy')
  t.same(lines.map((l) => [l.status, l.amount]), [['due', 200], ['due', 400], ['due', 600], ['due', 800]])
  t.equal(only(run('provider', provider([c], 2), '2022-07-01'), 'training-provider-subsidy').length, 0, 'the evaluator did not train')
  const dropout = course({ enrollments: [enrollment({ completed: false, certificateTier: 2 })] })
  t.match(one(run('provider', provider([dropout], 2), '2022-07-01'), 'evaluation-subsidy'), { status: 'not_eligible', reasons: [/培训后/] })
})

t.test('①“对符合条件的搬迁劳动力，培训期间按规定给予交通费补贴”: no amount in the plan', async (t) => {
  const facts = laborer({ enrollments: [withCourse(enrollment({ relocated: true }), course())] })
  t.match(one(run('laborer', facts, '2022-07-01'), 'training-relocated-transport'), { status: 'pending', reasons: [/按规定/] })
  t.match(one(run('laborer', facts, '2022-07-01', { relocatedTrainingTransport: 60 }), 'training-relocated-transport'), { status: 'due', amount: 60 })
})

t.test('②“对当年跨省务工的，给予最高不超过800元的一次性交通补贴”', async (t) => {
  const lines = run('laborer', laborer({ placements: [placement()] }), '2022-05-01')
  t.match(one(lines, 'transport-cross-province'), { status: 'due', amount: 800, key: 'transport:7:2022' })
  const lastYear = run('laborer', laborer({ placements: [placement({ startDate: '2021-11-01' })] }), '2022-05-01')
  t.match(one(lastYear, 'transport-cross-province'), { status: 'not_eligible', reasons: [/当年/] })
  const twice = run('laborer', laborer({ placements: [placement(), placement({ startDate: '2022-08-01' })] }), '2022-09-01')
  t.same(only(twice, 'transport-cross-province').map((l) => l.status), ['due', 'not_eligible'], '一次性: two journeys, one payment')
})

t.test('②“通过有组织劳务输出到户籍所在县以外的省内用人单位就业的，给予不超过300元”', async (t) => {
  const ok = run('laborer', laborer({ placements: [placement({ travel: 'in_province', destinationCountyCode: '140902' })] }), '2022-05-01')
  t.match(one(ok, 'transport-in-province'), { status: 'due', amount: 300 })
  const home = run('laborer', laborer({ placements: [placement({ travel: 'in_province', destinationCountyCode: '140924' })] }), '2022-05-01')
  t.match(one(home, 'transport-in-province'), { status: 'not_eligible', reasons: [/户籍所在县以外/] })
  const self = run('laborer', laborer({ placements: [placement({ travel: 'in_province', organized: false })] }), '2022-05-01')
  t.match(one(self, 'transport-in-province'), { status: 'not_eligible', reasons: [/有组织/] })
})

t.test('② both transport subsidies could apply: one a year, which one is a parameter', async (t) => {
  const facts = laborer({
    placements: [placement({ travel: 'in_province', startDate: '2022-02-01' }), placement({ startDate: '2022-06-01' })],
  })
  const higher = run('laborer', facts, '2022-07-01')
  t.match(one(higher, 'transport-cross-province'), { status: 'due', amount: 800 })
  t.match(one(higher, 'transport-in-province'), { status: 'not_eligible', amount: 0 })
  const earlier = run('laborer', facts, '2022-07-01', { transportPreference: 'earlier' })
  t.match(one(earlier, 'transport-in-province'), { status: 'due', amount: 300 })
  t.match(one(earlier, 'transport-cross-province'), { status: 'not_eligible' })
  const afterGrant = run('laborer', facts, '2022-07-01', {}, [{ key: 'transport:7:2022', ruleId: 'transport-in-province', amount: 300 }])
  t.match(one(afterGrant, 'transport-in-province'), { status: 'granted', amount: 300 })
  t.match(one(afterGrant, 'transport-cross-province'), { status: 'not_eligible', reasons: [/已按 transport-in-province/] })
})

t.test('③“最高不超过30万元的创业担保贷款，财政部门按规定给予全额贴息”', async (t) => {
  const loan = { loanId: 1, kind: 'guarantee' as const, principal: 300_000, rateBasisPoints: 435, termMonths: 24, issuedOn: '2022-04-01' }
  const lines = run('laborer', laborer({ loans: [loan, { ...loan, loanId: 2, principal: 300_001 }] }), '2022-05-01')
  const [atCap, over] = only(lines, 'guarantee-loan-individual')
  t.match(atCap, { status: 'due', amount: 26_100, benefit: 'interest_subsidy' }, '300,000 × 4.35% × 2 years, all of it')
  t.match(over, { status: 'not_eligible', reasons: [/30万元/] })
})

t.test('③“对于自主创业符合条件的脱贫劳动力，提供小额信贷支持”', async (t) => {
  const loan = { loanId: 3, kind: 'microcredit' as const, principal: 50_000, rateBasisPoints: 0, termMonths: 36, issuedOn: '2022-04-01' }
  t.match(one(run('laborer', laborer({ loans: [loan] }), '2022-05-01'), 'microcredit'), { status: 'due', benefit: 'credit', cap: 50_000 })
  t.match(one(run('laborer', laborer({ poverty: 'ordinary', loans: [loan] }), '2022-05-01'), 'microcredit'), { status: 'not_eligible' })
})

t.test('④“自办理个体工商户登记当月起，在3年内按标准依次扣减”', async (t) => {
  const facts = laborer({ businesses: [{ businessId: 1, registeredOn: '2022-03-15', qualifies: true }] })
  t.match(one(run('laborer', facts, '2025-02-28'), 'tax-deduction-individual-business'), {
    status: 'due',
    facts: { windowFrom: '2022-03-01', windowUntil: '2025-02-28', annualCap: 14_400 },
  })
  t.match(one(run('laborer', facts, '2025-03-01'), 'tax-deduction-individual-business'), { status: 'not_eligible', reasons: [/3年内/] })
})

t.test('2②“对小微企业吸纳脱贫劳动力稳定就业半年以上的…每人不超过1000元”', async (t) => {
  const p = placement({ startDate: '2022-01-31', travel: 'none' })
  t.match(one(run('employer', employer([p]), '2022-07-30'), 'small-micro-employment-subsidy'), { status: 'pending', facts: { keptMonths: 5 } })
  t.match(one(run('employer', employer([p]), '2022-07-31'), 'small-micro-employment-subsidy'), { status: 'due', amount: 1000, facts: { keptMonths: 6 } })
  const left = placement({ startDate: '2022-01-31', endDate: '2022-06-30', travel: 'none' })
  t.match(one(run('employer', employer([left]), '2022-09-01'), 'small-micro-employment-subsidy'), { status: 'not_eligible', reasons: [/半年以上/] })
  t.match(one(run('employer', employer([p], { sizeClass: 'medium' }), '2022-09-01'), 'small-micro-employment-subsidy'), {
    status: 'not_eligible',
    reasons: [/小微企业/],
  })
})

t.test('2③“吸纳脱贫劳动力达到50人及以上…10万元的一次性奖励，同时不再重复享受一次性吸纳就业补助”', async (t) => {
  const fifty = employer([...poorCrew(50), placement({ laborerId: 5000, poverty: 'ordinary', travel: 'none' })])
  const lines = run('employer', fifty, '2022-08-01')
  t.match(one(lines, 'employer-reward-50'), { status: 'due', amount: 100_000, facts: { povertyLaborers: 50 } }, 'exactly 50')
  t.ok(only(lines, 'small-micro-employment-subsidy').every((l) => l.status === 'not_eligible' && l.amount === 0), 'per-person lines replaced')

  const fortyNine = run('employer', employer(poorCrew(49)), '2022-08-01')
  t.match(one(fortyNine, 'employer-reward-50'), { status: 'not_eligible', facts: { povertyLaborers: 49 } })
  t.equal(only(fortyNine, 'small-micro-employment-subsidy').filter((l) => l.status === 'due').length, 49)

  const paid = [1000, 1001].map((id) => ({ key: `small-micro:3:${id}`, ruleId: 'small-micro-employment-subsidy', amount: 1000 }))
  const netted = run('employer', fifty, '2022-08-01', {}, paid)
  t.match(one(netted, 'employer-reward-50'), { status: 'due', amount: 98_000, facts: { priorPerPersonGranted: 2000 } })
  t.match(one(run('employer', fifty, '2022-08-01', { rewardNetsPriorPerPerson: false }, paid), 'employer-reward-50'), { amount: 100_000 })
})

t.test('2⑤“吸纳脱贫劳动力10人及以上、实现6个月及以上稳定就业”', async (t) => {
  t.match(one(run('employer', employer(poorCrew(10)), '2022-07-10'), 'water-power-support'), { status: 'due', benefit: 'support' })
  t.match(one(run('employer', employer(poorCrew(10)), '2022-07-09'), 'water-power-support'), { status: 'not_eligible' }, 'six months not yet reached')
  t.match(one(run('employer', employer(poorCrew(9)), '2022-12-01'), 'water-power-support'), { status: 'not_eligible', facts: { povertyLaborersKept: 9 } })
})

t.test('2④“可申请不超过300万元的创业担保贷款，财政部门按规定给予全额贴息”', async (t) => {
  const loan = { loanId: 9, kind: 'guarantee' as const, principal: 3_000_000, rateBasisPoints: 365, termMonths: 12, issuedOn: '2022-04-01' }
  t.match(one(run('employer', employer([], { loans: [loan] }), '2022-05-01'), 'guarantee-loan-enterprise'), { status: 'due', amount: 109_500 })
})

t.test('2③“重点帮扶县…运营一年以上…入驻实体数量达到20户以上，吸纳脱贫劳动力就业达20人以上…最高不超过20万元”', async (t) => {
  const base: IncubationBaseFacts = {
    baseId: 1,
    countyCode: '140929',
    inKeyCounty: true,
    openedOn: '2021-06-01',
    operating: true,
    entities: 20,
    povertyEmployed: 20,
  }
  t.match(one(run('incubation_base', base, '2022-06-01'), 'incubation-base-reward'), { status: 'due', amount: 200_000 }, 'every threshold exactly met')
  t.match(one(run('incubation_base', base, '2022-05-31'), 'incubation-base-reward'), { status: 'not_eligible', reasons: [/一年以上/] })
  t.match(one(run('incubation_base', { ...base, entities: 19 }, '2022-06-01'), 'incubation-base-reward'), { status: 'not_eligible', reasons: [/20户/] })
  t.match(one(run('incubation_base', { ...base, inKeyCounty: false }, '2022-06-01'), 'incubation-base-reward'), {
    status: 'not_eligible',
    reasons: [/重点帮扶县/],
  })
})

t.test('3“签订一年以上劳动合同的，实现有组织省外劳务输出的市场主体，按每人800元”', async (t) => {
  const facts = (over: Partial<PlacementFact>, qualified = true): IntermediaryFacts => ({
    intermediaryId: 4,
    qualified,
    placements: [placement({ intermediaryId: 4, ...over })],
  })
  t.match(one(run('intermediary', facts({ contractMonths: 12 }), '2022-05-01'), 'intermediary-introduction'), { status: 'due', amount: 800 }, 'exactly one year')
  t.match(one(run('intermediary', facts({ contractMonths: 11 }), '2022-05-01'), 'intermediary-introduction'), { status: 'not_eligible' })
  t.match(one(run('intermediary', facts({ travel: 'in_province' }), '2022-05-01'), 'intermediary-introduction'), { status: 'not_eligible', reasons: [/省外/] })
  t.match(one(run('intermediary', facts({ organized: false }), '2022-05-01'), 'intermediary-introduction'), { status: 'not_eligible' })
  t.match(one(run('intermediary', facts({}, false), '2022-05-01'), 'intermediary-introduction'), { status: 'not_eligible', reasons: [/合法资质/] })
})

t.test('a key in the ledger shows as granted with the amount paid', async (t) => {
  const lines = run('laborer', laborer({ placements: [placement()] }), '2022-05-01', {}, [
    { key: 'transport:7:2022', ruleId: 'transport-cross-province', amount: 650 },
  ])
  t.match(one(lines, 'transport-cross-province'), { status: 'granted', amount: 650 })
})

t.test('readings as parameters: unknown workplace county, reward counting, introduction keying', async (t) => {
  const noCounty = laborer({ placements: [placement({ travel: 'in_province', destinationCountyCode: null })] })
  t.match(one(run('laborer', noCounty, '2022-05-01'), 'transport-in-province'), { status: 'due', amount: 300 })
  t.match(one(run('laborer', noCounty, '2022-05-01', { unknownCountyIsAway: false }), 'transport-in-province'), { status: 'not_eligible' })

  const newcomers = employer(poorCrew(50, { startDate: '2022-06-01' }))
  t.match(one(run('employer', newcomers, '2022-08-01'), 'employer-reward-50'), { status: 'due', facts: { povertyLaborers: 50 } })
  t.match(one(run('employer', newcomers, '2022-08-01', { rewardMinKeptMonths: 6 }), 'employer-reward-50'), {
    status: 'not_eligible',
    facts: { povertyLaborers: 0 },
  })

  const twice: IntermediaryFacts = {
    intermediaryId: 4,
    qualified: true,
    placements: [placement({ intermediaryId: 4, startDate: '2022-02-01' }), placement({ intermediaryId: 4, startDate: '2022-09-01' })],
  }
  t.same(only(run('intermediary', twice, '2022-10-01'), 'intermediary-introduction').map((l) => l.status), ['due', 'not_eligible'])
  t.same(
    only(run('intermediary', twice, '2022-10-01', { introductionOncePer: 'placement' }), 'intermediary-introduction').map((l) => l.status),
    ['due', 'due'],
  )
})
