import type { JobImportRow } from '../../src/jobs/model'

/**
 * A fixed corpus of postings and labeled kiosk queries: for each query, the postings
 * that must appear in the top 10. Used by the relevance test and by the search benchmark
 * (the same labels score our engine and the peers).
 */
type Spec = [key: string, title: string, occupation: string, regionCode: string, description: string, extra?: Partial<JobImportRow>]

const specs: Spec[] = [
  // 月嫂 / 育婴 / 家政
  ['yuesao-bj-1', '北京金牌月嫂', '月嫂', '110105', '负责产妇和新生儿护理，包吃包住', { laborBrand: 'xinzhou_yuesao' }],
  ['yuesao-bj-2', '忻州月嫂 北京海淀住家月嫂', '月嫂', '110108', '新生儿喂养洗澡抚触，月子餐', { laborBrand: 'xinzhou_yuesao' }],
  ['yuesao-tj-1', '天津高端月嫂', '月嫂', '120104', '产后护理和新生儿护理'],
  ['yuesao-sh-1', '上海母婴护理员', '母婴护理员', '310115', '产妇月子护理，新生儿照护，持证优先'],
  ['yuying-bj-1', '北京育婴师', '育婴师', '110105', '照护0至3岁婴幼儿，早教'],
  ['yuying-sh-1', '上海住家育儿嫂', '育婴师', '310114', '婴幼儿日常照护和辅食制作'],
  ['baomu-bj-1', '北京住家保姆 做饭保洁', '家政服务员', '110108', '家庭日常保洁做饭，照顾老人'],
  ['baomu-sz-1', '深圳家政服务员', '家政服务员', '440306', '家庭保洁，收纳整理'],
  ['baomu-sh-1', '上海保姆 照顾老人', '保姆', '310115', '照顾老人起居，做饭'],
  ['yanglao-ty-1', '太原养老院护理员', '养老护理员', '140105', '照护失能老人，康复训练'],
  ['yanglao-bj-1', '北京康养中心护工', '护工', '110114', '医院和养老院陪护'],
  // 建筑
  ['wagong-tj-1', '天津建筑工地瓦工', '瓦工', '120104', '砌墙抹灰贴砖，按方量结算', { laborBrand: 'wutai_wagong' }],
  ['wagong-tj-2', '天津滨海新区砌筑工', '砌筑工', '120116', '砌筑和抹灰，手艺好收入高'],
  ['wagong-bj-1', '北京泥瓦工 贴砖', '泥瓦工', '110114', '装修贴砖和找平'],
  ['wagong-lf-1', '五台瓦工 廊坊工地大工', '瓦工', '131002', '建筑砌筑大工', { laborBrand: 'wutai_wagong' }],
  ['gangjin-tj-1', '天津钢筋工', '钢筋工', '120104', '钢筋绑扎，模板支护'],
  ['mugong-bj-1', '北京建筑木工', '木工', '110114', '支模板，木工活'],
  // 工厂
  ['pugong-sz-1', '苏州电子厂普工 长白班', '普工', '320505', '无尘车间电子产品组装，包吃包住五险一金'],
  ['pugong-sz-2', '昆山电子厂普工', '普工', '320583', '流水线作业，两班倒，包吃住'],
  ['pugong-dg-1', '东莞电子厂普工 包吃住', '普工', '4419', '手机配件组装，路费报销'],
  ['pugong-dg-2', '东莞玩具厂操作工', '操作工', '4419', '注塑和包装，计时工资'],
  ['pugong-sh-1', '上海汽车厂装配工', '装配工', '310114', '汽车总装线装配'],
  ['caozuo-jc-1', '晋城化工厂操作工 倒班', '操作工', '140525', '化工装置巡检和操作'],
  ['fengren-hz-1', '杭州服装厂缝纫工', '缝纫工', '330110', '服装车缝，计件'],
  ['zhijian-sz-1', '苏州电子厂质检员', '质检员', '320506', '来料检验和成品抽检'],
  // 司机 / 物流
  ['siji-lf-1', '廊坊物流园货车司机', '货车司机', '131002', '驾驶重型货车京津冀干线运输，A2驾照', { laborBrand: 'baode_siji' }],
  ['siji-lf-2', '保德好司机 廊坊三河大货车司机', '货车司机', '131082', '长途运输，路线固定', { laborBrand: 'baode_siji' }],
  ['siji-tj-1', '天津港集装箱驾驶员', '驾驶员', '120116', '港区集装箱拖车驾驶'],
  ['siji-bj-1', '北京公司商务车司机', '司机', '110105', '接送领导，车辆保养'],
  ['chache-sz-1', '苏州仓库叉车司机', '叉车司机', '320505', '叉车装卸，货物上架，持叉车证'],
  ['chache-tj-1', '天津物流园叉车工', '叉车司机', '120116', '仓储叉车作业'],
  ['fenjian-lf-1', '廊坊快递分拣员', '快递分拣员', '131002', '快递包裹分拣扫描打包'],
  ['zhuangxie-xz-1', '忻州物流园装卸工 日结', '装卸工', '140902', '货物装卸搬运，按车结算', { type: 'temporary', temporaryUnit: 'day', wageUnit: 'day', wageMin: 150, wageMax: 250 }],
  // 绣娘 / 帮扶车间
  ['xiuniang-fs-1', '繁峙绣娘 帮扶车间刺绣工', '刺绣工', '140924', '家门口就业，手工刺绣计件', { type: 'assistance_workshop', laborBrand: 'fanshi_xiuniang', wageUnit: 'piece', wageMin: 20, wageMax: 60 }],
  ['xiuniang-fs-2', '繁峙县砂河镇就业帮扶车间 手工刺绣', '刺绣工', '140924', '可带回家做，照顾家庭', { type: 'assistance_workshop', wageUnit: 'piece', wageMin: 20, wageMax: 50 }],
  ['bangfu-dx-1', '代县扶贫车间 手工编织', '编织工', '140923', '手工编织工艺品，计件', { type: 'assistance_workshop', wageUnit: 'piece', wageMin: 10, wageMax: 30 }],
  // 公益岗位
  ['gongyi-fs-1', '繁峙县砂河镇公益岗位 乡村保洁员', '保洁员', '140924', '村内道路和公共区域保洁', { type: 'public_welfare', publicWelfareCategory: 'facility_maintenance', wageMin: 800, wageMax: 1200 }],
  ['gongyi-wt-1', '五台县东冶镇公益岗位 网格员', '网格员', '140922', '人口信息采集，矛盾纠纷排查', { type: 'public_welfare', publicWelfareCategory: 'social_governance', wageMin: 1000, wageMax: 1500 }],
  ['gongyi-bd-1', '保德县公益岗位 村级就业信息员', '就业信息员', '140931', '收集发布就业岗位信息', { type: 'public_welfare', publicWelfareCategory: 'public_service', wageMin: 1000, wageMax: 1200 }],
  ['gongyi-xf-1', '忻府区公益岗位 劳务协理员', '劳务协理员', '140902', '劳动力信息采集和就业登记', { type: 'public_welfare', publicWelfareCategory: 'public_management', wageMin: 1200, wageMax: 1500 }],
  ['gongyi-yp-1', '原平市公益岗位 文化站管理员', '文化站管理员', '140981', '管理综合文化站', { type: 'public_welfare', publicWelfareCategory: 'social_undertaking', wageMin: 1000, wageMax: 1300 }],
  // 平台 / 骑手
  ['qishou-ty-1', '太原外卖骑手 平台灵活就业', '外卖骑手', '140105', '平台接单配送外卖，时间灵活', { type: 'platform_gig', gigKind: 'food_delivery' }],
  ['qishou-ty-2', '太原美团众包骑手', '骑手', '140106', '外卖配送，多劳多得', { type: 'platform_gig', gigKind: 'food_delivery' }],
  ['peisong-dt-1', '大同即时配送员 跑腿', '配送员', '140213', '同城即时配送', { type: 'platform_gig', gigKind: 'instant_delivery' }],
  ['huoyun-ty-1', '太原同城货运司机 面包车', '司机', '140105', '同城货运拉货', { type: 'platform_gig', gigKind: 'city_freight' }],
  // 技工
  ['hangong-dt-1', '大同钢结构电焊工', '电焊工', '140213', '钢结构焊接，持焊工证'],
  ['hangong-ty-1', '太原电焊工 氩弧焊', '电焊工', '140105', '氩弧焊和二保焊'],
  ['dian-ty-1', '太原小区物业电工', '电工', '140106', '物业水电维修，持电工证'],
  ['chushi-xz-1', '忻州古城酒店厨师', '厨师', '140902', '晋菜和面食制作'],
  ['baoan-bj-1', '北京物业保安', '保安', '110108', '小区门岗和巡逻'],
  ['caimian-aks-1', '新疆阿克苏采棉工 季节工', '采棉工', '652901', '九月至十一月采摘棉花', { type: 'temporary', temporaryUnit: 'month' }],
  ['zhuangpei-cq-1', '重庆汽车配件厂普工', '普工', '500113', '汽车配件生产线'],
]

export interface Labeled {
  q: string
  /** Keys of postings that must be in the top 10. */
  relevant: string[]
  kind: 'occupation' | 'place' | 'brand' | 'pinyin' | 'initials' | 'synonym' | 'typo' | 'mixed'
}

export const labeledQueries: Labeled[] = [
  { q: '月嫂', relevant: ['yuesao-bj-1', 'yuesao-bj-2', 'yuesao-tj-1', 'yuesao-sh-1'], kind: 'occupation' },
  { q: '北京月嫂', relevant: ['yuesao-bj-1', 'yuesao-bj-2'], kind: 'place' },
  { q: 'yuesao', relevant: ['yuesao-bj-1', 'yuesao-bj-2', 'yuesao-tj-1', 'yuesao-sh-1'], kind: 'pinyin' },
  { q: 'ys', relevant: ['yuesao-bj-1', 'yuesao-bj-2', 'yuesao-tj-1'], kind: 'initials' },
  { q: '母婴护理员', relevant: ['yuesao-sh-1', 'yuesao-bj-1', 'yuesao-bj-2', 'yuesao-tj-1'], kind: 'synonym' },
  { q: '忻州月嫂', relevant: ['yuesao-bj-1', 'yuesao-bj-2'], kind: 'brand' },
  { q: '育婴师', relevant: ['yuying-bj-1', 'yuying-sh-1'], kind: 'occupation' },
  { q: 'yuyingshi', relevant: ['yuying-bj-1', 'yuying-sh-1'], kind: 'pinyin' },
  { q: '保姆', relevant: ['baomu-bj-1', 'baomu-sz-1', 'baomu-sh-1'], kind: 'synonym' },
  { q: '家政服务员', relevant: ['baomu-bj-1', 'baomu-sz-1', 'baomu-sh-1'], kind: 'occupation' },
  { q: '养老护理员', relevant: ['yanglao-ty-1', 'yanglao-bj-1'], kind: 'occupation' },
  { q: '护工', relevant: ['yanglao-bj-1', 'yanglao-ty-1'], kind: 'synonym' },
  { q: '瓦工', relevant: ['wagong-tj-1', 'wagong-tj-2', 'wagong-bj-1', 'wagong-lf-1'], kind: 'occupation' },
  { q: 'wagong', relevant: ['wagong-tj-1', 'wagong-tj-2', 'wagong-bj-1', 'wagong-lf-1'], kind: 'pinyin' },
  { q: 'wg', relevant: ['wagong-tj-1', 'wagong-lf-1', 'wagong-tj-2', 'wagong-bj-1'], kind: 'initials' },
  { q: 'wagogn', relevant: ['wagong-tj-1', 'wagong-lf-1'], kind: 'typo' },
  { q: '砌筑工', relevant: ['wagong-tj-2', 'wagong-tj-1', 'wagong-lf-1', 'wagong-bj-1'], kind: 'synonym' },
  { q: '泥瓦工', relevant: ['wagong-bj-1', 'wagong-tj-1', 'wagong-tj-2', 'wagong-lf-1'], kind: 'synonym' },
  { q: '天津 瓦工', relevant: ['wagong-tj-1', 'wagong-tj-2'], kind: 'place' },
  { q: '五台瓦工', relevant: ['wagong-tj-1', 'wagong-lf-1'], kind: 'brand' },
  { q: 'wutaiwagong', relevant: ['wagong-lf-1', 'wagong-tj-1'], kind: 'pinyin' },
  { q: '电子厂普工', relevant: ['pugong-sz-1', 'pugong-sz-2', 'pugong-dg-1'], kind: 'occupation' },
  { q: '苏州 普工', relevant: ['pugong-sz-1'], kind: 'place' },
  { q: '操作工', relevant: ['pugong-dg-2', 'caozuo-jc-1', 'pugong-sz-1', 'pugong-sz-2'], kind: 'synonym' },
  { q: 'pugong', relevant: ['pugong-sz-1', 'pugong-sz-2', 'pugong-dg-1', 'zhuangpei-cq-1'], kind: 'pinyin' },
  { q: '东莞 电子厂', relevant: ['pugong-dg-1'], kind: 'place' },
  { q: '货车司机', relevant: ['siji-lf-1', 'siji-lf-2'], kind: 'occupation' },
  { q: '司机', relevant: ['siji-lf-1', 'siji-lf-2', 'siji-tj-1', 'siji-bj-1', 'huoyun-ty-1'], kind: 'occupation' },
  { q: '驾驶员', relevant: ['siji-tj-1', 'siji-bj-1', 'siji-lf-1'], kind: 'synonym' },
  { q: 'siji', relevant: ['siji-lf-1', 'siji-lf-2', 'siji-tj-1', 'siji-bj-1'], kind: 'pinyin' },
  { q: '保德好司机', relevant: ['siji-lf-1', 'siji-lf-2'], kind: 'brand' },
  { q: '廊坊 司机', relevant: ['siji-lf-1', 'siji-lf-2'], kind: 'place' },
  { q: '叉车司机', relevant: ['chache-sz-1', 'chache-tj-1'], kind: 'occupation' },
  { q: 'chache', relevant: ['chache-sz-1', 'chache-tj-1'], kind: 'pinyin' },
  { q: '绣娘', relevant: ['xiuniang-fs-1', 'xiuniang-fs-2'], kind: 'brand' },
  { q: 'xiuniang', relevant: ['xiuniang-fs-1', 'xiuniang-fs-2'], kind: 'pinyin' },
  { q: '繁峙 刺绣', relevant: ['xiuniang-fs-1', 'xiuniang-fs-2'], kind: 'place' },
  { q: '帮扶车间', relevant: ['xiuniang-fs-1', 'xiuniang-fs-2', 'bangfu-dx-1'], kind: 'mixed' },
  { q: '公益岗位', relevant: ['gongyi-fs-1', 'gongyi-wt-1', 'gongyi-bd-1', 'gongyi-xf-1', 'gongyi-yp-1'], kind: 'mixed' },
  { q: '保洁员', relevant: ['gongyi-fs-1'], kind: 'occupation' },
  { q: '网格员', relevant: ['gongyi-wt-1'], kind: 'occupation' },
  { q: '外卖骑手', relevant: ['qishou-ty-1', 'qishou-ty-2'], kind: 'occupation' },
  { q: 'waimai', relevant: ['qishou-ty-1', 'qishou-ty-2'], kind: 'pinyin' },
  { q: '太原 外卖', relevant: ['qishou-ty-1', 'qishou-ty-2'], kind: 'place' },
  { q: '电焊工', relevant: ['hangong-dt-1', 'hangong-ty-1'], kind: 'occupation' },
  { q: 'dianhangong', relevant: ['hangong-dt-1', 'hangong-ty-1'], kind: 'pinyin' },
  { q: 'dainhangong', relevant: ['hangong-dt-1', 'hangong-ty-1'], kind: 'typo' },
  { q: 'dhg', relevant: ['hangong-dt-1', 'hangong-ty-1'], kind: 'initials' },
  { q: '包吃住 普工', relevant: ['pugong-sz-1', 'pugong-sz-2', 'pugong-dg-1'], kind: 'mixed' },
  { q: '采棉', relevant: ['caimian-aks-1'], kind: 'occupation' },
  { q: 'xinjiang', relevant: ['caimian-aks-1'], kind: 'pinyin' },
  { q: '钢筋工', relevant: ['gangjin-tj-1'], kind: 'occupation' },
]

/** The corpus as feed rows for one employer per posting's place; deadlines relative to `today`. */
export function relevanceCorpus(deadline: string, startDate: string, creditCode: string): JobImportRow[] {
  return specs.map(([key, title, occupation, regionCode, description, extra]) => ({
    externalId: key,
    employerCreditCode: creditCode,
    title,
    description,
    regionCode,
    occupation,
    skillTags: [],
    certificatesRequired: [],
    openings: 5,
    wageMin: 4000,
    wageMax: 8000,
    wageUnit: 'month',
    benefits: ['包吃', '包住'],
    contractMonths: 12,
    startDate,
    deadline,
    type: 'regular',
    laborBrand: null,
    ...extra,
  }))
}

/** Binary-gain metrics at k: recall (of what fits in k) and nDCG. */
export function scoreRanking(ranked: string[], relevant: string[], k = 10): { recall: number; ndcg: number } {
  const top = ranked.slice(0, k)
  const rel = new Set(relevant)
  const hits = top.filter((key) => rel.has(key)).length
  const dcg = top.reduce((sum, key, i) => sum + (rel.has(key) ? 1 / Math.log2(i + 2) : 0), 0)
  let ideal = 0
  for (let i = 0; i < Math.min(k, relevant.length); i++) ideal += 1 / Math.log2(i + 2)
  return { recall: hits / Math.min(k, relevant.length), ndcg: dcg / ideal }
}
