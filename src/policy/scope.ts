import { inArea, type Caller } from '../auth/caller'

/**
 * Whether an area role may see something registered at `regionCode`. The city admin
 * sees everything, including employers registered outside the city; other area roles
 * see what lies inside their area.
 */
export function regionVisible(caller: Caller, cityCode: string, regionCode: string): boolean {
  return caller.role === 'city_admin' || inArea(caller, cityCode, regionCode)
}
