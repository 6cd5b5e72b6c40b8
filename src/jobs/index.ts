/**
 * Postings' face: the scoped loader, the lookups and writes other domains make on a
 * posting (openings taken by matching, re-indexing an employer's postings), the one
 * day-to-month wage rule (`./wage`: 21.75 days, rounded half up; search and matching call
 * it), and the demo step. Tables are in `./schema`.
 */
// The wage rule first: it imports nothing, so it is ready before any cycle through ./queries.
export { monthlyRange, monthlyWage, monthlyWageSql, PAID_DAYS_PER_MONTH } from './wage'
export { jobInScope, jobManaged } from './scope'
export { partnerAreaOf } from './model'
export { getJob, reindexEmployerJobs, takeOpening } from './queries'
export { jobsDemoStep } from './demo'
