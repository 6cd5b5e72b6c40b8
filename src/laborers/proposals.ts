import { and, asc, eq, like, type SQL } from 'drizzle-orm'
import type { Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { BadRequestError, ClientIdReusedError, ProposalStateError } from '../errors'
import { recordChanges } from './changes'
import { getLaborer, updateLaborer } from './queries'
import { povertyProposals, type Laborer, type PovertyProposal, type PovertyStatus, type ProposalStatus } from './schema'

/**
 * Poverty status (人口类型) is changed by township staff or above; a village agent proposes
 * the change and a township confirms or rejects it. All in the caller's transaction.
 */
export function proposePovertyStatus(
  db: Db,
  laborer: Laborer,
  input: { toStatus: PovertyStatus; reason: string; clientId?: string | null; tokenId: number | null },
): { proposal: PovertyProposal; created: boolean } {
  if (input.clientId) {
    const seen = db.select().from(povertyProposals).where(eq(povertyProposals.clientId, input.clientId)).get()
    if (seen) {
      if (seen.laborerId !== laborer.id) throw new ClientIdReusedError(`clientId ${input.clientId} 已用于另一项申请`)
      return { proposal: seen, created: false }
    }
  }
  if (input.toStatus === laborer.povertyStatus) throw new BadRequestError(`body.toStatus 与当前人口类型相同，无需变更`)
  const proposal = db
    .insert(povertyProposals)
    .values({
      laborerId: laborer.id,
      villageCode: laborer.villageCode,
      townshipCode: laborer.townshipCode,
      countyCode: laborer.countyCode,
      fromStatus: laborer.povertyStatus,
      toStatus: input.toStatus,
      reason: input.reason,
      proposedBy: input.tokenId,
      clientId: input.clientId ?? null,
      createdAt: Date.now(),
    })
    .returning()
    .get()
  return { proposal, created: true }
}

export function getProposal(db: Db, id: number): PovertyProposal | undefined {
  return db.select().from(povertyProposals).where(eq(povertyProposals.id, id)).get()
}

/**
 * Confirms (applies the change, recorded in the laborer's changes) or rejects a pending
 * proposal. Deciding it again the same way answers it unchanged; otherwise a decided
 * proposal, or one whose laborer's status moved meanwhile, is a conflict.
 */
export function decideProposal(db: Db, proposal: PovertyProposal, decision: 'confirmed' | 'rejected', caller: Caller, note: string): PovertyProposal {
  if (proposal.status === decision) return proposal
  if (proposal.status !== 'pending') throw new ProposalStateError(`申请 ${proposal.id} 已${proposal.status === 'confirmed' ? '确认' : '驳回'}，未做改动`)
  const at = Date.now()
  if (decision === 'confirmed') {
    const before = getLaborer(db, proposal.laborerId)!
    if (before.povertyStatus !== proposal.fromStatus) {
      throw new ProposalStateError(`劳动力 ${before.id} 的人口类型已被改为其他值，申请 ${proposal.id} 未生效`)
    }
    const after = updateLaborer(db, before.id, { povertyStatus: proposal.toStatus }, at)
    recordChanges(db, before, after, caller, 'poverty_proposal', at)
  }
  return db
    .update(povertyProposals)
    .set({ status: decision, decidedBy: caller.tokenId, decisionNote: note, decidedAt: at })
    .where(eq(povertyProposals.id, proposal.id))
    .returning()
    .get()!
}

/** Proposals in an area (region-code prefix), optionally of one status, oldest first. */
export function listProposals(db: Db, prefix: string, status: ProposalStatus | undefined, limit: number): PovertyProposal[] {
  const area: SQL =
    prefix.length === 12
      ? eq(povertyProposals.villageCode, prefix)
      : prefix.length === 9
        ? eq(povertyProposals.townshipCode, prefix)
        : prefix.length === 6
          ? eq(povertyProposals.countyCode, prefix)
          : like(povertyProposals.countyCode, `${prefix}%`)
  return db
    .select()
    .from(povertyProposals)
    .where(and(area, status ? eq(povertyProposals.status, status) : undefined))
    .orderBy(asc(povertyProposals.id))
    .limit(limit)
    .all()
}
