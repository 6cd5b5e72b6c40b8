import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import autocannon from 'autocannon'
import { WebSocket } from 'ws'

/** Nearest-rank percentile of a list of numbers (milliseconds, usually). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

export function summarize(values: number[]) {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p90: round(percentile(values, 90)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
  }
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** Samples RSS every 50 ms until stopped; returns the peak in MiB. */
export function trackPeakRss(): () => number {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 50)
  return () => {
    clearInterval(timer)
    peak = Math.max(peak, process.memoryUsage.rss())
    return round(peak / 1048576, 1)
  }
}

export interface LoadResult {
  requestsPerSec: number
  p50: number
  p99: number
  errors: number
  non2xx: number
}

/** autocannon against a URL on loopback. */
export async function load(
  url: string,
  options: { duration?: number; connections?: number; headers?: Record<string, string>; requests?: autocannon.Request[] } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    duration: options.duration ?? 10,
    connections: options.connections ?? 10,
    headers: options.headers,
    requests: options.requests,
  })
  return {
    requestsPerSec: round(result.requests.average, 0),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}

/** The peer every HTTP figure is compared with: a bare Fastify hello-world route, same machine, same run. */
export async function helloWorldBaseline(options: { duration?: number; connections?: number } = {}): Promise<LoadResult> {
  const app = Fastify()
  app.get('/', async () => ({ hello: 'world' }))
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  try {
    return await load(address, options)
  } finally {
    await app.close()
  }
}

export function printTable(title: string, rows: Record<string, unknown>[]): void {
  process.stdout.write(`\n## ${title}\n`)
  console.table(rows)
}

/**
 * Memory of another process in MiB from Linux `/proc`: resident now (`VmRSS`) or its peak so
 * far (`VmHWM`); NaN where unavailable (another OS, the process has exited).
 */
export function rssOf(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kib ? round(Number(kib) / 1024, 1) : NaN
  } catch {
    return NaN
  }
}

/** CPU seconds (user + system) another process has used so far (Linux `/proc`), or NaN. */
export function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return NaN
  }
}

export interface StationTally {
  received: number
  duplicates: number
  gaps: number
  /** Ack sent → `acked` (recorded and confirmed) received, ms. */
  ackRoundTrips: number[]
  /** Acks sent and not yet confirmed. */
  acksPending: number
}

/**
 * Station clients as docs/station-protocol.md asks: connect with `since` (the token as a
 * subprotocol), apply messages in seq order, ack each, recognise replays, time each ack to
 * its `acked` confirmation. `onReceipt` hears each new message with its arrival time,
 * `onAcked` each confirmation. Resolves once every socket is open.
 */
export async function connectStations(
  url: string,
  list: { id: number; token: string }[],
  onReceipt: (stationId: number, frame: { seq: number; createdAt: string; groupId: number }, at: number) => void,
  onAcked: () => void = () => {},
): Promise<{ tally: StationTally; sockets: WebSocket[] }> {
  const tally: StationTally = { received: 0, duplicates: 0, gaps: 0, ackRoundTrips: [], acksPending: 0 }
  const sockets = list.map(({ id, token }) => {
    const ws = new WebSocket(`${url}/ws/stations/${id}?since=0`, ['laborlink.v1', `bearer.${token}`])
    let last = 0
    const inFlight = new Map<number, number>()
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data))
      if (frame.type === 'acked') {
        const now = performance.now()
        for (const [seq, at] of inFlight) {
          if (seq > frame.ackedThrough) continue
          tally.ackRoundTrips.push(now - at)
          inFlight.delete(seq)
          tally.acksPending--
        }
        return onAcked()
      }
      if (typeof frame.seq !== 'number') return
      const at = Date.now()
      if (frame.seq <= last) return void tally.duplicates++
      if (frame.seq !== last + 1) tally.gaps++
      last = frame.seq
      tally.received++
      onReceipt(id, frame, at)
      inFlight.set(frame.seq, performance.now())
      tally.acksPending++
      ws.send(JSON.stringify({ type: 'ack', seq: frame.seq }))
    })
    return ws
  })
  await Promise.all(sockets.map((ws) => new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))))
  return { tally, sockets }
}
