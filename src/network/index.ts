/**
 * The service network's face (service points, out-of-province stations): lookups other
 * domains need, and the demo step. Tables are in `./schema`.
 */
export { getServicePoint, getStation, listStations } from './queries'
export { networkDemoStep } from './demo'
