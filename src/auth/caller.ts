import type { Role } from './schema'

export interface Caller {
  tokenId: number
  role: Role
  scope: string | null
  label: string
}

export const areaRoles = ['city_admin', 'county_officer', 'township_staff', 'village_agent'] as const
export type AreaRole = (typeof areaRoles)[number]

/** Length of the region code an area role's scope must have. */
export const scopeCodeLength: Record<Exclude<AreaRole, 'city_admin'>, number> = {
  county_officer: 6,
  township_staff: 9,
  village_agent: 12,
}

/**
 * The region-code prefix an area role sees: region codes nest (14 → 1409 → 140902 →
 * 140902001 → 140902001001), so "inside my area" is "starts with my code".
 * Non-area roles (stations, employers, organizers) have no area.
 */
export function areaPrefix(caller: Caller, cityCode: string): string | null {
  if (caller.role === 'city_admin') return cityCode
  if ((areaRoles as readonly string[]).includes(caller.role)) return caller.scope
  return null
}

export function inArea(caller: Caller, cityCode: string, regionCode: string): boolean {
  const prefix = areaPrefix(caller, cityCode)
  return prefix !== null && regionCode.startsWith(prefix)
}
