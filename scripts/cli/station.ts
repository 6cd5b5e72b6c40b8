import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { WebSocket } from 'ws'
import { CloseCode } from '../../src/dispatch/protocol'
import { PROTOCOL } from '../../src/http/socket-hub'

const usage = 'usage: station listen --station <id> --token <token> [--url ws://127.0.0.1:3000] [--state-file <path>]'

/** Close codes after which reconnecting cannot help. */
const fatal = new Map<number, string>([
  [CloseCode.superseded, 'another client of this station connected (two clients would ack for each other)'],
  [CloseCode.unauthorized, 'the token is unknown or revoked'],
  [CloseCode.forbidden, 'the token is not for this station'],
  [CloseCode.sinceAhead, 'the state file is ahead of the server’s log (another server or a restored database?)'],
])

interface State {
  lastSeq: number
  /** (groupId → version) already applied, so a replayed older version is ignored. */
  versions: Record<string, number>
}

function readState(file: string): State {
  if (!existsSync(file)) return { lastSeq: 0, versions: {} }
  return JSON.parse(readFileSync(file, 'utf8')) as State
}

/** Written to a temporary file and renamed, so a crash never leaves half a state file. */
function saveState(file: string, state: State): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(state))
  renameSync(`${file}.tmp`, file)
}

/** Reconnect delays: doubling from 500 ms, capped, with jitter so stations do not reconnect in step. */
const BACKOFF_MIN_MS = 500
const BACKOFF_MAX_MS = 3000
const jitter = (ms: number) => Math.round(ms * (0.5 + Math.random() / 2))

/**
 * A minimal station following docs/station-protocol.md: prints what arrives, saves the last
 * seq it processed in a file and then acks it; after every `hello` it re-acks what it
 * processed above the server's `ackedThrough` (an ack lost to a crash on either side), and
 * reconnects with `since=<last seq>` whenever the connection drops.
 */
export default async function station(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      station: { type: 'string' },
      token: { type: 'string' },
      url: { type: 'string', default: 'ws://127.0.0.1:3000' },
      'state-file': { type: 'string' },
    },
  })
  const stationId = Number(values.station)
  if (positionals[0] !== 'listen' || !Number.isInteger(stationId) || stationId < 1 || !values.token) throw new Error(usage)
  const file = values['state-file'] ?? `station-${stationId}.state.json`
  const state = readState(file)
  const out = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`)

  await new Promise<void>((resolve, reject) => {
    let stopping = false
    let socket: WebSocket | undefined
    process.once('SIGINT', () => {
      stopping = true
      socket?.close(1000, 'station client stopped')
      resolve()
    })
    let backoff = BACKOFF_MIN_MS
    const connect = () => {
      // The token travels as a subprotocol, as the console sends it: never in the URL.
      const ws = new WebSocket(`${values.url}/ws/stations/${stationId}?since=${state.lastSeq}`, [PROTOCOL, `bearer.${values.token}`])
      socket = ws
      ws.on('open', () => {
        backoff = BACKOFF_MIN_MS
        out(`connected, since=${state.lastSeq}`)
      })
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data))
        if (frame.type === 'hello' && frame.ackedThrough < state.lastSeq) {
          // Processed (and saved) but the ack never recorded: ack again, once, cumulatively.
          ws.send(JSON.stringify({ type: 'ack', seq: state.lastSeq }))
        }
        if (typeof frame.seq !== 'number') return out(`${frame.type} ${JSON.stringify({ ...frame, type: undefined })}`)
        if (frame.seq <= state.lastSeq) return out(`seq ${frame.seq} again (${frame.id}): already processed`)
        const key = String(frame.groupId)
        const stale = frame.groupId !== null && (state.versions[key] ?? 0) >= frame.version
        const g = frame.data
        out(
          `seq ${frame.seq} ${frame.type} group ${frame.groupId} v${frame.version}${stale ? ' (older than applied; ignored)' : ''}: ` +
            `${g.departureAt ?? ''} ${g.vehicle?.kind ?? ''} ${g.seats?.length ?? 0} people, stops ${(g.stops ?? []).map((s: { countyName: string }) => s.countyName).join(' → ')}${g.note ? `, note: ${g.note}` : ''}`,
        )
        if (!stale && frame.groupId !== null) state.versions[key] = frame.version
        state.lastSeq = frame.seq
        saveState(file, state)
        ws.send(JSON.stringify({ type: 'ack', seq: frame.seq }))
      })
      ws.on('error', (error) => out(`connection error: ${error.message}`))
      ws.on('close', (code, reason) => {
        if (stopping) return
        const why = fatal.get(code)
        if (why) return reject(new Error(`closed ${code}: ${why}`))
        const wait = jitter(backoff)
        out(`closed ${code} ${String(reason)}; reconnecting in ${wait} ms`)
        setTimeout(connect, wait)
        backoff = Math.min(backoff * 2, BACKOFF_MAX_MS)
      })
    }
    connect()
  })
}
