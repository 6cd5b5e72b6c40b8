import type { FastifyInstance } from 'fastify'
import { makeCreditCode } from '../../src/employers/credit-code'
import { createEmployer } from '../../src/employers/queries'
import { createJob } from '../../src/jobs/queries'
import type { Job } from '../../src/jobs/schema'
import { makeIdNumber } from '../../src/laborers/id-number'
import type { LaborerBody } from '../../src/laborers/model'
import { insertLaborer } from '../../src/laborers/queries'
import type { Laborer } from '../../src/laborers/schema'
import { createStation } from '../../src/network/queries'

let serial = 0

/** The first village (in code order) of a county or township. */
export function villageIn(app: FastifyInstance, prefix: string): string {
  const village = app.regions.ofLevel('village').find((v) => v.code.startsWith(prefix))
  if (!village) throw new Error(`no village under ${prefix}`)
  return village.code
}

export function employer(app: FastifyInstance, name = '北京建工集团'): number {
  serial++
  return createEmployer(app.db, {
    name,
    creditCode: makeCreditCode('110105', serial),
    sizeClass: 'large',
    regionCode: '110105',
    contactName: '',
    contactPhone: '',
  }).id
}

export function job(app: FastifyInstance, employerId: number, overrides: Partial<Parameters<typeof createJob>[1]> = {}): Job {
  return createJob(app.db, {
    employerId,
    source: 'manual',
    title: '北京朝阳区住宅项目招瓦工',
    description: '砌墙抹灰，包吃住',
    provinceCode: '11',
    cityCode: '1101',
    countyCode: '110105',
    partnerArea: 'jingjinji',
    occupation: '瓦工',
    skillTags: ['砌墙'],
    certificatesRequired: [],
    openings: 1,
    wageMin: 250,
    wageMax: 300,
    wageUnit: 'day',
    benefits: ['包吃', '包住'],
    contractMonths: 12,
    startDate: '2030-03-01',
    deadline: '2030-02-20',
    type: 'regular',
    publicWelfareCategory: null,
    temporaryUnit: null,
    gigKind: null,
    laborBrand: null,
    ...overrides,
  })
}

export function laborer(app: FastifyInstance, villageCode: string, overrides: Partial<LaborerBody> = {}): Laborer {
  serial++
  return insertLaborer(app.db, app.pii, {
    name: `王${'伟芳娜敏静丽强磊军洋'[serial % 10]}`,
    idNumber: makeIdNumber(villageCode.slice(0, 6), '1985-06-15', serial % 2 ? 'male' : 'female', serial),
    phone: `138${String(10_000_000 + serial).slice(-8)}`,
    villageCode,
    povertyStatus: 'poverty_alleviated',
    skills: [{ occupation: '瓦工', tags: ['砌墙'], years: 5 }],
    certificates: [],
    destinationWishes: ['jingjinji'],
    expectedWage: 5000,
    availableFrom: null,
    ...overrides,
  })
}

export function station(app: FastifyInstance, cityCode: string, partnerArea: 'jingjinji' | 'yangtze_delta' | 'greater_bay' | 'in_province') {
  return createStation(app.db, {
    name: `${cityCode} 劳务服务工作站`,
    provinceCode: cityCode.slice(0, 2),
    cityCode,
    partnerArea,
    address: '',
    contactName: '',
    contactPhone: '',
  })
}
