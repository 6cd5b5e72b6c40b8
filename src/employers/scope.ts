import type { Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { NotFoundError } from '../errors'
import { getEmployer } from './queries'
import type { Employer } from './schema'

/** An employer token sees only its own employer; officials see every partner employer. */
export function ownsEmployer(caller: Caller, employerId: number): boolean {
  return caller.role !== 'employer' || caller.scope === String(employerId)
}

/** The employer `id` if the caller may see it; another employer's is as absent as a missing one (404). */
export function employerInScope(db: Db, caller: Caller, id: number): Employer {
  const employer = getEmployer(db, id)
  if (!employer || !ownsEmployer(caller, id)) throw new NotFoundError(`employer ${id}`)
  return employer
}
