import { inArea, type Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { GigNotFoundError } from '../errors'
import { getGig } from './queries'
import type { Gig } from './schema'

/**
 * Who sees a gig: the employer that posted it, and area roles whose area holds its place.
 * Every poster may also change it (confirm, complete, cancel), except village agents, who
 * only see the gigs of their village.
 */
export function gigVisible(caller: Caller, cityCode: string, gig: Pick<Gig, 'regionCode' | 'employerId'>): boolean {
  if (caller.role === 'employer') return gig.employerId !== null && String(gig.employerId) === caller.scope
  return inArea(caller, cityCode, gig.regionCode)
}

/** The gig if the caller may see it; otherwise the same 404 as for a gig that does not exist. */
export function gigInScope(db: Db, caller: Caller, cityCode: string, id: number): Gig {
  const gig = getGig(db, id)
  if (!gig || !gigVisible(caller, cityCode, gig)) throw new GigNotFoundError(id)
  return gig
}
