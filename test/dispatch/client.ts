import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { WebSocket } from 'ws'
import { appendDispatch } from '../../src/dispatch/queries'
import { testApp, type ConfigOverrides } from '../helpers'

export interface TestStation {
  /** The current socket (a handshake refused with 503 is retried on a new one). */
  readonly ws: WebSocket
  frames: any[]
  /** Resolves with the first frame (already received or future) matching. */
  next(match: (frame: any) => boolean, timeoutMs?: number): Promise<any>
  closed: Promise<{ code: number; reason: string; framesBefore: number }>
}

const sockets = new Set<WebSocket>()

/**
 * Cuts every test socket still open. Register it after `testApp` (teardowns run last
 * first) so a socket left half-closed cannot hold up the app's close.
 */
export function terminateAll(): void {
  for (const ws of sockets) ws.terminate()
  sockets.clear()
}

/** The subprotocols a client offers to send its token out of the URL. */
export function bearerProtocols(token: string): string[] {
  return ['laborlink.v1', `bearer.${token}`]
}

/**
 * A station socket that records every frame it receives. Like any station it retries
 * when the server sheds load (503 on the handshake, from the load-shedding check in src/http/limits.ts).
 * `protocols` are offered in the handshake (`bearerProtocols(token)`).
 */
export function connectStation(url: string, headers: Record<string, string> = {}, protocols: string[] = []): TestStation {
  const frames: any[] = []
  const waiters: { match: (f: any) => boolean; resolve: (f: any) => void }[] = []
  let current!: WebSocket
  let resolveClosed!: (value: { code: number; reason: string; framesBefore: number }) => void
  const closed = new Promise<{ code: number; reason: string; framesBefore: number }>((resolve) => (resolveClosed = resolve))
  const open = () => {
    const ws = new WebSocket(url, protocols, { headers })
    sockets.add(ws)
    current = ws
    let retrying = false
    ws.on('unexpected-response', (request, response) => {
      retrying = response.statusCode === 503
      if (retrying) setTimeout(open, 250)
      else resolveClosed({ code: response.statusCode ?? 0, reason: 'handshake refused', framesBefore: frames.length })
      request.on('error', () => {})
      request.destroy()
    })
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data))
      frames.push(frame)
      for (const w of [...waiters]) {
        if (w.match(frame)) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve(frame)
        }
      }
    })
    ws.on('error', () => {})
    ws.on('close', (code, reason) => {
      sockets.delete(ws)
      if (!retrying) resolveClosed({ code, reason: String(reason), framesBefore: frames.length })
    })
  }
  open()
  return {
    get ws() {
      return current
    },
    frames,
    closed,
    next(match, timeoutMs = 120_000) {
      const found = frames.find(match)
      if (found) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs)
        waiters.push({
          match,
          resolve: (f) => {
            clearTimeout(timer)
            resolve(f)
          },
        })
      })
    },
  }
}

/** A listening app (with these settings) and its websocket base URL. */
export async function listening(t: Test, overrides: ConfigOverrides = {}, options: Parameters<typeof testApp>[2] = {}) {
  const app = await testApp(t, overrides, options)
  t.teardown(terminateAll)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, ws: address.replace('http', 'ws') }
}

/** Appends `n` entries to a station's log, each in its own transaction, then pushes. */
export function write(app: FastifyInstance, stationId: number, n: number, size = 10) {
  for (let i = 0; i < n; i++) {
    app.db.$client.transaction(() =>
      appendDispatch(app.db, { stationId, type: 'group.confirmed', groupId: i + 1, groupVersion: 1, payload: { filler: 'x'.repeat(size) } }),
    )()
  }
  app.dispatch.notify([stationId])
}
