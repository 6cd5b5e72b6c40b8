/**
 * Employment records' face (就业记录): every job a laborer holds, from a placement, found
 * by the laborer (自主就业) or recorded by another domain (public-welfare posts,
 * workshops, gigs, station follow-ups — add a source in `./schema`'s
 * `employmentSourceInfo`). The laborer's employment status follows from the open records
 * (`statusOfRecords`, written by `syncEmploymentStatus` in the same transaction). All
 * writes run inside the caller's `transaction(db, …)`. Tables are in `./schema`.
 */
export {
  employmentInScope,
  employmentOfPlacement,
  employmentsOf,
  endEmployment,
  getEmployment,
  notInFuture,
  openEmployments,
  recordEmployment,
  selfFoundJobs,
  rehomeEmployments,
  syncEmploymentStatus,
  verifyEmployment,
  type EndEmployment,
  type NewEmployment,
} from './records'
export { householdAlerts, type HouseholdAlert } from './alerts'
export { formContradiction, formOfPlacement, statusOfForm, statusOfRecords } from './rules'
