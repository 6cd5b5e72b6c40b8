import type { Db } from '../db/database'
import { addDays } from '../calendar'
import { transaction } from '../db/transaction'
import { AlreadySignedUpError, GigStateError, SignupNotFoundError } from '../errors'
import * as q from './queries'
import type { Gig, GigSignup } from './schema'

/**
 * The gig market's rules against the database, one transaction each (routes and the demo
 * city share them). A gig is on the board while it is open, has places left, has not
 * ended and begins by tomorrow (Asia/Shanghai); sign-ups are taken while it is on the
 * board, at most three live sign-ups per place (the poster picks among them).
 */
export const SIGNUPS_PER_PLACE = 3

export function onBoard(gig: Pick<Gig, 'status' | 'lastDate' | 'workDate' | 'confirmed' | 'slots'>, today: string): boolean {
  return gig.status === 'open' && gig.lastDate >= today && gig.workDate <= addDays(today, 1) && gig.confirmed < gig.slots
}

export function signUp(db: Db, gig: Gig, laborerId: number, servicePointId: number | null, today: string): GigSignup {
  return transaction(db, () => {
    const fresh = q.getGig(db, gig.id)!
    if (!onBoard(fresh, today)) throw new GigStateError('这个零工已招满或已结束，请看看别的')
    const existing = q.findSignup(db, gig.id, laborerId)
    if (existing && existing.status !== 'withdrawn') throw new AlreadySignedUpError()
    if (q.overlapping(db, laborerId, fresh.workDate, fresh.lastDate) > 0) throw new GigStateError('您已报名同一天的其他零工')
    const live = q.signupsOf(db, gig.id).filter((s) => s.status === 'signed' || s.status === 'confirmed').length
    if (live >= fresh.slots * SIGNUPS_PER_PLACE) throw new GigStateError('报名人数已满，请看看别的零工')
    if (existing) return q.setSignupStatus(db, existing.id, 'signed')
    return q.insertSignup(db, gig.id, laborerId, servicePointId)
  })
}

function signupOf(db: Db, gig: Gig, signupId: number): GigSignup {
  const signup = q.getSignup(db, signupId)
  if (!signup || signup.gigId !== gig.id) throw new SignupNotFoundError(signupId)
  return signup
}

/** The poster takes (confirm) or turns down (decline) a sign-up. */
export function decide(db: Db, gig: Gig, signupId: number, action: 'confirm' | 'decline'): GigSignup {
  return transaction(db, () => {
    const fresh = q.getGig(db, gig.id)!
    if (fresh.status !== 'open') throw new GigStateError(`零工 ${gig.id} 已${fresh.status === 'done' ? '完工' : '取消'}`)
    const signup = signupOf(db, fresh, signupId)
    if (action === 'confirm') {
      if (signup.status !== 'signed') throw new GigStateError(`报名 ${signupId} 不是待确认状态`)
      if (fresh.confirmed >= fresh.slots) throw new GigStateError(`零工 ${gig.id} 的 ${fresh.slots} 个名额已确认满`)
      q.addConfirmed(db, gig.id, 1)
      return q.setSignupStatus(db, signupId, 'confirmed')
    }
    if (signup.status !== 'signed' && signup.status !== 'confirmed') throw new GigStateError(`报名 ${signupId} 不能谢绝`)
    if (signup.status === 'confirmed') q.addConfirmed(db, gig.id, -1)
    return q.setSignupStatus(db, signupId, 'declined')
  })
}

/**
 * The work is done: confirmed sign-ups are done (those named absent did not come), other
 * sign-ups are declined. Answers the sign-ups that worked; each becomes a 灵活就业 record.
 */
export function complete(db: Db, gig: Gig, absent: readonly number[], today: string, onWorked: (signup: GigSignup, gig: Gig) => void): GigSignup[] {
  return transaction(db, () => {
    const fresh = q.getGig(db, gig.id)!
    if (fresh.status !== 'open') throw new GigStateError(`零工 ${gig.id} 已${fresh.status === 'done' ? '完工' : '取消'}`)
    if (fresh.workDate > today) throw new GigStateError(`零工 ${gig.id} 还没开工（${fresh.workDate}）`)
    const worked: GigSignup[] = []
    for (const signup of q.signupsOf(db, gig.id)) {
      if (signup.status === 'confirmed') {
        const done = q.setSignupStatus(db, signup.id, absent.includes(signup.id) ? 'absent' : 'done')
        if (done.status === 'done') {
          worked.push(done)
          onWorked(done, fresh)
        }
      } else if (signup.status === 'signed') q.setSignupStatus(db, signup.id, 'declined')
    }
    q.setGigStatus(db, gig.id, 'done')
    return worked
  })
}

export function cancel(db: Db, gig: Gig): Gig {
  return transaction(db, () => {
    const fresh = q.getGig(db, gig.id)!
    if (fresh.status !== 'open') throw new GigStateError(`零工 ${gig.id} 已${fresh.status === 'done' ? '完工' : '取消'}`)
    for (const signup of q.signupsOf(db, gig.id)) if (signup.status === 'signed' || signup.status === 'confirmed') q.setSignupStatus(db, signup.id, 'declined')
    return q.setGigStatus(db, gig.id, 'cancelled')
  })
}
