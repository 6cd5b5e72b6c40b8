import type { PovertyStatus } from '../laborers/schema'
import { addDays, addMonths, monthsBetween } from '../calendar'
import type { BeneficiaryKind, FactsOf, LoanFact, PlacementFact } from './facts'
import type { RuleParams } from './params'

export type Benefit = 'cash' | 'interest_subsidy' | 'tax_deduction' | 'credit' | 'support'
export type FactValue = number | string | boolean | null
export type SubjectFacts = Record<string, FactValue>

/** One test a subject's facts must pass; `says` is the plan's words it checks. */
export interface Condition {
  fact: string
  op: 'is' | 'gte' | 'lte' | 'in'
  value: FactValue | readonly FactValue[]
  says: string
  /** While this fact is true the condition may still become true: the line is pending, not refused. */
  pendingWhile?: string
}

export interface Subject {
  /** Identifies the facts paid for; the ledger refuses a second payment under the same key. */
  key: string
  facts: SubjectFacts
}

export interface EvaluationContext {
  asOf: string
  year: number
}

export interface Rule<K extends BeneficiaryKind = BeneficiaryKind> {
  id: string
  /** Where in the plan: 二(三)1① … */
  section: string
  /** The plan's sentence this rule implements, verbatim. */
  wording: string
  beneficiary: K
  benefit: Benefit
  /** Most the rule pays per subject (元); null when it pays no money or the plan names no amount. */
  cap: number | null
  /** How ambiguous words of the sentence are read here (and which parameter holds the choice). */
  readings: string[]
  subjects(facts: FactsOf[K], context: EvaluationContext): Subject[]
  conditions: Condition[]
  /** 元 due when every condition holds; null when the plan leaves the amount to other rules. */
  amount(facts: SubjectFacts): number | null
  /** Lines of these rules are refused once this rule's line is due or granted. */
  replaces?: string[]
  /** Deduct what the replaced rules already paid from this rule's amount. */
  netOfReplaced?: boolean
}

type AnyRule = { [K in BeneficiaryKind]: Rule<K> }[BeneficiaryKind]

const W = {
  living: '对脱贫劳动力在培训期间按规定给予每日15元生活费补贴。',
  provider:
    '对参加技能培训提升工程的脱贫劳动力，集中组织培训后就业率达到80%以上的，按照10天以内培训每人每天补贴150元、超过10天培训每人每天补贴100元，补贴额度最高每人不超过4000元的标准给予培训主体培训补贴。',
  evaluation: '培训后取得相应等级证书的，根据取证类别，可分别给予评价机构200元、400元、600元、800元的评价补贴；',
  relocated: '对符合条件的搬迁劳动力，培训期间按规定给予交通费补贴。',
  crossProvince: '鼓励脱贫劳动力外出务工就业，对当年跨省务工的，给予最高不超过800元的一次性交通补贴。',
  inProvince: '通过有组织劳务输出到户籍所在县以外的省内用人单位就业的，给予不超过300元的一次性交通补贴，由衔接推进乡村振兴补助资金列支。',
  loanIndividual: '对符合创业担保贷款申请条件的个人，可申请最高不超过30万元的创业担保贷款，财政部门按规定给予全额贴息。',
  microcredit: '对于自主创业符合条件的脱贫劳动力，提供小额信贷支持。',
  tax: '对于从事个体经营，符合享受重点群体创业税收优惠政策条件的脱贫劳动力，自办理个体工商户登记当月起，在3年内按标准依次扣减其当年实际应缴纳的增值税、城市维护建设税、教育费附加、地方教育附加和个人所得税。',
  smallMicro: '对小微企业吸纳脱贫劳动力稳定就业半年以上的，根据吸纳就业人数给予一次性就业补助，补助标准每人不超过1000元。',
  reward: '对吸纳脱贫劳动力达到50人及以上的各类经营主体，可给予10万元的一次性奖励，同时不再重复享受一次性吸纳就业补助。',
  incubation:
    '对在乡村振兴重点帮扶县建设且正常运营一年以上的创业孵化基地，创业园区等创业载体，入驻实体数量达到20户以上，吸纳脱贫劳动力就业达20人以上的，对每个创业载体给予最高不超过20万元的一次性奖励，可从衔接推进乡村振兴补助资金列支。',
  loanEnterprise: '对符合创业担保贷款申请条件的企业，可申请不超过300万元的创业担保贷款，财政部门按规定给予全额贴息。',
  waterPower: '对吸纳脱贫劳动力10人及以上、实现6个月及以上稳定就业的各类经营主体，鼓励供水、供电部门在用水、用电等方面给予支持。',
  intermediary: '对介绍脱贫劳动力到省外就业，输出的劳动力签订一年以上劳动合同的，实现有组织省外劳务输出的市场主体，按每人800元给予职业介绍补贴。',
} as const

/** Full interest of a loan over its term, in whole 元 (全额贴息 pays all of it). */
export function loanInterest(loan: LoanFact): number {
  return Math.round((loan.principal * loan.rateBasisPoints * loan.termMonths) / (10_000 * 12))
}

/**
 * The rules of plan §二(三) for one parameter set. Each rule lists its subjects (an
 * enrollment, a placement, a course, a loan …) with the facts it reads, the conditions
 * as data, and the amount; `evaluate.ts` applies them the same way for every rule.
 */
export function rules2022(p: RuleParams): AnyRule[] {
  const isPoverty = (status: PovertyStatus) =>
    status === 'poverty_alleviated' || (p.povertyIncludesMonitored && status === 'monitored')
  const povertySays = p.povertyIncludesMonitored ? '脱贫劳动力（含防返贫监测对象）' : '脱贫劳动力'
  const inYear = (date: string, year: number) => date.startsWith(`${year}-`)
  const keptMonths = (pl: PlacementFact, asOf: string) => monthsBetween(pl.startDate, pl.endDate && pl.endDate < asOf ? pl.endDate : asOf)
  const stillEmployed = (pl: PlacementFact, asOf: string) => pl.startDate <= asOf && (pl.endDate === null || pl.endDate > asOf)
  const keptLongEnough = (pl: PlacementFact, asOf: string) => keptMonths(pl, asOf) >= p.keptMonths
  const loanSubjects = (loans: LoanFact[], owner: string) =>
    loans
      .filter((l) => l.kind === 'guarantee')
      .map((l) => ({
        key: `loan-interest:${owner}:${l.loanId}`,
        facts: { loanId: l.loanId, principal: l.principal, rateBasisPoints: l.rateBasisPoints, termMonths: l.termMonths, interest: loanInterest(l) },
      }))

  return [
    {
      id: 'training-living-allowance',
      section: '二(三)1①',
      wording: W.living,
      beneficiary: 'laborer',
      benefit: 'cash',
      cap: null,
      readings: [
        '每日: paid per day attended (attendedDays), once the course is over.',
        '脱贫劳动力 includes 防返贫监测对象 (povertyIncludesMonitored).',
      ],
      subjects: (f, { asOf }) =>
        f.enrollments.map((e) => ({
          key: `living-allowance:${e.enrollmentId}`,
          facts: {
            enrollmentId: e.enrollmentId,
            courseId: e.course.courseId,
            poverty: isPoverty(f.poverty),
            attendedDays: e.attendedDays,
            courseEnded: e.course.endDate < asOf,
            courseRunning: e.course.endDate >= asOf,
          },
        })),
      conditions: [
        { fact: 'poverty', op: 'is', value: true, says: povertySays },
        { fact: 'courseEnded', op: 'is', value: true, says: '培训期间 (paid once the course is over)', pendingWhile: 'courseRunning' },
        { fact: 'attendedDays', op: 'gte', value: 1, says: '每日 (days attended)' },
      ],
      amount: (s) => p.livingAllowancePerDay * (s.attendedDays as number),
    },
    {
      id: 'training-relocated-transport',
      section: '二(三)1①',
      wording: W.relocated,
      beneficiary: 'laborer',
      benefit: 'cash',
      cap: p.relocatedTrainingTransport,
      readings: [
        '按规定: the plan names no amount; relocatedTrainingTransport (元 per course) is null until the county sets it, and the line stays pending.',
      ],
      subjects: (f, { asOf }) =>
        f.enrollments
          .filter((e) => e.relocated)
          .map((e) => ({
            key: `relocated-transport:${e.enrollmentId}`,
            facts: { enrollmentId: e.enrollmentId, relocated: true, attendedDays: e.attendedDays, courseRunning: e.course.endDate >= asOf },
          })),
      conditions: [
        { fact: 'relocated', op: 'is', value: true, says: '符合条件的搬迁劳动力' },
        { fact: 'attendedDays', op: 'gte', value: 1, says: '培训期间', pendingWhile: 'courseRunning' },
      ],
      amount: () => p.relocatedTrainingTransport,
    },
    {
      id: 'training-provider-subsidy',
      section: '二(三)1①',
      wording: W.provider,
      beneficiary: 'provider',
      benefit: 'cash',
      cap: p.providerCapPerPerson,
      readings: [
        '以上 includes the number: exactly 80% qualifies (providerMinEmploymentPercent).',
        '10天以内 includes 10 days (providerShortCourseMaxDays); the day rate applies to every day of the course.',
        'Paid per poverty trainee who completed the course; the rate divides the employed by completers (employmentRateBase).',
        'Below the rate the line stays pending for employmentFollowUpDays after the course, then is refused.',
      ],
      subjects: (f, { asOf }) =>
        f.courses
          .filter((c) => c.providerId === f.providerId)
          .map((c) => {
            const poor = c.enrollments.filter((e) => isPoverty(e.poverty))
            const trainees = poor.filter((e) => e.completed)
            const base = p.employmentRateBase === 'completed' ? trainees : poor
            const employed = base.filter((e) => e.employedAfter).length
            const perDay = c.days <= p.providerShortCourseMaxDays ? p.providerRateShortPerDay : p.providerRateLongPerDay
            return {
              key: `provider-training:${c.courseId}`,
              facts: {
                courseId: c.courseId,
                days: c.days,
                skillsProgram: c.skillsProgram,
                centralized: c.centralized,
                courseEnded: c.endDate < asOf,
                courseRunning: c.endDate >= asOf,
                povertyTrainees: trainees.length,
                employed,
                rateBase: base.length,
                // Integer percent ×100 keeps "exactly 80%" exact: 4 of 5 is 8000.
                employmentRateBasisPoints: base.length === 0 ? 0 : Math.floor((employed * 10_000) / base.length),
                withinFollowUp: c.endDate >= asOf || addDays(c.endDate, p.employmentFollowUpDays) >= asOf,
                ratePerDay: perDay,
                perPerson: Math.min(perDay * c.days, p.providerCapPerPerson),
              },
            }
          }),
      conditions: [
        { fact: 'skillsProgram', op: 'is', value: true, says: '参加技能培训提升工程' },
        { fact: 'centralized', op: 'is', value: true, says: '集中组织培训' },
        { fact: 'courseEnded', op: 'is', value: true, says: '培训后', pendingWhile: 'courseRunning' },
        { fact: 'povertyTrainees', op: 'gte', value: 1, says: `${povertySays}参加培训` },
        {
          fact: 'employmentRateBasisPoints',
          op: 'gte',
          value: p.providerMinEmploymentPercent * 100,
          says: `就业率达到${p.providerMinEmploymentPercent}%以上`,
          pendingWhile: 'withinFollowUp',
        },
      ],
      amount: (s) => (s.perPerson as number) * (s.povertyTrainees as number),
    },
    {
      id: 'evaluation-subsidy',
      section: '二(三)1①',
      wording: W.evaluation,
      beneficiary: 'provider',
      benefit: 'cash',
      cap: Math.max(...p.evaluationByTier),
      readings: [
        '取证类别 → certificate tiers 1–4 (初级/中级/高级/技师及以上) → 200/400/600/800 (evaluationByTier); paid to the course’s evaluation body.',
      ],
      subjects: (f) =>
        f.courses
          .filter((c) => c.evaluatorId === f.providerId)
          .flatMap((c) =>
            c.enrollments
              .filter((e) => e.certificateTier !== null)
              .map((e) => ({
                key: `evaluation:${e.enrollmentId}`,
                facts: {
                  courseId: c.courseId,
                  enrollmentId: e.enrollmentId,
                  laborerId: e.laborerId,
                  poverty: isPoverty(e.poverty),
                  completed: e.completed,
                  certificateTier: e.certificateTier,
                },
              })),
          ),
      conditions: [
        { fact: 'poverty', op: 'is', value: true, says: povertySays },
        { fact: 'completed', op: 'is', value: true, says: '培训后' },
        { fact: 'certificateTier', op: 'in', value: [1, 2, 3, 4], says: '取得相应等级证书' },
      ],
      amount: (s) => p.evaluationByTier[(s.certificateTier as number) - 1],
    },
    {
      id: 'transport-cross-province',
      section: '二(三)1②',
      wording: W.crossProvince,
      beneficiary: 'laborer',
      benefit: 'cash',
      cap: p.transportCrossProvince,
      readings: [
        '当年: the journey (placement start) falls in the subsidy year; the cap is paid as the one-off amount (transportCrossProvince).',
        '一次性 with the in-province subsidy: one transport subsidy per laborer per year; transportPreference decides which when both apply.',
        'Work the laborer found (自主就业, an employment record of form 省外务工) counts once a township has verified it; pending until then.',
      ],
      subjects: (f, { year }) => [
        ...f.placements
          .filter((pl) => pl.travel === 'cross_province')
          .map((pl) => ({
            key: `transport:${f.laborerId}:${year}`,
            facts: { placementId: pl.placementId, poverty: isPoverty(f.poverty), startDate: pl.startDate, inYear: inYear(pl.startDate, year), verified: true, awaitingVerification: false },
          })),
        ...(f.selfFoundJobs ?? [])
          .filter((j) => j.form === 'cross_province')
          .map((j) => ({
            key: `transport:${f.laborerId}:${year}`,
            facts: { recordId: j.recordId, selfFound: true, poverty: isPoverty(f.poverty), startDate: j.startDate, inYear: inYear(j.startDate, year), verified: j.verified, awaitingVerification: !j.verified },
          })),
      ],
      conditions: [
        { fact: 'poverty', op: 'is', value: true, says: povertySays },
        { fact: 'inYear', op: 'is', value: true, says: '当年跨省务工' },
        { fact: 'verified', op: 'is', value: true, says: '自主就业经乡镇（街道）核实', pendingWhile: 'awaitingVerification' },
      ],
      amount: () => p.transportCrossProvince,
    },
    {
      id: 'transport-in-province',
      section: '二(三)1②',
      wording: W.inProvince,
      beneficiary: 'laborer',
      benefit: 'cash',
      cap: p.transportInProvince,
      readings: [
        'A workplace with no county recorded counts as outside the home county (unknownCountyIsAway).',
        'Shares its key with the cross-province subsidy: one per laborer per year.',
        'Work the laborer found (自主就业, form 省内县外务工) is evaluated once verified, and refused: it was not 有组织劳务输出.',
      ],
      subjects: (f, { year }) => [
        ...f.placements
          .filter((pl) => pl.travel === 'in_province')
          .map((pl) => ({
            key: `transport:${f.laborerId}:${year}`,
            facts: {
              placementId: pl.placementId,
              poverty: isPoverty(f.poverty),
              organized: pl.organized,
              outsideHomeCounty: pl.destinationCountyCode === null ? p.unknownCountyIsAway : pl.destinationCountyCode !== f.homeCountyCode,
              startDate: pl.startDate,
              inYear: inYear(pl.startDate, year),
              verified: true,
              awaitingVerification: false,
            },
          })),
        // Found by the laborer: evaluated like a placement; not organized by the service, so
        // the plan's 有组织劳务输出 refuses it (the line says so).
        ...(f.selfFoundJobs ?? [])
          .filter((j) => j.form === 'in_province')
          .map((j) => ({
            key: `transport:${f.laborerId}:${year}`,
            facts: {
              recordId: j.recordId,
              selfFound: true,
              poverty: isPoverty(f.poverty),
              organized: false,
              outsideHomeCounty: j.placeCode === null || j.placeCode.length < 6 ? p.unknownCountyIsAway : !j.placeCode.startsWith(f.homeCountyCode),
              startDate: j.startDate,
              inYear: inYear(j.startDate, year),
              verified: j.verified,
              awaitingVerification: !j.verified,
            },
          })),
      ],
      conditions: [
        { fact: 'poverty', op: 'is', value: true, says: povertySays },
        { fact: 'verified', op: 'is', value: true, says: '自主就业经乡镇（街道）核实', pendingWhile: 'awaitingVerification' },
        { fact: 'organized', op: 'is', value: true, says: '通过有组织劳务输出' },
        { fact: 'outsideHomeCounty', op: 'is', value: true, says: '户籍所在县以外的省内用人单位' },
        { fact: 'inYear', op: 'is', value: true, says: '一次性 (in the subsidy year)' },
      ],
      amount: () => p.transportInProvince,
    },
    {
      id: 'guarantee-loan-individual',
      section: '二(三)1③',
      wording: W.loanIndividual,
      beneficiary: 'laborer',
      benefit: 'interest_subsidy',
      cap: null,
      readings: [
        'A loan above the cap is not a qualifying guarantee loan (no partial interest subsidy).',
        '全额贴息: the whole interest over the term, principal × rate × term.',
      ],
      subjects: (f) => loanSubjects(f.loans, `laborer:${f.laborerId}`),
      conditions: [{ fact: 'principal', op: 'lte', value: p.guaranteeLoanCapIndividual, says: '最高不超过30万元的创业担保贷款' }],
      amount: (s) => s.interest as number,
    },
    {
      id: 'microcredit',
      section: '二(三)1③',
      wording: W.microcredit,
      beneficiary: 'laborer',
      benefit: 'credit',
      cap: p.microcreditCap,
      readings: [
        'The plan names no amount; microcreditCap (50,000 元, national 扶贫小额信贷 practice) bounds what counts as 小额; the line records eligibility, not a payment.',
      ],
      subjects: (f) =>
        f.loans
          .filter((l) => l.kind === 'microcredit')
          .map((l) => ({
            key: `microcredit:${f.laborerId}:${l.loanId}`,
            facts: { loanId: l.loanId, poverty: isPoverty(f.poverty), principal: l.principal },
          })),
      conditions: [
        { fact: 'poverty', op: 'is', value: true, says: povertySays },
        { fact: 'principal', op: 'lte', value: p.microcreditCap, says: '小额信贷' },
      ],
      amount: () => 0,
    },
    {
      id: 'tax-deduction-individual-business',
      section: '二(三)1④',
      wording: W.tax,
      beneficiary: 'laborer',
      benefit: 'tax_deduction',
      cap: p.taxDeductionAnnualCap,
      readings: [
        '3年内 runs 36 calendar months from the first day of the registration month (taxDeductionYears).',
        '按标准: taxDeductionAnnualCap is shown, the deduction itself is the tax office’s.',
      ],
      subjects: (f, { asOf }) =>
        f.businesses.map((b) => {
          const from = `${b.registeredOn.slice(0, 7)}-01`
          const until = addDays(addMonths(from, p.taxDeductionYears * 12), -1)
          return {
            key: `tax-deduction:${f.laborerId}:${b.businessId}`,
            facts: {
              businessId: b.businessId,
              poverty: isPoverty(f.poverty),
              qualifies: b.qualifies,
              windowFrom: from,
              windowUntil: until,
              withinWindow: asOf <= until,
              annualCap: p.taxDeductionAnnualCap,
            },
          }
        }),
      conditions: [
        { fact: 'poverty', op: 'is', value: true, says: povertySays },
        { fact: 'qualifies', op: 'is', value: true, says: '符合享受重点群体创业税收优惠政策条件' },
        { fact: 'withinWindow', op: 'is', value: true, says: '自办理个体工商户登记当月起，在3年内' },
      ],
      amount: () => 0,
    },
    {
      id: 'small-micro-employment-subsidy',
      section: '二(三)2②',
      wording: W.smallMicro,
      beneficiary: 'employer',
      benefit: 'cash',
      cap: p.smallMicroPerPerson,
      readings: [
        '半年以上 is at least keptMonths (6) calendar months from the start date, until the end date or today.',
        '一次性: once per employer and laborer; the amount is the cap (smallMicroPerPerson).',
      ],
      subjects: (f, { asOf }) =>
        f.placements
          .filter((pl) => pl.startDate <= asOf)
          .map((pl) => ({
            key: `small-micro:${f.employerId}:${pl.laborerId}`,
            facts: {
              placementId: pl.placementId,
              laborerId: pl.laborerId,
              sizeClass: f.sizeClass,
              poverty: isPoverty(pl.poverty),
              keptMonths: keptMonths(pl, asOf),
              stillEmployed: stillEmployed(pl, asOf),
            },
          })),
      conditions: [
        { fact: 'sizeClass', op: 'in', value: ['micro', 'small'], says: '小微企业' },
        { fact: 'poverty', op: 'is', value: true, says: povertySays },
        { fact: 'keptMonths', op: 'gte', value: p.keptMonths, says: '稳定就业半年以上', pendingWhile: 'stillEmployed' },
      ],
      amount: () => p.smallMicroPerPerson,
    },
    {
      id: 'employer-reward-50',
      section: '二(三)2③',
      wording: W.reward,
      beneficiary: 'employer',
      benefit: 'cash',
      cap: p.rewardAmount,
      readings: [
        '吸纳 counts each poverty laborer once who has been taken on by the day of evaluation and kept rewardMinKeptMonths (0: however long they stayed).',
        '不再重复享受: once due, per-person lines not yet paid are refused; rewardNetsPriorPerPerson deducts those already paid.',
      ],
      subjects: (f, { asOf }) => [
        {
          key: `employer-reward:${f.employerId}`,
          facts: {
            povertyLaborers: new Set(
              f.placements
                .filter((pl) => isPoverty(pl.poverty) && pl.startDate <= asOf && keptMonths(pl, asOf) >= p.rewardMinKeptMonths)
                .map((pl) => pl.laborerId),
            ).size,
          },
        },
      ],
      conditions: [{ fact: 'povertyLaborers', op: 'gte', value: p.rewardMinPovertyLaborers, says: '吸纳脱贫劳动力达到50人及以上' }],
      amount: () => p.rewardAmount,
      replaces: ['small-micro-employment-subsidy'],
      netOfReplaced: p.rewardNetsPriorPerPerson,
    },
    {
      id: 'water-power-support',
      section: '二(三)2⑤',
      wording: W.waterPower,
      beneficiary: 'employer',
      benefit: 'support',
      cap: null,
      readings: [
        'A support flag for the water and power companies, not a payment: granting records that the referral was made.',
      ],
      subjects: (f, { asOf }) => [
        {
          key: `water-power:${f.employerId}`,
          facts: {
            povertyLaborersKept: new Set(
              f.placements.filter((pl) => isPoverty(pl.poverty) && keptLongEnough(pl, asOf)).map((pl) => pl.laborerId),
            ).size,
          },
        },
      ],
      conditions: [
        { fact: 'povertyLaborersKept', op: 'gte', value: p.waterPowerMinLaborers, says: '吸纳脱贫劳动力10人及以上、实现6个月及以上稳定就业' },
      ],
      amount: () => 0,
    },
    {
      id: 'guarantee-loan-enterprise',
      section: '二(三)2④',
      wording: W.loanEnterprise,
      beneficiary: 'employer',
      benefit: 'interest_subsidy',
      cap: null,
      readings: [
        'As for individuals, with guaranteeLoanCapEnterprise.',
      ],
      subjects: (f) => loanSubjects(f.loans, `employer:${f.employerId}`),
      conditions: [{ fact: 'principal', op: 'lte', value: p.guaranteeLoanCapEnterprise, says: '不超过300万元的创业担保贷款' }],
      amount: (s) => s.interest as number,
    },
    {
      id: 'incubation-base-reward',
      section: '二(三)2③',
      wording: W.incubation,
      beneficiary: 'incubation_base',
      benefit: 'cash',
      cap: p.incubationAmount,
      readings: [
        '乡村振兴重点帮扶县 is the province’s designation, kept as data (PUT /subsidies/key-counties).',
        'The cap is paid as the amount (incubationAmount).',
      ],
      subjects: (f, { asOf }) => [
        {
          key: `incubation:${f.baseId}`,
          facts: {
            countyCode: f.countyCode,
            inKeyCounty: f.inKeyCounty,
            operating: f.operating,
            operatingMonths: monthsBetween(f.openedOn, asOf),
            entities: f.entities,
            povertyEmployed: f.povertyEmployed,
          },
        },
      ],
      conditions: [
        { fact: 'inKeyCounty', op: 'is', value: true, says: '在乡村振兴重点帮扶县建设' },
        { fact: 'operating', op: 'is', value: true, says: '正常运营' },
        { fact: 'operatingMonths', op: 'gte', value: p.incubationMinYears * 12, says: '正常运营一年以上' },
        { fact: 'entities', op: 'gte', value: p.incubationMinEntities, says: '入驻实体数量达到20户以上' },
        { fact: 'povertyEmployed', op: 'gte', value: p.incubationMinPovertyEmployed, says: '吸纳脱贫劳动力就业达20人以上' },
      ],
      amount: () => p.incubationAmount,
    },
    {
      id: 'intermediary-introduction',
      section: '二(三)3',
      wording: W.intermediary,
      beneficiary: 'intermediary',
      benefit: 'cash',
      cap: p.intermediaryPerPerson,
      readings: [
        '一年以上 includes one year: contractMonths ≥ 12 (intermediaryMinContractMonths).',
        'One introduction subsidy per laborer per year, whoever introduced them (introductionOncePer).',
      ],
      subjects: (f) =>
        f.placements.map((pl) => ({
          key: p.introductionOncePer === 'placement' ? `introduction:placement:${pl.placementId}` : `introduction:${pl.laborerId}:${pl.startDate.slice(0, 4)}`,
          facts: {
            placementId: pl.placementId,
            laborerId: pl.laborerId,
            qualified: f.qualified,
            poverty: isPoverty(pl.poverty),
            crossProvince: pl.travel === 'cross_province',
            organized: pl.organized,
            contractMonths: pl.contractMonths,
          },
        })),
      conditions: [
        { fact: 'qualified', op: 'is', value: true, says: '具有合法资质的经营性人力资源服务企业…经认定的劳务经纪人' },
        { fact: 'poverty', op: 'is', value: true, says: '介绍脱贫劳动力' },
        { fact: 'crossProvince', op: 'is', value: true, says: '到省外就业' },
        { fact: 'organized', op: 'is', value: true, says: '实现有组织省外劳务输出' },
        { fact: 'contractMonths', op: 'gte', value: p.intermediaryMinContractMonths, says: '签订一年以上劳动合同' },
      ],
      amount: () => p.intermediaryPerPerson,
    },
  ]
}

