import type { WebSocket } from 'ws'
import type { FairEvent } from './schema'

/** A socket that has fallen this far behind is closed; it catches up from its last seq on reconnect. */
const MAX_BUFFERED = 1 << 20
const HEARTBEAT_MS = 30_000

export const FairClose = { restart: 1012, tooSlow: 4008, notFound: 4404 } as const

export function eventFrame(event: FairEvent): string {
  return JSON.stringify({ seq: event.seq, type: event.type, at: new Date(event.at).toISOString(), data: event.payload })
}

/**
 * Boards watching fairs. Replay and registration happen in the same synchronous turn
 * as reading the log, and events are pushed only after their transaction commits, so
 * a watcher sees every seq once, in order.
 */
export class FairHub {
  private readonly watchers = new Map<number, Set<WebSocket>>()
  private readonly alive = new WeakSet<WebSocket>()
  private readonly heartbeat: NodeJS.Timeout

  constructor() {
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS)
    this.heartbeat.unref()
  }

  watch(fairId: number, socket: WebSocket, backlog: FairEvent[]): void {
    for (const event of backlog) socket.send(eventFrame(event))
    let set = this.watchers.get(fairId)
    if (!set) this.watchers.set(fairId, (set = new Set()))
    set.add(socket)
    this.alive.add(socket)
    socket.on('pong', () => this.alive.add(socket))
    socket.on('close', () => {
      set.delete(socket)
      if (set.size === 0 && this.watchers.get(fairId) === set) this.watchers.delete(fairId)
    })
  }

  publish(fairId: number, events: FairEvent[]): void {
    const set = this.watchers.get(fairId)
    if (!set || events.length === 0) return
    for (const socket of set) {
      if (socket.bufferedAmount > MAX_BUFFERED) {
        socket.close(FairClose.tooSlow, 'too slow; reconnect with since=<last seq>')
        continue
      }
      for (const event of events) socket.send(eventFrame(event))
    }
  }

  close(): void {
    clearInterval(this.heartbeat)
    for (const set of this.watchers.values()) for (const socket of set) socket.close(FairClose.restart, 'server restarting')
    this.watchers.clear()
  }

  private beat(): void {
    for (const set of this.watchers.values()) {
      for (const socket of set) {
        if (!this.alive.has(socket)) {
          socket.terminate()
          continue
        }
        this.alive.delete(socket)
        socket.ping()
      }
    }
  }
}
