import type { Db } from '../db/database'
import type { Gig, GigSignup } from './schema'

/**
 * A gig worked becomes a 灵活就业 employment record. The employment records domain (issue
 * 13, `src/employments/`) is not on main yet: until it is, a worked gig is kept as the
 * sign-up's `done` status (what the local-work report counts as 零工), and no second
 * employment store is built here.
 */
export function recordGigWork(_db: Db, _signup: GigSignup, _gig: Gig, _tokenId: number | null): void {}
