import type { DemoStep } from '../demo/index'
import { addDays, shanghaiToday } from '../calendar'
import * as q from './queries'
import { transaction } from '../db/transaction'

/** Courses the demo city runs, by the occupations of its labor brands and common demand. */
const COURSES: { occupation: string; days: number }[] = [
  { occupation: '育婴师', days: 10 },
  { occupation: '母婴护理员', days: 15 },
  { occupation: '砌筑工', days: 20 },
  { occupation: '刺绣工', days: 30 },
  { occupation: '汽车驾驶员', days: 45 },
  { occupation: '养老护理员', days: 8 },
]

/**
 * Training providers and an evaluation body, courses of the last months with the demo
 * laborers enrolled, intermediaries and incubation bases: enough for every subsidy
 * statement to have lines.
 */
export const policyDemoStep: DemoStep = {
  name: 'policy',
  run(app, random) {
    if (q.hasProviders(app.db)) return
    const city = app.config.cityCode
    const today = shanghaiToday()
    const evaluator = q.createProvider(app.db, { name: `${app.regions.get(city)?.name ?? ''}职业技能等级评价中心`, kind: 'evaluation', regionCode: city })
    transaction(app.db, () => {
      for (const county of app.regions.counties()) {
        const laborerIds = q.povertyLaborerIds(app.db, county.code, 60)
        if (laborerIds.length === 0) continue
        const provider = q.createProvider(app.db, { name: `${county.name}职业技能培训学校`, kind: 'training', regionCode: county.code })
        for (const spec of random.sample(COURSES, 2)) {
          const startDate = addDays(today, -random.int(spec.days + 20, 200))
          const course = q.createCourse(app.db, {
            providerId: provider.id,
            evaluatorId: evaluator.id,
            occupation: spec.occupation,
            days: spec.days,
            startDate,
            endDate: addDays(startDate, spec.days - 1),
            skillsProgram: true,
            centralized: random.chance(0.9),
          })
          const employmentRate = random.pick([0.7, 0.8, 0.9, 1])
          for (const laborerId of random.sample(laborerIds, random.int(8, 25))) {
            const enrollment = q.enroll(app.db, course.id, laborerId, random.chance(0.1))
            if (!enrollment) continue
            const completed = random.chance(0.92)
            q.updateEnrollment(app.db, enrollment.id, {
              completed,
              attendedDays: completed ? spec.days : random.int(1, spec.days - 1),
              certificateTier: completed && random.chance(0.7) ? random.weighted([[1, 50], [2, 30], [3, 15], [4, 5]] as const) : null,
              employedAfter: completed && random.chance(employmentRate),
            })
          }
        }
        if (random.chance(0.5)) {
          q.createIntermediary(app.db, { name: `${county.name}劳务经纪人工作室`, kind: 'broker', regionCode: county.code, qualified: true })
        }
        if (random.chance(0.3)) {
          q.createIncubationBase(app.db, {
            name: `${county.name}返乡入乡创业园`,
            countyCode: county.code,
            openedOn: addDays(today, -random.int(200, 1500)),
            operating: true,
            entities: random.int(10, 60),
            povertyEmployed: random.int(5, 80),
          })
        }
      }
    })
  },
}
