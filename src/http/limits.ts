import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config'
import { OverloadedError } from '../errors'

/**
 * The process's soft open-file limit (`ulimit -n`), read from /proc/self/limits on Linux;
 * undefined elsewhere or when it is unlimited.
 */
export function openFileLimit(limits = '/proc/self/limits'): number | undefined {
  try {
    const line = readFileSync(limits, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'))
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0]
    return soft && /^[0-9]+$/.test(soft) ? Number(soft) : undefined
  } catch {
    return undefined
  }
}

/**
 * Descriptors kept back from client connections: the database and its WAL and shared-memory
 * files (on every connection the server, its workers and a running import open), stdio,
 * the event loop's own, worker threads, files being read or written, log output.
 */
export function descriptorHeadroom(limit: number): number {
  return 64 + Math.ceil(limit / 8)
}

/** `MAX_CONNECTIONS`, or what the open-file limit leaves after the headroom (at least 16). */
export function connectionCap(config: Pick<Config, 'maxConnections'>, limit: number | undefined): number | undefined {
  if (config.maxConnections > 0) return config.maxConnections
  if (limit === undefined) return undefined
  return Math.max(16, limit - descriptorHeadroom(limit))
}

/** Node `http.createServer` options from the config: slow senders are cut off, idle sockets closed. */
export function serverTimeouts(config: Config) {
  return {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // How often Node looks for requests past those timeouts (its default, 30 s, lets a slow
    // socket outlive its deadline by that much).
    connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
  }
}

/**
 * Keeps the process alive and answering when it runs short of descriptors. Connections
 * beyond the cap are closed by Node as soon as they are accepted (`server.maxConnections`),
 * which costs one accept and one close. If descriptors still run out (EMFILE/ENFILE on
 * accept: other files were open), Node emits the failure as a server 'error', which would
 * be fatal without a listener: it is logged (at most once a second) and the server goes on;
 * connections are accepted again as soon as descriptors are freed.
 */
export function guardConnections(server: Server, log: FastifyInstance['log'], cap: number | undefined): void {
  if (cap !== undefined) server.maxConnections = cap
  let lastLogged = 0
  let suppressed = 0
  server.on('error', (error: NodeJS.ErrnoException) => {
    // Listening errors (EADDRINUSE…) reach listen()'s own handler too.
    if (error.code !== 'EMFILE' && error.code !== 'ENFILE') return
    const now = Date.now()
    if (now - lastLogged < 1000) return void suppressed++
    log.warn({ code: error.code, suppressed }, 'out of file descriptors: refusing connections until some close')
    lastLogged = now
    suppressed = 0
  })
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Called instead of answering 503 while the server sheds load; returning nothing lets the request through. */
    pressureHandler?: () => void
  }
}

/**
 * Load shedding: while the event loop has been delayed by more than `maxDelayMs` on
 * average over the last sample, requests are answered 503 + Retry-After at once instead
 * of queueing. Only the event loop is sampled: reading memory figures opens /proc files,
 * which fails (fatally, in @fastify/under-pressure's timer) when descriptors run out.
 */
export function shedLoad(app: FastifyInstance, maxDelayMs: number): void {
  if (maxDelayMs <= 0) return
  const resolution = 10
  const histogram = monitorEventLoopDelay({ resolution })
  histogram.enable()
  let delay = 0
  // The sampling window is as long as the threshold, so only a loop blocked for that long
  // (not one busy moment, which reads as an infinite delay in a short window) sheds load.
  const timer = setInterval(
    () => {
      delay = Number.isNaN(histogram.mean) ? Infinity : Math.max(0, histogram.mean / 1e6 - resolution)
      histogram.reset()
    },
    Math.min(1000, Math.max(100, maxDelayMs)),
  )
  timer.unref()
  app.addHook('onClose', async () => {
    clearInterval(timer)
    histogram.disable()
  })
  app.addHook('onRequest', async (request, reply) => {
    if (delay <= maxDelayMs) return
    const exempt = request.routeOptions.config.pressureHandler
    if (exempt) return exempt()
    reply.header('retry-after', '5')
    throw new OverloadedError()
  })
}
