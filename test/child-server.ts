import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { join } from 'node:path'

const serverEntry = join(import.meta.dirname, '../src/server.ts')

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface ChildServer {
  /** `http://127.0.0.1:<port>`, the same across restarts. */
  readonly base: string
  /** Of the running server process (for its memory). */
  readonly pid: number | undefined
  /** Spawns `src/server.ts` and resolves once `/readyz` answers 200. */
  start(): Promise<void>
  /** SIGKILL: no shutdown hook runs, as in a power cut or an OOM kill. Resolves on exit. */
  kill(): Promise<void>
}

/**
 * The real server in a child process on `env.DATA_DIR`, so a test can kill it with -9 and
 * start it again on the same files. Killed at teardown (a tap test, or a benchmark's own
 * list of clean-ups) if still running.
 */
export async function childServer(
  t: { teardown(fn: () => void): void },
  env: Record<string, string>,
  options: { openFiles?: number; nodeArgs?: string[] } = {},
): Promise<ChildServer> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  let child: ChildProcess | undefined
  t.teardown(() => void child?.kill('SIGKILL'))
  return {
    base,
    get pid() {
      return child?.pid
    },
    async start() {
      const node = [process.execPath, ...(options.nodeArgs ?? []), '--import', 'tsx', serverEntry]
      // Under a lower open-file limit (soft and hard), as a server started with `ulimit -n N` runs.
      const [command, ...args] = options.openFiles ? ['bash', '-c', `ulimit -n ${options.openFiles} && exec "$@"`, 'server', ...node] : node
      child = spawn(command, args, {
        env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'inherit'],
      })
      // A loaded machine can take many seconds to start node and tsx: wait for the condition, generously.
      const deadline = Date.now() + 180_000
      while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited with ${child.exitCode ?? child.signalCode}`)
        const ready = await fetch(`${base}/readyz`).catch(() => undefined)
        if (ready?.ok) return
        await sleep(50)
      }
      throw new Error('server did not start within 3 minutes')
    },
    async kill() {
      const running = child
      if (!running || running.exitCode !== null || running.signalCode !== null) return
      const exited = once(running, 'exit')
      running.kill('SIGKILL')
      await exited
    },
  }
}

/**
 * A real client of a child server: retries while the server sheds load (503) or is
 * restarting (connection refused), as stations and offices do.
 */
export function apiClient(base: string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(`${base}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        })
        if (res.status !== 503 || attempt === 50) return { status: res.status, body: await res.json() }
      } catch (error) {
        if (attempt === 50) throw error
      }
      await sleep(100)
    }
  }
}
