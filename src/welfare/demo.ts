import { desc, sql } from 'drizzle-orm'
import type { DemoStep } from '../demo/index'
import { addMonths, shanghaiToday } from '../calendar'
import { transaction } from '../db/transaction'
import { laborers } from '../laborers/schema'
import * as q from './queries'
import { rankCandidates } from './ranking'
import type { PublicWelfareCategory } from './schema'
import { welfarePosts } from './schema'
import { fillPost } from './terms'

/** Posts a county typically sets: title, duties, category and allowance (元/月). */
const POSTS: { title: string; duties: string; category: PublicWelfareCategory; allowance: number }[] = [
  { title: '村级保洁员', duties: '负责村内主干道、公共场所的日常清扫保洁和垃圾清运，每天上午、下午各巡查一次。', category: 'facility_maintenance', allowance: 800 },
  { title: '生态护林员', duties: '巡护责任区林地，防火宣传、发现火情及时报告，制止乱砍滥伐。', category: 'facility_maintenance', allowance: 833 },
  { title: '乡村道路养护员', duties: '清理路面杂物，疏通排水沟，报告路面损坏。', category: 'facility_maintenance', allowance: 700 },
  { title: '农村养老服务员', duties: '为村里独居、留守老人上门送餐、打扫、陪护，每周探访不少于三次。', category: 'public_service', allowance: 900 },
  { title: '村级就业信息员', duties: '登记本村劳动力就业情况，收集发布岗位信息，协助办理就业补贴。', category: 'public_management', allowance: 800 },
  { title: '乡村公共文化管理员', duties: '管理村文化活动室和农家书屋，组织群众文化活动。', category: 'social_undertaking', allowance: 600 },
  { title: '网格治安巡逻员', duties: '参与网格化管理，巡逻、排查矛盾纠纷和安全隐患并及时上报。', category: 'social_governance', allowance: 800 },
]

/**
 * Public-welfare posts in the townships where most demo laborers live, three in four
 * filled by the best-ranked candidate (poverty laborers first), some terms begun months
 * ago, so lists, candidates and the per-county counts show something.
 */
export const welfareDemoStep: DemoStep = {
  name: 'welfare',
  run(app, random) {
    if (app.db.select({ n: sql<number>`count(*)` }).from(welfarePosts).get()!.n > 0) return
    const today = shanghaiToday()
    const busiest = app.db
      .select({ township: laborers.townshipCode, village: sql<string>`min(${laborers.villageCode})`, n: sql<number>`count(*)` })
      .from(laborers)
      .groupBy(laborers.townshipCode)
      .orderBy(desc(sql`count(*)`))
      .all()
    const perCounty = new Map<string, typeof busiest>()
    for (const row of busiest) {
      const list = perCounty.get(row.township.slice(0, 6)) ?? []
      if (list.length < 3) list.push(row)
      perCounty.set(row.township.slice(0, 6), list)
    }
    transaction(app.db, () => {
      for (const [county, townships] of perCounty) {
        for (const township of townships) {
          for (let i = 0; i < 3; i++) {
            const spec = random.pick(POSTS)
            const regionCode = i === 0 ? township.township : township.village
            const post = q.createPost(app.db, {
              countyCode: county,
              townshipCode: township.township,
              regionCode,
              category: spec.category,
              title: spec.title,
              duties: spec.duties,
              monthlyAllowance: spec.allowance,
              termMonths: 12,
            })
            if (!random.chance(0.75)) continue
            const [best] = rankCandidates(q.candidatePool(app.db, township.township), { post, today }, 1)
            if (!best) continue
            const laborer = app.db.select().from(laborers).where(sql`${laborers.id} = ${best.laborer.id}`).get()!
            fillPost(app.db, app.config.cityCode, post, laborer, addMonths(today, -random.int(0, 10)), null)
          }
        }
      }
    })
  },
}
