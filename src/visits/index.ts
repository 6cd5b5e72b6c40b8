/**
 * Follow-up visits' face (走访 / 回访): what other domains may use (the latest visit since
 * a day, for alerts; moving a laborer's visits with them). Tables are in `./schema`.
 */
export { rehomeVisits, visitSince, visitsOf } from './records'
export { VISIT_OVERDUE_DAYS } from './schema'
export { villageRoster } from './table'
