import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import t from 'tap'
import { WebSocket, WebSocketServer } from 'ws'
import { paceHandshakes } from '../../src/http/handshake-pacing'
import { SocketHub, preframe, textFrame } from '../../src/http/socket-hub'

const quiet = { warn() {}, info() {}, error() {} } as never

t.test('frames encoded once (preframe) reach a ws client as the same messages, in order, at every length encoding', async (t) => {
  const texts = ['', 'a'.repeat(125), 'b'.repeat(126), 'c'.repeat(65_535), 'd'.repeat(65_536), '大屏'.repeat(40_000), JSON.stringify({ type: 'snapshot', seq: 7, data: { name: '忻州市春风行动' } })]
  t.same([...textFrame('a'.repeat(125)).subarray(0, 2)], [0x81, 125], 'short: the length in the second byte')
  t.same([...textFrame('b'.repeat(126)).subarray(0, 4)], [0x81, 126, 0, 126], 'to 65,535 bytes: 126 and two bytes')
  t.same([...textFrame('d'.repeat(65_536)).subarray(0, 10)], [0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0], 'longer: 127 and eight bytes')

  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await once(wss, 'listening')
  t.teardown(() => wss.close())
  const hub = new SocketHub<number>({
    settings: { heartbeatMs: 60_000, maxBufferedBytes: 1 << 20, slowMs: 60_000 },
    log: quiet,
    keyName: 'k',
    // The log after the encoded frames: one entry, sent by ws as usual.
    read: (_key, after) => (after < 8 ? [{ seq: 8, frame: 'live after the catch-up' }] : []),
  })
  t.teardown(() => hub.close())
  wss.on('connection', (socket) => hub.attach(1, socket, { client: 'x', cursor: 7, first: preframe(texts) }))

  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`)
  const got: string[] = []
  await new Promise<void>((resolve, reject) => {
    client.on('message', (data, binary) => {
      t.equal(binary, false)
      got.push(String(data))
      if (got.length === texts.length + 1) resolve()
    })
    client.on('error', reject)
  })
  client.close()
  t.same(got.map((m) => m.length), [...texts, 'live after the catch-up'].map((m) => m.length))
  t.same(got, [...texts, 'live after the catch-up'], 'the encoded frames first, then the log')
})

t.test('websocket handshakes go on at most a batch per turn of the event loop; other requests are not held', async (t) => {
  const app = Fastify()
  paceHandshakes(app, 4)
  let turns = 0
  let ticking = true
  const tick = () => {
    turns++
    if (ticking) setImmediate(tick)
  }
  setImmediate(tick)
  t.teardown(() => void (ticking = false))
  const seen: number[] = []
  let plainAt = -1
  app.get('/x', async (request) => {
    if (request.headers.upgrade) seen.push(turns)
    else plainAt = turns
    return { ok: true }
  })
  await app.ready()
  const upgrade = { connection: 'upgrade', upgrade: 'websocket' }
  const answers = await Promise.all([
    ...Array.from({ length: 10 }, () => app.inject({ method: 'GET', url: '/x', headers: upgrade })),
    app.inject({ method: 'GET', url: '/x' }),
  ])
  t.same(answers.map((a) => a.statusCode), Array(11).fill(200), 'every request answered')
  const perTurn = new Map<number, number>()
  for (const turn of seen) perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1)
  t.equal(seen.length, 10)
  t.ok(Math.max(...perTurn.values()) <= 4, `at most 4 handshakes per turn: ${JSON.stringify([...perTurn])}`)
  t.ok(perTurn.size >= 3, 'ten handshakes took at least three turns')
  t.ok(plainAt <= Math.min(...seen), `the plain request was not held behind them (turn ${plainAt})`)
  await app.close()
})
