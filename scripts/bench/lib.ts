import Fastify from 'fastify'
import autocannon from 'autocannon'

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
