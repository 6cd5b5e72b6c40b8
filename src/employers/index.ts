/**
 * Partner employers' face: who may see an employer, and lookups other domains need.
 * Routes and the rest of the queries are the domain's own; tables are in `./schema`.
 */
export { employerInScope, employerManaged, employerVisible, managesPlace, ownsEmployer, placeRefusal } from './scope'
export { createEmployer, employerExists, findEmployerByCreditCode, getEmployer } from './queries'
export { makeCreditCode } from './credit-code'
