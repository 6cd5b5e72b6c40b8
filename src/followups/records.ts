import { and, eq } from 'drizzle-orm'
import { addDays, addMonths, shanghaiToday } from '../calendar'
import type { Db } from '../db/database'
import { employmentOfPlacement, endEmployment, openEmployments, recordEmployment } from '../employments/index'
import type { EndReason } from '../employments/schema'
import { BadRequestError, DuplicateError, NotFoundError } from '../errors'
import { getLaborer } from '../laborers/index'
import type { Station } from '../network/schema'
import { arrivedAtStation } from '../transport/index'
import { followUpMonths, followUpOutcomeLabels, stationFollowUps, type FollowUpOutcome, type StationFollowUp } from './schema'

/** A follow-up may be recorded from this many days before its date (the station visits when it can). */
export const EARLY_DAYS = 7

export interface DueFollowUp {
  placementId: number
  laborerId: number
  groupId: number
  arrivalDate: string
  month: number
  dueDate: string
}

/**
 * The follow-ups a station owes (跟踪服务): for every laborer who arrived at it, the 1- and
 * 3-month milestones not yet recorded whose date is on or before `until`; none after a
 * follow-up found them gone (离职, 返乡).
 */
export function dueFollowUps(db: Db, stationId: number, until: string): DueFollowUp[] {
  const done = new Map<number, StationFollowUp[]>()
  for (const f of db.select().from(stationFollowUps).where(eq(stationFollowUps.stationId, stationId)).all()) {
    done.set(f.placementId, [...(done.get(f.placementId) ?? []), f])
  }
  const due: DueFollowUp[] = []
  for (const a of arrivedAtStation(db, stationId)) {
    const recorded = done.get(a.placementId) ?? []
    if (recorded.some((f) => f.outcome === 'left' || f.outcome === 'returned_home')) continue
    const arrivalDate = shanghaiToday(a.arrivedAt)
    for (const month of followUpMonths) {
      if (recorded.some((f) => f.month === month)) continue
      const dueDate = addMonths(arrivalDate, month)
      if (dueDate <= until) due.push({ placementId: a.placementId, laborerId: a.laborerId, groupId: a.groupId, arrivalDate, month, dueDate })
    }
  }
  return due.sort((x, y) => x.dueDate.localeCompare(y.dueDate) || x.placementId - y.placementId)
}

export interface FollowUpInput {
  placementId: number
  month: number
  outcome: FollowUpOutcome
  /** 离职 / 返乡: why the job ended (default 主动离职 / 其他). */
  endReason?: EndReason
  /** 换岗: the new employer, as the laborer says it. */
  employerName?: string
  monthlyIncome?: number
  note?: string
  day: string
  tokenId: number | null
  cityCode: string
}

/**
 * Records a follow-up and feeds the employment records: 离职 and 返乡 end the open record
 * of the placement (or of the job a previous 换岗 recorded) with the reason; 换岗 records
 * the new job (source 工作站回访) and ends the old one; 在岗 changes nothing. The same
 * follow-up sent again answers the first (`created: false`); a different one is a conflict.
 */
export function recordFollowUp(db: Db, station: Station, input: FollowUpInput, at = Date.now()): { followUp: StationFollowUp; created: boolean } {
  const arrival = arrivedAtStation(db, station.id).find((a) => a.placementId === input.placementId)
  if (!arrival) throw new NotFoundError(`本工作站已报到的安置 ${input.placementId}`)
  const seen = db
    .select()
    .from(stationFollowUps)
    .where(and(eq(stationFollowUps.placementId, input.placementId), eq(stationFollowUps.month, input.month)))
    .get()
  if (seen) {
    if (seen.outcome === input.outcome) return { followUp: seen, created: false }
    throw new DuplicateError(`安置 ${input.placementId} 的 ${input.month} 个月回访已于 ${seen.day} 记录为${followUpOutcomeLabels[seen.outcome]}`)
  }
  const dueDate = addMonths(shanghaiToday(arrival.arrivedAt), input.month)
  if (input.day < addDays(dueDate, -EARLY_DAYS)) {
    throw new BadRequestError(`body.month：${input.month} 个月回访在 ${dueDate}（到达后 ${input.month} 个月），最早 ${addDays(dueDate, -EARLY_DAYS)} 起记录`)
  }
  if (input.outcome === 'changed_job' && !input.employerName?.trim()) throw new BadRequestError('body.employerName 为必填项（换岗：新的用人单位）')
  const laborer = getLaborer(db, arrival.laborerId)!
  // The job the laborer holds from this placement: its record while open, else the one a 换岗 recorded.
  const fromPlacement = employmentOfPlacement(db, input.placementId)
  const current =
    fromPlacement && fromPlacement.endDate === null
      ? fromPlacement
      : openEmployments(db, laborer.id).filter((r) => r.source === 'station_follow_up').at(-1)
  const label = followUpOutcomeLabels[input.outcome]
  const note = `工作站回访（${station.name}，到达后 ${input.month} 个月）：${label}${input.note ? `，${input.note}` : ''}`
  let endedEmploymentId: number | null = null
  let newEmploymentId: number | null = null
  if (input.outcome === 'changed_job') {
    newEmploymentId = recordEmployment(db, laborer, {
      form: current?.form ?? (station.partnerArea === 'in_province' ? 'in_province' : 'cross_province'),
      startDate: input.day,
      source: 'station_follow_up',
      employerName: input.employerName!.trim(),
      placeCode: current?.placeCode ?? station.cityCode,
      monthlyIncome: input.monthlyIncome ?? null,
      note,
      tokenId: input.tokenId,
      cityCode: input.cityCode,
      at,
    }).record.id
  }
  if (current && input.outcome !== 'in_job') {
    const reason: EndReason = input.endReason ?? (input.outcome === 'returned_home' ? 'other' : 'quit')
    endEmployment(db, current, { endDate: input.day < current.startDate ? current.startDate : input.day, reason, note, tokenId: input.tokenId, at })
    endedEmploymentId = current.id
  }
  const followUp = db
    .insert(stationFollowUps)
    .values({
      stationId: station.id,
      placementId: input.placementId,
      laborerId: laborer.id,
      month: input.month,
      outcome: input.outcome,
      note: input.note ?? '',
      day: input.day,
      endedEmploymentId,
      newEmploymentId,
      tokenId: input.tokenId,
      at,
    })
    .returning()
    .get()
  return { followUp, created: true }
}
