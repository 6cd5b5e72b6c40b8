import type { SearchFilters } from '../../src/search/engine'

/**
 * Held-out everyday queries, typed the way laborers type: traditional characters, slips of
 * a pinyin input method, everyday words for the work, spaced and mixed pinyin and place
 * initials, 包吃住, labor brands. Scored on the corpus of `relevance-set.ts`; kept apart
 * from the examples the analysis was built on (the issue's and the contract-*.test.ts
 * files'), so it measures rather than confirms. Do not tune on these: add new ones.
 */
export type EverydayKind = 'traditional' | 'slip' | 'everyday' | 'pinyin' | 'benefits' | 'brand'

export interface EverydayQuery {
  q: string
  filters?: SearchFilters
  /** Keys of postings that must be in the top 10. */
  relevant: string[]
  kind: EverydayKind
}

const siji = ['siji-lf-1', 'siji-lf-2', 'siji-tj-1', 'siji-bj-1']
const wagong = ['wagong-tj-1', 'wagong-tj-2', 'wagong-bj-1', 'wagong-lf-1']
const yuesao = ['yuesao-bj-1', 'yuesao-bj-2', 'yuesao-tj-1', 'yuesao-sh-1']
const hangong = ['hangong-dt-1', 'hangong-ty-1']
const yanglao = ['yanglao-ty-1', 'yanglao-bj-1']
const yuying = ['yuying-bj-1', 'yuying-sh-1']
const qishou = ['qishou-ty-1', 'qishou-ty-2']
const chache = ['chache-sz-1', 'chache-tj-1']
const xiuniang = ['xiuniang-fs-1', 'xiuniang-fs-2']
const pugong = ['pugong-sz-1', 'pugong-sz-2', 'pugong-dg-1']

export const everydayQueries: EverydayQuery[] = [
  // 繁体
  { q: '護工', relevant: yanglao, kind: 'traditional' },
  { q: '電焊工', relevant: hangong, kind: 'traditional' },
  { q: '貨車司機', relevant: ['siji-lf-1', 'siji-lf-2'], kind: 'traditional' },
  { q: '養老護理員', relevant: yanglao, kind: 'traditional' },
  { q: '保潔員', relevant: ['gongyi-fs-1'], kind: 'traditional' },
  { q: '網格員', relevant: ['gongyi-wt-1'], kind: 'traditional' },
  { q: '刺繡', relevant: xiuniang, kind: 'traditional' },
  { q: '蘇州 普工', relevant: ['pugong-sz-1'], kind: 'traditional' },
  { q: '北京 育嬰師', relevant: ['yuying-bj-1'], kind: 'traditional' },
  { q: '外賣騎手', relevant: qishou, kind: 'traditional' },
  { q: '鋼筋工', relevant: ['gangjin-tj-1'], kind: 'traditional' },
  { q: '叉車司機', relevant: chache, kind: 'traditional' },
  // 同音字、错一个字
  { q: '月扫', relevant: yuesao, kind: 'slip' },
  { q: '育英师', relevant: yuying, kind: 'slip' },
  { q: '电汗工', relevant: hangong, kind: 'slip' },
  { q: '砌筑公', relevant: wagong, kind: 'slip' },
  { q: '叉车司鸡', relevant: chache, kind: 'slip' },
  { q: '养老护里员', relevant: yanglao, kind: 'slip' },
  { q: '网格圆', relevant: ['gongyi-wt-1'], kind: 'slip' },
  { q: '骑首', relevant: qishou, kind: 'slip' },
  { q: '厨狮', relevant: ['chushi-xz-1'], kind: 'slip' },
  { q: '木公', relevant: ['mugong-bj-1'], kind: 'slip' },
  { q: '钢筋攻', relevant: ['gangjin-tj-1'], kind: 'slip' },
  { q: '天津 瓦攻', relevant: ['wagong-tj-1', 'wagong-tj-2'], kind: 'slip' },
  // 日常说法
  { q: '跑长途', relevant: ['siji-lf-1', 'siji-lf-2'], kind: 'everyday' },
  { q: '开叉车', relevant: chache, kind: 'everyday' },
  { q: '送外卖', relevant: qishou, kind: 'everyday' },
  { q: '绑钢筋', relevant: ['gangjin-tj-1'], kind: 'everyday' },
  { q: '砌墙', relevant: wagong, kind: 'everyday' },
  { q: '照顾老人', relevant: yanglao, kind: 'everyday' },
  { q: '看孩子', relevant: yuying, kind: 'everyday' },
  { q: '打扫卫生', relevant: ['gongyi-fs-1'], kind: 'everyday' },
  { q: '烧电焊', relevant: hangong, kind: 'everyday' },
  { q: '进厂', relevant: pugong, kind: 'everyday' },
  { q: '木匠', relevant: ['mugong-bj-1'], kind: 'everyday' },
  { q: '伺候月子', relevant: yuesao, kind: 'everyday' },
  { q: '卸货', relevant: ['zhuangxie-xz-1'], kind: 'everyday' },
  { q: '摘棉花', relevant: ['caimian-aks-1'], kind: 'everyday' },
  { q: '炒菜', relevant: ['chushi-xz-1'], kind: 'everyday' },
  { q: '看大门', relevant: ['baoan-bj-1'], kind: 'everyday' },
  { q: '当保安', relevant: ['baoan-bj-1'], kind: 'everyday' },
  { q: '找个开车的活', relevant: siji, kind: 'everyday' },
  { q: '学电焊', relevant: hangong, kind: 'everyday' },
  { q: '照看小孩', relevant: yuying, kind: 'everyday' },
  // 拼音：分开打、夹着汉字、地名首字母
  { q: 'yue sao', relevant: yuesao, kind: 'pinyin' },
  { q: 'dian han gong', relevant: hangong, kind: 'pinyin' },
  { q: 'tj 瓦工', relevant: ['wagong-tj-1', 'wagong-tj-2'], kind: 'pinyin' },
  { q: '苏州pg', relevant: ['pugong-sz-1'], kind: 'pinyin' },
  { q: 'ty 外卖', relevant: qishou, kind: 'pinyin' },
  { q: 'bj yuesao', relevant: ['yuesao-bj-1', 'yuesao-bj-2'], kind: 'pinyin' },
  { q: 'beijing 保安', relevant: ['baoan-bj-1'], kind: 'pinyin' },
  { q: 'lf siji', relevant: ['siji-lf-1', 'siji-lf-2'], kind: 'pinyin' },
  { q: 'cha che si ji', relevant: chache, kind: 'pinyin' },
  { q: 'tianjin wg', relevant: ['wagong-tj-1', 'wagong-tj-2'], kind: 'pinyin' },
  { q: '太原 hg', relevant: ['hangong-ty-1'], kind: 'pinyin' },
  { q: 'yang lao hu li yuan', relevant: yanglao, kind: 'pinyin' },
  // 包吃住
  { q: '包吃住 司机', relevant: siji, kind: 'benefits' },
  { q: '月嫂 包吃住', relevant: yuesao, kind: 'benefits' },
  { q: '瓦工包吃住', relevant: wagong, kind: 'benefits' },
  { q: '包吃包住 电焊工', relevant: hangong, kind: 'benefits' },
  { q: '保安', filters: { benefits: ['包吃住'] }, relevant: ['baoan-bj-1'], kind: 'benefits' },
  { q: '叉车', filters: { benefits: ['包吃包住'] }, relevant: chache, kind: 'benefits' },
  // 劳务品牌
  { q: '繁峙绣娘', relevant: xiuniang, kind: 'brand' },
  { q: '好司机', relevant: ['siji-lf-1', 'siji-lf-2'], kind: 'brand' },
  { q: '五台瓦工 天津', relevant: ['wagong-tj-1', 'wagong-tj-2'], kind: 'brand' },
  { q: '忻州月嫂 北京', relevant: ['yuesao-bj-1', 'yuesao-bj-2'], kind: 'brand' },
  { q: '保德好司机 廊坊', relevant: ['siji-lf-1', 'siji-lf-2'], kind: 'brand' },
  { q: '忻州月嫂 上海', relevant: ['yuesao-sh-1'], kind: 'brand' },
]
