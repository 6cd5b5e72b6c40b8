import type { FastifyInstance, FastifyRequest } from 'fastify'

/** Websocket handshakes let through per turn of the event loop. */
export const HANDSHAKES_PER_TURN = 16

const isUpgrade = (request: FastifyRequest) => request.headers.upgrade?.toLowerCase() === 'websocket'

/**
 * Websocket handshakes go on at most `perTurn` per turn of the event loop. A reconnect
 * storm (500 fair boards at once, every station after a restart) arrives in one poll of the
 * loop; handled as it comes, each handshake's authentication, upgrade and catch-up ran
 * back to back and every other request waited behind all of them (one `/healthz` took
 * 1.2 s). Held here once routed (`onRequest`, before authentication), they go on in
 * batches, and the loop answers other requests between batches. Routing and the HTTP parse
 * are all a held handshake has cost; a socket that goes away while held is dropped by the
 * upgrade (ws refuses a closed socket).
 */
export function paceHandshakes(app: FastifyInstance, perTurn = HANDSHAKES_PER_TURN): void {
  const waiting: (() => void)[] = []
  let scheduled = false
  const release = () => {
    for (const go of waiting.splice(0, perTurn)) go()
    scheduled = waiting.length > 0
    if (scheduled) setImmediate(release)
  }
  app.addHook('onRequest', (request, _reply, done) => {
    if (!isUpgrade(request)) return done()
    waiting.push(() => done())
    if (!scheduled) {
      scheduled = true
      setImmediate(release)
    }
  })
}
