/**
 * Postings' face: the scoped loader, the lookups and writes other domains make on a
 * posting (openings taken by matching, re-indexing an employer's postings), and the demo
 * step. Tables are in `./schema`.
 */
export { jobInScope } from './scope'
export { getJob, reindexEmployerJobs, takeOpening } from './queries'
export { jobsDemoStep } from './demo'
