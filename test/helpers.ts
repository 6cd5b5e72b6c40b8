import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../src/app'
import { loadConfig, type Config } from '../src/config'
import { issueToken } from '../src/auth/tokens'
import type { Role } from '../src/auth/schema'

export const ADMIN = 'test-admin-token-0123456789'

/**
 * A new empty directory removed when the test ends. Unlike `t.testdir()`, which is one
 * path per test and is wiped by a second call, this can be called as often as needed.
 */
export function freshDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'laborlink-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Settings a test changes: a group of settings (`sockets`, `transport`, …) may be given in part. */
export type ConfigOverrides = {
  [K in keyof Config]?: Config[K] extends unknown[] ? Config[K] : Config[K] extends object ? Partial<Config[K]> : Config[K]
}

/** Config for a test: a fresh data dir, no demo data, quiet logs. */
export function testConfig(t: Test, overrides: ConfigOverrides = {}): Config {
  const config: Config = {
    ...loadConfig({ SEED_DEMO: '0', LOG_LEVEL: 'silent', ADMIN_TOKEN: ADMIN }),
    dataDir: freshDir(t),
    prettyLogs: false,
    // Test machines run many suites at once, and a loop blocked for a whole sample reads
    // as an infinite delay: load shedding is off here and has its own test.
    maxEventLoopDelayMs: 0,
  }
  const merged: Record<string, unknown> = { ...config }
  for (const [key, value] of Object.entries(overrides)) {
    const base = merged[key]
    const group = typeof base === 'object' && base !== null && !Array.isArray(base) && typeof value === 'object' && !Array.isArray(value)
    merged[key] = group ? { ...base, ...value } : value
  }
  return merged as unknown as Config
}

/** A real app on a real SQLite file, closed when the test ends. */
export async function testApp(t: Test, overrides: ConfigOverrides = {}, options: Parameters<typeof buildApp>[1] = {}): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(t, overrides), options)
  t.teardown(() => app.close())
  return app
}

/** Issues a token directly in the database (the HTTP route has its own tests). */
export function tokenFor(app: FastifyInstance, role: Role, scope: string | null = null): string {
  return issueToken(app.db, { role, scope, label: `test ${role} ${scope ?? ''}` }).token
}

export function auth(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` }
}

/** `app.inject` with a bearer token and the JSON body parsed. */
export async function call(
  app: FastifyInstance,
  token: string | null,
  options: InjectOptions,
): Promise<{ statusCode: number; body: any; headers: Record<string, unknown> }> {
  const response = await app.inject({
    ...options,
    headers: { ...(token ? auth(token) : {}), ...(options.headers ?? {}) },
  })
  const text = response.body
  return {
    statusCode: response.statusCode,
    body: text && response.headers['content-type']?.toString().includes('json') ? JSON.parse(text) : text,
    headers: response.headers,
  }
}
