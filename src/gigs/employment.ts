import type { Db } from '../db/database'
import { endEmployment, recordEmployment } from '../employments/index'
import { getLaborer } from '../laborers/index'
import type { Gig, GigSignup } from './schema'

/**
 * A gig worked becomes a 灵活就业 employment record (source gig) from its first day to its
 * last (or today, when the poster marks it done before its last day): the registry shows
 * the job, the reports count it, and the laborer's status follows the open records.
 */
export function recordGigWork(db: Db, cityCode: string, signup: GigSignup, gig: Gig, today: string, tokenId: number | null): void {
  const laborer = getLaborer(db, signup.laborerId)!
  const { record } = recordEmployment(db, laborer, {
    form: 'flexible',
    startDate: gig.workDate,
    source: 'gig',
    employerId: gig.employerId,
    employerName: gig.employerId === null ? `${gig.title}（零工市场）` : null,
    placeCode: gig.regionCode,
    note: `零工 ${gig.id}：${gig.title}`,
    tokenId,
    cityCode,
  })
  endEmployment(db, record, { endDate: gig.lastDate < today ? gig.lastDate : today, reason: 'contract_ended', note: `零工 ${gig.id} 完工`, tokenId })
}
