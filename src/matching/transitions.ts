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

const statusNames: Record<MatchStatus, string> = {
  proposed: '已推荐', accepted: '劳动力已同意', confirmed: '单位已确认', placed: '已上岗', declined: '已谢绝', withdrawn: '已撤回',
}
const actionNames: Record<MatchAction, string> = { accept: '同意', confirm: '确认', place: '上岗', decline: '谢绝', withdraw: '撤回' }

/** The status an action leads to, or why it cannot happen from `status`. */
export function nextStatus(status: MatchStatus, action: MatchAction): { ok: true; to: MatchStatus } | { ok: false; reason: string } {
  const rule = transitions[action]
  if (rule.from.includes(status)) return { ok: true, to: rule.to }
  return { ok: false, reason: `该匹配当前为“${statusNames[status]}”，不能${actionNames[action]}（只能在${rule.from.map((s) => `“${statusNames[s]}”`).join('或')}时${actionNames[action]}）` }
}

/** Actions that promise the posting one of its openings. */
export function holdsOpening(action: MatchAction): boolean {
  return action === 'accept' || action === 'confirm'
}
