import type { Job } from '../jobs/schema'
import type { Station } from '../network/schema'
import type { TransportStatus, TravelKind } from './schema'

export interface PlacementPlan {
  travel: TravelKind
  transportStatus: TransportStatus
}

/**
 * What a placement means for the journey: whether the service must organize it (点对点:
 * out of the province, or in it but outside the home county). The employment form and
 * status it gives the laborer are src/employments' (`formOfPlacement`).
 */
export function planPlacement(
  job: Pick<Job, 'provinceCode' | 'cityCode' | 'countyCode'>,
  homeCounty: string,
  cityCode: string,
  organized: boolean,
): PlacementPlan {
  const crossProvince = job.provinceCode !== cityCode.slice(0, 2)
  const outsideHomeCounty = crossProvince || job.cityCode !== cityCode || job.countyCode !== homeCounty
  const travel: TravelKind = crossProvince ? 'cross_province' : outsideHomeCounty ? 'in_province' : 'none'
  return { travel, transportStatus: organized && travel !== 'none' ? 'awaiting' : 'not_needed' }
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
