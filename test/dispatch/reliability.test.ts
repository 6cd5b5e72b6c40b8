import t from 'tap'
import { WebSocket } from 'ws'
import { databaseFile, openStorage } from '../../src/db/database'
import { employers } from '../../src/employers/schema'
import { jobs } from '../../src/jobs/schema'
import { laborers } from '../../src/laborers/schema'
import { matches } from '../../src/matching/schema'
import { placements } from '../../src/placements/schema'
import { Random } from '../../src/random'
import { apiClient, childServer } from '../child-server'
import { waitFor } from '../wait'

const ADMIN = 'reliability-admin-token-0123456789'
const STATIONS = 20
const DAYS = 10

/** One simulated station: applies messages strictly in seq order, acks, reconnects with its last seq. */
class Station {
  last = 0
  ids: string[] = []
  duplicates = 0
  problems: string[] = []
  socket?: WebSocket
  stopped = false

  constructor(
    readonly id: number,
    readonly token: string,
    readonly url: () => string,
  ) {}

  connect(): void {
    if (this.stopped) return
    // Now and then the station lost its last few seqs (crashed before saving its state): replays follow.
    const since = Math.max(0, this.last - (Math.random() < 0.3 ? Math.floor(Math.random() * 4) : 0))
    const ws = new WebSocket(`${this.url()}/ws/stations/${this.id}?since=${since}`, { headers: { authorization: `Bearer ${this.token}` } })
    this.socket = ws
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data))
      if (typeof frame.seq !== 'number') return
      if (frame.seq <= this.last) {
        this.duplicates++
        if (this.ids[frame.seq - 1] !== frame.id) this.problems.push(`seq ${frame.seq} came back with another id`)
        return
      }
      if (frame.seq !== this.last + 1) this.problems.push(`gap: ${this.last} → ${frame.seq}`)
      this.ids[frame.seq - 1] = frame.id
      this.last = frame.seq
      ws.send(JSON.stringify({ type: 'ack', seq: frame.seq }))
    })
    ws.on('error', () => {})
    ws.on('close', () => {
      if (this.socket === ws) setTimeout(() => this.connect(), 50 + Math.random() * 200)
    })
  }

  stop(): void {
    this.stopped = true
    this.socket?.terminate()
  }
}

t.test('every station gets every message in seq order through drops and a SIGKILL', { timeout: 600_000 }, async (t) => {
  const dataDir = t.testdir()
  const server = await childServer(t, { DATA_DIR: dataDir, SEED_DEMO: '0', ADMIN_TOKEN: ADMIN, WS_HEARTBEAT_MS: '1000' })
  const base = server.base
  const api = apiClient(base, ADMIN)
  await server.start()
  const stations: Station[] = []
  for (let i = 0; i < STATIONS; i++) {
    const station = (await api('POST', '/stations', { name: `工作站${i}`, cityCode: '1101', partnerArea: 'jingjinji' })).body
    const token = (await api('POST', '/tokens', { role: 'station_operator', scope: String(station.id), label: `s${i}` })).body.token
    stations.push(new Station(station.id, token, () => base.replace('http', 'ws')))
  }

  // Placements straight into the database (the server runs on the same WAL file):
  // per station, 2 people who must leave on each of DAYS days → one group per day.
  const { sqlite, db } = openStorage(databaseFile(dataDir), { migrate: false })
  const random = new Random(7)
  const villages = (sqlite.prepare("SELECT code FROM regions WHERE level = 'village' AND code LIKE '1409%' LIMIT 200").all() as { code: string }[]).map((r) => r.code)
  const now = Date.now()
  const date = (d: number) => new Date(Date.UTC(2027, 2, 1 + d)).toISOString().slice(0, 10)
  sqlite.transaction(() => {
    const employerId = db.insert(employers).values({ name: '北京物业公司', creditCode: '91110000MA00000001', sizeClass: 'small', regionCode: '110105', createdAt: now, updatedAt: now }).returning().get().id
    const jobId = db.insert(jobs).values({ employerId, source: 'manual', externalId: 'r1', title: '保安', description: '', provinceCode: '11', partnerArea: 'jingjinji', occupation: '保安', openings: 9999, openingsLeft: 9999, wageMin: 5000, wageMax: 6000, wageUnit: 'month', contractMonths: 12, startDate: date(0), deadline: date(0), type: 'regular', createdAt: now, updatedAt: now }).returning().get().id
    let n = 0
    for (const station of stations) {
      for (let d = 1; d <= DAYS; d++) {
        for (let k = 0; k < 2; k++) {
          n++
          const village = random.pick(villages)
          const laborerId = db.insert(laborers).values({ name: `李${n}`, idHash: `h${n}`, idCipher: 'c', idMasked: 'm', phoneHash: `p${n}`, phoneCipher: 'c', phoneMasked: 'm', gender: 'female', birthDate: '1990-01-01', villageCode: village, townshipCode: village.slice(0, 9), countyCode: village.slice(0, 6), povertyStatus: 'monitored', availableFrom: date(d), createdAt: now, updatedAt: now }).returning().get().id
          const matchId = db.insert(matches).values({ laborerId, jobId, status: 'placed', score: 70, scoreVersion: 1, origin: 'manual', createdAt: now, updatedAt: now }).returning().get().id
          db.insert(placements).values({ matchId, laborerId, jobId, employerId, homeCountyCode: village.slice(0, 6), startDate: date(d + 1), contractMonths: 12, organized: true, travel: 'cross_province', transportStatus: 'awaiting', destinationStationId: station.id, createdAt: now, updatedAt: now }).run()
        }
      }
    }
  })()
  sqlite.close()

  const plan = await api('POST', '/transport/plans', { from: date(1), to: date(DAYS) })
  t.equal(plan.status, 201)
  const groups: number[] = plan.body.groups.map((g: any) => g.groupId)
  t.equal(groups.length, STATIONS * DAYS, `${groups.length} groups planned`)

  for (const station of stations) station.connect()
  const chaos = setInterval(() => random.pick(stations).socket?.terminate(), 40)
  let killed = false
  const changeGroup = async (groupId: number, i: number) => {
    const confirmed = await api('POST', `/transport/groups/${groupId}/confirm`)
    if (confirmed.status !== 200) t.fail(`confirm ${groupId}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`)
    if (i % 5 === 0) await api('POST', `/transport/groups/${groupId}/cancel`, { reason: '改期' })
  }
  const half = Math.floor(groups.length / 2)
  for (let i = 0; i < groups.length; i += 8) {
    if (i >= half && !killed) {
      await server.kill()
      killed = true
      await server.start()
    }
    await Promise.all(groups.slice(i, i + 8).map((groupId, k) => changeGroup(groupId, i + k)))
  }
  clearInterval(chaos)
  t.ok(killed, 'the server was killed and restarted mid-way')

  const expected = new Map<number, { last: number; ids: string[] }>()
  for (const station of stations) {
    const ids: string[] = []
    for (let since = 0; ; ) {
      const page = (await api('GET', `/stations/${station.id}/dispatches?since=${since}&limit=500`)).body
      ids.push(...page.items.map((e: any) => e.id))
      if (page.items.length === 0) {
        expected.set(station.id, { last: page.lastSeq, ids })
        break
      }
      since = page.items.at(-1).seq
    }
  }
  await waitFor(() => !stations.some((s) => s.last < expected.get(s.id)!.last), 'every station to catch up').catch(() => undefined)
  let total = 0
  let duplicates = 0
  for (const station of stations) {
    const want = expected.get(station.id)!
    total += want.last
    duplicates += station.duplicates
    t.same(station.problems, [], `station ${station.id}: no gap, duplicates only replays of the same id`)
    t.equal(station.last, want.last, `station ${station.id} reached seq ${want.last}`)
    t.same(station.ids, want.ids, `station ${station.id} holds exactly its log, in order`)
  }
  t.ok(total >= STATIONS * DAYS, `${total} messages delivered`)
  t.ok(duplicates > 0, `${duplicates} replayed duplicates recognised by id`)
  for (const station of stations) station.stop()
})
