import { and, count, eq, gte, inArray, ne } from 'drizzle-orm'
import type { Db } from '../db/database'
import { FairNotFoundError } from '../errors'
import { fairInvitations, fairs, type Fair } from './schema'

/**
 * Fairs a laborer living under `areaCode` may be invited to: not closed, not past, serving
 * the city or the county the area lies in (a fair's region is the city or a county). Soonest first.
 */
export function fairsOpenTo(db: Db, areaCode: string, today: string): (Fair & { invited: number })[] {
  const open = db
    .select()
    .from(fairs)
    .where(and(ne(fairs.status, 'closed'), gte(fairs.date, today)))
    .all()
    .filter((f) => areaCode.startsWith(f.regionCode))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id)
  if (open.length === 0) return []
  const counts = new Map(
    db
      .select({ fairId: fairInvitations.fairId, n: count() })
      .from(fairInvitations)
      .where(inArray(fairInvitations.fairId, open.map((f) => f.id)))
      .groupBy(fairInvitations.fairId)
      .all()
      .map((r) => [r.fairId, r.n]),
  )
  return open.map((f) => ({ ...f, invited: counts.get(f.id) ?? 0 }))
}

/** The fair when it is open to `areaCode` (see `fairsOpenTo`); otherwise its 404. */
export function fairOpenTo(db: Db, areaCode: string, id: number, today: string): Fair {
  const fair = fairsOpenTo(db, areaCode, today).find((f) => f.id === id)
  if (!fair) throw new FairNotFoundError(id)
  return fair
}

/** Invites a laborer to a fair, once: a second invitation answers the first (`created: false`). */
export function inviteToFair(db: Db, fairId: number, laborerId: number, tokenId: number | null, at = Date.now()): { at: number; created: boolean } {
  const before = db
    .select({ at: fairInvitations.at })
    .from(fairInvitations)
    .where(and(eq(fairInvitations.fairId, fairId), eq(fairInvitations.laborerId, laborerId)))
    .get()
  if (before) return { at: before.at, created: false }
  db.insert(fairInvitations).values({ fairId, laborerId, tokenId, at }).run()
  return { at, created: true }
}

/** The fairs a laborer has been invited to (ids). */
export function invitationsOf(db: Db, laborerIds: number[]): Map<number, number[]> {
  const out = new Map<number, number[]>()
  if (laborerIds.length === 0) return out
  for (const r of db.select().from(fairInvitations).where(inArray(fairInvitations.laborerId, laborerIds)).all()) {
    out.set(r.laborerId, [...(out.get(r.laborerId) ?? []), r.fairId])
  }
  return out
}
