import { and, eq, like, sql } from 'drizzle-orm'
import type { DemoStep } from '../demo/index'
import { addDays, shanghaiToday } from '../calendar'
import { employers } from '../employers/schema'
import { jobs } from '../jobs/schema'
import { laborers } from '../laborers/schema'
import { createWorkshop } from './queries'
import { hireAtWorkshop } from './hire'
import { workshops } from './schema'

/**
 * The demo city's local employers with 帮扶车间 postings become registered workshops in a
 * township of their county, and a few unemployed laborers of that county are hired there
 * (through matching's lifecycle, as a county officer would), so employee counts, poverty
 * share and the employer subsidy lines show something.
 */
export const workshopsDemoStep: DemoStep = {
  name: 'workshops',
  run(app, random) {
    if (app.db.select({ n: sql<number>`count(*)` }).from(workshops).get()!.n > 0) return
    const city = app.config.cityCode
    const today = shanghaiToday()
    const rows = app.db
      .selectDistinct({ employer: employers })
      .from(jobs)
      .innerJoin(employers, eq(employers.id, jobs.employerId))
      .where(and(eq(jobs.type, 'assistance_workshop'), eq(jobs.status, 'open'), like(employers.regionCode, `${city}%`)))
      .limit(40)
      .all()
    for (const { employer } of rows) {
      const county = employer.regionCode.slice(0, 6)
      const townships = app.regions.children(county)
      if (townships.length === 0) continue
      const township = random.pick(townships)
      const workshop = createWorkshop(app.db, {
        name: employer.name,
        kind: random.pick(['assistance_workshop', 'assistance_workshop', 'community_factory', 'satellite_factory'] as const),
        countyCode: county,
        townshipCode: township.code,
        regionCode: township.code,
        address: `${township.name}${random.pick(['工业园区', '村委会旁', '老学校院内', '集贸市场东'])}`,
        operator: employer.name,
        employerId: employer.id,
        product: random.pick(['手工刺绣', '服装加工', '电子元件组装', '杂粮包装', '假发编织', '箱包缝制']),
        capacity: random.int(30, 150),
      })
      const job = app.db.select().from(jobs).where(and(eq(jobs.employerId, employer.id), eq(jobs.type, 'assistance_workshop'), eq(jobs.status, 'open'))).get()
      if (!job) continue
      const people = app.db
        .select()
        .from(laborers)
        .where(and(eq(laborers.countyCode, county), eq(laborers.employmentStatus, 'unemployed'), sql`not exists (select 1 from placements p where p.laborer_id = ${laborers.id} and p.end_date is null)`))
        .limit(Math.min(job.openingsLeft, random.int(2, 6)))
        .all()
      for (const laborer of people) {
        try {
          hireAtWorkshop(app.db, city, workshop, laborer, job.id, addDays(today, -random.int(10, 300)), null)
        } catch {
          // A pair the fit score excludes (a stated destination wish elsewhere) is not hired: the rule is matching's.
        }
      }
    }
  },
}
