import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import type { Db } from '../db/database'
import { CloseCode, dispatchFrame, type ErrorCode } from './protocol'
import * as q from './queries'
import type { DispatchSettings } from './settings'

const PAGE = 500
const FLUSH_MS = 200

export interface StationConnection {
  readonly stationId: number
  readonly socket: WebSocket
  /** Highest seq written to this socket; starts at the station's `since`. */
  lastSent: number
  /** Log entries up to here existed when the station connected; `replayed` is sent once they are out. */
  readonly replayUntil: number
  replayAnnounced: boolean
  alive: boolean
  pumping: boolean
  again: boolean
  closed: boolean
}

/**
 * Live side of the station log: one socket per station, fed from the database (never
 * from memory), so a live push and a replay are the same rows in the same order.
 * Writers append inside their transaction and call `notify` after commit.
 */
export class StationHub {
  private readonly connections = new Map<number, StationConnection>()
  private readonly sent = new Map<number, { from: number; to: number }>()
  private readonly acks = new Map<number, number>()
  private flushScheduled = false
  private closing = false
  private highWater: number
  private readonly heartbeat: NodeJS.Timeout
  private readonly poll: NodeJS.Timeout

  constructor(
    private readonly db: Db,
    private readonly settings: DispatchSettings,
    private readonly log: FastifyBaseLogger,
  ) {
    q.closeStaleLinks(db)
    this.highWater = q.logHighWater(db)
    this.heartbeat = setInterval(() => this.beat(), settings.heartbeatMs).unref()
    // Another process (the CLI, a second server on the same file) may append too.
    this.poll = setInterval(() => this.checkForeignWrites(), settings.pollMs).unref()
  }

  /** Takes over a station's socket: supersedes an older one, replays after `since`, then streams. */
  attach(stationId: number, socket: WebSocket, since: number): StationConnection | undefined {
    const last = q.lastSeq(this.db, stationId)
    if (since > last) {
      socket.close(CloseCode.sinceAhead, `since ${since} is ahead of this station's log (last seq ${last})`)
      return undefined
    }
    const previous = this.connections.get(stationId)
    if (previous) {
      previous.closed = true
      previous.socket.close(CloseCode.superseded, 'superseded by a newer connection of this station')
    }
    const connection: StationConnection = {
      stationId,
      socket,
      lastSent: since,
      replayUntil: last,
      replayAnnounced: false,
      alive: true,
      pumping: false,
      again: false,
      closed: false,
    }
    this.connections.set(stationId, connection)
    this.recordLink(() => q.markConnected(this.db, stationId))
    socket.on('pong', () => (connection.alive = true))
    socket.on('close', () => {
      connection.closed = true
      if (this.connections.get(stationId) !== connection) return
      this.connections.delete(stationId)
      if (!this.closing) this.recordLink(() => q.markDisconnected(this.db, stationId))
    })
    socket.send(JSON.stringify({ type: 'hello', stationId, since, lastSeq: last }))
    void this.pump(connection)
    return connection
  }

  /** Call after the transaction that appended to these stations' logs has committed. */
  notify(stationIds: Iterable<number>): void {
    for (const id of stationIds) {
      const connection = this.connections.get(id)
      if (connection) void this.pump(connection)
    }
  }

  isOnline(stationId: number): boolean {
    return this.connections.has(stationId)
  }

  onlineStations(): number[] {
    return [...this.connections.keys()]
  }

  /** Records a cumulative ack; an ack for a seq this socket never sent changes nothing. */
  ack(connection: StationConnection, seq: number): boolean {
    if (seq > connection.lastSent) {
      this.sendError(connection, 'unknown_seq', `seq ${seq} was never sent on this connection (last sent ${connection.lastSent})`)
      return false
    }
    connection.alive = true
    this.acks.set(connection.stationId, Math.max(this.acks.get(connection.stationId) ?? 0, seq))
    this.scheduleFlush()
    return true
  }

  sendError(connection: StationConnection, code: ErrorCode, message: string): void {
    if (!connection.closed) connection.socket.send(JSON.stringify({ type: 'error', code, message }))
  }

  send(connection: StationConnection, frame: Record<string, unknown>): void {
    if (!connection.closed) connection.socket.send(JSON.stringify(frame))
  }

  /** Shutdown: every socket gets 1012 and reconnects to the next server with its last seq. */
  close(): void {
    this.closing = true
    clearInterval(this.heartbeat)
    clearInterval(this.poll)
    for (const connection of this.connections.values()) {
      connection.closed = true
      connection.socket.close(CloseCode.shutdown, 'server shutting down')
      this.recordLink(() => q.markDisconnected(this.db, connection.stationId))
    }
    this.connections.clear()
    this.flush()
  }

  private async pump(connection: StationConnection): Promise<void> {
    if (connection.pumping) {
      connection.again = true
      return
    }
    connection.pumping = true
    try {
      let batch: q.LogRow[] = []
      do {
        connection.again = false
        while (!connection.closed) {
          // Rows fetched but not yet sent stay for the next page: large messages are not re-read.
          if (batch.length === 0) batch = q.logAfter(this.db, connection.stationId, connection.lastSent, PAGE)
          if (batch.length === 0) break
          const first = connection.lastSent + 1
          const flushed = this.sendPage(connection, batch)
          batch = batch.filter((entry) => entry.seq > connection.lastSent)
          this.noteSent(connection.stationId, first, connection.lastSent)
          if (connection.socket.bufferedAmount > this.settings.maxBufferedBytes && !(await this.drains(flushed))) {
            this.log.warn({ stationId: connection.stationId, buffered: connection.socket.bufferedAmount }, 'slow station dropped')
            this.drop(connection, CloseCode.slowConsumer, 'send buffer full: reconnect with since=<last seq processed>')
            return
          }
        }
        if (!connection.replayAnnounced && !connection.closed && connection.lastSent >= connection.replayUntil) {
          connection.replayAnnounced = true
          this.send(connection, { type: 'replayed', lastSeq: connection.lastSent })
        }
      } while (connection.again && !connection.closed)
    } catch (error) {
      this.log.error({ err: error, stationId: connection.stationId }, 'station push failed')
      this.drop(connection)
    } finally {
      connection.pumping = false
    }
  }

  /**
   * Writes log entries up to about `maxBufferedBytes` (at least one); resolves when the
   * last one has reached the kernel.
   */
  private sendPage(connection: StationConnection, batch: q.LogRow[]): Promise<void> {
    return new Promise((resolve) => {
      let bytes = 0
      for (const entry of batch) {
        const frame = dispatchFrame(entry)
        bytes += frame.length
        const last = bytes >= this.settings.maxBufferedBytes || entry === batch[batch.length - 1]
        connection.socket.send(frame, last ? () => resolve() : undefined)
        connection.lastSent = entry.seq
        if (last) return
      }
    })
  }

  /**
   * Lets go of a socket at once, even if the peer never reads the close frame; without
   * a code the TCP connection is cut (a dead peer would not answer the close handshake).
   */
  private drop(connection: StationConnection, code?: number, reason?: string): void {
    connection.closed = true
    if (this.connections.get(connection.stationId) === connection) {
      this.connections.delete(connection.stationId)
      this.recordLink(() => q.markDisconnected(this.db, connection.stationId))
    }
    if (code === undefined) connection.socket.terminate()
    else connection.socket.close(code, reason)
  }

  /**
   * Memory per station stays bounded: over the limit, the next page waits for this one
   * to drain, and a station that does not read within `slowMs` is dropped (it replays later).
   */
  private drains(flushed: Promise<void>): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), this.settings.slowMs)
      void flushed.then(() => {
        clearTimeout(timer)
        resolve(true)
      })
    })
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
      this.db.$client.transaction(() => {
        for (const [stationId, range] of sent) q.markSent(this.db, stationId, range.from, range.to, at)
        for (const [stationId, seq] of acks) q.recordAck(this.db, stationId, seq, at)
      })()
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

  private beat(): void {
    for (const connection of this.connections.values()) {
      if (!connection.alive) {
        this.log.info({ stationId: connection.stationId }, 'station missed a heartbeat; terminated')
        this.drop(connection)
        continue
      }
      connection.alive = false
      connection.socket.ping()
    }
  }

  private checkForeignWrites(): void {
    const highWater = q.logHighWater(this.db)
    if (highWater === this.highWater) return
    this.highWater = highWater
    this.notify(this.connections.keys())
  }
}
