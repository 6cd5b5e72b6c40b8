import { sql } from 'drizzle-orm'
import type { DemoStep } from '../demo/index'
import { addDays, shanghaiToday } from '../calendar'
import { createGig } from './queries'
import { gigs } from './schema'

const GIGS: { title: string; occupation: string; unit: 'day' | 'task'; pay: [number, number]; days: [number, number]; description: string }[] = [
  { title: '果园摘苹果', occupation: '农活', unit: 'day', pay: [150, 200], days: [1, 3], description: '管午饭，自带手套。' },
  { title: '玉米收割装车', occupation: '农活', unit: 'day', pay: [180, 230], days: [1, 2], description: '力气活，男女不限。' },
  { title: '民房砌墙', occupation: '瓦工', unit: 'day', pay: [280, 350], days: [2, 5], description: '有砌墙经验，自带瓦刀。' },
  { title: '婚宴帮厨', occupation: '厨师', unit: 'day', pay: [200, 260], days: [1, 1], description: '洗菜切配，管饭。' },
  { title: '仓库搬货卸车', occupation: '装卸工', unit: 'task', pay: [300, 600], days: [1, 1], description: '卸一车水泥，按车结算。' },
  { title: '村道除雪', occupation: '小工', unit: 'day', pay: [120, 160], days: [1, 1], description: '工具村里提供。' },
  { title: '家庭保洁', occupation: '保洁', unit: 'task', pay: [150, 300], days: [1, 1], description: '新房开荒保洁。' },
  { title: '杂粮分拣包装', occupation: '普工', unit: 'day', pay: [130, 170], days: [2, 4], description: '坐着干，适合中老年。' },
]

/** Gigs of today, tomorrow and the next days in every county's townships, posted by township staff: the kiosk board has something to show. */
export const gigsDemoStep: DemoStep = {
  name: 'gigs',
  run(app, random) {
    if (app.db.select({ n: sql<number>`count(*)` }).from(gigs).get()!.n > 0) return
    const today = shanghaiToday()
    for (const county of app.regions.counties()) {
      const townships = app.regions.children(county.code)
      if (townships.length === 0) continue
      for (let i = 0; i < 6; i++) {
        const spec = random.pick(GIGS)
        const township = random.pick(townships)
        const villages = app.regions.children(township.code)
        const place = villages.length && random.chance(0.7) ? random.pick(villages).code : township.code
        const workDate = addDays(today, random.int(0, 3))
        createGig(app.db, {
          countyCode: county.code,
          townshipCode: township.code,
          regionCode: place,
          address: random.pick(['村委会门口集合', '镇政府东侧', '集贸市场', '']),
          title: spec.title,
          occupation: spec.occupation,
          description: spec.description,
          workDate,
          lastDate: addDays(workDate, random.int(spec.days[0], spec.days[1]) - 1),
          unit: spec.unit,
          pay: Math.round(random.int(spec.pay[0], spec.pay[1]) / 10) * 10,
          slots: random.int(1, 8),
          contact: `${random.pick(['王', '李', '张', '刘', '赵'])}师傅`,
          posterKind: 'staff',
          employerId: null,
          tokenId: null,
        })
      }
    }
  },
}
