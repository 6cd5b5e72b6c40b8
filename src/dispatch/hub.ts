import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import type { SocketSettings } from '../config'
import type { Db } from '../db/database'
import { SocketHub, type Connection } from '../http/socket-hub'
import { CloseCode, dispatchFrame, type ErrorCode } from './protocol'
import * as q from './queries'
import { transaction } from '../db/transaction'

/** Sent times are advisory (what the senders see as "sent"): written many at once. */
const SENT_FLUSH_MS = 200
/**
 * Acks wait this long for others to share their commit (one fsync for many stations): the
 * station is told `acked` only once its ack is durable, so this is on the ack's round trip.
 */
const ACK_FLUSH_MS = 4
/** A failed ack commit (busy writer, full disk) is tried again after this, acks kept. */
const RETRY_MS = 1000

export type StationConnection = Connection<number>

/**
 * Live side of the station log, on the shared socket hub (heartbeat, backpressure, replay
 * then live): one socket per station, fed from the database, so a live push and a replay
 * are the same rows in the same order. What is the station's own: its log, the `hello` and
 * `replayed` frames, acks and delivery times, and the connection times the alerts read.
 * Writers append inside their transaction and call `notify` after commit.
 */
export class StationHub {
  private readonly hub: SocketHub<number>
  private readonly sent = new Map<number, { from: number; to: number }>()
  /** Per station: the highest seq acked and not yet committed, and the sockets to tell. */
  private readonly acks = new Map<number, { seq: number; connections: Set<StationConnection> }>()
  private flushTimer?: NodeJS.Timeout
  private flushAt = Infinity
  private closing = false
  private highWater: number
  private readonly poll: NodeJS.Timeout

  constructor(
    private readonly db: Db,
    settings: SocketSettings,
    pollMs: number,
    private readonly log: FastifyBaseLogger,
  ) {
    q.closeStaleLinks(db)
    this.highWater = q.logHighWater(db)
    this.hub = new SocketHub<number>({
      settings,
      log,
      keyName: 'stationId',
      exclusive: true,
      read: (stationId, after, limit) => q.logAfter(db, stationId, after, limit).map((entry) => ({ seq: entry.seq, frame: dispatchFrame(entry) })),
      onSent: (connection, from, to) => this.noteSent(connection.key, from, to),
      onCaughtUp: (connection) => this.hub.send(connection, { type: 'replayed', lastSeq: connection.lastSent }),
      onLeave: (connection) => this.recordLink(() => q.markDisconnected(db, connection.key)),
    })
    // Another process (the CLI, a second server on the same file) may append too.
    this.poll = setInterval(() => this.checkForeignWrites(), pollMs).unref()
  }

  /** Takes over a station's socket: supersedes an older one, replays after `since`, then streams. */
  attach(stationId: number, socket: WebSocket, since: number, client: string): StationConnection | undefined {
    const last = q.lastSeq(this.db, stationId)
    if (since > last) {
      socket.close(CloseCode.sinceAhead, `since ${since} is ahead of this station's log (last seq ${last})`)
      return undefined
    }
    // What the database holds as acked: the station re-acks what it processed above it.
    const hello = JSON.stringify({ type: 'hello', stationId, since, lastSeq: last, ackedThrough: q.ackedThrough(this.db, stationId) })
    const connection = this.hub.attach(stationId, socket, { client, cursor: since, replayUntil: last, first: [hello] })
    if (connection) this.recordLink(() => q.markConnected(this.db, stationId))
    return connection
  }

  /** Call after the transaction that appended to these stations' logs has committed. */
  notify(stationIds: Iterable<number>): void {
    this.hub.notify(stationIds)
  }

  isOnline(stationId: number): boolean {
    return this.hub.has(stationId)
  }

  onlineStations(): number[] {
    return this.hub.keys()
  }

  /**
   * Records a cumulative ack (an ack for a seq this socket never sent changes nothing) and,
   * once it is committed, answers `{type:"acked", ackedThrough}` on the socket.
   */
  ack(connection: StationConnection, seq: number): boolean {
    if (seq > connection.lastSent) {
      this.sendError(connection, 'unknown_seq', `seq ${seq} 未在本连接上发送过（最后发送的是 ${connection.lastSent}）`)
      return false
    }
    this.hub.touch(connection)
    const pending = this.acks.get(connection.key)
    if (pending) {
      pending.seq = Math.max(pending.seq, seq)
      pending.connections.add(connection)
    } else {
      this.acks.set(connection.key, { seq, connections: new Set([connection]) })
    }
    this.scheduleFlush(ACK_FLUSH_MS)
    return true
  }

  /** An error frame; `extra` names what it is about (an arrival's `groupId`). */
  sendError(connection: StationConnection, code: ErrorCode, message: string, extra: Record<string, unknown> = {}): void {
    this.hub.send(connection, { type: 'error', code, message, ...extra })
  }

  send(connection: StationConnection, frame: Record<string, unknown>): void {
    this.hub.send(connection, frame)
  }

  /**
   * Shutdown: acks received so far are committed (and confirmed), then every socket gets
   * 1012 and reconnects to the next server with its last seq.
   */
  close(): void {
    this.closing = true
    clearInterval(this.poll)
    this.flush()
    this.hub.close()
  }

  private noteSent(stationId: number, from: number, to: number): void {
    const range = this.sent.get(stationId)
    this.sent.set(stationId, range ? { from: Math.min(range.from, from), to: Math.max(range.to, to) } : { from, to })
    this.scheduleFlush(SENT_FLUSH_MS)
  }

  /** Every commit is an fsync: delivery state is written many stations at once, within `delay`. */
  private scheduleFlush(delay: number): void {
    if (this.closing) return
    const at = Date.now() + delay
    if (this.flushTimer && this.flushAt <= at) return
    clearTimeout(this.flushTimer)
    this.flushAt = at
    this.flushTimer = setTimeout(() => this.flush(), delay).unref()
  }

  /**
   * Sent and acked times, many sockets' worth per transaction; after the commit each acking
   * socket hears `acked`. A failed commit keeps the acks and tries again: an ack the station
   * was not told is recorded is also re-sent by the station after its next hello.
   */
  private flush(): void {
    clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    this.flushAt = Infinity
    if (this.sent.size === 0 && this.acks.size === 0) return
    const sent = [...this.sent]
    const acks = [...this.acks]
    this.sent.clear()
    this.acks.clear()
    const at = Date.now()
    let through: Map<number, number>
    try {
      through = transaction(this.db, () => {
        for (const [stationId, range] of sent) q.markSent(this.db, stationId, range.from, range.to, at)
        return new Map(acks.map(([stationId, { seq }]) => [stationId, q.recordAck(this.db, stationId, seq, at)]))
      })
    } catch (error) {
      this.log.error({ err: error }, 'recording delivery state failed; retrying')
      // Sent times are advisory and dropped; acks wait for the next try (newer ones merge in).
      for (const [stationId, pending] of acks) {
        const newer = this.acks.get(stationId)
        if (newer) {
          newer.seq = Math.max(newer.seq, pending.seq)
          for (const c of pending.connections) newer.connections.add(c)
        } else this.acks.set(stationId, pending)
      }
      if (!this.closing) this.scheduleFlush(RETRY_MS)
      return
    }
    for (const [stationId, { connections }] of acks) {
      const frame = { type: 'acked', ackedThrough: through.get(stationId)! }
      for (const connection of connections) this.hub.send(connection, frame)
    }
  }

  /**
   * Connection times feed the "station offline" alert only. They are written from socket
   * events and timers, where a throw (a full disk) would stop the server: logged instead.
   */
  private recordLink(write: () => void): void {
    try {
      write()
    } catch (error) {
      this.log.error({ err: error }, 'recording a station connection failed')
    }
  }

  private checkForeignWrites(): void {
    const highWater = q.logHighWater(this.db)
    if (highWater === this.highWater) return
    this.highWater = highWater
    this.hub.notifyAll()
  }
}
