import { readdirSync } from 'node:fs'
import t from 'tap'
import { connectionCap, descriptorHeadroom, openFileLimit } from '../../src/http/limits'
import { childServer, sleep } from '../child-server'
import { freshDir } from '../helpers'
import { slowloris } from '../slowloris'

// Heavy on a loaded machine: the file may take minutes; no step has a short deadline.
t.setTimeout(600_000)

const LIMIT = 256

t.test('the connection cap leaves headroom under the open-file limit', async (t) => {
  t.equal(connectionCap({ maxConnections: 500 }, 1024), 500, 'MAX_CONNECTIONS wins')
  t.equal(connectionCap({ maxConnections: 0 }, 1024), 1024 - descriptorHeadroom(1024))
  t.ok(descriptorHeadroom(1024) >= 64)
  t.equal(connectionCap({ maxConnections: 0 }, undefined), undefined, 'no limit known: no cap')
  if (process.platform === 'linux') t.ok(openFileLimit()! > 0, 'read from /proc/self/limits')
})

t.test(`more slow-header sockets than a ${LIMIT}-descriptor limit: the server stays up and answers again`, { timeout: 600_000 }, async (t) => {
  const server = await childServer(t, { DATA_DIR: freshDir(t), SEED_DEMO: '0', HEADERS_TIMEOUT_MS: '3000', LOG_LEVEL: 'fatal' }, { openFiles: LIMIT })
  await server.start()
  const port = Number(new URL(server.base).port)
  const attack = slowloris(port, LIMIT + 150, { everyMs: 500 })
  t.teardown(() => attack.stop())
  // Wait until the server has taken its fill and closes what comes beyond its cap.
  const settled = Date.now() + 120_000
  while (attack.closed === 0 && Date.now() < settled) await sleep(50)
  t.ok(attack.closed > 0, `sockets beyond the cap were closed (${attack.closed})`)
  if (server.pid && process.platform === 'linux') {
    const open = readdirSync(`/proc/${server.pid}/fd`).length
    t.ok(open < LIMIT, `the server holds ${open} descriptors, under its limit`)
  }
  // The slow sockets are cut off at the headers timeout; /healthz gets through by itself.
  let answered = false
  const deadline = Date.now() + 180_000
  while (!answered && Date.now() < deadline) {
    const res = await fetch(`${server.base}/healthz`, { signal: AbortSignal.timeout(60_000) }).catch(() => undefined)
    answered = res?.status === 200
    if (!answered) await sleep(100)
  }
  t.ok(answered, '/healthz answers again')
  t.doesNotThrow(() => process.kill(server.pid!, 0), 'the server process is still running')
})
