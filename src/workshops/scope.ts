import { inArea, type Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { WorkshopNotFoundError } from '../errors'
import { getWorkshop } from './queries'
import type { Workshop } from './schema'

/** An area role sees the workshops standing in its area; the workshop's own employer token sees it too. */
export function workshopVisible(caller: Caller, cityCode: string, w: Pick<Workshop, 'regionCode' | 'employerId'>): boolean {
  if (caller.role === 'employer') return caller.scope === String(w.employerId)
  return inArea(caller, cityCode, w.regionCode)
}

export function workshopInScope(db: Db, caller: Caller, cityCode: string, id: number): Workshop {
  const found = getWorkshop(db, id)
  if (!found || !workshopVisible(caller, cityCode, found)) throw new WorkshopNotFoundError(id)
  return found
}
