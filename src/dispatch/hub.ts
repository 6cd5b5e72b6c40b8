import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import type { SocketSettings } from '../config'
import type { Db } from '../db/database'
import { SocketHub, type Connection } from '../http/socket-hub'
import { CloseCode, dispatchFrame, type ErrorCode } from './protocol'
import * as q from './queries'
import { transaction } from '../db/transaction'

const FLUSH_MS = 200

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
  private readonly acks = new Map<number, number>()
  private flushScheduled = false
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
    const hello = JSON.stringify({ type: 'hello', stationId, since, lastSeq: last })
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

  /** Records a cumulative ack; an ack for a seq this socket never sent changes nothing. */
  ack(connection: StationConnection, seq: number): boolean {
    if (seq > connection.lastSent) {
      this.sendError(connection, 'unknown_seq', `seq ${seq} was never sent on this connection (last sent ${connection.lastSent})`)
      return false
    }
    this.hub.touch(connection)
    this.acks.set(connection.key, Math.max(this.acks.get(connection.key) ?? 0, seq))
    this.scheduleFlush()
    return true
  }

  sendError(connection: StationConnection, code: ErrorCode, message: string): void {
    this.hub.send(connection, { type: 'error', code, message })
  }

  send(connection: StationConnection, frame: Record<string, unknown>): void {
    this.hub.send(connection, frame)
  }

  /** Shutdown: every socket gets 1012 and reconnects to the next server with its last seq. */
  close(): void {
    this.closing = true
    clearInterval(this.poll)
    this.hub.close()
    this.flush()
  }

  private noteSent(stationId: number, from: number, to: number): void {
    const range = this.sent.get(stationId)
    this.sent.set(stationId, range ? { from: Math.min(range.from, from), to: Math.max(range.to, to) } : { from, to })
    this.scheduleFlush()
  }

  /** Every commit is an fsync: delivery times are written at most every FLUSH_MS, many at once. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.closing) return
    this.flushScheduled = true
    setTimeout(() => this.flush(), FLUSH_MS).unref()
  }

  /** Sent and acked times, many sockets' worth per transaction. */
  private flush(): void {
    this.flushScheduled = false
    if (this.sent.size === 0 && this.acks.size === 0) return
    const sent = [...this.sent]
    const acks = [...this.acks]
    this.sent.clear()
    this.acks.clear()
    const at = Date.now()
    try {
      transaction(this.db, () => {
        for (const [stationId, range] of sent) q.markSent(this.db, stationId, range.from, range.to, at)
        for (const [stationId, seq] of acks) q.recordAck(this.db, stationId, seq, at)
      })
    } catch (error) {
      // Lost delivery times only mean a station gets a replay it will recognise by id.
      this.log.error({ err: error }, 'recording delivery state failed')
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
