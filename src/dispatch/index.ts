/**
 * The station log's face: appending to a station's log (in the writer's transaction),
 * what alerts and transport read of it.
 * The hub and the station socket protocol are dispatch's own. Tables are in `./schema`.
 */
export { appendDispatch, latestForGroups, pendingByStation, stationLinkList } from './queries'
