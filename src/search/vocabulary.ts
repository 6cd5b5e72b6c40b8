/**
 * Domain words jieba's default dictionary splits or lacks, so that 月嫂, 砌筑工 or 五险一金
 * stay one token in postings and in queries.
 */
export const domainWords = [
  '月嫂', '金牌月嫂', '育婴师', '育儿嫂', '母婴护理员', '母婴护理', '催乳师', '产康师', '保姆', '住家保姆', '家政服务员', '家政',
  '养老护理员', '护工', '护理员', '保洁员', '保洁', '钟点工',
  '绣娘', '刺绣', '刺绣工', '手工刺绣', '剪纸', '布艺', '手工编织',
  '瓦工', '泥瓦工', '砌筑工', '抹灰工', '钢筋工', '木工', '木工师傅', '架子工', '混凝土工', '油漆工', '防水工', '水电工', '电工', '焊工',
  '电焊工', '氩弧焊', '铆工', '钳工', '管道工', '装修工', '贴砖工', '小工', '力工', '杂工', '安装工', '幕墙工',
  '普工', '操作工', '技工', '学徒', '质检员', '品检员', '包装工', '装配工', '流水线', '电子厂', '服装厂', '缝纫工', '车缝工', '制衣',
  '叉车司机', '叉车工', '货车司机', '大货车', '挂车', '网约车', '驾驶员', '司机', '代驾', '搬运工', '装卸工', '分拣员', '快递员',
  '外卖骑手', '骑手', '配送员', '即时配送', '同城货运', '跑腿',
  '厨师', '面点师', '帮厨', '服务员', '收银员', '保安', '保安员', '门卫', '园林工', '绿化工', '护林员', '保洁工', '养殖工', '饲养员',
  '公益岗位', '公益性岗位', '乡村保洁', '村级就业信息员', '劳务协理员', '网格员', '治安巡逻员', '道路养护工', '水管员', '护河员',
  '帮扶车间', '就业帮扶车间', '扶贫车间', '灵活就业', '平台就业',
  '包吃', '包住', '包吃住', '包吃包住', '五险一金', '五险', '路费报销', '报销路费', '车费报销', '年终奖', '加班费', '全勤奖',
  '长白班', '两班倒', '月休四天', '双休', '宿舍', '工作餐',
  '京津冀', '长三角', '粤港澳', '大湾区', '珠三角',
  '忻州月嫂', '繁峙绣娘', '五台瓦工', '保德好司机', '好司机',
]

/**
 * Words people use for the same job, expanded at query time (both engines): searching
 * 瓦工 finds postings that say 砌筑工. Kept small and certain: a wrong synonym costs
 * precision on every query.
 */
export const synonymGroups: string[][] = [
  ['瓦工', '泥瓦工', '砌筑工'],
  ['月嫂', '母婴护理员', '母婴护理'],
  ['育婴师', '育儿嫂'],
  ['司机', '驾驶员'],
  ['货车司机', '大货车'],
  ['保姆', '家政服务员', '家政'],
  ['普工', '操作工'],
  ['护工', '养老护理员'],
  ['保洁', '保洁员', '保洁工'],
  ['绣娘', '刺绣工', '刺绣'],
  ['电焊工', '焊工'],
  ['外卖骑手', '骑手', '配送员'],
  ['装卸工', '搬运工'],
  ['公益岗位', '公益性岗位'],
  ['帮扶车间', '就业帮扶车间', '扶贫车间'],
  ['包吃住', '包吃包住'],
  ['路费报销', '报销路费', '车费报销'],
  ['粤港澳', '大湾区'],
  ['小工', '力工', '杂工'],
]

/** Words too common in postings to narrow a search. */
export const stopWords = new Set(['的', '了', '和', '与', '及', '在', '招', '招聘', '急招', '诚聘', '聘', '找', '工作', '要', '我'])

export const partnerAreaLabels = {
  jingjinji: '京津冀',
  yangtze_delta: '长三角',
  greater_bay: '粤港澳 大湾区',
  in_province: '省内',
  local: '本地 忻州',
  other: '其他地区',
} as const

export const jobTypeLabels = {
  regular: '全职',
  public_welfare: '公益岗位',
  temporary: '临时工',
  platform_gig: '平台就业 灵活就业',
  assistance_workshop: '帮扶车间',
} as const

export const publicWelfareLabels = {
  public_management: '公共管理类',
  public_service: '公共服务类',
  social_undertaking: '社会事业类',
  facility_maintenance: '设施维护类',
  social_governance: '社会治理类',
} as const

export const gigKindLabels = { food_delivery: '外卖', instant_delivery: '即时配送', city_freight: '同城货运' } as const

export const laborBrandLabels = {
  xinzhou_yuesao: '忻州月嫂',
  fanshi_xiuniang: '繁峙绣娘',
  wutai_wagong: '五台瓦工',
  baode_siji: '保德好司机',
} as const

/**
 * A labor brand names a place and a trade: a search for the brand finds its own postings
 * first, then the trade's (`五台瓦工` → 瓦工), so it never finds nothing.
 */
export const brandOccupations: Record<string, readonly string[]> = {
  忻州月嫂: ['月嫂'],
  繁峙绣娘: ['绣娘'],
  五台瓦工: ['瓦工'],
  保德好司机: ['货车司机', '司机'],
  好司机: ['司机'],
}
