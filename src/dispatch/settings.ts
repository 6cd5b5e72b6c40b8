import { Type, type Static } from 'typebox'
import { ConfigError, readEnv } from '../config'

/**
 * Environment variables of station dispatch, alerts and transport planning, read with
 * the same `readEnv` as `src/config.ts`; the README's configuration table lists them too.
 */
export const DispatchEnv = Type.Object({
  DISPATCH_HEARTBEAT_MS: Type.Integer({ minimum: 100, default: 30_000, description: 'Ping interval; a peer missing one pong is terminated' }),
  DISPATCH_MAX_BUFFERED_BYTES: Type.Integer({ minimum: 1024, default: 1_048_576, description: 'Unsent bytes per station socket before the server waits for it to drain' }),
  DISPATCH_SLOW_MS: Type.Integer({ minimum: 10, default: 10_000, description: 'A socket over the buffer limit that does not drain in this time is closed (4008)' }),
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
export type DispatchEnv = Static<typeof DispatchEnv>

export interface DispatchSettings {
  heartbeatMs: number
  maxBufferedBytes: number
  slowMs: number
  pollMs: number
  unackedBeforeDepartureMs: number
  stationOfflineMs: number
  arrivalOverdueMs: number
  departureHour: number
  busSeats: number[]
  trainBlockSeats: number
  trainAreas: string[]
  travelDays: Record<string, number>
}

export function loadDispatchSettings(env: NodeJS.ProcessEnv = process.env): DispatchSettings {
  const e = readEnv(DispatchEnv, env)
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
    heartbeatMs: e.DISPATCH_HEARTBEAT_MS,
    maxBufferedBytes: e.DISPATCH_MAX_BUFFERED_BYTES,
    slowMs: e.DISPATCH_SLOW_MS,
    pollMs: e.DISPATCH_POLL_MS,
    unackedBeforeDepartureMs: e.ALERT_UNACKED_BEFORE_DEPARTURE_MIN * minute,
    stationOfflineMs: e.ALERT_STATION_OFFLINE_MIN * minute,
    arrivalOverdueMs: e.ALERT_ARRIVAL_OVERDUE_MIN * minute,
    departureHour: e.TRANSPORT_DEPARTURE_HOUR,
    busSeats,
    trainBlockSeats: e.TRANSPORT_TRAIN_BLOCK_SEATS,
    trainAreas: e.TRANSPORT_TRAIN_AREAS.split(',').map((s) => s.trim()).filter(Boolean),
    travelDays,
  }
}
