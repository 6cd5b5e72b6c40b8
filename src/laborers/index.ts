/**
 * The real-name registry's face: what other domains may use of `laborers/`. Everything
 * else in the folder (routes, queries, import machinery) is the registry's own.
 * Tables for joins are in `./schema`.
 */
export { laborerInScope, laborerVisible } from './scope'
export { DESTINATION_LABELS, EMPLOYMENT_STATUS_LABELS, POVERTY_LABELS } from './sheet-columns'
export { changeEmploymentStatus, findByIdHash, getLaborer } from './queries'
export { ageOn, normalizeIdNumber, parseIdNumber, randomMobilePhone } from './id-number'
export { laborerDemoStep, personName } from './demo'
