import { WebSocket } from 'ws'
import { databaseFile, openStorage } from '../../src/db/database'
import { transaction } from '../../src/db/transaction'
import { employers } from '../../src/employers/schema'
import { jobs } from '../../src/jobs/schema'
import { laborers } from '../../src/laborers/schema'
import { matches } from '../../src/matching/schema'
import { placements } from '../../src/placements/schema'
import { Random } from '../../src/random'
import { apiClient, childServer } from '../child-server'
import { bearerProtocols } from './client'
import { waitFor } from '../wait'

/**
 * A station exactly as docs/station-protocol.md tells one to behave, and no more: it saves
 * the last seq it processed (here: in memory, which survives its simulated crashes) and then
 * acks it; after every `hello` it acks again if `ackedThrough` is below what it processed.
 * No final re-ack pass: whatever ends acked got there by the rule.
 */
export class RuleStation {
  /** The saved state: last seq processed. */
  last = 0
  /** Highest `ackedThrough` the server confirmed (hello or acked). */
  confirmed = 0
  duplicates = 0
  /** Crashes between saving and acking (the ack never left). */
  crashesBeforeAck = 0
  reacks = 0
  problems: string[] = []
  /** Ack sent at → seq, to time the round trip to `acked`. */
  private readonly inFlight = new Map<number, number>()
  readonly roundTrips: number[] = []
  socket?: WebSocket
  private stopped = false

  constructor(
    readonly id: number,
    readonly token: string,
    readonly url: () => string,
    private readonly random: Random,
    private readonly crashBeforeAck = 0.05,
  ) {}

  connect(): void {
    if (this.stopped) return
    const ws = new WebSocket(`${this.url()}/ws/stations/${this.id}?since=${this.last}`, bearerProtocols(this.token))
    this.socket = ws
    const ack = (seq: number) => {
      this.inFlight.set(seq, performance.now())
      ws.send(JSON.stringify({ type: 'ack', seq }))
    }
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data))
      if (frame.type === 'hello') {
        this.confirm(frame.ackedThrough)
        if (frame.ackedThrough < this.last) {
          this.reacks++
          ack(this.last)
        }
        return
      }
      if (frame.type === 'acked') return this.confirm(frame.ackedThrough)
      if (frame.type === 'error') return void this.problems.push(`error ${frame.code}: ${frame.message}`)
      if (typeof frame.seq !== 'number') return
      if (frame.seq <= this.last) return void this.duplicates++
      if (frame.seq !== this.last + 1) this.problems.push(`gap: ${this.last} → ${frame.seq}`)
      this.last = frame.seq
      // Every station crashes before its first ack at least once, so the path the rule exists
      // for is always taken (left to chance alone, 60 messages at 5 % miss it one run in 20).
      if (this.crashesBeforeAck === 0 || this.random.next() < this.crashBeforeAck) {
        this.crashesBeforeAck++
        return ws.terminate()
      }
      ack(frame.seq)
    })
    ws.on('error', () => {})
    ws.on('close', () => {
      this.inFlight.clear()
      if (this.socket === ws) setTimeout(() => this.connect(), 50 + this.random.next() * 200)
    })
  }

  private confirm(through: number): void {
    if (typeof through !== 'number') return void this.problems.push('no ackedThrough')
    this.confirmed = Math.max(this.confirmed, through)
    const now = performance.now()
    for (const [seq, at] of this.inFlight) {
      if (seq <= through) {
        this.roundTrips.push(now - at)
        this.inFlight.delete(seq)
      }
    }
  }

  stop(): void {
    this.stopped = true
    this.socket?.terminate()
  }
}

export interface ChaosOptions {
  stations: number
  days: number
  kills: number
  /** Sockets cut at random every this many ms (network drops). */
  dropEveryMs?: number
  seed?: number
  dataDir: string
}

export interface ChaosResult {
  groups: number
  confirmedGroups: number
  cancelledGroups: number
  delivered: number
  /** Groups (confirmed, and cancelled ones' cancellation) whose newest message is not acked. */
  notDelivered: number[]
  falseAlerts: { kind: string; groupId: number | null; message: string }[]
  /** Per kill: acks confirmed to stations before it and missing from the database after it. */
  lostConfirmedAcks: number
  confirmedBeforeKills: number
  messages: number
  duplicates: number
  crashesBeforeAck: number
  reacks: number
  problems: string[]
  roundTrips: number[]
  seconds: number
}

const ADMIN = 'ack-chaos-admin-token-0123456789'

/**
 * Stations acking by the documented rule, groups confirmed and some cancelled while sockets
 * drop, stations crash between saving and acking, and the server is SIGKILLed `kills` times.
 * At every kill, the acks the stations were told are recorded are read from the database
 * file while the server is down: none may be missing.
 */
export async function ackChaos(t: { teardown(fn: () => void): void }, options: ChaosOptions): Promise<ChaosResult> {
  const started = Date.now()
  const dataDir = options.dataDir
  const server = await childServer(t, {
    DATA_DIR: dataDir,
    SEED_DEMO: '0',
    ADMIN_TOKEN: ADMIN,
    WS_HEARTBEAT_MS: '1000',
    // Every group is "close to departure", so any group left unacked raises an alert.
    ALERT_UNACKED_BEFORE_DEPARTURE_MIN: String(10_000_000),
    ALERT_STATION_OFFLINE_MIN: String(10_000_000),
  })
  const base = server.base
  const api = apiClient(base, ADMIN)
  await server.start()
  const random = new Random(options.seed ?? 11)
  const stations: RuleStation[] = []
  for (let i = 0; i < options.stations; i++) {
    const station = (await api('POST', '/stations', { name: `工作站${i}`, cityCode: '1101', partnerArea: 'jingjinji' })).body
    const token = (await api('POST', '/tokens', { role: 'station_operator', scope: String(station.id), label: `s${i}` })).body.token
    stations.push(new RuleStation(station.id, token, () => base.replace('http', 'ws'), random))
  }

  // Placements straight into the database (the server runs on the same WAL file): per
  // station, 2 people leaving on each day → one group per station and day.
  const { sqlite, db } = openStorage(databaseFile(dataDir), { migrate: false })
  const villages = (sqlite.prepare("SELECT code FROM regions WHERE level = 'village' AND code LIKE '1409%' LIMIT 200").all() as { code: string }[]).map((r) => r.code)
  const now = Date.now()
  const date = (d: number) => new Date(Date.UTC(2027, 2, 1 + d)).toISOString().slice(0, 10)
  transaction(db, () => {
    const employerId = db.insert(employers).values({ name: '北京物业公司', creditCode: '91110000MA00000002', sizeClass: 'small', regionCode: '110105', createdAt: now, updatedAt: now }).returning().get().id
    const jobId = db.insert(jobs).values({ employerId, source: 'manual', externalId: 'c1', title: '保安', description: '', provinceCode: '11', partnerArea: 'jingjinji', occupation: '保安', openings: 99999, openingsLeft: 99999, wageMin: 5000, wageMax: 6000, wageUnit: 'month', contractMonths: 12, startDate: date(0), deadline: date(0), type: 'regular', createdAt: now, updatedAt: now }).returning().get().id
    let n = 0
    for (const station of stations) {
      for (let d = 1; d <= options.days; d++) {
        for (let k = 0; k < 2; k++) {
          n++
          const village = random.pick(villages)
          const laborerId = db.insert(laborers).values({ name: `赵${n}`, idHash: `h${n}`, idCipher: 'c', idMasked: 'm', phoneHash: `p${n}`, phoneCipher: 'c', phoneMasked: 'm', gender: 'male', birthDate: '1990-01-01', villageCode: village, townshipCode: village.slice(0, 9), countyCode: village.slice(0, 6), povertyStatus: 'monitored', availableFrom: date(d), createdAt: now, updatedAt: now }).returning().get().id
          const matchId = db.insert(matches).values({ laborerId, jobId, status: 'placed', score: 70, scoreVersion: 1, origin: 'manual', createdAt: now, updatedAt: now }).returning().get().id
          db.insert(placements).values({ matchId, laborerId, jobId, employerId, homeCountyCode: village.slice(0, 6), startDate: date(d + 1), contractMonths: 12, organized: true, travel: 'cross_province', transportStatus: 'awaiting', destinationStationId: station.id, createdAt: now, updatedAt: now }).run()
        }
      }
    }
  })
  sqlite.close()

  const plan = await api('POST', '/transport/plans', { from: date(1), to: date(options.days) })
  if (plan.status !== 201) throw new Error(`plan: ${plan.status} ${JSON.stringify(plan.body)}`)
  const groups: number[] = plan.body.groups.map((g: { groupId: number }) => g.groupId)

  for (const station of stations) station.connect()
  const chaos = setInterval(() => random.pick(stations).socket?.terminate(), options.dropEveryMs ?? 40)
  let lostConfirmedAcks = 0
  let confirmedBeforeKills = 0
  const cancelled = new Set<number>()
  const kill = async () => {
    const told = new Map(stations.map((s) => [s.id, s.confirmed]))
    await server.kill()
    const file = openStorage(databaseFile(dataDir), { migrate: false })
    const recorded = new Map(
      (file.sqlite.prepare('SELECT station_id AS id, last_ack_seq AS seq FROM station_links').all() as { id: number; seq: number }[]).map((r) => [r.id, r.seq]),
    )
    for (const [id, through] of told) {
      confirmedBeforeKills += through
      const unacked = file.sqlite.prepare('SELECT count(*) FROM dispatches WHERE station_id = ? AND seq <= ? AND acked_at IS NULL').pluck().get(id, through) as number
      lostConfirmedAcks += unacked + ((recorded.get(id) ?? 0) < through ? 1 : 0)
    }
    file.sqlite.close()
    await server.start()
  }
  const step = 8
  const batches = Math.ceil(groups.length / step)
  // `kills - 1` kills spread over the writes, the last one after them.
  const killAt = new Set(Array.from({ length: options.kills - 1 }, (_, k) => Math.floor(((k + 1) * batches) / options.kills) * step))
  for (let i = 0; i < groups.length; i += step) {
    if (killAt.has(i)) await kill()
    await Promise.all(
      groups.slice(i, i + step).map(async (groupId, k) => {
        const confirmed = await api('POST', `/transport/groups/${groupId}/confirm`)
        if (confirmed.status !== 200) throw new Error(`confirm ${groupId}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`)
        if ((i + k) % 5 === 0) {
          await api('POST', `/transport/groups/${groupId}/cancel`, { reason: '改期' })
          cancelled.add(groupId)
        }
      }),
    )
  }
  // The last kill after the last write: acks in flight then must come back by the rule.
  await kill()
  clearInterval(chaos)

  // Wait (no re-ack pass: the stations only follow the rule) until every log is acked.
  const lastSeqs = new Map<number, number>()
  for (const station of stations) lastSeqs.set(station.id, (await api('GET', `/stations/${station.id}/dispatches?since=0&limit=1`)).body.lastSeq)
  await waitFor(() => stations.every((s) => s.confirmed >= lastSeqs.get(s.id)!), 'every station to be told all its acks are recorded').catch(() => undefined)
  const notDelivered: number[] = []
  let delivered = 0
  for (const groupId of groups) {
    const group = (await api('GET', `/transport/groups/${groupId}`)).body
    if (group.delivery?.state === 'delivered') delivered++
    else notDelivered.push(groupId)
  }
  const alerts = (await api('GET', '/alerts')).body as { kind: string; groupId: number | null; message: string }[]
  for (const station of stations) station.stop()
  return {
    groups: groups.length,
    confirmedGroups: groups.length - cancelled.size,
    cancelledGroups: cancelled.size,
    delivered,
    notDelivered,
    falseAlerts: alerts.filter((a) => a.kind === 'group_unacked'),
    lostConfirmedAcks,
    confirmedBeforeKills,
    messages: [...lastSeqs.values()].reduce((a, b) => a + b, 0),
    duplicates: stations.reduce((n, s) => n + s.duplicates, 0),
    crashesBeforeAck: stations.reduce((n, s) => n + s.crashesBeforeAck, 0),
    reacks: stations.reduce((n, s) => n + s.reacks, 0),
    problems: stations.flatMap((s) => s.problems.map((p) => `station ${s.id}: ${p}`)),
    roundTrips: stations.flatMap((s) => s.roundTrips),
    seconds: (Date.now() - started) / 1000,
  }
}
