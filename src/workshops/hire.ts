import type { Db } from '../db/database'
import { transaction } from '../db/transaction'
import { BadRequestError } from '../errors'
import { getJob } from '../jobs/index'
import type { Laborer } from '../laborers/schema'
import { actOnMatch, currentConfig, proposeMatch } from '../matching/index'
import type { Placement } from '../placements/schema'
import type { Workshop } from './schema'

/**
 * A hire at a workshop is a placement like any other (the match proposed, accepted,
 * confirmed and placed in one transaction by matching's lifecycle), so employment status,
 * openings, the employer-side subsidies and the ≥ 6-month retention rule all read it.
 */
export function hireAtWorkshop(db: Db, cityCode: string, workshop: Workshop, laborer: Laborer, jobId: number, startDate: string | undefined, tokenId: number | null): Placement {
  return transaction(db, () => {
    const job = getJob(db, jobId)
    if (!job || job.employerId !== workshop.employerId || job.type !== 'assistance_workshop') {
      throw new BadRequestError(`body.jobId ${jobId} 不是${workshop.name}的帮扶车间岗位`)
    }
    const match = proposeMatch(db, { cityCode, config: currentConfig(db) }, laborer, job, 'workshop')
    const options = { tokenId, cityCode, startDate, organized: false }
    actOnMatch(db, match.id, 'accept', options)
    actOnMatch(db, match.id, 'confirm', options)
    return actOnMatch(db, match.id, 'place', options).placement!
  })
}
