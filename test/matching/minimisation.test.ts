import t from 'tap'
import { call, testApp, tokenFor } from '../helpers'
import { employer, job, laborer, villageIn } from './fixtures'

/**
 * Data minimisation: until the laborer accepts a proposal, the employer sees the family
 * name only (张*) and the village, everywhere it meets a proposed laborer: /matches,
 * /matches/:id, the answers of its own actions, /jobs/:id/candidates and the fair's
 * matches. Officials of the area see the name throughout.
 */
t.test('an employer sees 张* and the village until the laborer accepts', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const villageName = app.regions.fullName(village)
  const officer = tokenFor(app, 'county_officer', '140922')
  const employerId = employer(app)
  const boss = tokenFor(app, 'employer', String(employerId))
  const posting = job(app, employerId, { openings: 3 })
  const zhang = laborer(app, village, { name: '张秀英' })
  const li = laborer(app, village, { name: '李志强' })

  const propose = async (laborerId: number) => {
    const r = await call(app, officer, { method: 'POST', url: '/api/v1/matches', payload: { laborerId, jobId: posting.id } })
    t.equal(r.statusCode, 201)
    t.equal(r.body.laborerName, laborerId === zhang.id ? '张秀英' : '李志强', 'the official who proposes sees the name')
    return r.body.id as number
  }
  const zhangMatch = await propose(zhang.id)
  const liMatch = await propose(li.id)

  const listed = await call(app, boss, { method: 'GET', url: '/api/v1/matches' })
  t.equal(listed.statusCode, 200)
  t.same(
    listed.body.items.map((m: { laborerName: string; village: string }) => [m.laborerName, m.village]),
    [
      ['张**', villageName],
      ['李**', villageName],
    ],
  )
  t.notMatch(JSON.stringify(listed.body), /秀英|志强/, 'no given name anywhere in the list')
  t.equal((await call(app, boss, { method: 'GET', url: `/api/v1/matches/${zhangMatch}` })).body.match.laborerName, '张**')

  const candidates = await call(app, boss, { method: 'GET', url: `/api/v1/jobs/${posting.id}/candidates` })
  t.equal(candidates.statusCode, 200)
  t.notMatch(JSON.stringify(candidates.body), /秀英|志强/, 'candidates: family names only')
  t.ok(candidates.body.items.length > 0)
  t.ok(
    candidates.body.items.every((c: { idNumber: unknown; phone: unknown }) => c.idNumber === null && c.phone === null),
    'candidates: not even masked ID or phone digits for an employer',
  )
  const officialCandidates = await call(app, officer, { method: 'GET', url: `/api/v1/jobs/${posting.id}/candidates` })
  t.match(officialCandidates.body.items[0], { idNumber: /\*/, phone: /\*/ }, 'the area’s officials still see the masked digits')

  // The laborer says yes (recorded by the official): now the employer may know who.
  t.equal((await call(app, officer, { method: 'POST', url: `/api/v1/matches/${zhangMatch}/accept` })).statusCode, 200)
  const after = await call(app, boss, { method: 'GET', url: '/api/v1/matches' })
  t.same(
    after.body.items.map((m: { laborerName: string }) => m.laborerName),
    ['张秀英', '李**'],
  )
  const confirmed = await call(app, boss, { method: 'POST', url: `/api/v1/matches/${zhangMatch}/confirm` })
  t.equal(confirmed.body.match.laborerName, '张秀英')
  const declined = await call(app, boss, { method: 'POST', url: `/api/v1/matches/${liMatch}/decline`, payload: { reason: '人已招满' } })
  t.equal(declined.statusCode, 200)
  t.equal(declined.body.match.laborerName, '李**', 'declining a proposal reveals nobody')

  const official = await call(app, officer, { method: 'GET', url: '/api/v1/matches' })
  t.same(
    official.body.items.map((m: { laborerName: string }) => m.laborerName),
    ['张秀英', '李志强'],
  )
})

t.test('at a fair: check-in by ID card only, family names for the employer until accepted', async (t) => {
  const app = await testApp(t)
  const organizer = tokenFor(app, 'fair_organizer')
  const employerId = employer(app)
  const boss = tokenFor(app, 'employer', String(employerId))
  const posting = job(app, employerId, { openings: 2 })
  const village = villageIn(app, '140922')
  const zhang = laborer(app, village, { name: '张秀英' })
  const stranger = laborer(app, village, { name: '赵大勇' })

  const fair = await call(app, organizer, {
    method: 'POST',
    url: '/api/v1/fairs',
    payload: { name: '五台县春风行动招聘会', venue: '五台县人力资源市场', date: '2030-02-10', regionCode: '140922', jobIds: [posting.id] },
  })
  const fairId = fair.body.id
  const checkin = (payload: object) => call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/checkins`, payload })

  // A laborer id is never turned into a name: not accepted as a check-in at all.
  const byLaborerId = await checkin({ laborerId: stranger.id })
  t.equal(byLaborerId.statusCode, 400)
  t.notMatch(JSON.stringify(byLaborerId.body), /赵|大勇/)

  const byCard = await checkin({ idNumber: app.pii.decrypt(zhang.idCipher) })
  t.equal(byCard.statusCode, 201)
  t.same(byCard.body, { laborerId: zhang.id, name: '张**', village: app.regions.fullName(village), alreadyCheckedIn: false })

  await call(app, organizer, { method: 'PATCH', url: `/api/v1/fairs/${fairId}`, payload: { status: 'open' } })
  const round = await call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/rounds` })
  t.equal(round.statusCode, 200)
  t.same(
    round.body.proposed.map((m: { laborerId: number; laborerName: string }) => [m.laborerId, m.laborerName]),
    [[zhang.id, '张秀英']],
    'the organizer sees the name of someone checked in at the fair, and of nobody else',
  )
  const matchId = round.body.proposed[0].id

  const seen = await call(app, boss, { method: 'GET', url: `/api/v1/fairs/${fairId}/matches` })
  t.same(
    seen.body.map((m: { laborerName: string; village: string }) => [m.laborerName, m.village]),
    [['张**', app.regions.fullName(village)]],
  )
  t.equal((await call(app, organizer, { method: 'POST', url: `/api/v1/fairs/${fairId}/matches/${matchId}/accept`, payload: {} })).statusCode, 200)
  const confirmed = await call(app, boss, { method: 'POST', url: `/api/v1/fairs/${fairId}/matches/${matchId}/confirm`, payload: {} })
  t.equal(confirmed.body.laborerName, '张秀英')
})
