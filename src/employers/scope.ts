import type { Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { EmployerNotFoundError } from '../errors'
import { getStation } from '../network/index'
import { getEmployer } from './queries'
import type { Employer } from './schema'

/** An employer token sees only its own employer; officials see every partner employer. */
export function ownsEmployer(caller: Caller, employerId: number): boolean {
  return caller.role !== 'employer' || caller.scope === String(employerId)
}

/**
 * Whether the caller sees this employer: an employer token only itself, a station operator
 * only the employers its station registered (岗位收集), officials every one.
 */
export function employerVisible(caller: Caller, employer: Pick<Employer, 'id' | 'stationId'>): boolean {
  if (caller.role === 'station_operator') return employer.stationId !== null && caller.scope === String(employer.stationId)
  return ownsEmployer(caller, employer.id)
}

/** The employer `id` if the caller may see it; another employer's is as absent as a missing one (404). */
export function employerInScope(db: Db, caller: Caller, id: number): Employer {
  const employer = getEmployer(db, id)
  if (!employer || !employerVisible(caller, employer)) throw new EmployerNotFoundError(id)
  return employer
}

/**
 * Who manages (writes) what: the city manages every employer and posting; a county
 * officer the local ones of its own county and the partner ones outside the city. Most
 * partner employers are in Beijing, Suzhou or Shenzhen and belong to no county: the plan
 * makes the cross-region cooperation (京津冀, 长三角, 大湾区) the work of the city and of every
 * county together (责任单位: 市人社局, 各县人民政府), so every county's officer keeps them
 * current. An employer or posting inside the city is that county's (以县统筹: public-welfare
 * posts, local workshops), and another county's officer may not change it. A station
 * operator collects jobs in its station's city only (岗位收集: the city of the station, or
 * a county of it). `regionCode` is where the employer is registered or the posting is.
 */
export function managesPlace(db: Db, caller: Caller, cityCode: string, regionCode: string): boolean {
  if (caller.role === 'station_operator') {
    const station = getStation(db, Number(caller.scope))
    return station !== undefined && regionCode.startsWith(station.cityCode)
  }
  if (caller.role !== 'county_officer') return true
  return !regionCode.startsWith(cityCode) || (caller.scope !== null && regionCode.startsWith(caller.scope))
}

/** Why `managesPlace` said no, in words, naming the field. */
export function placeRefusal(caller: Caller, field: string, regionCode: string): string {
  return caller.role === 'station_operator'
    ? `${field} ${regionCode} 不在本工作站所在的城市，工作站只收集本市的岗位`
    : `${field} ${regionCode} 属于其他县，应由该县或市里登记`
}

/** The employer `id` if the caller may change it; otherwise the same 404 as a missing one. */
export function employerManaged(db: Db, caller: Caller, cityCode: string, id: number): Employer {
  const employer = employerInScope(db, caller, id)
  if (!managesPlace(db, caller, cityCode, employer.regionCode)) throw new EmployerNotFoundError(id)
  return employer
}
