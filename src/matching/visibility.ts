import type { Role } from '../auth/schema'
import type { Match, MatchStatus } from './schema'

/**
 * What of a laborer a party to a match may see. Until the laborer has said yes to a
 * proposal (accepted, then confirmed and placed) an employer sees the family name only
 * (张*) and the village, never the full name: a proposal is the service's suggestion,
 * not the laborer's application. Officials of the laborer's area and fair organizers (for
 * people checked in at their fair) see the name. One rule for /matches, candidates and
 * fairs.
 */
const NAMED_FOR_EMPLOYERS: readonly MatchStatus[] = ['accepted', 'confirmed', 'placed']

/** The family name only: 张三丰 → 张**. */
export function maskName(name: string): string {
  const chars = [...name]
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`
}

/** The laborer's name as `viewer` may see it on a match in `status` (null: no match yet, a candidate). */
export function laborerNameFor(viewer: Role, status: MatchStatus | null, name: string): string {
  if (viewer !== 'employer') return name
  return status !== null && NAMED_FOR_EMPLOYERS.includes(status) ? name : maskName(name)
}

export type MatchWithNames = Match & { laborerName: string; villageCode: string; jobTitle: string }

const iso = (ms: number) => new Date(ms).toISOString()

/** A match as `viewer` may see it (the `MatchView` of the API). */
export function matchViewFor(viewer: Role, row: MatchWithNames, villageName: (code: string) => string) {
  return {
    id: row.id,
    laborerId: row.laborerId,
    laborerName: laborerNameFor(viewer, row.status, row.laborerName),
    village: villageName(row.villageCode),
    jobId: row.jobId,
    jobTitle: row.jobTitle,
    status: row.status,
    score: row.score,
    scoreVersion: row.scoreVersion,
    origin: row.origin,
    reason: row.reason,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  }
}
