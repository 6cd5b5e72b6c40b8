import type { Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { ownsEmployer } from '../employers/index'
import { NotFoundError } from '../errors'
import { getJob } from './queries'
import type { Job } from './schema'

/**
 * The posting `id` if the caller may see it: officials see every posting, an employer
 * its own; another employer's posting is as absent as one that does not exist (404).
 */
export function jobInScope(db: Db, caller: Caller, id: number): Job {
  const job = getJob(db, id)
  if (!job || !ownsEmployer(caller, job.employerId)) throw new NotFoundError(`job ${id}`)
  return job
}
