import Database from 'better-sqlite3'
import t from 'tap'
import { buildApp } from '../../src/app'
import { databaseFile } from '../../src/db/database'
import { apiClient, childServer, sleep } from '../child-server'
import { connectStation } from '../dispatch/client'
import { ADMIN, call, freshDir, testConfig, tokenFor } from '../helpers'
import { addJob, addStation, addTraveller, villagesOf } from './fixtures'

// Two people per station and day make many small groups: confirming them all is one
// transaction of a second or more, long enough to be cut in the middle.
const STATIONS = 30
const DAYS = 30
const date = (d: number) => new Date(Date.UTC(2027, 2, 1 + d)).toISOString().slice(0, 10)

t.test('a plan confirmation cut by SIGKILL is all or nothing; confirming again dispatches every group once', async (t) => {
  const dataDir = freshDir(t)
  const seeding = await buildApp(testConfig(t, { dataDir }))
  const villages = villagesOf(seeding, '140902', 40)
  const stationIds: number[] = []
  seeding.sqlite.transaction(() => {
    const job = addJob(seeding, date(0))
    for (let s = 0; s < STATIONS; s++) {
      const stationId = addStation(seeding, `工作站${s}`)
      stationIds.push(stationId)
      for (let d = 1; d <= DAYS; d++) {
        for (const k of [0, 1]) addTraveller(seeding, job, { villageCode: villages[(s + d + k) % villages.length], stationId, startDate: date(d + 1), availableFrom: date(d) })
      }
    }
  })()
  const planned = await call(seeding, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: date(1), to: date(DAYS) } })
  t.equal(planned.statusCode, 201)
  const planId: number = planned.body.id
  const groups: number = planned.body.groups.length
  const people: number = planned.body.people
  t.equal(people, STATIONS * DAYS * 2)
  const watched = stationIds[0]
  const watchedGroups: number = planned.body.groups.filter((g: { stationId: number }) => g.stationId === watched).length
  const stationToken = tokenFor(seeding, 'station_operator', String(watched))
  await seeding.close()

  const server = await childServer(t, { DATA_DIR: dataDir, SEED_DEMO: '0', ADMIN_TOKEN: ADMIN })
  const api = apiClient(server.base, ADMIN)
  await server.start()
  const db = new Database(databaseFile(dataDir), { timeout: 0 })
  t.teardown(() => db.close())

  const confirming = fetch(`${server.base}/api/v1/transport/plans/${planId}/confirm`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } })
  confirming.catch(() => {})
  // The server holds the write lock from its first update to its commit: a writer that
  // cannot take it at once proves the confirmation's transaction is open.
  let inside = false
  for (const deadline = Date.now() + 120_000; !inside && Date.now() < deadline; ) {
    try {
      db.exec('BEGIN IMMEDIATE')
      db.exec('ROLLBACK')
      await sleep(2)
    } catch (error) {
      inside = (error as { code?: string }).code === 'SQLITE_BUSY'
    }
  }
  t.ok(inside, 'the confirmation transaction is open')
  await server.kill()
  await t.rejects(confirming, 'the request never got its answer')

  t.equal(db.pragma('integrity_check', { simple: true }), 'ok')
  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n
  const state = () => ({
    confirmed: count("SELECT count(*) AS n FROM transport_groups WHERE plan_id = ? AND status = 'confirmed'", planId),
    draft: count("SELECT count(*) AS n FROM transport_groups WHERE plan_id = ? AND status = 'draft'", planId),
    seats: count('SELECT count(*) AS n FROM transport_seats s JOIN transport_groups g ON g.id = s.group_id WHERE g.plan_id = ?', planId),
    grouped: count("SELECT count(*) AS n FROM placements WHERE transport_status = 'grouped'"),
    dispatches: count('SELECT count(*) AS n FROM dispatches'),
  })
  t.same(state(), { confirmed: 0, draft: groups, seats: people, grouped: people, dispatches: 0 }, 'nothing of the cut confirmation is visible')

  await server.start()
  const station = connectStation(`${server.base.replace('http', 'ws')}/ws/stations/${watched}?since=0`, { authorization: `Bearer ${stationToken}` })
  const again = await api('POST', `/transport/plans/${planId}/confirm`)
  t.equal(again.status, 200, 'confirming again succeeds')
  t.same(state(), { confirmed: groups, draft: 0, seats: people, grouped: people, dispatches: groups })
  t.equal(count("SELECT count(DISTINCT group_id) AS n FROM dispatches WHERE type = 'group.confirmed'"), groups, 'one manifest per group')
  const manifests = db.prepare('SELECT group_id AS groupId, payload FROM dispatches').all() as { groupId: number; payload: string }[]
  const seatsOf = db.prepare('SELECT laborer_id FROM transport_seats WHERE group_id = ? ORDER BY id').pluck()
  t.ok(
    manifests.every((m) => JSON.stringify(JSON.parse(m.payload).seats.map((s: { laborerId: number }) => s.laborerId)) === JSON.stringify(seatsOf.all(m.groupId))),
    'every manifest lists exactly its group’s seats, in seat order',
  )
  const last = await station.next((f) => f.seq === watchedGroups, 10_000)
  t.match(last, { type: 'group.confirmed', data: { stationId: watched } }, `station ${watched} received its ${watchedGroups} groups`)
  t.same(station.frames.filter((f) => f.seq).map((f) => f.seq), Array.from({ length: watchedGroups }, (_, i) => i + 1))
  station.ws.terminate()
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok')
  await server.kill()
})
