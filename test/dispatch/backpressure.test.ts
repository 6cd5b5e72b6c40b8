import t from 'tap'
import { CloseCode } from '../../src/dispatch/protocol'
import { auth, tokenFor } from '../helpers'
import { addStation } from '../transport/fixtures'
import { connectStation, listening, write } from './client'
import { waitFor } from '../wait'


t.test('a station that stops reading is dropped with 4008 and catches up by replay', async (t) => {
  // A reader stalled by a busy machine (an fsync, a collection) must not look slow: 3 s.
  const { app, ws } = await listening(t, { sockets: { maxBufferedBytes: 1024, slowMs: 3000 } })
  const stationId = addStation(app)
  const token = tokenFor(app, 'station_operator', String(stationId))
  const slow = connectStation(`${ws}/ws/stations/${stationId}`, auth(token))
  await slow.next((f) => f.type === 'replayed')
  ;(slow.ws as any)._socket.pause()
  write(app, stationId, 200, 40_000)
  await waitFor(() => !app.dispatch.isOnline(stationId), 'the server to let go of the slow socket')
  t.equal(app.dispatch.isOnline(stationId), false, 'the server let go of the slow socket')
  ;(slow.ws as any)._socket.resume()
  t.equal((await slow.closed).code, CloseCode.slowConsumer)

  const got = slow.frames.filter((f) => f.seq).map((f) => f.seq)
  t.ok(got.length < 200, `only ${got.length} of 200 were pushed`)
  const fresh = connectStation(`${ws}/ws/stations/${stationId}?since=${got.at(-1) ?? 0}`, auth(token))
  await fresh.next((f) => f.seq === 200)
  t.same([...got, ...fresh.frames.filter((f) => f.seq).map((f) => f.seq)], Array.from({ length: 200 }, (_, i) => i + 1))
  fresh.ws.close()
})

t.test('heartbeats terminate a dead peer; shutdown closes with 1012', async (t) => {
  // Long enough that a live peer in this busy process always answers in time.
  const { app, ws } = await listening(t, { sockets: { heartbeatMs: 1000 } })
  const a = addStation(app)
  const b = addStation(app, '天津工作站')
  const dead = connectStation(`${ws}/ws/stations/${a}`, auth(tokenFor(app, 'station_operator', String(a))))
  await dead.next((f) => f.type === 'replayed')
  ;(dead.ws as any)._socket.pause()
  const alive = connectStation(`${ws}/ws/stations/${b}`, auth(tokenFor(app, 'station_operator', String(b))))
  await alive.next((f) => f.type === 'replayed')
  await waitFor(() => !app.dispatch.isOnline(a), 'the dead peer to be terminated')
  t.equal(app.dispatch.isOnline(a), false, 'no pong: terminated')
  t.equal(app.dispatch.isOnline(b), true, 'the live one stays')
  const link = app.sqlite.prepare('SELECT disconnected_at FROM station_links WHERE station_id = ?').get(a) as any
  t.ok(link.disconnected_at > 0, 'the disconnect is on record for the offline alert')
  await app.close()
  t.equal((await alive.closed).code, CloseCode.shutdown)
})
