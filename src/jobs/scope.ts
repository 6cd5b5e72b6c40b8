import type { Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { getEmployer, managesPlace, ownsEmployer } from '../employers/index'
import { JobNotFoundError } from '../errors'
import { getJob } from './queries'
import type { Job } from './schema'

/**
 * The posting `id` if the caller may see it: officials see every posting, an employer
 * its own, a station operator the postings its station collected (岗位收集); another's
 * posting is as absent as one that does not exist (404).
 */
export function jobVisible(caller: Caller, job: Pick<Job, 'employerId' | 'stationId'>): boolean {
  if (caller.role === 'station_operator') return job.stationId !== null && caller.scope === String(job.stationId)
  return ownsEmployer(caller, job.employerId)
}

export function jobInScope(db: Db, caller: Caller, id: number): Job {
  const job = getJob(db, id)
  if (!job || !jobVisible(caller, job)) throw new JobNotFoundError(id)
  return job
}

/** Where a posting is: its county, else its city, else its province. */
export function placeOf(job: { countyCode?: string | null; cityCode?: string | null; provinceCode: string }): string {
  return job.countyCode ?? job.cityCode ?? job.provinceCode
}

/**
 * The posting `id` if the caller may change it: it must see it, and (a county officer)
 * manage both its place and its employer (`managesPlace`: its own county's, or outside
 * the city). Otherwise the same 404 as a missing posting.
 */
export function jobManaged(db: Db, caller: Caller, cityCode: string, id: number): Job {
  const job = jobInScope(db, caller, id)
  const employer = getEmployer(db, job.employerId)
  if (!managesPlace(db, caller, cityCode, placeOf(job)) || !employer || !managesPlace(db, caller, cityCode, employer.regionCode)) {
    throw new JobNotFoundError(id)
  }
  return job
}
