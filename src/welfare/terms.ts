import type { Db } from '../db/database'
import { addDays, addMonths, shanghaiToday } from '../calendar'
import { transaction } from '../db/transaction'
import { BadRequestError, HoldsPostError, PostClosedError, PostHeldError, PostVacantError } from '../errors'
import { endEmployment, openEmployments, recordEmployment } from '../employments/index'
import type { EndReason } from '../employments/schema'
import { getLaborer } from '../laborers/index'
import type { Laborer } from '../laborers/schema'
import * as q from './queries'
import type { TermEndReason, WelfarePost, WelfareTerm } from './schema'

/**
 * A post's terms against the database: fill, renew, end, and the sweep that closes terms
 * past their last day. Each runs in one transaction, and the holder's employment follows
 * in it: an employment record (公益性岗位, source welfare_post) from the first day of the
 * first term to the last day served, and the status that follows from the open records.
 * Shared by the routes and the demo city.
 */

/** Last day of a term of `months` that starts on `start`. */
export function termEnd(start: string, months: number): string {
  return addDays(addMonths(start, months), -1)
}

/** The note that ties an employment record to its post (one open record per holder and post). */
const recordNote = (postId: number) => `公益性岗位 ${postId}`

/** The holder's employment record (公益性岗位, source welfare_post) opens with the first term; the status follows from it. */
function startHolding(db: Db, cityCode: string, term: WelfareTerm, post: WelfarePost, tokenId: number | null): void {
  const laborer = getLaborer(db, term.laborerId)!
  recordEmployment(db, laborer, {
    form: 'public_welfare_post',
    startDate: term.startDate,
    source: 'welfare_post',
    employerName: `${post.title}（公益性岗位）`,
    placeCode: post.regionCode,
    monthlyIncome: post.monthlyAllowance,
    note: recordNote(post.id),
    tokenId,
    cityCode,
  })
}

const recordEndReasons: Record<TermEndReason, EndReason> = {
  term_end: 'contract_ended',
  renewed: 'contract_ended',
  resigned: 'quit',
  dismissed: 'dismissed',
  post_closed: 'other',
}

/** The record ends on the last day served (renewals keep it open); another job the holder has keeps its own record. */
function stopHolding(db: Db, term: WelfareTerm, endedOn: string, reason: TermEndReason, tokenId: number | null): void {
  const record = openEmployments(db, term.laborerId).find((r) => r.source === 'welfare_post' && r.note === recordNote(term.postId))
  if (!record) return
  endEmployment(db, record, { endDate: endedOn < record.startDate ? record.startDate : endedOn, reason: recordEndReasons[reason], note: `公益性岗位 ${term.postId} 离岗（${endReasonNames[reason]}）`, tokenId })
}

export const endReasonNames: Record<TermEndReason, string> = {
  term_end: '聘期届满',
  renewed: '续聘',
  resigned: '本人辞职',
  dismissed: '解聘',
  post_closed: '岗位撤销',
}

/** Closes the terms whose last day has passed (term_end); answers how many. */
export function sweepLapsedTerms(db: Db, today = shanghaiToday()): number {
  return transaction(db, () => {
    const lapsed = q.lapsedTerms(db, today)
    for (const term of lapsed) {
      q.endTerm(db, term.id, term.endDate, 'term_end')
      stopHolding(db, term, term.endDate, 'term_end', null)
    }
    return lapsed.length
  })
}

export function fillPost(db: Db, cityCode: string, post: WelfarePost, laborer: Laborer, startDate: string, tokenId: number | null): WelfareTerm {
  return transaction(db, () => {
    if (post.status !== 'active') throw new PostClosedError(post.id)
    if (!laborer.villageCode.startsWith(post.townshipCode)) {
      throw new BadRequestError(`body.laborerId ${laborer.id} 不是本乡镇（${post.townshipCode}）的劳动力：公益性岗位就近安置`)
    }
    if (q.openTermOfPost(db, post.id)) throw new PostHeldError(post.id)
    const held = q.openTermOfLaborer(db, laborer.id)
    if (held) throw new HoldsPostError(laborer.id, held.postId)
    const term = q.insertTerm(db, { postId: post.id, laborerId: laborer.id, startDate, endDate: termEnd(startDate, post.termMonths), renewalOf: null, tokenId })
    startHolding(db, cityCode, term, post, tokenId)
    return term
  })
}

/** A new term for the same holder from the day after the open term's last day. */
export function renewTerm(db: Db, post: WelfarePost, months: number, tokenId: number | null): WelfareTerm {
  return transaction(db, () => {
    if (post.status !== 'active') throw new PostClosedError(post.id)
    const open = q.openTermOfPost(db, post.id)
    if (!open) throw new PostVacantError(post.id)
    q.endTerm(db, open.id, open.endDate, 'renewed')
    const start = addDays(open.endDate, 1)
    return q.insertTerm(db, { postId: post.id, laborerId: open.laborerId, startDate: start, endDate: termEnd(start, months), renewalOf: open.id, tokenId })
  })
}

/** Ends the open term on `endedOn` (the last day served). */
export function endOpenTerm(db: Db, post: WelfarePost, endedOn: string, reason: TermEndReason, tokenId: number | null): WelfareTerm {
  return transaction(db, () => {
    const open = q.openTermOfPost(db, post.id)
    if (!open) throw new PostVacantError(post.id)
    if (endedOn < open.startDate) throw new BadRequestError(`body.endedOn ${endedOn} 早于本聘期开始日 ${open.startDate}`)
    if (endedOn > open.endDate) throw new BadRequestError(`body.endedOn ${endedOn} 晚于本聘期结束日 ${open.endDate}（续聘请用 renew）`)
    const ended = q.endTerm(db, open.id, endedOn, reason)
    stopHolding(db, ended, endedOn, reason, tokenId)
    return ended
  })
}

/** 撤销: the post stops; its holder (if any) leaves the day before `today`'s end. */
export function closeWelfarePost(db: Db, post: WelfarePost, today: string, tokenId: number | null): WelfarePost {
  return transaction(db, () => {
    const open = q.openTermOfPost(db, post.id)
    if (open) {
      const endedOn = today < open.startDate ? open.startDate : today
      q.endTerm(db, open.id, endedOn, 'post_closed')
      stopHolding(db, open, endedOn, 'post_closed', tokenId)
    }
    return q.closePost(db, post.id)
  })
}
