import type { Db } from '../db/database'
import { getJob } from '../jobs/index'
import type { Laborer } from '../laborers/schema'
import { currentConfig, proposeMatch } from '../matching/index'
import type { TrainingCourse } from './schema'

/**
 * 订单式/定向式培训: a trainee who completes an ordered course is proposed (a match in
 * `proposed`) to the ordering employer's postings, the first that matching's one
 * eligibility rule allows and that has openings. A posting that is full, closed or
 * excluded by the fit score is skipped; the answer is the ids of the matches proposed.
 */
export function proposeToOrder(db: Db, cityCode: string, course: TrainingCourse, laborer: Laborer): number[] {
  if (course.mode === 'open' || course.jobIds.length === 0) return []
  const context = { cityCode, config: currentConfig(db) }
  for (const jobId of course.jobIds) {
    const job = getJob(db, jobId)
    if (!job) continue
    try {
      return [proposeMatch(db, context, laborer, job, `training:${course.id}`).id]
    } catch {
      // Not matchable (full, already employed, excluded by the fit score): try the next posting.
    }
  }
  return []
}
