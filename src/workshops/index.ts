/**
 * Workshops’ face (帮扶车间、社区工厂、卫星工厂): the scoped loader
 * and the demo step. A workshop hires as an employer (placements), so the
 * subsidy rules need nothing from here. Tables are in `./schema`.
 */
export { workshopInScope } from './scope'
export { workshopsDemoStep } from './demo'
