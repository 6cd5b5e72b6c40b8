import type { FastifyInstance } from 'fastify'
import { makeCreditCode } from '../../src/employers/credit-code'
import { createEmployer } from '../../src/employers/queries'
import { addDays, shanghaiToday } from '../../src/calendar'

export const today = () => shanghaiToday()
export const inDays = (n: number) => addDays(shanghaiToday(), n)

let serial = 1000
/** A registered employer with a valid credit code. */
export function employer(app: FastifyInstance, name = '苏州精工电子有限公司', regionCode = '320505') {
  return createEmployer(app.db, {
    name,
    creditCode: makeCreditCode(regionCode, serial++),
    sizeClass: 'medium',
    regionCode,
    contactName: '王经理',
    contactPhone: '13800138000',
  })
}

/** A valid posting body; override what the test is about. */
export function jobBody(overrides: Record<string, unknown> = {}) {
  return {
    title: '苏州电子厂普工 包吃包住',
    description: '苏州工业园区电子厂招聘普工，长白班，包吃包住，五险一金，月休四天。',
    regionCode: '320505',
    occupation: '普工',
    skillTags: ['流水线'],
    openings: 30,
    wageMin: 5000,
    wageMax: 7000,
    wageUnit: 'month',
    benefits: ['包吃', '包住', '五险一金'],
    contractMonths: 12,
    startDate: inDays(10),
    deadline: inDays(30),
    type: 'regular',
    ...overrides,
  }
}
