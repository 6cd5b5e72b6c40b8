import type { MatchStatus } from './schema'

export const matchActions = ['accept', 'confirm', 'place', 'decline', 'withdraw'] as const
export type MatchAction = (typeof matchActions)[number]

/**
 * proposed → accepted (the laborer says yes, an agent records it) → confirmed (the
 * employer says yes) → placed; declined or withdrawn from any live step.
 */
const transitions: Record<MatchAction, { from: readonly MatchStatus[]; to: MatchStatus }> = {
  accept: { from: ['proposed'], to: 'accepted' },
  confirm: { from: ['accepted'], to: 'confirmed' },
  place: { from: ['confirmed'], to: 'placed' },
  decline: { from: ['proposed', 'accepted', 'confirmed'], to: 'declined' },
  withdraw: { from: ['proposed', 'accepted', 'confirmed'], to: 'withdrawn' },
}

/** The status an action leads to, or why it cannot happen from `status`. */
export function nextStatus(status: MatchStatus, action: MatchAction): { ok: true; to: MatchStatus } | { ok: false; reason: string } {
  const rule = transitions[action]
  if (rule.from.includes(status)) return { ok: true, to: rule.to }
  return { ok: false, reason: `cannot ${action} a match that is ${status} (only from ${rule.from.join(' or ')})` }
}

/** Actions that promise the posting one of its openings. */
export function holdsOpening(action: MatchAction): boolean {
  return action === 'accept' || action === 'confirm'
}
