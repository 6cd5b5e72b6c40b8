import { inArea, type Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { LaborerNotFoundError } from '../errors'
import { getLaborer } from './queries'
import type { Laborer } from './schema'

/**
 * The registry's one scope rule: an area role sees the laborers registered in a village
 * of its area (city admin: the whole city); other roles see none.
 */
export function laborerVisible(caller: Caller, cityCode: string, laborer: Pick<Laborer, 'villageCode'>): boolean {
  return inArea(caller, cityCode, laborer.villageCode)
}

/**
 * The laborer `id` if the caller may see it. Outside the caller's area it is as absent
 * as a laborer that does not exist (the same 404), so ids cannot be probed.
 */
export function laborerInScope(db: Db, caller: Caller, cityCode: string, id: number): Laborer {
  const laborer = getLaborer(db, id)
  if (!laborer || !laborerVisible(caller, cityCode, laborer)) throw new LaborerNotFoundError(id)
  return laborer
}
