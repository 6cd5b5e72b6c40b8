import type { FastifyInstance } from 'fastify'
import { employers } from '../../src/employers/schema'
import { jobs } from '../../src/jobs/schema'
import { employmentEvents, laborers, type EmploymentStatus, type PovertyStatus } from '../../src/laborers/schema'
import { matches } from '../../src/matching/schema'
import { placements, type TravelKind } from '../../src/placements/schema'

/**
 * Rows other modules own, written straight with drizzle: these tests are about what
 * subsidies and reports make of the facts, not about how the facts are recorded.
 */
let serial = 0

export function villageOf(app: FastifyInstance, countyCode: string): string {
  const township = app.regions.children(countyCode)[0]
  return app.regions.children(township.code)[0].code
}

export function insertLaborer(
  app: FastifyInstance,
  over: { countyCode: string; poverty?: PovertyStatus; status?: EmploymentStatus },
): number {
  const village = villageOf(app, over.countyCode)
  const n = ++serial
  const now = Date.now()
  return app.db
    .insert(laborers)
    .values({
      name: `测试${n}`,
      idHash: `hash-${n}-${Math.random()}`,
      idCipher: 'x',
      idMasked: '1409**********0000',
      phoneHash: `p-${n}`,
      phoneCipher: 'x',
      phoneMasked: '138****0000',
      gender: 'male',
      birthDate: '1985-01-01',
      villageCode: village,
      townshipCode: village.slice(0, 9),
      countyCode: over.countyCode,
      povertyStatus: over.poverty ?? 'poverty_alleviated',
      employmentStatus: over.status ?? 'unemployed',
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: laborers.id })
    .get().id
}

export function insertEvent(
  app: FastifyInstance,
  laborerId: number,
  e: { to: EmploymentStatus; date: string; countyCode: string; poverty?: PovertyStatus; from?: EmploymentStatus | null },
): void {
  app.db
    .insert(employmentEvents)
    .values({
      laborerId,
      fromStatus: e.from ?? null,
      toStatus: e.to,
      effectiveDate: e.date,
      countyCode: e.countyCode,
      povertyStatus: e.poverty ?? 'poverty_alleviated',
      at: Date.now(),
    })
    .run()
}

export function insertEmployer(app: FastifyInstance, over: { sizeClass?: 'micro' | 'small' | 'medium' | 'large'; regionCode?: string } = {}): number {
  const now = Date.now()
  return app.db
    .insert(employers)
    .values({
      name: `测试企业${++serial}`,
      creditCode: `91140900MA${String(serial).padStart(8, '0')}`,
      sizeClass: over.sizeClass ?? 'micro',
      regionCode: over.regionCode ?? '140924',
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: employers.id })
    .get().id
}

export function insertPlacement(
  app: FastifyInstance,
  p: {
    laborerId: number
    employerId: number
    homeCountyCode: string
    travel: TravelKind
    startDate: string
    organized?: boolean
    contractMonths?: number
    intermediaryId?: number
    jobCountyCode?: string | null
    endDate?: string
  },
): number {
  const now = Date.now()
  const job = app.db
    .insert(jobs)
    .values({
      employerId: p.employerId,
      source: 'test',
      externalId: `job-${++serial}`,
      title: '普工',
      description: '测试岗位',
      provinceCode: p.travel === 'cross_province' ? '11' : '14',
      countyCode: p.jobCountyCode ?? null,
      partnerArea: p.travel === 'cross_province' ? 'jingjinji' : 'in_province',
      occupation: '普工',
      openings: 10,
      openingsLeft: 9,
      wageMin: 4000,
      wageMax: 5000,
      wageUnit: 'month',
      contractMonths: p.contractMonths ?? 12,
      startDate: p.startDate,
      deadline: p.startDate,
      type: 'regular',
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: jobs.id })
    .get()
  const match = app.db
    .insert(matches)
    .values({ laborerId: p.laborerId, jobId: job.id, status: 'placed', score: 80, scoreVersion: 1, origin: 'manual', createdAt: now, updatedAt: now })
    .returning({ id: matches.id })
    .get()
  return app.db
    .insert(placements)
    .values({
      matchId: match.id,
      laborerId: p.laborerId,
      jobId: job.id,
      employerId: p.employerId,
      homeCountyCode: p.homeCountyCode,
      startDate: p.startDate,
      contractMonths: p.contractMonths ?? 12,
      organized: p.organized ?? true,
      intermediaryId: p.intermediaryId ?? null,
      travel: p.travel,
      transportStatus: 'not_needed',
      endDate: p.endDate ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: placements.id })
    .get().id
}
