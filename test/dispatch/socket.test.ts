import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { CloseCode } from '../../src/dispatch/protocol'
import { ADMIN, auth, call, tokenFor } from '../helpers'
import { addStation } from '../transport/fixtures'
import { WebSocket } from 'ws'
import { bearerProtocols, connectStation, listening, write } from './client'
import { waitFor } from '../wait'


const logOf = (app: FastifyInstance) => JSON.stringify(app.sqlite.prepare('SELECT station_id, seq, id, type, payload FROM dispatches ORDER BY station_id, seq').all())

t.test('a wrong or missing token closes the socket with 4401/4403 before any message', async (t) => {
  const { app, ws } = await listening(t)
  const mine = addStation(app)
  const other = addStation(app, '上海松江劳务服务工作站', 'yangtze_delta')
  write(app, mine, 2)
  const cases: [Record<string, string>, string, number][] = [
    [{}, '', CloseCode.unauthorized],
    [auth('ll_unknown'), '', CloseCode.unauthorized],
    [auth(tokenFor(app, 'station_operator', String(other))), '', CloseCode.forbidden],
    [auth(ADMIN), '', CloseCode.forbidden],
    [{}, `?token=${tokenFor(app, 'station_operator', String(other))}`, CloseCode.forbidden],
  ]
  for (const [headers, query, code] of cases) {
    const station = connectStation(`${ws}/ws/stations/${mine}${query}`, headers)
    const closed = await station.closed
    t.equal(closed.code, code, JSON.stringify(headers) + query)
    t.equal(closed.framesBefore, 0, 'nothing was sent before the close')
  }
  const byQuery = connectStation(`${ws}/ws/stations/${mine}?token=${tokenFor(app, 'station_operator', String(mine))}`)
  t.equal((await byQuery.next((f) => f.type === 'replayed')).lastSeq, 2, 'the browser form (?token=) works')
  byQuery.ws.close()
})

t.test('replay after since, then live, in order; acks are recorded; the HTTP log agrees', async (t) => {
  const { app, ws } = await listening(t)
  const stationId = addStation(app)
  const token = tokenFor(app, 'station_operator', String(stationId))
  write(app, stationId, 5)
  const station = connectStation(`${ws}/ws/stations/${stationId}?since=2`, auth(token))
  t.match(await station.next((f) => f.type === 'hello'), { stationId, since: 2, lastSeq: 5 })
  await station.next((f) => f.type === 'replayed')
  write(app, stationId, 3)
  await station.next((f) => f.seq === 8)
  const seqs = station.frames.filter((f) => f.seq).map((f) => f.seq)
  t.same(seqs, [3, 4, 5, 6, 7, 8], 'replay 3–5, then live 6–8, no gap, no repeat')
  t.ok(station.frames.every((f) => f.type !== 'group.confirmed' || (f.id && f.data && f.version === 1)))

  station.ws.send(JSON.stringify({ type: 'ack', seq: 6 }))
  const http = async () => (await call(app, token, { method: 'GET', url: `/api/v1/stations/${stationId}/dispatches?since=0` })).body
  await waitFor(async () => (await http()).items[5].ackedAt !== null, 'the ack to be recorded')
  const log = await http()
  t.equal(log.lastSeq, 8)
  t.equal(log.online, true)
  t.same(log.items.map((i: any) => i.ackedAt !== null), [true, true, true, true, true, true, false, false], 'acks are cumulative')
  t.ok(log.items.every((i: any) => i.sentAt !== null || i.seq <= 2), 'sent times recorded for what went out')
  t.same(log.items.slice(2).map((i: any) => i.id), station.frames.filter((f) => f.seq).map((f) => f.id), 'the socket and HTTP show the same ids')

  const stranger = tokenFor(app, 'station_operator', String(addStation(app, '苏州工作站', 'yangtze_delta')))
  t.equal((await call(app, stranger, { method: 'GET', url: `/api/v1/stations/${stationId}/dispatches` })).statusCode, 404)
  t.equal((await call(app, ADMIN, { method: 'GET', url: `/api/v1/stations/9999/dispatches` })).statusCode, 404)

  const again = connectStation(`${ws}/ws/stations/${stationId}?since=6`, auth(token))
  t.equal((await station.closed).code, CloseCode.superseded, 'a newer connection supersedes the old one')
  await again.next((f) => f.type === 'replayed')
  t.same(again.frames.filter((f) => f.seq).map((f) => f.seq), [7, 8])
  const ahead = connectStation(`${ws}/ws/stations/${stationId}?since=99`, auth(token))
  t.equal((await ahead.closed).code, CloseCode.sinceAhead)
  const garbled = connectStation(`${ws}/ws/stations/${stationId}?since=abc`, auth(token))
  t.equal((await garbled.closed).code, 400, 'a since that is not a seq is refused at the handshake')
  again.ws.close()
})

t.test('bad frames get an error frame or a documented close; the log never changes', async (t) => {
  const { app, ws } = await listening(t)
  const stationId = addStation(app)
  const token = tokenFor(app, 'station_operator', String(stationId))
  write(app, stationId, 3)
  const before = logOf(app)
  const station = connectStation(`${ws}/ws/stations/${stationId}`, auth(token))
  await station.next((f) => f.type === 'replayed')
  const probes: [string | Buffer, string][] = [
    ['not json', 'bad_json'],
    ['[1,2]', 'bad_frame'],
    ['{"type":"teleport"}', 'unknown_type'],
    ['{"type":"ack","seq":-1}', 'bad_frame'],
    ['{"type":"ack","seq":1.5}', 'bad_frame'],
    ['{"type":"ack","seq":99}', 'unknown_seq'],
    ['{"type":"arrival","groupId":1,"laborerIds":"all"}', 'bad_frame'],
    ['{"type":"arrival","groupId":12345,"laborerIds":[1]}', 'unknown_group'],
    [Buffer.from([1, 2, 3]), 'binary_frame'],
  ]
  for (const [frame, code] of probes) {
    const errors = station.frames.filter((f) => f.type === 'error').length
    station.ws.send(frame)
    const error = await station.next((f) => f.type === 'error' && station.frames.filter((g) => g.type === 'error').indexOf(f) === errors)
    t.equal(error.code, code, String(frame))
  }
  station.ws.send('x'.repeat(70 * 1024))
  t.equal((await station.closed).code, CloseCode.tooBig, 'a frame over 64 KiB closes with 1009')
  t.equal(logOf(app), before, 'the log is unchanged')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM dispatches WHERE acked_at IS NOT NULL').get() as { n: number }).n, 0, 'no ack recorded')
  t.equal((await call(app, null, { method: 'GET', url: '/healthz' })).statusCode, 200, 'the server is still up')
})

t.test('the token travels as a subprotocol; the deprecated ?token= works but never reaches the log', async (t) => {
  const lines: string[] = []
  const { app, ws } = await listening(t, { logLevel: 'info' }, { logStream: { write: (line) => void lines.push(line) } })
  const stationId = addStation(app)
  const token = tokenFor(app, 'station_operator', String(stationId))
  write(app, stationId, 2)

  const offered = connectStation(`${ws}/ws/stations/${stationId}`, {}, bearerProtocols(token))
  t.equal((await offered.next((f) => f.type === 'replayed')).lastSeq, 2, 'bearer.<token> authenticates')
  t.equal(offered.ws.protocol, 'laborlink.v1', 'the server answers laborlink.v1, never the token')
  offered.ws.close()
  await offered.closed

  const wrong = connectStation(`${ws}/ws/stations/${stationId}`, {}, bearerProtocols('ll_wrong'))
  t.equal((await wrong.closed).code, CloseCode.unauthorized)
  // Offering only the token: the server picks no protocol rather than echo it, and the client gives up.
  const bare = new WebSocket(`${ws}/ws/stations/${stationId}`, [`bearer.${token}`])
  const echoed = await new Promise<string | undefined>((resolve) => {
    bare.on('upgrade', (response) => resolve(response.headers['sec-websocket-protocol'] as string | undefined))
    bare.on('error', () => resolve(undefined))
  })
  t.equal(echoed, undefined, 'the token is never sent back')
  bare.terminate()

  const legacy = connectStation(`${ws}/ws/stations/${stationId}?since=1&token=${token}`)
  t.equal((await legacy.next((f) => f.type === 'replayed')).lastSeq, 2, 'the deprecated ?token= still works')
  legacy.ws.close()
  await legacy.closed
  await call(app, null, { method: 'GET', url: `/api/v1/regions?token=${token}&x=1` })

  const log = lines.join('')
  t.ok(log.includes('token=~'), 'the URL is logged with the token redacted')
  t.notOk(log.includes(token), 'the token is in no log line')
  t.notOk(log.includes(token.slice(3, 20)), 'nor any part of it')
})

t.test('an ack is confirmed with acked once recorded; hello says ackedThrough; a re-ack after hello is harmless', async (t) => {
  const { app, ws } = await listening(t)
  const stationId = addStation(app)
  const token = tokenFor(app, 'station_operator', String(stationId))
  write(app, stationId, 4)
  const station = connectStation(`${ws}/ws/stations/${stationId}`, {}, bearerProtocols(token))
  t.match(await station.next((f) => f.type === 'hello'), { lastSeq: 4, ackedThrough: 0 })
  await station.next((f) => f.seq === 4)
  station.ws.send(JSON.stringify({ type: 'ack', seq: 3 }))
  const acked = await station.next((f) => f.type === 'acked')
  t.equal(acked.ackedThrough, 3)
  const recorded = app.sqlite.prepare('SELECT count(*) FROM dispatches WHERE station_id = ? AND acked_at IS NOT NULL').pluck()
  t.equal(recorded.get(stationId), 3, 'recorded before the station was told')
  station.ws.close()
  await station.closed

  // The station processed 4 but its ack never left: the hello tells it, it acks again.
  const again = connectStation(`${ws}/ws/stations/${stationId}?since=4`, {}, bearerProtocols(token))
  t.match(await again.next((f) => f.type === 'hello'), { since: 4, lastSeq: 4, ackedThrough: 3 })
  again.ws.send(JSON.stringify({ type: 'ack', seq: 4 }))
  t.equal((await again.next((f) => f.type === 'acked')).ackedThrough, 4)
  again.ws.send(JSON.stringify({ type: 'ack', seq: 2 }))
  t.equal((await again.next((f) => f.type === 'acked' && f !== again.frames.find((g) => g.type === 'acked'))).ackedThrough, 4, 'an older ack changes nothing')
  t.equal(recorded.get(stationId), 4)
  again.ws.close()
})

t.test('a connection refused with 4409, 4403 or 4401 leaves the station live socket open', async (t) => {
  const { app, ws } = await listening(t)
  const stationId = addStation(app)
  const other = addStation(app, '上海松江劳务服务工作站', 'yangtze_delta')
  const token = tokenFor(app, 'station_operator', String(stationId))
  write(app, stationId, 2)
  const live = connectStation(`${ws}/ws/stations/${stationId}`, {}, bearerProtocols(token))
  await live.next((f) => f.type === 'replayed')
  const refused: [string, string[], number][] = [
    [`?since=99`, bearerProtocols(token), CloseCode.sinceAhead],
    ['', bearerProtocols(tokenFor(app, 'station_operator', String(other))), CloseCode.forbidden],
    ['', bearerProtocols('ll_unknown'), CloseCode.unauthorized],
  ]
  for (const [query, protocols, code] of refused) {
    t.equal((await connectStation(`${ws}/ws/stations/${stationId}${query}`, {}, protocols).closed).code, code)
  }
  write(app, stationId, 1)
  t.equal((await live.next((f) => f.seq === 3)).seq, 3, 'the live socket still streams')
  t.equal(live.ws.readyState, WebSocket.OPEN)
  t.ok(app.dispatch.isOnline(stationId))
  live.ws.close()
})

t.test('the OpenAPI document has since and limit optional on the HTTP log, as the code treats them', async (t) => {
  const { app } = await listening(t)
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json()
  const params = doc.paths['/api/v1/stations/{id}/dispatches'].get.parameters as { name: string; in: string; required?: boolean }[]
  for (const name of ['since', 'limit']) t.notOk(params.find((p) => p.in === 'query' && p.name === name)?.required, `${name} optional`)
  const stationId = addStation(app)
  write(app, stationId, 3)
  const page = await call(app, tokenFor(app, 'station_operator', String(stationId)), { method: 'GET', url: `/api/v1/stations/${stationId}/dispatches` })
  t.equal(page.body.items.length, 3, 'no since, no limit: the first 100')
})
