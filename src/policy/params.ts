import { Type, type Static } from 'typebox'
import { Nullable } from '../http/schemas'

const Money = Type.Integer({ minimum: 0, maximum: 100_000_000, description: '元' })

/**
 * Every number of plan §二(三) and every reading of its ambiguous text, as one versioned
 * parameter set. The rules read nothing else, so a county that reads a sentence
 * differently (or a later year's plan) changes data, not code.
 */
export const RuleParams = Type.Object(
  {
    version: Type.String({ maxLength: 20 }),
    /**
     * Reading: §二(三) says 脱贫劳动力; §二(二) counts them "含防返贫监测对象". We read
     * the subsidy rules the same way, so monitored laborers qualify too.
     */
    povertyIncludesMonitored: Type.Boolean(),
    livingAllowancePerDay: Money,
    providerShortCourseMaxDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    providerRateShortPerDay: Money,
    providerRateLongPerDay: Money,
    providerCapPerPerson: Money,
    /** "就业率达到80%以上": 以上 includes the number itself, so exactly 80% qualifies. */
    providerMinEmploymentPercent: Type.Integer({ minimum: 0, maximum: 100 }),
    /**
     * Reading: the rate is employed ÷ poverty trainees who completed the course
     * ('completed'); 'enrolled' divides by everyone who started.
     */
    employmentRateBase: Type.Enum(['completed', 'enrolled']),
    /**
     * Reading: employment "after training" is known only some time after the course; below
     * the threshold the provider subsidy stays pending this many days after the course ends,
     * then is refused.
     */
    employmentFollowUpDays: Type.Integer({ minimum: 0, maximum: 730 }),
    /** 200/400/600/800 元 for certificate tiers 1–4 (初级/中级/高级/技师). */
    evaluationByTier: Type.Tuple([Money, Money, Money, Money]),
    /** "按规定给予交通费补贴": the plan names no amount; null leaves such lines pending until the county sets one (元 per course). */
    relocatedTrainingTransport: Nullable(Money),
    transportCrossProvince: Money,
    transportInProvince: Money,
    /**
     * Reading: both transport subsidies are 一次性, so a laborer gets one of them per year.
     * When both could apply, 'higher' pays the cross-province one (the plan's stated aim is
     * 鼓励外出务工); 'earlier' pays the one whose journey came first.
     */
    transportPreference: Type.Enum(['higher', 'earlier']),
    /**
     * Reading: a workplace whose county is not recorded (postings that name only a province
     * or city) counts as outside the home county, since in-province travel is only recorded
     * for work away from home; false refuses such lines.
     */
    unknownCountyIsAway: Type.Boolean(),
    guaranteeLoanCapIndividual: Money,
    guaranteeLoanCapEnterprise: Money,
    /** Not in the plan: 扶贫小额信贷 lends up to 50,000 元 by national practice. */
    microcreditCap: Money,
    taxDeductionYears: Type.Integer({ minimum: 0, maximum: 50 }),
    /**
     * Not in the plan ("按标准"): 财税〔2019〕22号 sets 12,000 元 a household a year and lets
     * provinces raise it by 20%; 14,400 is the raised figure. Shown beside the line.
     */
    taxDeductionAnnualCap: Money,
    /** "稳定就业半年以上": kept at least this many calendar months. */
    keptMonths: Type.Integer({ minimum: 0, maximum: 600 }),
    smallMicroPerPerson: Money,
    rewardMinPovertyLaborers: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    /** Reading: "吸纳" counts anyone taken on (0); a county may require them kept this many months. */
    rewardMinKeptMonths: Type.Integer({ minimum: 0, maximum: 120 }),
    rewardAmount: Money,
    /**
     * Reading of "同时不再重复享受一次性吸纳就业补助": once the reward is due, per-person
     * lines not yet paid are refused, and per-person subsidies already paid that year are
     * deducted from the reward (false: the reward is paid in full on top of them).
     */
    rewardNetsPriorPerPerson: Type.Boolean(),
    incubationMinYears: Type.Integer({ minimum: 0, maximum: 50 }),
    incubationMinEntities: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    incubationMinPovertyEmployed: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    incubationAmount: Money,
    waterPowerMinLaborers: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    intermediaryPerPerson: Money,
    /** "签订一年以上劳动合同": 以上 includes one year, i.e. ≥ 12 months. */
    intermediaryMinContractMonths: Type.Integer({ minimum: 0, maximum: 600 }),
    /**
     * Reading of "按每人800元": once per laborer per year whoever introduced them
     * ('laborer_year'), or once per placement ('placement').
     */
    introductionOncePer: Type.Enum(['laborer_year', 'placement']),
  },
  { additionalProperties: false },
)
export type RuleParams = Static<typeof RuleParams>

export const params2022: RuleParams = {
  version: '2022',
  povertyIncludesMonitored: true,
  livingAllowancePerDay: 15,
  providerShortCourseMaxDays: 10,
  providerRateShortPerDay: 150,
  providerRateLongPerDay: 100,
  providerCapPerPerson: 4000,
  providerMinEmploymentPercent: 80,
  employmentRateBase: 'completed',
  employmentFollowUpDays: 90,
  evaluationByTier: [200, 400, 600, 800],
  relocatedTrainingTransport: null,
  transportCrossProvince: 800,
  transportInProvince: 300,
  transportPreference: 'higher',
  unknownCountyIsAway: true,
  guaranteeLoanCapIndividual: 300_000,
  guaranteeLoanCapEnterprise: 3_000_000,
  microcreditCap: 50_000,
  taxDeductionYears: 3,
  taxDeductionAnnualCap: 14_400,
  keptMonths: 6,
  smallMicroPerPerson: 1000,
  rewardMinPovertyLaborers: 50,
  rewardMinKeptMonths: 0,
  rewardAmount: 100_000,
  rewardNetsPriorPerPerson: true,
  incubationMinYears: 1,
  incubationMinEntities: 20,
  incubationMinPovertyEmployed: 20,
  incubationAmount: 200_000,
  waterPowerMinLaborers: 10,
  intermediaryPerPerson: 800,
  intermediaryMinContractMonths: 12,
  introductionOncePer: 'laborer_year',
}
