import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { shanghaiToday } from '../../src/calendar'
import { checkJob } from '../../src/jobs/model'
import { createJob } from '../../src/jobs/queries'
import type { SearchParams } from '../../src/search/service'
import { employer, jobBody } from '../jobs/fixtures'
import { testApp } from '../helpers'

/** The postings each query-kind contract file searches (one employer, places across the partner areas). */
export interface KindCorpus {
  app: FastifyInstance
  /** Posting id by key. */
  id: Record<string, number>
  /** Ids of a search, in rank order. */
  ids(q: string, params?: SearchParams): Promise<number[]>
}

type Posting = Record<string, unknown> & { title: string; occupation: string; regionCode: string }

const postings: Record<string, Posting> = {
  wagongTj: { title: '天津建筑工地瓦工', occupation: '瓦工', regionCode: '120104', laborBrand: 'wutai_wagong', benefits: ['包吃', '包住'] },
  qizhuBj: { title: '北京砌筑工 大工', occupation: '砌筑工', regionCode: '110105', benefits: ['包住'] },
  wagongBj: { title: '北京泥瓦工 贴砖', occupation: '泥瓦工', regionCode: '110114', benefits: ['包吃住'] },
  jianzhuTy: { title: '太原建筑工地小工', occupation: '小工', regionCode: '140105', description: '建筑工地搬砖和杂活', benefits: [] },
  sijiLf: { title: '廊坊物流园货车司机', occupation: '货车司机', regionCode: '131002', description: '驾驶重型货车，A2驾照', laborBrand: 'baode_siji', benefits: ['包吃', '包住'] },
  sijiBj: { title: '北京公司商务车驾驶员', occupation: '驾驶员', regionCode: '110105', description: '接送领导', benefits: ['包吃'] },
  chushiXz: { title: '忻州古城酒店厨师', occupation: '厨师', regionCode: '140902', description: '晋菜和面食制作', benefits: ['包吃', '包住'] },
  yuyingSh: { title: '上海住家育婴师', occupation: '育婴师', regionCode: '310115', description: '照护婴幼儿', benefits: ['包吃', '包住'] },
  baomuSz: { title: '深圳家政保姆', occupation: '保姆', regionCode: '440306', description: '家务和照顾孩子', benefits: ['包住'] },
  yanglaoTy: { title: '太原养老院护理员', occupation: '养老护理员', regionCode: '140105', description: '照护失能老人', benefits: [] },
  baojieFs: { title: '繁峙县乡村保洁员', occupation: '保洁员', regionCode: '140924', description: '村内道路保洁', benefits: [] },
  hangongDt: { title: '大同钢结构电焊工', occupation: '电焊工', regionCode: '140213', description: '钢结构，持焊工证', benefits: ['包住'] },
  yuesaoBj: { title: '北京金牌月嫂', occupation: '月嫂', regionCode: '110108', description: '产妇和新生儿护理', laborBrand: 'xinzhou_yuesao', benefits: ['包吃', '包住'] },
  yuesaoTy: { title: '太原月嫂', occupation: '月嫂', regionCode: '140105', description: '月子护理', benefits: [] },
  pugongSz: { title: '苏州电子厂普工', occupation: '普工', regionCode: '320505', description: '流水线组装', benefits: ['包吃', '包住'] },
  tradDriver: { title: '東莞貨櫃車司機', occupation: '貨車司機', regionCode: '4419', description: '駕駛貨櫃車，長途運輸', benefits: [] },
}

async function corpus(app: FastifyInstance): Promise<KindCorpus> {
  const today = shanghaiToday()
  const e = employer(app, '忻州市人力资源服务产业园', '140902')
  const id: Record<string, number> = {}
  for (const [key, p] of Object.entries(postings)) {
    const checked = checkJob(jobBody({ description: p.title, skillTags: [], ...p }) as never, { regionLevel: (c) => app.regions.get(c)?.level, cityCode: '1409', today })
    if (!checked.ok) throw new Error(`${key}: ${checked.field} ${checked.reason}`)
    id[key] = createJob(app.db, { ...checked.content, employerId: e.id, source: 'manual' }).id
  }
  await app.jobSearch.engine.reindex()
  await app.jobSearch.engine.settle()
  return { app, id, ids: async (q, params = {}) => (await app.jobSearch.search({ q, ...params })).hits.map((h) => h.id) }
}

/** Runs one query kind's contract against the embedded engine, and Meilisearch when MEILI_HOST is set. */
export function contractKind(name: string, suite: (t: Test, c: KindCorpus) => Promise<void>): void {
  t.test(`${name}: embedded engine`, async (t) => {
    const app = await testApp(t)
    await suite(t, await corpus(app))
  })
  const meiliHost = process.env.MEILI_HOST
  t.test(`${name}: meilisearch engine`, { skip: meiliHost ? false : 'skipped: MEILI_HOST not set' }, async (t) => {
    const app = await testApp(t, { searchBackend: 'meilisearch', meiliHost, meiliApiKey: process.env.MEILI_API_KEY })
    await suite(t, await corpus(app))
  })
}
