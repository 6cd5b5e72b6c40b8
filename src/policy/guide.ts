import { params2022, type RuleParams } from './params'
import { rules2022 } from './rules-2022'

export interface SubsidyGuideItem {
  /** The rule it explains (`rules-2022.ts`). */
  ruleId: string
  /** A few words: 路费补贴. */
  title: string
  /** One or two plain sentences, amounts from the rule parameters in force. */
  text: string
}

const yuan = (n: number) => `${n.toLocaleString('zh-CN')} 元`

/** Plain words for each laborer rule; a rule with no wording here is left out of the kiosk panel. */
const plain: Record<string, (p: RuleParams) => { title: string; text: string } | null> = {
  'training-living-allowance': (p) => ({
    title: '培训生活补贴',
    text: `脱贫家庭的劳动力参加政府组织的技能培训，培训期间每天补 ${yuan(p.livingAllowancePerDay)}生活费，培训结束后发。`,
  }),
  'evaluation-subsidy': (p) => ({
    title: '考证补贴',
    text: `参加培训后考到职业技能证书，按证书等级给评价机构补贴 ${p.evaluationByTier.map(yuan).join('、')}，您自己不用出考证的钱。`,
  }),
  'transport-cross-province': (p) => ({
    title: '出省打工路费补贴',
    text: `脱贫家庭的劳动力当年到外省打工，一年可以领一次路费补贴，最多 ${yuan(p.transportCrossProvince)}。`,
  }),
  'transport-in-province': (p) => ({
    title: '省内外县打工路费补贴',
    text: `跟着政府组织到省内、本县以外的单位打工，一年可以领一次路费补贴，最多 ${yuan(p.transportInProvince)}（和出省路费补贴只能领一个）。`,
  }),
  'guarantee-loan-individual': (p) => ({
    title: '创业担保贷款',
    text: `自己创业可以申请创业担保贷款，最多 ${yuan(p.guaranteeLoanCapIndividual)}，政府帮着贴利息。`,
  }),
  microcredit: (p) => ({
    title: '小额信贷',
    text: `脱贫家庭发展生产可以申请小额信贷，最多 ${yuan(p.microcreditCap)}。`,
  }),
  'tax-deduction-individual-business': (p) => ({
    title: '开店减税',
    text: `脱贫人口开个体户，${p.taxDeductionYears} 年内每年最多少交 ${yuan(p.taxDeductionAnnualCap)}税。`,
  }),
  'training-relocated-transport': () => ({
    title: '搬迁户培训交通补贴',
    text: '易地搬迁的家庭参加培训，按县里的规定补交通费。',
  }),
}

/** A rule's name in a few Chinese words (路费补贴), for rolls and sheets; the rule id when none is written. */
export function ruleTitle(ruleId: string, params: RuleParams = params2022): string {
  return plain[ruleId]?.(params)?.title ?? ruleId
}

/**
 * What a laborer can get, in plain words, for the kiosk: one item per laborer rule of the
 * rules engine in force, amounts from its parameters. Which apply to a person is for the
 * staff to check (the rules engine's statements); this only explains.
 */
export function laborerSubsidyGuide(params: RuleParams = params2022): SubsidyGuideItem[] {
  const items: SubsidyGuideItem[] = []
  for (const rule of rules2022(params)) {
    if (rule.beneficiary !== 'laborer') continue
    const words = plain[rule.id]?.(params)
    if (words) items.push({ ruleId: rule.id, ...words })
  }
  return items
}
