import { HubClose } from '../http/socket-hub'
import type { LogRow } from './queries'

/** Close codes of `/ws/stations/:stationId`, as documented in docs/station-protocol.md. */
export const CloseCode = {
  /** ws itself closes with 1009 when a frame exceeds the server's maxPayload (64 KiB). */
  tooBig: 1009,
  shutdown: HubClose.shutdown,
  superseded: HubClose.superseded,
  slowConsumer: HubClose.slowConsumer,
  unauthorized: 4401,
  forbidden: 4403,
  sinceAhead: 4409,
} as const

export type StationFrame =
  | { type: 'ack'; seq: number }
  | { type: 'arrival'; groupId: number; laborerIds: number[] }
  | { type: 'error'; code: ErrorCode; message: string }

export type ErrorCode = 'bad_json' | 'bad_frame' | 'unknown_type' | 'unknown_seq' | 'unknown_group' | 'unknown_laborers' | 'too_early'
  | 'binary_frame' | 'unavailable'

const MAX_LABORERS_PER_ARRIVAL = 1000

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1

/** Reads one text frame from a station; anything not understood becomes an error to send back. */
export function parseStationFrame(text: string): StationFrame {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { type: 'error', code: 'bad_json', message: '消息不是 JSON' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { type: 'error', code: 'bad_frame', message: '消息应为带 type 字段的 JSON 对象' }
  }
  const frame = value as Record<string, unknown>
  switch (frame.type) {
    case 'ack':
      if (!isId(frame.seq)) return { type: 'error', code: 'bad_frame', message: 'ack.seq 应为不小于 1 的整数' }
      return { type: 'ack', seq: frame.seq }
    case 'arrival': {
      const ids = frame.laborerIds
      if (!isId(frame.groupId)) return { type: 'error', code: 'bad_frame', message: 'arrival.groupId 应为不小于 1 的整数' }
      if (!Array.isArray(ids) || ids.length > MAX_LABORERS_PER_ARRIVAL || !ids.every(isId)) {
        return {
          type: 'error',
          code: 'bad_frame',
          message: `arrival.laborerIds 应为整数编号的数组，最多 ${MAX_LABORERS_PER_ARRIVAL} 个`,
        }
      }
      return { type: 'arrival', groupId: frame.groupId, laborerIds: [...new Set(ids)] }
    }
    default:
      return { type: 'error', code: 'unknown_type', message: `未知的消息类型 ${JSON.stringify(frame.type ?? null).slice(0, 40)}` }
  }
}

/**
 * A log entry as the station receives it, live or replayed: the same bytes either way.
 * The payload is spliced in as stored, so a push never parses and re-encodes it.
 */
export function dispatchFrame(entry: LogRow): string {
  return (
    `{"type":${JSON.stringify(entry.type)},"seq":${entry.seq},"id":${JSON.stringify(entry.id)},` +
    `"groupId":${entry.groupId},"version":${entry.groupVersion},"createdAt":"${new Date(entry.createdAt).toISOString()}",` +
    `"data":${entry.payload}}`
  )
}
