import { and, asc, desc, eq, like, lt, ne, type SQL } from 'drizzle-orm'
import { areaPrefix, type Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { LaborerNotFoundError, RightsCaseNotFoundError } from '../errors'
import { getLaborer, laborerInScope, laborerVisible } from '../laborers/index'
import type { Laborer } from '../laborers/schema'
import { placedAtStation } from '../placements/index'
import {
  rightsCaseNotes,
  rightsCases,
  type RightsCase,
  type RightsCaseNote,
  type RightsCaseStatus,
  type RightsCaseType,
} from './schema'

/**
 * 维权 against the database, and its one scope rule. Writes run inside the route's
 * `transaction(db, …)`.
 */

/** A station sees the cases it opened; an area role those of laborers of its area (the registry's rule). */
export function rightsCaseVisible(db: Db, caller: Caller, cityCode: string, c: RightsCase): boolean {
  if (caller.role === 'station_operator') return c.stationId !== null && caller.scope === String(c.stationId)
  const laborer = getLaborer(db, c.laborerId)
  return laborer !== undefined && laborerVisible(caller, cityCode, laborer)
}

/** The case `id` if the caller may see it; otherwise the same 404 as a missing case. */
export function rightsCaseInScope(db: Db, caller: Caller, cityCode: string, id: number): RightsCase {
  const found = db.select().from(rightsCases).where(eq(rightsCases.id, id)).get()
  if (!found || !rightsCaseVisible(db, caller, cityCode, found)) throw new RightsCaseNotFoundError(id)
  return found
}

/**
 * Whom the caller may open a case for: a county officer (or the city) a laborer of its
 * area (`laborerInScope`); a station operator a laborer once dispatched to its station.
 * Anyone else answers the registry's 404.
 */
export function laborerForCase(db: Db, caller: Caller, cityCode: string, laborerId: number): Laborer {
  if (caller.role !== 'station_operator') return laborerInScope(db, caller, cityCode, laborerId)
  const laborer = getLaborer(db, laborerId)
  if (!laborer || !placedAtStation(db, laborerId, Number(caller.scope))) throw new LaborerNotFoundError(laborerId)
  return laborer
}

export interface NewRightsCase {
  type: RightsCaseType
  amountClaimed: number
  employerName: string
  description: string
  openedDate: string
  stationId: number | null
  tokenId: number | null
}

export function openRightsCase(db: Db, laborer: Laborer, input: NewRightsCase, at = Date.now()): RightsCase {
  const created = db
    .insert(rightsCases)
    .values({
      laborerId: laborer.id,
      countyCode: laborer.countyCode,
      townshipCode: laborer.townshipCode,
      stationId: input.stationId,
      type: input.type,
      status: 'accepted',
      employerName: input.employerName,
      description: input.description,
      amountClaimed: input.amountClaimed,
      amountRecovered: 0,
      openedDate: input.openedDate,
      resolvedDate: null,
      openedBy: input.tokenId,
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get()
  db.insert(rightsCaseNotes)
    .values({ caseId: created.id, note: input.description || '受理', status: 'accepted', recoveredDelta: 0, day: input.openedDate, tokenId: input.tokenId, at })
    .run()
  return created
}

export interface Progress {
  note: string
  status?: RightsCaseStatus
  /** The case's new total recovered, 元. */
  amountRecovered?: number
  day: string
  tokenId: number | null
}

/** A step of the case: a note, maybe a new status, maybe more money recovered (the step keeps the difference). */
export function recordProgress(db: Db, c: RightsCase, p: Progress, at = Date.now()): RightsCase {
  const status = p.status ?? c.status
  const recovered = p.amountRecovered ?? c.amountRecovered
  const resolvedDate = status === 'resolved' ? (c.status === 'resolved' ? c.resolvedDate : p.day) : null
  db.insert(rightsCaseNotes)
    .values({
      caseId: c.id,
      note: p.note,
      status: p.status !== undefined && p.status !== c.status ? p.status : null,
      recoveredDelta: recovered - c.amountRecovered,
      day: p.day,
      tokenId: p.tokenId,
      at,
    })
    .run()
  return db
    .update(rightsCases)
    .set({ status, amountRecovered: recovered, resolvedDate, updatedAt: at })
    .where(eq(rightsCases.id, c.id))
    .returning()
    .get()!
}

export function notesOf(db: Db, caseId: number): RightsCaseNote[] {
  return db.select().from(rightsCaseNotes).where(eq(rightsCaseNotes.caseId, caseId)).orderBy(asc(rightsCaseNotes.id)).all()
}

export interface CaseFilter {
  status?: RightsCaseStatus
  type?: RightsCaseType
  laborerId?: number
  /** Only cases not resolved. */
  open?: boolean
  beforeId?: number
  limit: number
}

/** The caller's cases, newest first: a station's own, or those of laborers of the caller's area. */
export function listRightsCases(db: Db, caller: Caller, cityCode: string, f: CaseFilter): RightsCase[] {
  const where: (SQL | undefined)[] = [
    f.status ? eq(rightsCases.status, f.status) : undefined,
    f.type ? eq(rightsCases.type, f.type) : undefined,
    f.laborerId ? eq(rightsCases.laborerId, f.laborerId) : undefined,
    f.open ? ne(rightsCases.status, 'resolved') : undefined,
    f.beforeId ? lt(rightsCases.id, f.beforeId) : undefined,
  ]
  if (caller.role === 'station_operator') where.push(eq(rightsCases.stationId, Number(caller.scope)))
  else {
    const prefix = areaPrefix(caller, cityCode)
    if (prefix === null) return []
    // Township codes start with their county's and the city's code; a village agent's area is narrower than a township.
    where.push(prefix.length > 9 ? eq(rightsCases.id, -1) : like(rightsCases.townshipCode, `${prefix}%`))
  }
  return db.select().from(rightsCases).where(and(...where)).orderBy(desc(rightsCases.id)).limit(f.limit).all()
}

/** 防返贫监测对象 with an open 欠薪 or 工伤 case, in an area (a region-code prefix): what the alerts raise. */
export interface RightsAlert {
  caseId: number
  laborerId: number
  name: string
  countyCode: string
  townshipCode: string
  type: RightsCaseType
  status: RightsCaseStatus
  openedDate: string
}

export function monitoredRightsAlerts(db: Db, prefix: string): RightsAlert[] {
  return db.$client
    .prepare(
      `SELECT c.id AS caseId, l.id AS laborerId, l.name, c.county_code AS countyCode, c.township_code AS townshipCode,
              c.type, c.status, c.opened_date AS openedDate
       FROM rights_cases c JOIN laborers l ON l.id = c.laborer_id
       WHERE l.village_code LIKE @prefix || '%' AND l.poverty_status = 'monitored'
         AND c.type IN ('wage_arrears', 'work_injury') AND c.status <> 'resolved'
       ORDER BY c.opened_date, c.id`,
    )
    .all({ prefix }) as RightsAlert[]
}

/** Cases opened, resolved and money recovered (元) between two days inclusive, per county of the laborers. */
export interface RightsFigures {
  countyCode: string
  opened: number
  resolved: number
  recovered: number
}

export function rightsFigures(db: Db, start: string, end: string): RightsFigures[] {
  return db.$client
    .prepare(
      `SELECT countyCode, sum(opened) AS opened, sum(resolved) AS resolved, sum(recovered) AS recovered FROM (
         SELECT county_code AS countyCode, 1 AS opened, 0 AS resolved, 0 AS recovered FROM rights_cases WHERE opened_date BETWEEN @start AND @end
         UNION ALL
         SELECT county_code, 0, 1, 0 FROM rights_cases WHERE resolved_date BETWEEN @start AND @end
         UNION ALL
         SELECT c.county_code, 0, 0, n.recovered_delta FROM rights_case_notes n JOIN rights_cases c ON c.id = n.case_id
           WHERE n.day BETWEEN @start AND @end AND n.recovered_delta <> 0)
       GROUP BY countyCode ORDER BY countyCode`,
    )
    .all({ start, end }) as RightsFigures[]
}
