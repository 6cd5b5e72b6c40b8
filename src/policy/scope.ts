import { inArea, type Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { EmployerNotFoundError, IncubationBaseNotFoundError, IntermediaryNotFoundError, ProviderNotFoundError } from '../errors'
import { getEmployer } from '../employers/index'
import type { Employer } from '../employers/schema'
import { getIncubationBase, getIntermediary, getProvider } from './queries'
import type { IncubationBase, Intermediary, TrainingProvider } from './schema'

/**
 * Whether an area role may see something registered at `regionCode`. The city admin
 * sees everything, including employers registered outside the city; other area roles
 * see what lies inside their area.
 */
export function regionVisible(caller: Caller, cityCode: string, regionCode: string): boolean {
  return caller.role === 'city_admin' || inArea(caller, cityCode, regionCode)
}

// The policy domain's scoped loaders: the object if the caller may see it, else the same
// 404 as for an id that does not exist (ids cannot be probed).

export function providerInScope(db: Db, caller: Caller, cityCode: string, id: number): TrainingProvider {
  const found = getProvider(db, id)
  if (!found || !regionVisible(caller, cityCode, found.regionCode)) throw new ProviderNotFoundError(id)
  return found
}

export function intermediaryInScope(db: Db, caller: Caller, cityCode: string, id: number): Intermediary {
  const found = getIntermediary(db, id)
  if (!found || !regionVisible(caller, cityCode, found.regionCode)) throw new IntermediaryNotFoundError(id)
  return found
}

export function incubationBaseInScope(db: Db, caller: Caller, cityCode: string, id: number): IncubationBase {
  const found = getIncubationBase(db, id)
  if (!found || !regionVisible(caller, cityCode, found.countyCode)) throw new IncubationBaseNotFoundError(id)
  return found
}

/**
 * An employer as a subsidy beneficiary or borrower: an employer token sees itself; area
 * roles see employers registered in their area (the city admin sees partner ones too).
 */
export function beneficiaryEmployerInScope(db: Db, caller: Caller, cityCode: string, id: number): Employer {
  const found = getEmployer(db, id)
  const visible = caller.role === 'employer' ? caller.scope === String(id) : found !== undefined && regionVisible(caller, cityCode, found.regionCode)
  if (!found || !visible) throw new EmployerNotFoundError(id)
  return found
}
