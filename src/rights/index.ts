/**
 * Rights cases' face (维权): the scoped loader, and what alerts and progress reports read —
 * monitored laborers with an open 欠薪 or 工伤 case, and cases opened, resolved and money
 * recovered per county. Routes are the domain's own; tables are in `./schema`.
 */
export { monitoredRightsAlerts, rightsCaseInScope, rightsFigures, type RightsAlert, type RightsFigures } from './cases'
