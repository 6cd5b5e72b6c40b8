/**
 * Point-to-point transport's face: what the station link and alerts read of groups and
 * seats, recording a station's arrival report, and the demo step. Tables are in `./schema`.
 */
export { arrivedAtStation, openGroups, recordArrival, stationNames, unarrivedSeats } from './queries'
export { transportDemoStep } from './demo'
