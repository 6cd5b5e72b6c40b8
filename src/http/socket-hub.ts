import type { Duplex } from 'node:stream'
import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import type { SocketSettings } from '../config'

/**
 * The one per-connection policy of every websocket (station dispatch, fair boards):
 * heartbeats find dead peers, a bounded send buffer closes slow consumers, caps per client
 * address and in total refuse floods, and each socket follows a numbered log: replay after
 * the cursor it connected with, then live, read from the log (never from memory) so a
 * live push and a replay are the same entries in the same order. A domain says only what
 * its log is (`read`) and what happens around it (hooks).
 */

/** Close codes the hub itself uses; each domain documents them with its own. */
export const HubClose = {
  /** Server shutting down or restarting (RFC 6455 §7.4.1): reconnect with your last seq. */
  shutdown: 1012,
  /** A newer connection for the same key took over (exclusive hubs). */
  superseded: 4000,
  /** The send buffer stayed over `WS_MAX_BUFFERED_BYTES` for `WS_SLOW_MS`. */
  slowConsumer: 4008,
  /** Over the cap per client address or in total: retry later. */
  overCapacity: 4429,
} as const

/** The subprotocol every client offers; the server answers with it. */
export const PROTOCOL = 'laborlink.v1'

/**
 * Subprotocols offered in the handshake (`Sec-WebSocket-Protocol`), so a client can send
 * its token as `bearer.<token>` (or a fair board its key as `board.<key>`) rather than in the URL.
 */
export function offeredProtocols(request: FastifyRequest): string[] {
  const header = request.headers['sec-websocket-protocol']
  if (typeof header !== 'string') return []
  return header.split(',').map((p) => p.trim()).filter(Boolean)
}

/** The credential sent as the subprotocol `<kind>.<secret>`, if any. */
export function protocolCredential(request: FastifyRequest, kind: 'bearer' | 'board'): string | undefined {
  const prefix = `${kind}.`
  return offeredProtocols(request).find((p) => p.startsWith(prefix))?.slice(prefix.length) || undefined
}

/** ws's `handleProtocols`: answer `laborlink.v1`, never echo a credential back. */
export function chooseProtocol(protocols: Set<string>): string | false {
  return protocols.has(PROTOCOL) ? PROTOCOL : false
}

/**
 * Frames encoded once as a server writes them (unmasked text frames, RFC 6455 §5.2): the
 * same bytes for every client, so hundreds of sockets catching up at the same point share
 * one encoding and each gets one write instead of one per frame.
 */
export interface Preframed {
  readonly frames: readonly string[]
  readonly bytes: Buffer
}

/** One unmasked, unfragmented text frame: FIN + opcode 1, the payload length, the payload. */
export function textFrame(payload: string): Buffer {
  const data = Buffer.from(payload, 'utf8')
  const n = data.length
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10
  const frame = Buffer.allocUnsafe(head + n)
  frame[0] = 0x81
  if (n < 126) frame[1] = n
  else if (n < 65_536) {
    frame[1] = 126
    frame.writeUInt16BE(n, 2)
  } else {
    frame[1] = 127
    frame.writeBigUInt64BE(BigInt(n), 2)
  }
  data.copy(frame, head)
  return frame
}

export function preframe(frames: readonly string[]): Preframed {
  return { frames, bytes: Buffer.concat(frames.map(textFrame)) }
}

export interface FeedEntry {
  seq: number
  /** The frame as sent: JSON text. */
  frame: string
  /** The same text as UTF-8, when the entry goes to many sockets (encoded once, not once per socket). */
  utf8?: Buffer
}

export interface Connection<K> {
  readonly key: K
  readonly socket: WebSocket
  /** The client address the caps count against. */
  readonly client: string
  /** Highest seq written to this socket; starts at the cursor it connected with. */
  lastSent: number
  /** Log entries up to here existed when the socket attached; `onCaughtUp` runs once they are out. */
  readonly replayUntil: number
  caughtUp: boolean
  alive: boolean
  pumping: boolean
  again: boolean
  closed: boolean
}

export interface HubOptions<K> {
  settings: SocketSettings
  log: FastifyBaseLogger
  /** Log field naming the key (`stationId`, `fairId`). */
  keyName: string
  /** Entries with seq > `after`, in seq order, at most `limit`. */
  read(key: K, after: number, limit: number): FeedEntry[]
  /** One socket per key: a newer one closes the older with 4000. */
  exclusive?: boolean
  /** Sockets open at once per client address and in total; beyond, closed with 4429. */
  caps?: { perClient: number; total: number }
  /** Entries `from`..`to` were written to the socket. */
  onSent?(connection: Connection<K>, from: number, to: number): void
  /** Everything that existed when the socket attached has been written. */
  onCaughtUp?(connection: Connection<K>): void
  /** The socket left without a newer one of the same key taking over (closed, dropped, shutdown). */
  onLeave?(connection: Connection<K>): void
}

export interface Attach {
  /** Client address (the caps count per address). */
  client: string
  /** The socket gets entries after this seq. */
  cursor: number
  /** Highest seq existing now: reaching it fires `onCaughtUp`. */
  replayUntil?: number
  /** Frames sent before the first entry (a greeting, a snapshot, a catch-up encoded once: `preframe`). */
  first?: string[] | Preframed
}

const PAGE = 500

export class SocketHub<K> {
  private readonly connections = new Map<K, Set<Connection<K>>>()
  private readonly perClient = new Map<string, number>()
  private total = 0
  private closing = false
  private readonly heartbeat: NodeJS.Timeout

  constructor(private readonly options: HubOptions<K>) {
    this.heartbeat = setInterval(() => this.beat(), options.settings.heartbeatMs).unref()
  }

  /**
   * Takes a socket in: refuses it over the caps (4429), supersedes an older one of the same
   * key (exclusive hubs), sends `first`, then replays after the cursor and streams.
   */
  attach(key: K, socket: WebSocket, how: Attach): Connection<K> | undefined {
    const caps = this.options.caps
    if (caps && (this.total >= caps.total || (this.perClient.get(how.client) ?? 0) >= caps.perClient)) {
      const reason = this.total >= caps.total ? 'too many sockets open on this server' : 'too many sockets open from this address'
      socket.close(HubClose.overCapacity, `${reason}; retry later`)
      return undefined
    }
    let set = this.connections.get(key)
    if (!set) this.connections.set(key, (set = new Set()))
    if (this.options.exclusive) {
      for (const previous of set) {
        this.forget(previous)
        previous.closed = true
        previous.socket.close(HubClose.superseded, 'superseded by a newer connection')
      }
    }
    const connection: Connection<K> = {
      key,
      socket,
      client: how.client,
      lastSent: how.cursor,
      replayUntil: how.replayUntil ?? how.cursor,
      caughtUp: how.replayUntil === undefined,
      alive: true,
      pumping: false,
      again: false,
      closed: false,
    }
    set.add(connection)
    this.total++
    this.perClient.set(how.client, (this.perClient.get(how.client) ?? 0) + 1)
    socket.on('pong', () => (connection.alive = true))
    socket.on('close', () => {
      connection.closed = true
      if (this.forget(connection) && !this.closing) this.options.onLeave?.(connection)
    })
    if (how.first) this.sendFirst(socket, how.first)
    void this.pump(connection)
    return connection
  }

  /** Call after the transaction that appended to these keys' logs has committed. */
  notify(keys: Iterable<K>): void {
    for (const key of keys) {
      for (const connection of this.connections.get(key) ?? []) void this.pump(connection)
    }
  }

  notifyAll(): void {
    this.notify([...this.connections.keys()])
  }

  has(key: K): boolean {
    return (this.connections.get(key)?.size ?? 0) > 0
  }

  keys(): K[] {
    return [...this.connections.keys()]
  }

  /** Sockets open now (all keys). */
  get size(): number {
    return this.total
  }

  /** Marks the peer alive (any sign of life from it counts, not only pongs). */
  touch(connection: Connection<K>): void {
    connection.alive = true
  }

  send(connection: Connection<K>, frame: Record<string, unknown>): void {
    if (!connection.closed) connection.socket.send(JSON.stringify(frame))
  }

  /** Shutdown: every socket gets 1012 and reconnects to the next server with its last seq. */
  close(): void {
    this.closing = true
    clearInterval(this.heartbeat)
    for (const set of this.connections.values()) {
      for (const connection of set) {
        connection.closed = true
        connection.socket.close(HubClose.shutdown, 'server shutting down')
        this.options.onLeave?.(connection)
      }
    }
    this.connections.clear()
    this.perClient.clear()
    this.total = 0
  }

  /**
   * Frames before the log. Encoded ones go to the TCP socket in one write: ws has sent
   * nothing on this socket yet (and without compression writes each frame at once), so
   * they come first and in order, and `bufferedAmount` counts them (it reads the TCP
   * socket's buffer). Without that socket (never on an open one) they go one by one.
   */
  private sendFirst(socket: WebSocket, first: string[] | Preframed): void {
    if (Array.isArray(first)) {
      for (const frame of first) socket.send(frame)
      return
    }
    const { frames, bytes } = first as Preframed
    const tcp = (socket as unknown as { _socket?: Duplex })._socket
    if (socket.readyState === socket.OPEN && tcp?.writable && socket.extensions === '') tcp.write(bytes)
    else for (const frame of frames) socket.send(frame)
  }

  /** Takes a connection out of the books; false if it was already out. */
  private forget(connection: Connection<K>): boolean {
    const set = this.connections.get(connection.key)
    if (!set?.delete(connection)) return false
    if (set.size === 0) this.connections.delete(connection.key)
    this.total--
    const n = (this.perClient.get(connection.client) ?? 1) - 1
    if (n > 0) this.perClient.set(connection.client, n)
    else this.perClient.delete(connection.client)
    return true
  }

  private async pump(connection: Connection<K>): Promise<void> {
    if (connection.pumping) {
      connection.again = true
      return
    }
    connection.pumping = true
    const { settings, log, keyName } = this.options
    try {
      let batch: FeedEntry[] = []
      do {
        connection.again = false
        while (!connection.closed) {
          // Entries read but not yet sent stay for the next page: large ones are not re-read.
          if (batch.length === 0) batch = this.options.read(connection.key, connection.lastSent, PAGE)
          if (batch.length === 0) break
          const first = connection.lastSent + 1
          const flushed = this.sendPage(connection, batch)
          batch = batch.filter((entry) => entry.seq > connection.lastSent)
          this.options.onSent?.(connection, first, connection.lastSent)
          if (connection.socket.bufferedAmount > settings.maxBufferedBytes && !(await this.drains(flushed))) {
            log.warn({ [keyName]: connection.key, buffered: connection.socket.bufferedAmount }, 'slow socket dropped')
            this.drop(connection, HubClose.slowConsumer, 'send buffer full: reconnect with since=<last seq processed>')
            return
          }
        }
        if (!connection.caughtUp && !connection.closed && connection.lastSent >= connection.replayUntil) {
          connection.caughtUp = true
          this.options.onCaughtUp?.(connection)
        }
      } while (connection.again && !connection.closed)
    } catch (error) {
      log.error({ err: error, [keyName]: connection.key }, 'socket push failed')
      this.drop(connection)
    } finally {
      connection.pumping = false
    }
  }

  /**
   * Writes entries up to about `maxBufferedBytes` (at least one); resolves when the last
   * one has reached the kernel.
   */
  private sendPage(connection: Connection<K>, batch: FeedEntry[]): Promise<void> {
    const max = this.options.settings.maxBufferedBytes
    return new Promise((resolve) => {
      let bytes = 0
      for (const entry of batch) {
        bytes += entry.frame.length
        const last = bytes >= max || entry === batch[batch.length - 1]
        connection.socket.send(entry.utf8 ?? entry.frame, { binary: false }, last ? () => resolve() : undefined)
        connection.lastSent = entry.seq
        if (last) return
      }
    })
  }

  /**
   * Memory per socket stays bounded: over the limit, the next page waits for this one to
   * drain, and a socket that does not read within `slowMs` is dropped (it replays later).
   */
  private drains(flushed: Promise<void>): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), this.options.settings.slowMs)
      void flushed.then(() => {
        clearTimeout(timer)
        resolve(true)
      })
    })
  }

  /**
   * Lets go of a socket at once, even if the peer never reads the close frame; without
   * a code the TCP connection is cut (a dead peer would not answer the close handshake).
   */
  private drop(connection: Connection<K>, code?: number, reason?: string): void {
    connection.closed = true
    if (this.forget(connection)) this.options.onLeave?.(connection)
    if (code === undefined) connection.socket.terminate()
    else connection.socket.close(code, reason)
  }

  private beat(): void {
    for (const set of [...this.connections.values()]) {
      for (const connection of [...set]) {
        if (!connection.alive) {
          this.options.log.info({ [this.options.keyName]: connection.key }, 'socket missed a heartbeat; terminated')
          this.drop(connection)
          continue
        }
        connection.alive = false
        connection.socket.ping()
      }
    }
  }
}
