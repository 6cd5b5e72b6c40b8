import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { Caller } from '../auth/caller'
import type { Db } from '../db/database'
import {
  BadRequestError,
  ClientIdReusedError,
  EmployerNotFoundError,
  EmploymentEndedError,
  EmploymentNotFoundError,
} from '../errors'
import { getEmployer } from '../employers/index'
import { partnerAreaOf } from '../jobs/index'
import { changeEmploymentStatus, getLaborer, laborerVisible } from '../laborers/index'
import type { EmploymentStatus, Laborer } from '../laborers/schema'
import { endPlacement } from '../placements/index'
import { shanghaiToday } from '../calendar'
import { statusOfRecords } from './rules'
import {
  employmentRecords,
  employmentSourceInfo,
  endReasonLabels,
  selfFoundSources,
  type EmploymentForm,
  type EmploymentRecord,
  type EmploymentSource,
  type EndReason,
} from './schema'

/**
 * Employment records against the database. Every function runs inside the caller's
 * transaction (`transaction(db, …)` at the route): the record, the laborer's employment
 * status and timeline, and a placement's end commit together.
 */

export interface NewEmployment {
  form: EmploymentForm
  startDate: string
  source: EmploymentSource
  /** A registered employer (its name is kept with the record), or the employer's name as written. */
  employerId?: number | null
  employerName?: string | null
  /** Division code of the work place; the partner area is derived from it. */
  placeCode?: string | null
  monthlyIncome?: number | null
  note?: string
  placementId?: number | null
  /** Client-generated id: the same id sent again answers the record it made. */
  clientId?: string | null
  /** Token that recorded it (null: the system). */
  tokenId?: number | null
  /** Verified at recording (sources that are not self-found are). */
  verified?: boolean
  cityCode: string
  at?: number
}

export function getEmployment(db: Db, id: number): EmploymentRecord | undefined {
  return db.select().from(employmentRecords).where(eq(employmentRecords.id, id)).get()
}

/** A laborer's open records (jobs not ended), oldest first. */
export function openEmployments(db: Db, laborerId: number): EmploymentRecord[] {
  return db
    .select()
    .from(employmentRecords)
    .where(and(eq(employmentRecords.laborerId, laborerId), isNull(employmentRecords.endDate)))
    .orderBy(asc(employmentRecords.startDate), asc(employmentRecords.id))
    .all()
}

/** Every record of a laborer, newest start first. */
export function employmentsOf(db: Db, laborerId: number): EmploymentRecord[] {
  return db
    .select()
    .from(employmentRecords)
    .where(eq(employmentRecords.laborerId, laborerId))
    .orderBy(desc(employmentRecords.startDate), desc(employmentRecords.id))
    .all()
}

/** A laborer's self-found jobs (sources marked `selfFound`), oldest start first: the facts of the transport subsidies. */
export function selfFoundJobs(db: Db, laborerId: number): EmploymentRecord[] {
  return db
    .select()
    .from(employmentRecords)
    .where(and(eq(employmentRecords.laborerId, laborerId), inArray(employmentRecords.source, selfFoundSources)))
    .orderBy(asc(employmentRecords.startDate), asc(employmentRecords.id))
    .all()
}

export function employmentOfPlacement(db: Db, placementId: number): EmploymentRecord | undefined {
  return db.select().from(employmentRecords).where(eq(employmentRecords.placementId, placementId)).get()
}

function byClientId(db: Db, clientId: string): EmploymentRecord | undefined {
  return db.select().from(employmentRecords).where(eq(employmentRecords.clientId, clientId)).get()
}

function byEndClientId(db: Db, clientId: string): EmploymentRecord | undefined {
  return db.select().from(employmentRecords).where(eq(employmentRecords.endClientId, clientId)).get()
}

/**
 * The laborer's employment status from their open records (`statusOfRecords`), written to
 * the registry's status column and timeline when it changes: the only writer of a status
 * once a laborer is registered.
 */
export function syncEmploymentStatus(
  db: Db,
  laborerId: number,
  effectiveDate: string,
  note: string,
  tokenId: number | null,
  at = Date.now(),
): EmploymentStatus {
  const status = statusOfRecords(openEmployments(db, laborerId))
  changeEmploymentStatus(db, laborerId, status, effectiveDate, note, tokenId, at)
  return status
}

/**
 * Records a job. With a `clientId` already used for this laborer, answers that record
 * (`created: false`) and writes nothing; used for another laborer it is a conflict.
 * Checks what a schema cannot: the employer exists, the place is a division code.
 * (Form against place, dates against today: the route's `checkEmployment`.)
 */
export function recordEmployment(db: Db, laborer: Laborer, input: NewEmployment): { record: EmploymentRecord; created: boolean } {
  if (input.clientId) {
    const seen = byClientId(db, input.clientId)
    if (seen) {
      if (seen.laborerId !== laborer.id) throw new ClientIdReusedError(`clientId ${input.clientId} 已用于另一条记录`)
      return { record: seen, created: false }
    }
  }
  let employerName = input.employerName?.trim() ?? ''
  if (input.employerId != null) {
    const employer = getEmployer(db, input.employerId)
    if (!employer) throw new EmployerNotFoundError(input.employerId)
    if (!employerName) employerName = employer.name
  }
  const at = input.at ?? Date.now()
  const verified = input.verified ?? !employmentSourceInfo[input.source].selfFound
  const record = db
    .insert(employmentRecords)
    .values({
      laborerId: laborer.id,
      villageCode: laborer.villageCode,
      townshipCode: laborer.townshipCode,
      countyCode: laborer.countyCode,
      employerId: input.employerId ?? null,
      employerName,
      placeCode: input.placeCode ?? null,
      partnerArea: input.placeCode ? partnerAreaOf(input.placeCode, input.cityCode) : null,
      form: input.form,
      startDate: input.startDate,
      monthlyIncome: input.monthlyIncome ?? null,
      source: input.source,
      note: input.note ?? '',
      placementId: input.placementId ?? null,
      clientId: input.clientId ?? null,
      recordedBy: input.tokenId ?? null,
      verifiedBy: verified ? (input.tokenId ?? null) : null,
      verifiedAt: verified ? at : null,
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get()
  syncEmploymentStatus(db, laborer.id, record.startDate, record.note || `就业登记：${employmentSourceInfo[record.source].label}（记录 ${record.id}）`, input.tokenId ?? null, at)
  return { record, created: true }
}

export interface EndEmployment {
  endDate: string
  reason: EndReason
  note?: string
  clientId?: string | null
  tokenId?: number | null
  at?: number
}

/**
 * Ends a job: the record, the placement it came from (closed on the same day) and the
 * laborer's status, together. Sent again (same clientId, or the same date and reason) it
 * answers the record unchanged (`changed: false`); a record already ended otherwise is
 * `EmploymentEndedError` (the offline workbench shows the agent the newer change).
 */
export function endEmployment(db: Db, record: EmploymentRecord, input: EndEmployment): { record: EmploymentRecord; changed: boolean } {
  if (input.clientId) {
    const seen = byEndClientId(db, input.clientId)
    if (seen) {
      if (seen.id !== record.id) throw new ClientIdReusedError(`clientId ${input.clientId} 已用于结束另一条记录`)
      return { record: seen, changed: false }
    }
    if (byClientId(db, input.clientId)) throw new ClientIdReusedError(`clientId ${input.clientId} 已用于另一项登记`)
  }
  if (record.endDate !== null) {
    if (record.endDate === input.endDate && record.endReason === input.reason) return { record, changed: false }
    throw new EmploymentEndedError(
      `就业记录 ${record.id} 已于 ${record.endDate} 结束（${endReasonLabels[record.endReason ?? 'other']}），未做改动`,
    )
  }
  if (input.endDate < record.startDate) {
    throw new BadRequestError(`body.endDate（${input.endDate}）早于这份工作的开始日期（${record.startDate}）`)
  }
  const at = input.at ?? Date.now()
  const ended = db
    .update(employmentRecords)
    .set({
      endDate: input.endDate,
      endReason: input.reason,
      endNote: input.note ?? '',
      endClientId: input.clientId ?? null,
      endedBy: input.tokenId ?? null,
      updatedAt: at,
    })
    .where(eq(employmentRecords.id, record.id))
    .returning()
    .get()!
  if (ended.placementId !== null) endPlacement(db, ended.placementId, input.endDate, at)
  syncEmploymentStatus(db, ended.laborerId, input.endDate, input.note || `务工结束：${endReasonLabels[input.reason]}（记录 ${ended.id}）`, input.tokenId ?? null, at)
  return { record: ended, changed: true }
}

/** Verifies a self-found job (township staff or above, checked at the route). Verifying twice changes nothing. */
export function verifyEmployment(db: Db, record: EmploymentRecord, tokenId: number | null, at = Date.now()): EmploymentRecord {
  if (record.verifiedAt !== null) return record
  return db
    .update(employmentRecords)
    .set({ verifiedBy: tokenId, verifiedAt: at, updatedAt: at })
    .where(eq(employmentRecords.id, record.id))
    .returning()
    .get()!
}

/** Keeps the home-area copies of a laborer's records with the registry when they move village. */
export function rehomeEmployments(db: Db, laborerId: number, area: { villageCode: string; townshipCode: string; countyCode: string }): void {
  db.update(employmentRecords).set(area).where(eq(employmentRecords.laborerId, laborerId)).run()
}

/**
 * The record `id` if the caller may see its laborer; otherwise, like a record that does not
 * exist, `EmploymentNotFoundError` (ids cannot be probed).
 */
export function employmentInScope(db: Db, caller: Caller, cityCode: string, id: number): EmploymentRecord {
  const record = getEmployment(db, id)
  const laborer = record && getLaborer(db, record.laborerId)
  if (!record || !laborer || !laborerVisible(caller, cityCode, laborer)) throw new EmploymentNotFoundError(id)
  return record
}

/** Today's date check for a day the user typed: not after today (Asia/Shanghai). */
export function notInFuture(field: string, day: string, what: string, now = Date.now()): void {
  const today = shanghaiToday(now)
  if (day > today) throw new BadRequestError(`${field}（${day}）晚于今天（${today}）：${what}不能是将来的日期`)
}
