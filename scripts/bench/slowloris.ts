/**
 * `npm run bench -- slowloris [--sockets 1100] [--nofile 1024] [--every-ms 1000] [--reconnect]`:
 * the slow-header figure of docs/security.md. Starts the real server in a child process
 * under `ulimit -n <nofile>` (default headers timeout), opens `--sockets` connections that
 * each trickle one header line every `--every-ms` and never finish, then asks `/healthz`
 * every 100 ms: how long until it answers again, whether the process stayed up, how many
 * descriptors it held at most. `--reconnect` reopens every socket the server closes.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { childServer, sleep } from '../../test/child-server'
import { slowloris } from '../../test/slowloris'
import { printTable, round } from './lib'

export default async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      sockets: { type: 'string', default: '1100' },
      nofile: { type: 'string', default: '1024' },
      'every-ms': { type: 'string', default: '1000' },
      'give-up-s': { type: 'string', default: '180' },
      reconnect: { type: 'boolean', default: false },
    },
  })
  const sockets = Number(values.sockets)
  const nofile = Number(values.nofile)
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-slowloris-'))
  const cleanups: (() => void)[] = []
  try {
    const server = await childServer({ teardown: (fn) => cleanups.push(fn) }, { DATA_DIR: dataDir, SEED_DEMO: '0', LOG_LEVEL: 'warn' }, { openFiles: nofile })
    await server.start()
    const port = Number(new URL(server.base).port)
    const start = performance.now()
    const attack = slowloris(port, sockets, { everyMs: Number(values['every-ms']), reconnect: values.reconnect })
    cleanups.push(() => attack.stop())
    let peakFds = 0
    const fds = setInterval(() => {
      try {
        peakFds = Math.max(peakFds, readdirSync(`/proc/${server.pid}/fd`).length)
      } catch {}
    }, 100)
    cleanups.push(() => clearInterval(fds))
    // Let the attack fill the server before asking.
    while (attack.closed === 0 && performance.now() - start < 30_000) await sleep(50)
    const filledAfter = performance.now() - start
    let answeredAfter: number | undefined
    let failures = 0
    const giveUp = start + Number(values['give-up-s']) * 1000
    while (answeredAfter === undefined && performance.now() < giveUp) {
      const res = await fetch(`${server.base}/healthz`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined)
      if (res?.status === 200) answeredAfter = performance.now() - start
      else {
        failures++
        await sleep(100)
      }
    }
    let alive = true
    try {
      process.kill(server.pid!, 0)
    } catch {
      alive = false
    }
    printTable(`slow-header sockets against a ${nofile}-descriptor limit`, [
      {
        sockets,
        nofile,
        reconnect: values.reconnect,
        'cap reached (s)': round(filledAfter / 1000, 1),
        'healthz answers again after (s)': answeredAfter === undefined ? 'never' : round(answeredAfter / 1000, 1),
        'failed healthz tries': failures,
        'closed by server': attack.closed,
        'still trickling': attack.open,
        'peak descriptors': peakFds,
        'server up': alive,
      },
    ])
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup()
    await sleep(200)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
