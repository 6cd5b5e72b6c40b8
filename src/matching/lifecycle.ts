import type { Db } from '../db/database'
import { AlreadyEmployedError, AlreadyPlacedError, BadRequestError, MatchExistsError, MatchNotFoundError, MatchStateError, NoOpeningsError, NotEligibleError } from '../errors'
import { getJob, takeOpening } from '../jobs/index'
import type { Job } from '../jobs/schema'
import { shanghaiToday } from '../calendar'
import { getLaborer } from '../laborers/index'
import { formOfPlacement, recordEmployment } from '../employments/index'
import type { Laborer } from '../laborers/schema'
import { fitScore, type FitContext } from './fit-score'
import { activePlacement, destinationStation, insertPlacement, planPlacement } from '../placements/index'
import { listStations } from '../network/index'
import type { Placement } from '../placements/schema'
import { holdsOpening, nextStatus, type MatchAction } from './transitions'
import * as q from './queries'
import type { Match } from './schema'
import { transaction } from '../db/transaction'

/**
 * The match lifecycle against the database. Every function runs inside the caller's
 * transaction (or opens one) and re-reads what it checks, so two requests racing for
 * the last opening cannot both succeed: better-sqlite3 runs each transaction whole.
 */

export function ensureMatchable(db: Db, laborer: Laborer, job: Job): void {
  if (activePlacement(db, laborer.id)) throw new AlreadyPlacedError(laborer.id)
  if (laborer.employmentStatus !== 'unemployed') {
    throw new AlreadyEmployedError(laborer.id, laborer.employmentStatus)
  }
  if (job.status !== 'open' || job.openingsLeft <= 0) throw new NoOpeningsError(job.id)
  if (q.liveMatch(db, laborer.id, job.id)) throw new MatchExistsError(laborer.id, job.id)
}

export function proposeMatch(db: Db, context: FitContext, laborer: Laborer, job: Job, origin: string): Match {
  return transaction(db, () => {
    ensureMatchable(db, laborer, job)
    const fit = fitScore(laborer, job, context)
    if (fit.excluded) throw new NotEligibleError(laborer.id, job.id, fit.reason)
    return q.insertMatch(db, { laborerId: laborer.id, jobId: job.id, score: fit.score, scoreVersion: fit.version, origin })
  })
}

export interface ActOptions {
  reason?: string
  tokenId: number | null
  cityCode: string
  startDate?: string
  contractMonths?: number
  organized?: boolean
  intermediaryId?: number | null
}

export function actOnMatch(
  db: Db,
  matchId: number,
  action: MatchAction,
  options: ActOptions,
): { match: Match; placement: Placement | null; withdrawn: Match[] } {
  return transaction(db, () => {
    const match = q.getMatch(db, matchId)
    if (!match) throw new MatchNotFoundError(matchId)
    const next = nextStatus(match.status, action)
    if (!next.ok) throw new MatchStateError(next.reason)
    const job = getJob(db, match.jobId)!
    if ((action === 'decline' || action === 'withdraw') && !options.reason) {
      throw new BadRequestError(`body.reason 为必填项（${action}）`)
    }
    if (holdsOpening(action)) {
      if (action === 'accept' && activePlacement(db, match.laborerId)) {
        throw new AlreadyPlacedError(match.laborerId)
      }
      const free = job.status === 'open' ? job.openingsLeft - q.heldOpenings(db, job.id, match.id) : 0
      if (free <= 0) throw new NoOpeningsError(job.id)
    }
    let placement: Placement | null = null
    const withdrawn: Match[] = []
    if (action === 'place') {
      const laborer = getLaborer(db, match.laborerId)!
      if (activePlacement(db, laborer.id)) throw new AlreadyPlacedError(laborer.id)
      if (!takeOpening(db, job.id)) throw new NoOpeningsError(job.id)
      const organized = options.organized ?? true
      const plan = planPlacement(job, laborer.countyCode, options.cityCode, organized)
      const startDate = options.startDate ?? (job.startDate > shanghaiToday() ? job.startDate : shanghaiToday())
      placement = insertPlacement(db, {
        matchId: match.id,
        laborerId: laborer.id,
        jobId: job.id,
        employerId: job.employerId,
        homeCountyCode: laborer.countyCode,
        startDate,
        contractMonths: options.contractMonths ?? job.contractMonths,
        organized,
        intermediaryId: options.intermediaryId ?? null,
        travel: plan.travel,
        transportStatus: plan.transportStatus,
        destinationStationId: plan.travel === 'none' ? null : destinationStation(job, listStations(db)),
      })
      // The placement is an employment record: the laborer's status follows from it, and ending it closes the placement.
      recordEmployment(db, laborer, {
        form: formOfPlacement(job.type, plan.travel),
        startDate,
        source: 'placement',
        employerId: job.employerId,
        placeCode: job.countyCode ?? job.cityCode ?? job.provinceCode,
        monthlyIncome: null,
        note: `匹配 ${match.id}，岗位 ${job.id}`,
        placementId: placement.id,
        tokenId: options.tokenId,
        cityCode: options.cityCode,
      })
      // Other live matches of a laborer who has started work would only hold openings.
      for (const other of q.listMatches(db, { laborerId: laborer.id, limit: 1000 })) {
        if (other.id === match.id || !q.liveStatuses.includes(other.status)) continue
        const moved = q.moveMatch(db, other.id, other.status, 'withdrawn', `placed elsewhere (match ${match.id})`)
        if (moved) withdrawn.push(moved)
      }
    }
    const moved = q.moveMatch(db, match.id, match.status, next.to, options.reason ?? '')
    if (!moved) throw new MatchStateError(`匹配 ${match.id} 已被他人改动，请刷新后再试`)
    return { match: moved, placement, withdrawn }
  })
}
