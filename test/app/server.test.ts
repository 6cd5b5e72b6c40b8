import { spawn } from 'node:child_process'
import { once } from 'node:events'
import t from 'tap'
import { freePort, sleep } from '../child-server'
import { freshDir } from '../helpers'

t.test('the server starts, answers health checks and shuts down on SIGTERM', async (t) => {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: freshDir(t), SEED_DEMO: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  t.teardown(() => child.kill('SIGKILL'))

  const base = `http://127.0.0.1:${port}`
  // Until it listens the fetch fails; right after a slow start it may shed load (503) once.
  // A loaded machine can take many seconds to start: wait for the condition, generously.
  let ready: Response | undefined
  const deadline = Date.now() + 180_000
  while (ready?.status !== 200 && child.exitCode === null && Date.now() < deadline) {
    ready = await fetch(`${base}/readyz`).catch(() => undefined)
    if (ready?.status !== 200) await sleep(50)
  }
  t.equal(ready?.status, 200)
  t.same(await ready?.json(), { status: 'ready' })
  t.same(await (await fetch(`${base}/healthz`)).json(), { status: 'ok', search: { engine: 'embedded', fallback: false } })
  t.match(output, /city_admin token was generated/, 'the bootstrap token is printed on first start')

  const docs = (await (await fetch(`${base}/docs/json`)).json()) as { openapi: string; paths: Record<string, unknown> }
  t.equal(docs.openapi, '3.0.3')
  t.ok(docs.paths['/api/v1/regions/{code}'])

  const missing = await fetch(`${base}/api/v1/nope`)
  t.equal(missing.status, 404)
  t.match(await missing.json(), { statusCode: 404, error: 'Not Found', code: 'LL_ROUTE_NOT_FOUND', message: /nope/ })

  child.kill('SIGTERM')
  const [code] = await once(child, 'exit')
  t.equal(code, 0, 'graceful exit')
})

t.test('a bad configuration stops start-up naming the variable', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: 'eighty', DATA_DIR: freshDir(t) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const [code] = await once(child, 'exit')
  t.equal(code, 1)
  t.match(stderr, /PORT="eighty"/)
})
