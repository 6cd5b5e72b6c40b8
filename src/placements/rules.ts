import type { Job } from '../jobs/schema'
import type { EmploymentStatus } from '../laborers/schema'
import type { Station } from '../network/schema'
import type { TransportStatus, TravelKind } from './schema'

export interface PlacementPlan {
  travel: TravelKind
  transportStatus: TransportStatus
  employmentStatus: EmploymentStatus
}

/**
 * What a placement means for the laborer: the employment status the progress reports
 * count (公益岗位, 省际输出, 省内转移, 就地就近), and whether the service must organize
 * the journey (点对点: out of the province, or in it but outside the home county).
 */
export function planPlacement(
  job: Pick<Job, 'provinceCode' | 'cityCode' | 'countyCode' | 'type'>,
  homeCounty: string,
  cityCode: string,
  organized: boolean,
): PlacementPlan {
  const crossProvince = job.provinceCode !== cityCode.slice(0, 2)
  const outsideHomeCounty = crossProvince || job.cityCode !== cityCode || job.countyCode !== homeCounty
  const travel: TravelKind = crossProvince ? 'cross_province' : outsideHomeCounty ? 'in_province' : 'none'
  const employmentStatus: EmploymentStatus =
    job.type === 'public_welfare' ? 'public_welfare_post' : crossProvince ? 'cross_province' : outsideHomeCounty ? 'in_province' : 'local'
  return { travel, transportStatus: organized && travel !== 'none' ? 'awaiting' : 'not_needed', employmentStatus }
}

/**
 * Where an organized group is received: a station in the posting's city, else in its
 * province, else one serving its partner area; the lowest id wins ties so the choice is
 * stable.
 */
export function destinationStation(
  job: Pick<Job, 'provinceCode' | 'cityCode' | 'partnerArea'>,
  stations: Pick<Station, 'id' | 'cityCode' | 'provinceCode' | 'partnerArea'>[],
): number | null {
  const sorted = [...stations].sort((a, b) => a.id - b.id)
  const found =
    (job.cityCode ? sorted.find((s) => s.cityCode === job.cityCode) : undefined) ??
    sorted.find((s) => s.provinceCode === job.provinceCode) ??
    sorted.find((s) => s.partnerArea === job.partnerArea)
  return found?.id ?? null
}
