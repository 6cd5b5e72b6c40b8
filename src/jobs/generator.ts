import type { Random } from '../random'
import { makeCreditCode } from '../employers/index'
import type { SizeClass } from '../employers/schema'
import { addDays } from '../calendar'
import type { JobImportRow } from './model'

/** A place a template recruits for: a county (or city) code and the name people use. */
interface Place {
  code: string
  name: string
}

interface Template {
  occupation: string
  titles: string[]
  places: Place[]
  employers: string[]
  skillTags: string[]
  duties: string[]
  wage: [min: number, max: number, unit: JobImportRow['wageUnit']]
  benefits: string[]
  type: JobImportRow['type']
  contractMonths: [number, number]
  certificates?: JobImportRow['certificatesRequired']
  laborBrand?: JobImportRow['laborBrand']
  gigKind?: JobImportRow['gigKind']
  temporaryUnit?: JobImportRow['temporaryUnit']
  weight: number
}

const 北京 = [{ code: '110105', name: '北京朝阳' }, { code: '110108', name: '北京海淀' }, { code: '110114', name: '北京昌平' }]
const 天津 = [{ code: '120104', name: '天津南开' }, { code: '120116', name: '天津滨海新区' }]
const 廊坊 = [{ code: '131002', name: '廊坊安次' }, { code: '131082', name: '廊坊三河' }]
const 苏州 = [{ code: '320505', name: '苏州' }, { code: '320506', name: '苏州吴中' }, { code: '320583', name: '昆山' }]
const 上海 = [{ code: '310114', name: '上海嘉定' }, { code: '310115', name: '上海浦东' }]
const 杭州 = [{ code: '330110', name: '杭州余杭' }]
const 东莞 = [{ code: '4419', name: '东莞' }]
const 深圳 = [{ code: '440306', name: '深圳宝安' }]
const 广州 = [{ code: '440106', name: '广州天河' }, { code: '440605', name: '佛山南海' }]
const 太原 = [{ code: '140105', name: '太原小店' }, { code: '140106', name: '太原迎泽' }]
const 大同 = [{ code: '140213', name: '大同平城' }]
const 长治晋城 = [{ code: '140423', name: '长治襄垣' }, { code: '140525', name: '晋城泽州' }]
const 忻州 = [{ code: '140902', name: '忻州忻府' }, { code: '140981', name: '原平' }]
const 繁峙 = [{ code: '140924', name: '繁峙' }]
const 其他 = [{ code: '652901', name: '新疆阿克苏' }, { code: '500113', name: '重庆巴南' }, { code: '510116', name: '成都双流' }]

const templates: Template[] = [
  {
    occupation: '月嫂', titles: ['{place}金牌月嫂', '忻州月嫂 {place}家庭母婴护理', '{place}高端月嫂（住家）', '{place}招聘月嫂 母婴护理员'],
    places: 北京, employers: ['北京爱心母婴家政服务有限公司', '北京好月嫂家政有限公司'], skillTags: ['新生儿护理', '产妇护理', '月子餐'],
    duties: ['负责产妇月子期间护理和新生儿喂养、洗澡、抚触', '为产妇做月子餐，指导科学育儿'], wage: [9000, 16000, 'month'],
    benefits: ['包吃', '包住', '路费报销'], type: 'regular', contractMonths: [1, 12], certificates: [{ name: '母婴护理员', tier: 1 }],
    laborBrand: 'xinzhou_yuesao', weight: 6,
  },
  {
    occupation: '育婴师', titles: ['{place}育婴师', '{place}住家育儿嫂 育婴师'], places: [...北京, ...天津, ...上海],
    employers: ['北京贝贝佳家政服务有限公司', '上海阿姨帮家政有限公司'], skillTags: ['婴幼儿照护', '早教'],
    duties: ['照护0至3岁婴幼儿日常起居、辅食制作和早期教育'], wage: [7000, 11000, 'month'], benefits: ['包吃', '包住'],
    type: 'regular', contractMonths: [6, 12], certificates: [{ name: '育婴员', tier: 2 }], weight: 4,
  },
  {
    occupation: '家政服务员', titles: ['{place}住家保姆', '{place}家政服务员 做饭保洁', '{place}保姆 照顾老人'], places: [...北京, ...上海, ...深圳],
    employers: ['北京三八家政服务有限公司', '深圳好帮手家政有限公司'], skillTags: ['做饭', '保洁', '照顾老人'],
    duties: ['负责家庭日常保洁、做饭、照顾老人起居'], wage: [5500, 8000, 'month'], benefits: ['包吃', '包住'], type: 'regular',
    contractMonths: [6, 12], weight: 4,
  },
  {
    occupation: '养老护理员', titles: ['{place}养老院护理员', '{place}养老护理员 护工'], places: [...北京, ...太原],
    employers: ['北京康养护理院有限公司', '太原夕阳红养老服务中心'], skillTags: ['失能老人照护', '康复护理'],
    duties: ['照护养老院失能、半失能老人的饮食起居和康复训练'], wage: [4500, 6500, 'month'], benefits: ['包吃', '包住', '五险一金'],
    type: 'regular', contractMonths: [12, 36], certificates: [{ name: '养老护理员', tier: 1 }], weight: 3,
  },
  {
    occupation: '普工', titles: ['{place}电子厂普工', '{place}电子厂普工 长白班', '{place}手机厂流水线操作工', '{place}电子厂招普工 包吃住'],
    places: [...苏州, ...东莞, ...深圳], employers: ['苏州精工电子科技有限公司', '东莞立德电子有限公司', '深圳富达精密电子有限公司', '昆山华宇光电有限公司'],
    skillTags: ['流水线', '组装', '质检'], duties: ['在无尘车间从事电子产品组装、检测和包装', '流水线作业，坐班为主，长白班或两班倒'],
    wage: [5000, 7500, 'month'], benefits: ['包吃', '包住', '五险一金', '路费报销'], type: 'regular', contractMonths: [6, 24], weight: 12,
  },
  {
    occupation: '缝纫工', titles: ['{place}服装厂缝纫工', '{place}制衣厂车缝工'], places: [...苏州, ...杭州, ...广州],
    employers: ['杭州锦绣服饰有限公司', '广州美衣制衣有限公司'], skillTags: ['平车', '缝纫'], duties: ['服装车缝，计件工资多劳多得'],
    wage: [5500, 9000, 'month'], benefits: ['包住', '五险'], type: 'regular', contractMonths: [12, 24], weight: 3,
  },
  {
    occupation: '瓦工', titles: ['{place}建筑工地瓦工', '五台瓦工 {place}砌筑工', '{place}泥瓦工 贴砖', '{place}建筑瓦工 大工'],
    places: [...天津, ...北京, ...廊坊], employers: ['天津建工集团第三建筑有限公司', '中建八局天津分公司', '北京城建劳务有限公司'],
    skillTags: ['砌墙', '抹灰', '贴砖'], duties: ['负责工地砌筑、抹灰、贴砖等瓦工活', '按方量结算，手艺好收入高'],
    wage: [350, 500, 'day'], benefits: ['包吃', '包住', '路费报销'], type: 'regular', contractMonths: [6, 12],
    certificates: [{ name: '砌筑工', tier: 1 }], laborBrand: 'wutai_wagong', weight: 7,
  },
  {
    occupation: '钢筋工', titles: ['{place}钢筋工', '{place}建筑木工 钢筋工'], places: [...天津, ...北京],
    employers: ['天津建工集团第三建筑有限公司', '北京城建劳务有限公司'], skillTags: ['钢筋绑扎', '木工支模'],
    duties: ['建筑工地钢筋绑扎和模板支护'], wage: [300, 450, 'day'], benefits: ['包住', '路费报销'], type: 'regular', contractMonths: [6, 12], weight: 3,
  },
  {
    occupation: '货车司机', titles: ['{place}物流园货车司机', '保德好司机 {place}大货车司机', '{place}招聘货车司机 A2'],
    places: [...廊坊, ...天津], employers: ['廊坊顺通物流有限公司', '天津港远洋运输有限公司'], skillTags: ['A2驾照', '长途运输'],
    duties: ['驾驶重型货车往返京津冀干线运输，车况好，路线固定'], wage: [9000, 13000, 'month'], benefits: ['包住', '五险一金', '路费报销'],
    type: 'regular', contractMonths: [12, 24], certificates: [{ name: '机动车驾驶证A2', tier: 1 }], laborBrand: 'baode_siji', weight: 5,
  },
  {
    occupation: '叉车司机', titles: ['{place}仓库叉车司机', '{place}叉车工 持证'], places: [...苏州, ...天津, ...廊坊],
    employers: ['苏州京东亚洲一号物流园', '廊坊顺通物流有限公司'], skillTags: ['叉车', '仓储'], duties: ['仓库叉车装卸、货物上架'],
    wage: [6000, 8000, 'month'], benefits: ['包吃', '包住', '五险一金'], type: 'regular', contractMonths: [12, 24],
    certificates: [{ name: '叉车司机', tier: 1 }], weight: 3,
  },
  {
    occupation: '刺绣工', titles: ['繁峙绣娘 帮扶车间刺绣工', '{place}就业帮扶车间 手工刺绣', '{place}绣娘 居家刺绣计件'], places: 繁峙,
    employers: ['繁峙县锦绣手工艺品专业合作社', '繁峙县绣娘扶贫车间'], skillTags: ['手工刺绣', '布艺'],
    duties: ['在家门口的帮扶车间做手工刺绣，可带回家做，照顾家庭两不误'], wage: [20, 60, 'piece'], benefits: ['就近就业', '免费培训'],
    type: 'assistance_workshop', contractMonths: [0, 12], laborBrand: 'fanshi_xiuniang', weight: 4,
  },
  {
    occupation: '外卖骑手', titles: ['{place}外卖骑手 平台灵活就业', '{place}美团外卖骑手', '{place}众包骑手 时间自由'], places: 太原,
    employers: ['太原速达同城配送服务有限公司', '太原饿了么蜂鸟配送站'], skillTags: ['电动车', '配送'],
    duties: ['平台接单配送外卖，多劳多得，时间灵活'], wage: [6000, 10000, 'month'], benefits: ['意外险', '电动车租赁'],
    type: 'platform_gig', gigKind: 'food_delivery', contractMonths: [0, 6], weight: 4,
  },
  {
    occupation: '配送员', titles: ['{place}即时配送员 跑腿', '{place}同城货运司机 面包车'], places: [...太原, ...大同],
    employers: ['太原闪送即时配送有限公司', '大同货拉拉同城货运站'], skillTags: ['配送', '同城'], duties: ['同城即时配送和小件货运'],
    wage: [5000, 9000, 'month'], benefits: ['意外险'], type: 'platform_gig', gigKind: 'instant_delivery', contractMonths: [0, 6], weight: 2,
  },
  {
    occupation: '电焊工', titles: ['{place}电焊工 氩弧焊', '{place}钢结构电焊工'], places: [...大同, ...太原, ...长治晋城],
    employers: ['大同重型机械制造有限公司', '太原钢结构工程有限公司'], skillTags: ['氩弧焊', '二保焊'], duties: ['钢结构焊接，持焊工证'],
    wage: [7000, 10000, 'month'], benefits: ['包吃', '包住', '五险一金'], type: 'regular', contractMonths: [12, 36],
    certificates: [{ name: '焊工', tier: 2 }], weight: 3,
  },
  {
    occupation: '操作工', titles: ['{place}煤化工操作工', '{place}化工厂操作工 倒班'], places: 长治晋城, employers: ['潞安化工集团有限公司', '晋城煤业化工有限公司'],
    skillTags: ['化工', '倒班'], duties: ['化工装置巡检和操作，四班三倒'], wage: [6000, 8500, 'month'], benefits: ['包吃', '五险一金'],
    type: 'regular', contractMonths: [24, 36], weight: 2,
  },
  {
    occupation: '厨师', titles: ['{place}酒店厨师', '{place}饭店帮厨 面点师'], places: [...忻州, ...太原],
    employers: ['忻州古城大酒店有限公司', '太原晋味餐饮管理有限公司'], skillTags: ['晋菜', '面食'], duties: ['酒店后厨炒菜、面点制作'],
    wage: [4000, 7000, 'month'], benefits: ['包吃', '包住'], type: 'regular', contractMonths: [12, 24], certificates: [{ name: '中式烹调师', tier: 1 }], weight: 3,
  },
  {
    occupation: '保安', titles: ['{place}物业保安', '{place}小区保安员'], places: [...北京, ...上海],
    employers: ['北京保安服务有限公司', '上海东方物业管理有限公司'], skillTags: ['巡逻', '门岗'], duties: ['小区门岗和巡逻，退伍军人优先'],
    wage: [5000, 6500, 'month'], benefits: ['包吃', '包住', '五险一金'], type: 'regular', contractMonths: [12, 24], weight: 3,
  },
  {
    occupation: '装配工', titles: ['{place}汽车厂装配工', '{place}新能源汽车总装普工'], places: [...上海, ...其他.slice(1)],
    employers: ['上海汽车零部件有限公司', '重庆长安汽车配套有限公司'], skillTags: ['总装', '拧紧'], duties: ['汽车总装线装配作业'],
    wage: [6000, 9000, 'month'], benefits: ['包吃', '包住', '五险一金'], type: 'regular', contractMonths: [12, 24], weight: 3,
  },
  {
    occupation: '采棉工', titles: ['{place}采棉工 季节工', '{place}拾花工 包来回路费'], places: 其他.slice(0, 1), employers: ['阿克苏丰收棉业专业合作社'],
    skillTags: ['采摘'], duties: ['九月至十一月采摘棉花，按公斤计酬'], wage: [200, 350, 'day'], benefits: ['包吃', '包住', '路费报销'],
    type: 'temporary', temporaryUnit: 'month', contractMonths: [2, 3], weight: 2,
  },
  {
    occupation: '装卸工', titles: ['{place}物流园装卸工 日结', '{place}搬运工 临时工'], places: [...忻州, ...太原],
    employers: ['忻州顺丰速运分拨中心', '太原万达物流园'], skillTags: ['装卸', '搬运'], duties: ['货物装卸搬运，按车结算'],
    wage: [150, 250, 'day'], benefits: ['工作餐'], type: 'temporary', temporaryUnit: 'day', contractMonths: [0, 1], weight: 2,
  },
  {
    occupation: '快递分拣员', titles: ['{place}快递分拣员', '{place}电商仓库分拣打包'], places: [...廊坊, ...苏州], employers: ['廊坊京东物流园', '苏州圆通转运中心'],
    skillTags: ['分拣', '打包'], duties: ['快递包裹分拣、扫描和打包'], wage: [5000, 7000, 'month'], benefits: ['包吃', '包住'], type: 'regular',
    contractMonths: [3, 12], weight: 3,
  },
]

/** 公共管理类、公共服务类、社会事业类、设施维护类、社会治理类: public-welfare posts in local townships. */
const welfarePosts: { category: NonNullable<JobImportRow['publicWelfareCategory']>; occupation: string; duty: string }[] = [
  { category: 'public_management', occupation: '劳务协理员', duty: '协助乡镇做好劳动力信息采集和就业登记' },
  { category: 'public_service', occupation: '村级就业信息员', duty: '收集发布就业岗位信息，帮助村民求职登记' },
  { category: 'social_undertaking', occupation: '文化站管理员', duty: '管理乡镇综合文化站，组织群众文化活动' },
  { category: 'facility_maintenance', occupation: '乡村保洁员', duty: '负责村内道路和公共区域日常保洁' },
  { category: 'facility_maintenance', occupation: '道路养护工', duty: '农村公路日常巡查和养护' },
  { category: 'social_governance', occupation: '网格员', duty: '网格内人口信息采集、矛盾纠纷排查和治安巡逻' },
]

const requirements = ['年龄18-50周岁，身体健康', '能吃苦耐劳，服从安排', '有相关经验者优先', '无经验可免费培训', '男女不限', '脱贫劳动力优先录用']

export interface GeneratedEmployer {
  name: string
  creditCode: string
  sizeClass: SizeClass
  regionCode: string
  contactName: string
  contactPhone: string
}

export interface Township {
  code: string
  countyCode: string
  /** 繁峙县砂河镇 */
  name: string
}

const surnames = ['王', '李', '张', '刘', '赵', '杨', '郭', '高', '贾', '韩']

/**
 * Realistic postings from every partner area, deterministic for a given `Random`: the
 * demo city, the search benchmark (100,000) and the relevance corpus all come from here.
 */
export function generatePostings(
  random: Random,
  count: number,
  options: { today: string; townships: Township[]; externalPrefix?: string },
): { employers: GeneratedEmployer[]; jobs: JobImportRow[] } {
  const employers = new Map<string, GeneratedEmployer>()
  const employerFor = (name: string, regionCode: string, sizeClass: SizeClass) => {
    let e = employers.get(name)
    if (!e) {
      e = {
        name,
        creditCode: makeCreditCode(regionCode, 100_000 + employers.size),
        sizeClass,
        regionCode,
        contactName: `${random.pick(surnames)}经理`,
        contactPhone: `1${random.pick(['38', '39', '58', '86', '87'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
      }
      employers.set(name, e)
    }
    return e
  }
  const weighted = templates.map((t) => [t, t.weight] as const)
  const jobs: JobImportRow[] = []
  for (let i = 0; i < count; i++) {
    const welfare = options.townships.length > 0 && random.chance(0.1)
    const row = welfare ? welfarePosting(random, options.townships, employerFor) : templatePosting(random, random.weighted(weighted), employerFor)
    const deadline = addDays(options.today, random.int(7, 90))
    jobs.push({
      ...row,
      externalId: `${options.externalPrefix ?? 'gen'}-${i + 1}`,
      openings: random.weighted([[random.int(1, 5), 5], [random.int(5, 30), 4], [random.int(30, 200), 1]]),
      startDate: addDays(deadline, random.int(0, 30)),
      deadline,
    })
  }
  return { employers: [...employers.values()], jobs }
}

type EmployerFor = (name: string, regionCode: string, sizeClass: SizeClass) => GeneratedEmployer
type PostingDraft = Omit<JobImportRow, 'externalId' | 'openings' | 'startDate' | 'deadline'>

function templatePosting(random: Random, t: Template, employerFor: EmployerFor): PostingDraft {
  const place = random.pick(t.places)
  const employer = employerFor(random.pick(t.employers), place.code, random.pick(['small', 'medium', 'large'] as const))
  const [min, max, unit] = t.wage
  const step = unit === 'month' ? 500 : unit === 'day' ? 10 : 5
  const wageMin = Math.round(random.int(min, (min + max) / 2) / step) * step
  const wageMax = Math.max(wageMin, Math.round(random.int((min + max) / 2, max) / step) * step)
  const benefits = random.sample(t.benefits, random.int(Math.min(1, t.benefits.length), t.benefits.length))
  const wageText = `${wageMin}-${wageMax}元/${{ month: '月', day: '天', task: '单', piece: '件' }[unit]}`
  return {
    title: random.pick(t.titles).replace('{place}', place.name),
    description: `${employer.name}招聘${t.occupation}。${random.pick(t.duties)}。${random.sample(requirements, 2).join('，')}。待遇${wageText}，${benefits.join('、')}。`,
    regionCode: place.code,
    occupation: t.occupation,
    skillTags: random.sample(t.skillTags, random.int(1, t.skillTags.length)),
    certificatesRequired: t.certificates ?? [],
    wageMin,
    wageMax,
    wageUnit: unit,
    benefits,
    contractMonths: random.int(...t.contractMonths),
    type: t.type,
    gigKind: t.gigKind ?? null,
    temporaryUnit: t.temporaryUnit ?? null,
    laborBrand: t.laborBrand && random.chance(0.8) ? t.laborBrand : null,
    employerCreditCode: employer.creditCode,
  }
}

function welfarePosting(random: Random, townships: Township[], employerFor: EmployerFor): PostingDraft {
  const township = random.pick(townships)
  const post = random.pick(welfarePosts)
  const employer = employerFor(`${township.name}人民政府`, township.countyCode, 'micro')
  return {
    title: `${township.name}公益岗位 ${post.occupation}`,
    description: `${township.name}开发公益性岗位，招聘${post.occupation}，${post.duty}。优先安置脱贫劳动力和防返贫监测对象，就近上岗。`,
    regionCode: township.countyCode,
    occupation: post.occupation,
    skillTags: [],
    certificatesRequired: [],
    wageMin: random.pick([800, 1000, 1200]),
    wageMax: random.pick([1200, 1500, 1800]),
    wageUnit: 'month',
    benefits: ['意外险'],
    contractMonths: 12,
    type: 'public_welfare',
    publicWelfareCategory: post.category,
    laborBrand: null,
    employerCreditCode: employer.creditCode,
  }
}
