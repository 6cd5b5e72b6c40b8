import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import type { FairSocketSettings, SocketSettings } from '../config'
import type { Db } from '../db/database'
import { HubClose, SocketHub, preframe, type FeedEntry, type Preframed } from '../http/socket-hub'
import * as q from './queries'
import type { Fair, FairEvent } from './schema'

/** Close codes of `/ws/fairs/:id` (docs/security.md lists them). */
export const FairClose = {
  restart: HubClose.shutdown,
  tooSlow: HubClose.slowConsumer,
  tooMany: HubClose.overCapacity,
  notFound: 4404,
} as const

/** Proposals a snapshot carries (the board shows the latest 50, paging through them on a wall). */
const SNAPSHOT_MATCHES = 50

export function eventFrame(event: FairEvent): string {
  return JSON.stringify({ seq: event.seq, type: event.type, at: new Date(event.at).toISOString(), data: event.payload })
}

/**
 * Boards watching fairs, on the shared socket hub (heartbeat, backpressure, caps per client
 * address and in total, replay then live from the fair's log). What is the fair's own: the
 * event frame, and the bounded catch-up — a board more than `tail` events behind gets one
 * `snapshot` frame (the board as of `lastSeq − tail`) and then only the last `tail` events,
 * never the whole log.
 */
export class FairBoards {
  private readonly hub: SocketHub<number>
  /** The snapshot of each fair at its last seq: a reconnect storm computes it once. */
  private readonly snapshots = new Map<number, { lastSeq: number; upTo: number; frame: string }>()
  /**
   * Pages of each fair's log by cursor, until the fair's next append: hundreds of boards at
   * the same cursor share one query and one encoding of each event instead of one per socket.
   */
  private readonly pages = new Map<number, Map<number, FeedEntry[]>>()
  /**
   * What a board connecting at a cursor gets (a snapshot and the tail, or the tail after its
   * cursor), encoded once per fair and last seq: a storm of 500 boards costs one snapshot,
   * one read of the tail and one encoding, then one write per socket.
   */
  private readonly catchUps = new Map<number, { lastSeq: number; byCursor: Map<number, { cursor: number; first: Preframed }> }>()
  /** Each fair's last seq, read once per turn of the event loop (a storm's handshakes arrive in one turn). */
  private readonly lastSeqs = new Map<number, number>()

  constructor(
    private readonly db: Db,
    settings: SocketSettings,
    private readonly boards: FairSocketSettings,
    log: FastifyBaseLogger,
  ) {
    this.hub = new SocketHub<number>({
      settings,
      log,
      keyName: 'fairId',
      caps: { perClient: boards.perClient, total: boards.total },
      read: (fairId, after, limit) => this.page(fairId, after, limit),
      onLeave: (connection) => {
        if (this.hub.has(connection.key)) return
        this.snapshots.delete(connection.key)
        this.pages.delete(connection.key)
        this.catchUps.delete(connection.key)
      },
    })
  }

  /** A board that has seen up to `since`: the tail after it, or a snapshot and the last `tail` events. */
  watch(fair: Fair, socket: WebSocket, since: number, client: string): void {
    const { cursor, first } = this.catchUp(fair, since)
    this.hub.attach(fair.id, socket, { client, cursor, first })
  }

  /**
   * The frames a board at `since` starts with, and the seq they end at: the events after it
   * when it is at most `tail` behind, otherwise the snapshot as of `last − tail` and the
   * last `tail` events. Shared by every board of the fair at the same cursor until its log
   * grows.
   */
  private catchUp(fair: Fair, since: number): { cursor: number; first: Preframed } {
    const last = this.lastSeq(fair.id)
    let cached = this.catchUps.get(fair.id)
    if (cached?.lastSeq !== last) this.catchUps.set(fair.id, (cached = { lastSeq: last, byCursor: new Map() }))
    const near = since <= last && last - since <= this.boards.tail
    const from = near ? since : -1
    const found = cached.byCursor.get(from)
    if (found) return found
    const frames: string[] = []
    let cursor = since
    if (!near) {
      const snapshot = this.snapshot(fair, last)
      frames.push(snapshot.frame)
      cursor = snapshot.upTo
    }
    // At most `tail` events (one more, if another process appended meanwhile, is read live).
    for (const event of q.eventsAfter(this.db, fair.id, cursor, this.boards.tail)) {
      frames.push(eventFrame(event))
      cursor = event.seq
    }
    const entry = { cursor, first: preframe(frames) }
    if (cached.byCursor.size >= 64) cached.byCursor.clear()
    cached.byCursor.set(from, entry)
    return entry
  }

  private lastSeq(fairId: number): number {
    let seq = this.lastSeqs.get(fairId)
    if (seq === undefined) {
      if (this.lastSeqs.size === 0) setImmediate(() => this.lastSeqs.clear())
      this.lastSeqs.set(fairId, (seq = q.lastSeq(this.db, fairId)))
    }
    return seq
  }

  /** Call after the transaction that appended these fairs' events has committed. */
  notify(fairIds: Iterable<number>): void {
    const ids = [...fairIds]
    for (const id of ids) {
      this.pages.delete(id)
      this.catchUps.delete(id)
      this.lastSeqs.delete(id)
    }
    this.hub.notify(ids)
  }

  private page(fairId: number, after: number, limit: number): FeedEntry[] {
    let byCursor = this.pages.get(fairId)
    if (!byCursor) this.pages.set(fairId, (byCursor = new Map()))
    const cached = byCursor.get(after)
    if (cached && cached.length <= limit) return cached
    const entries = q.eventsAfter(this.db, fairId, after, limit).map((event) => {
      const frame = eventFrame(event)
      return { seq: event.seq, frame, utf8: Buffer.from(frame) }
    })
    if (byCursor.size >= 64) byCursor.clear()
    byCursor.set(after, entries)
    return entries
  }

  /** Board sockets open now. */
  get size(): number {
    return this.hub.size
  }

  close(): void {
    this.hub.close()
    this.snapshots.clear()
    this.pages.clear()
    this.catchUps.clear()
    this.lastSeqs.clear()
  }

  /**
   * The board as of `upTo = last − tail`: counts (all events less the tail's), the round,
   * the fair, and the latest proposals with their current status (any later change of
   * theirs is in the tail, so the board ends where the log does).
   */
  private snapshot(fair: Fair, last: number): { upTo: number; frame: string } {
    const cached = this.snapshots.get(fair.id)
    if (cached?.lastSeq === last) return cached
    const upTo = Math.max(0, last - this.boards.tail)
    const all = q.eventCounts(this.db, fair.id)
    const tail = q.eventCounts(this.db, fair.id, upTo)
    const count = (type: string) => (all.get(type) ?? 0) - (tail.get(type) ?? 0)
    const round = q.latestEvents(this.db, fair.id, 'round', upTo, 1)[0]
    const proposals = q.latestEvents(this.db, fair.id, 'match.proposed', upTo, SNAPSHOT_MATCHES)
    const statuses = q.matchStatuses(this.db, proposals.map((e) => Number(e.payload.matchId)))
    const frame = JSON.stringify({
      type: 'snapshot',
      seq: upTo,
      at: new Date().toISOString(),
      data: {
        fair: { name: fair.name, venue: fair.venue, date: fair.date, status: fair.status },
        counts: {
          checkin: count('checkin'),
          jobs: count('job.added') - count('job.removed'),
          proposed: count('match.proposed'),
          accepted: count('match.accepted'),
          confirmed: count('match.confirmed'),
          round: Number(round?.payload.round ?? 0),
        },
        matches: proposals.map((e) => ({ ...e.payload, status: statuses.get(Number(e.payload.matchId)) ?? 'proposed' })),
      },
    })
    const snapshot = { lastSeq: last, upTo, frame }
    this.snapshots.set(fair.id, snapshot)
    return snapshot
  }
}
