/**
 * The station log's face: appending to a station's log (in the writer's transaction),
 * what alerts and transport read of it, and the link settings transport plans with.
 * The hub and the station socket protocol are dispatch's own. Tables are in `./schema`.
 */
export { appendDispatch, latestForGroups, pendingByStation, stationLinkList } from './queries'
export type { DispatchSettings } from './settings'
export { CloseCode } from './protocol'
