import t from 'tap'
import { makeIdNumber } from '../../src/laborers/id-number'
import { call, testApp, tokenFor } from '../helpers'
import { employer, job, laborer, villageIn } from '../matching/fixtures'
import { board } from './board'

t.test('a live job fair: check-in, rounds, actions, boards that catch up', async (t) => {
  const app = await testApp(t)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const wsBase = address.replace('http', 'ws')
  const organizer = tokenFor(app, 'fair_organizer')
  const agent = tokenFor(app, 'village_agent', villageIn(app, '140922'))
  const builderId = employer(app)
  const builder = tokenFor(app, 'employer', String(builderId))
  const rival = tokenFor(app, 'employer', String(employer(app, '别家')))
  const site = job(app, builderId, { openings: 2 })
  const nurseJob = job(app, builderId, { title: '北京月嫂', occupation: '月嫂', skillTags: [], wageMin: 8000, wageMax: 9000, wageUnit: 'month' })

  const created = await call(app, organizer, {
    method: 'POST',
    url: '/api/v1/fairs',
    payload: { name: '五台县春风行动招聘会', venue: '五台县人力资源市场', date: '2030-02-10', regionCode: '140922', jobIds: [site.id] },
  })
  t.equal(created.statusCode, 201)
  const fairId = created.body.id
  t.match(created.body, { status: 'planned', jobIds: [site.id], lastSeq: 1, boardToken: /^ll_/ })
  t.equal((await call(app, agent, { method: 'POST', url: '/api/v1/fairs', payload: { name: 'x', venue: 'y', date: '2030-01-01', regionCode: '1409' } })).statusCode, 403)
  t.equal((await call(app, organizer, { method: 'POST', url: '/api/v1/fairs', payload: { name: 'x', venue: 'y', date: '2030-01-01', regionCode: '110105' } })).statusCode, 400)

  // Socket auth: denied before any message, with the hook's code.
  t.equal(await board(`${wsBase}/ws/fairs/${fairId}?token=nope`).closed, 4401)
  t.equal(await board(`${wsBase}/ws/fairs/${fairId}?token=${agent}`).closed, 4403)
  t.equal(await board(`${wsBase}/ws/fairs/9999`, ['laborlink.v1', `bearer.${organizer}`]).closed, 4404)
  t.equal(await board(`${wsBase}/ws/fairs/${fairId}`, ['laborlink.v1', 'board.ll_wrong']).closed, 4401)

  const wall = board(`${wsBase}/ws/fairs/${fairId}`, ['laborlink.v1', `board.${created.body.boardToken}`])
  await wall.until((f) => f.length === 1)
  t.match(wall.frames[0], { seq: 1, type: 'job.added', data: { jobId: site.id } })

  await call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/jobs`, payload: { jobIds: [nurseJob.id] } })
  const wutai = villageIn(app, '140922')
  const idNumber = makeIdNumber('140922', '1990-01-01', 'male', 77)
  const mason = laborer(app, wutai, { idNumber, povertyStatus: 'monitored' })
  const mason2 = laborer(app, wutai, { povertyStatus: 'ordinary' })
  const nurse = laborer(app, wutai, { skills: [{ occupation: '月嫂', tags: [], years: 4 }], povertyStatus: 'ordinary' })
  const outsider = laborer(app, villageIn(app, '140902'))

  const checkin = (payload: object) => call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/checkins`, payload })
  const byId = await checkin({ idNumber: idNumber.toLowerCase() })
  t.equal(byId.statusCode, 201)
  t.match(byId.body, { laborerId: mason.id, name: `${mason.name[0]}*`, alreadyCheckedIn: false })
  t.notMatch(JSON.stringify(byId.body), mason.name, 'check-in answers the family name only')
  t.equal((await checkin({ idNumber })).statusCode, 200, 'checking in twice is harmless')
  const idOf = (l: { idCipher: string }) => app.pii.decrypt(l.idCipher)
  t.equal((await checkin({ laborerId: mason2.id })).statusCode, 400, 'no check-in by laborer id: it would turn ids into names')
  t.equal((await checkin({ idNumber: idOf(mason2) })).statusCode, 201)
  t.equal((await checkin({ idNumber: idOf(nurse) })).statusCode, 201)
  t.equal((await checkin({ idNumber: idOf(outsider) })).statusCode, 404, 'laborers from outside the fair’s county are not found')
  t.equal((await checkin({ idNumber: makeIdNumber('140922', '1991-01-01', 'male', 5) })).statusCode, 404)
  t.equal((await checkin({ idNumber: '123' })).statusCode, 400)

  t.equal((await call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/rounds` })).statusCode, 409, 'not before the fair opens')
  await call(app, organizer, { method: 'PATCH', url: `/api/v1/fairs/${fairId}`, payload: { status: 'open' } })
  const round = await call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/rounds` })
  t.equal(round.statusCode, 200)
  t.equal(round.body.round, 1)
  const pairs = round.body.proposed.map((m: { laborerId: number; jobId: number }) => [m.laborerId, m.jobId])
  t.same(
    pairs.sort((a: number[], b: number[]) => a[0] - b[0]),
    [
      [mason.id, site.id],
      [mason2.id, site.id],
      [nurse.id, nurseJob.id],
    ],
  )
  const again = await call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/rounds` })
  t.same(again.body.proposed, [], 'a second round proposes nobody who already has a live proposal')

  await wall.until((f) => f.some((x) => x.type === 'round' && x.data.round === 2))
  t.same(
    wall.frames.map((f) => f.seq),
    wall.frames.map((_, i) => i + 1),
    'every event once, in order',
  )
  t.same(
    wall.frames.map((f) => f.type),
    ['job.added', 'job.added', 'checkin', 'checkin', 'checkin', 'fair.updated', 'match.proposed', 'match.proposed', 'match.proposed', 'round', 'round'],
  )
  t.notOk(JSON.stringify(wall.frames).includes(mason.name), 'boards show family names only')

  const masonMatch = round.body.proposed.find((m: { laborerId: number }) => m.laborerId === mason.id)
  const nurseMatch = round.body.proposed.find((m: { laborerId: number }) => m.laborerId === nurse.id)
  const act = (token: string, matchId: number, action: string, payload?: object) =>
    call(app, token, { method: 'POST', url: `/api/v1/fairs/${fairId}/matches/${matchId}/${action}`, payload: payload ?? {} })
  t.equal((await act(builder, masonMatch.id, 'confirm')).statusCode, 409, 'the laborer says yes first')
  t.equal((await act(builder, masonMatch.id, 'accept')).statusCode, 409, 'employers do not accept for laborers')
  t.equal((await act(rival, masonMatch.id, 'confirm')).statusCode, 404)
  t.equal((await act(organizer, masonMatch.id, 'accept')).statusCode, 200)
  const confirmed = await act(builder, masonMatch.id, 'confirm')
  t.equal(confirmed.statusCode, 200)
  t.equal(confirmed.body.status, 'confirmed')
  const employerView = await call(app, builder, { method: 'GET', url: `/api/v1/fairs/${fairId}/matches` })
  t.equal(employerView.body.length, 3)

  // The board drops; meanwhile the nurse declines; it reconnects from its last seq.
  await wall.until((f) => f.some((x) => x.type === 'match.confirmed'))
  const seenBeforeDrop = wall.frames.length
  wall.socket.close()
  await wall.closed
  t.equal((await act(organizer, nurseMatch.id, 'decline', { reason: '要照顾老人' })).statusCode, 200)
  // The deprecated form: the key in the URL still works.
  const back = board(`${wsBase}/ws/fairs/${fairId}?token=${created.body.boardToken}&since=${seenBeforeDrop}`)
  await back.until((f) => f.length === 1)
  t.match(back.frames[0], { seq: seenBeforeDrop + 1, type: 'match.declined', data: { matchId: nurseMatch.id, reason: '要照顾老人' } })

  const log = await call(app, organizer, { method: 'GET', url: `/api/v1/fairs/${fairId}/events?since=${seenBeforeDrop}` })
  t.equal(log.body.lastSeq, seenBeforeDrop + 1)
  t.equal(log.body.items.length, 1)
  back.socket.close()
  await back.closed
})
