import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { HubClose } from '../../src/http/socket-hub'
import { makeIdNumber } from '../../src/laborers/id-number'
import { call, testApp, tokenFor } from '../helpers'
import { employer, job, laborer, villageIn } from '../matching/fixtures'
import { board, type Frame } from './board'

/** What the wall board shows (as src/web/public/fair.js folds it): counts and the latest proposals. */
function fold(frames: Frame[]) {
  const counts: Record<string, number> = { checkin: 0, jobs: 0, proposed: 0, accepted: 0, confirmed: 0, round: 0 }
  const statuses = new Map<number, string>()
  let lastSeq = 0
  for (const f of frames) {
    if (f.type === 'snapshot') {
      Object.assign(counts, f.data.counts)
      statuses.clear()
      for (const m of f.data.matches) statuses.set(m.matchId, m.status)
      lastSeq = f.seq
      continue
    }
    if (f.seq <= lastSeq) continue
    lastSeq = f.seq
    const d = f.data
    if (f.type === 'checkin') counts.checkin++
    else if (f.type === 'job.added') counts.jobs++
    else if (f.type === 'job.removed') counts.jobs--
    else if (f.type === 'round') counts.round = d.round
    else if (f.type === 'match.proposed') {
      counts.proposed++
      statuses.set(d.matchId, 'proposed')
    } else if (f.type.startsWith('match.')) {
      const status = f.type.slice('match.'.length)
      if (statuses.has(d.matchId)) statuses.set(d.matchId, status)
      if (status in counts) counts[status]++
    }
  }
  const latest = [...statuses].sort((a, b) => b[0] - a[0]).slice(0, 15)
  return { counts, latest, lastSeq }
}

let people = 0

/** Registers someone in Wutai county and checks them in with their ID card's number. */
async function checkInSomeone(app: FastifyInstance, organizer: string, fairId: number) {
  const idNumber = makeIdNumber('140922', '1979-01-01', 'female', ++people)
  laborer(app, villageIn(app, '140922'), { idNumber, povertyStatus: 'ordinary' })
  const answer = await call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/checkins`, payload: { idNumber } })
  if (answer.statusCode !== 201) throw new Error(`check-in: ${answer.statusCode} ${JSON.stringify(answer.body)}`)
}

/** A fair in Wutai county with a few dozen events: postings, check-ins, a round, answers. */
async function busyFair(app: FastifyInstance) {
  const organizer = tokenFor(app, 'fair_organizer')
  const builder = employer(app)
  const jobs = Array.from({ length: 6 }, () => job(app, builder, { openings: 2 }))
  const created = await call(app, organizer, {
    method: 'POST',
    url: '/api/v1/fairs',
    payload: { name: '五台县春风行动招聘会', venue: '五台县人力资源市场', date: '2030-02-10', regionCode: '140922', jobIds: jobs.map((j) => j.id) },
  })
  const fairId: number = created.body.id
  const spare = job(app, builder)
  await call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/jobs`, payload: { jobIds: [spare.id] } })
  await call(app, organizer, { method: 'DELETE', url: `/api/v1/fairs/${fairId}/jobs/${spare.id}` })
  for (let i = 0; i < 12; i++) await checkInSomeone(app, organizer, fairId)
  await call(app, organizer, { method: 'PATCH', url: `/api/v1/fairs/${fairId}`, payload: { status: 'open' } })
  const round = await call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/rounds` })
  const proposed: { id: number }[] = round.body.proposed
  const act = (matchId: number, action: string) =>
    call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/matches/${matchId}/${action}`, payload: {} })
  await act(proposed[0]!.id, 'accept')
  await act(proposed[0]!.id, 'confirm')
  await act(proposed[1]!.id, 'decline')
  await act(proposed[2]!.id, 'accept')
  const log = await call(app, organizer, { method: 'GET', url: `/api/v1/fairs/${fairId}/events?since=0&limit=1000` })
  return { fairId, organizer, boardKey: created.body.boardToken as string, events: log.body.items as Frame[], proposed }
}

t.test('catch-up on connect is bounded: a snapshot and the tail, and the board ends where the log does', async (t) => {
  const tail = 5
  const app = await testApp(t, { fairSockets: { tail } })
  const ws = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')
  const fair = await busyFair(app)
  const last = fair.events.length
  t.ok(last > 3 * tail, `${last} events in the log`)
  t.ok(fair.proposed.length >= 3, 'the round proposed matches')
  const key = ['laborlink.v1', `board.${fair.boardKey}`]

  const fresh = board(`${ws}/ws/fairs/${fair.fairId}`, key)
  await fresh.until((f) => f.at(-1)?.seq === last)
  t.equal(fresh.frames[0]!.type, 'snapshot', 'a new board starts from a snapshot')
  t.equal(fresh.frames[0]!.seq, last - tail, 'as of the event before the tail')
  t.same(
    fresh.frames.slice(1).map((f) => f.seq),
    Array.from({ length: tail }, (_, i) => last - tail + 1 + i),
    `then only the last ${tail} events, not the whole log`,
  )
  t.same(fold(fresh.frames), fold(fair.events), 'snapshot + tail shows what replaying the whole log shows')
  t.notOk(JSON.stringify(fresh.frames[0]).match(/王[伟芳娜敏静丽强磊军洋]"/), 'the snapshot shows family names only')

  const near = board(`${ws}/ws/fairs/${fair.fairId}?since=${last - 2}`, key)
  await near.until((f) => f.at(-1)?.seq === last)
  t.same(near.frames.map((f) => f.seq), [last - 1, last], 'a board within the tail gets just what it missed')

  const behind = board(`${ws}/ws/fairs/${fair.fairId}?since=${last - tail - 1}`, key)
  await behind.until((f) => f.at(-1)?.seq === last)
  t.equal(behind.frames[0]!.type, 'snapshot', 'one event more than the tail behind: a snapshot')
  t.equal(behind.frames.length, tail + 1)

  // Live after the catch-up, on every board.
  await checkInSomeone(app, fair.organizer, fair.fairId)
  for (const b of [fresh, near, behind]) await b.until((f) => f.at(-1)?.seq === last + 1)
  t.equal(fold(fresh.frames).counts.checkin, fold(fair.events).counts.checkin + 1)
  for (const b of [fresh, near, behind]) b.socket.close()
})

t.test('fair-board sockets are capped per client address and in total: 4429 beyond', async (t) => {
  const app = await testApp(t, { fairSockets: { perClient: 2, total: 3 } })
  const ws = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')
  const organizer = tokenFor(app, 'fair_organizer')
  const created = await call(app, organizer, {
    method: 'POST',
    url: '/api/v1/fairs',
    payload: { name: '忻府区招聘会', venue: '忻州市人力资源市场', date: '2030-02-10', regionCode: '140902', jobIds: [job(app, employer(app)).id] },
  })
  const url = `${ws}/ws/fairs/${created.body.id}`
  const key = ['laborlink.v1', `board.${created.body.boardToken}`]
  /** A board from `address` that got its first event (so it was admitted). */
  const admitted = async (address: string) => {
    const b = board(url, key, { localAddress: address })
    await b.until((f) => f.length === 1)
    return b
  }

  const a1 = await admitted('127.0.0.1')
  const a2 = await admitted('127.0.0.1')
  const a3 = board(url, key, { localAddress: '127.0.0.1' })
  const third = await a3.ended
  t.equal(third.code, HubClose.overCapacity, 'a third socket from one address is closed with 4429')
  t.match(third.reason, /from this address/)
  t.same(a3.frames, [], 'before any event')

  const b1 = await admitted('127.0.0.2')
  const c1 = board(url, key, { localAddress: '127.0.0.3' })
  const over = await c1.ended
  t.equal(over.code, HubClose.overCapacity, 'a fourth socket in all is closed with 4429')
  t.match(over.reason, /on this server/)

  a1.socket.close()
  await a1.closed
  // The server counts the socket out when its side of the close is done: retry until it has.
  let c2 = board(url, key, { localAddress: '127.0.0.3' })
  for (let i = 0; i < 600; i++) {
    const first = await Promise.race([c2.until((f) => f.length === 1).then(() => 'admitted'), c2.closed.then(() => 'closed')])
    if (first === 'admitted') break
    await new Promise((r) => setTimeout(r, 100))
    c2 = board(url, key, { localAddress: '127.0.0.3' })
  }
  t.equal(c2.frames.length, 1, 'a place freed is taken again')
  for (const b of [a2, b1, c2]) b.socket.close()
  await Promise.all([a2.closed, b1.closed, c2.closed])
})

t.test('a board socket is never an authentication failure, and a burnt limit does not refuse it', async (t) => {
  const app = await testApp(t, { authFailureLimit: 3 })
  const ws = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')
  const organizer = tokenFor(app, 'fair_organizer')
  const created = await call(app, organizer, {
    method: 'POST',
    url: '/api/v1/fairs',
    payload: { name: '忻府区招聘会', venue: '忻州市人力资源市场', date: '2030-02-10', regionCode: '140902', jobIds: [job(app, employer(app)).id] },
  })
  const fairId = created.body.id
  const key = created.body.boardToken
  for (const [url, protocols] of [
    [`${ws}/ws/fairs/${fairId}`, ['laborlink.v1', `board.${key}`]],
    [`${ws}/ws/fairs/${fairId}?token=${key}`, []],
  ] as const) {
    for (let i = 0; i < 4; i++) {
      const b = board(url, [...protocols])
      await b.until((f) => f.length === 1)
      b.socket.close()
      await b.closed
    }
  }
  const wrong = await call(app, 'll_not-a-token', { method: 'GET', url: '/api/v1/fairs' })
  t.equal(wrong.statusCode, 401, 'eight board sockets later, a wrong token is the first failure, not the ninth')

  for (let i = 0; i < 5; i++) await call(app, 'll_not-a-token', { method: 'GET', url: '/api/v1/fairs' })
  t.equal((await call(app, 'll_not-a-token', { method: 'GET', url: '/api/v1/fairs' })).statusCode, 429, 'wrong tokens are still limited')
  const wall = board(`${ws}/ws/fairs/${fairId}`, ['laborlink.v1', `board.${key}`])
  await wall.until((f) => f.length === 1)
  t.pass('the wall board still connects from the same address')
  wall.socket.close()
  await wall.closed
})
