import type { LaborBrand } from '../jobs/schema'

/**
 * Words people use for the same trade. The first word of a group is how it is shown;
 * every word maps to it, so 泥瓦工 on a posting finds a laborer who wrote 瓦匠.
 */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['瓦工', '泥瓦工', '砌筑工', '瓦匠', '泥工'],
  ['月嫂', '母婴护理员', '母婴护理', '产后护理员'],
  ['育婴师', '育婴员', '育儿嫂'],
  ['保姆', '家政服务员', '家政', '家政员'],
  ['司机', '驾驶员', '货车司机', '客车司机'],
  ['绣娘', '刺绣', '绣工', '刺绣工'],
  ['电焊工', '焊工'],
  ['电工', '维修电工', '电工作业'],
  ['钢筋工', '钢筋'],
  ['木工', '木匠'],
  ['架子工', '脚手架工'],
  ['厨师', '中式烹调师', '炊事员'],
  ['面点师', '中式面点师'],
  ['养老护理员', '护工', '养老护理'],
  ['保安员', '保安'],
  ['保洁员', '保洁', '清洁工', '乡村保洁员', '村级保洁员'],
  ['快递员', '快递分拣员'],
  ['缝纫工', '缝纫', '车工', '制衣工'],
  ['外卖骑手', '骑手', '外卖员', '配送员', '即时配送员'],
  ['叉车司机', '叉车工'],
  ['挖掘机司机', '挖掘机驾驶员', '挖机司机'],
  ['普工', '操作工', '装配工', '流水线工人', '生产线工人'],
  ['服务员', '餐厅服务员'],
  ['搬运工', '装卸工'],
  ['分拣员', '仓储分拣员'],
  ['农业工人', '农工', '种植工', '农业种植', '采棉工'],
  ['道路养护员', '道路养护工'],
]

/**
 * Postings anyone able-bodied can take: no trade is needed, so a laborer without a
 * matching skill is still a candidate (公益岗位 and 非技术性岗位 of the plan).
 */
export const GENERAL_OCCUPATIONS: ReadonlySet<string> = new Set([
  '普工',
  '保洁员',
  '服务员',
  '搬运工',
  '分拣员',
  '农业工人',
  '保安员',
  '公益性岗位',
  '护林员',
  '道路养护员',
  '快递员',
  '外卖骑手',
])

/** Public-welfare posts are filled by need, not trade (按需设岗、以岗聘任): anyone may be a candidate. */
export function isGeneralPosting(trade: string, type: string): boolean {
  return type === 'public_welfare' || GENERAL_OCCUPATIONS.has(trade)
}

const canonicalOf = new Map<string, string>()
for (const group of SYNONYM_GROUPS) for (const word of group) canonicalOf.set(word, group[0])

/** The trade a word names (its group's first word), or the trimmed word itself. */
export function canonicalOccupation(word: string): string {
  const trimmed = word.trim()
  return canonicalOf.get(trimmed) ?? trimmed
}

/** Every word of the trade, for SQL `IN (…)` prefilters. */
export function occupationWords(word: string): string[] {
  const canonical = canonicalOccupation(word)
  const group = SYNONYM_GROUPS.find((g) => g[0] === canonical)
  return group ? [...group] : [canonical]
}

/** 电工证, 电工资格证, 电工上岗证 and 电工 are one certificate. */
export function canonicalCertificate(name: string): string {
  return canonicalOccupation(name.trim().replace(/(职业资格证书|资格证书|资格证|上岗证|证书|证)$/, ''))
}

export const tierNames: Record<number, string> = { 1: '初级', 2: '中级', 3: '高级', 4: '技师' }

/** The plan's 「忻」字号 labor brands: a trade, and the county it comes from (null: the whole city). */
export const laborBrandDefinitions: Record<LaborBrand, { name: string; occupation: string; countyCode: string | null }> = {
  xinzhou_yuesao: { name: '忻州月嫂', occupation: '月嫂', countyCode: null },
  fanshi_xiuniang: { name: '繁峙绣娘', occupation: '绣娘', countyCode: '140924' },
  wutai_wagong: { name: '五台瓦工', occupation: '瓦工', countyCode: '140922' },
  baode_siji: { name: '保德好司机', occupation: '司机', countyCode: '140931' },
}
