import { randomUUID } from 'node:crypto'
import t from 'tap'
import { call, testApp, tokenFor } from '../helpers'
import { employer, job, laborer, villageIn } from '../matching/fixtures'
import { addDays, shanghaiToday } from '../../src/calendar'

const today = shanghaiToday()
const lastMonth = addDays(today, -30)

t.test('a self-found job: recorded once, status follows, ended, verified, out of area 404', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const township = village.slice(0, 9)
  const agent = tokenFor(app, 'village_agent', village)
  const stranger = tokenFor(app, 'village_agent', villageIn(app, '140902'))
  const staff = tokenFor(app, 'township_staff', township)
  const person = laborer(app, village)
  // Registered long ago: a job back-dated to last month follows the registration in the timeline.
  app.sqlite.prepare('UPDATE employment_events SET effective_date = ? WHERE laborer_id = ?').run(addDays(today, -365), person.id)
  const other = laborer(app, village)
  const url = `/api/v1/laborers/${person.id}/employments`
  const clientId = randomUUID()
  const body = { form: 'cross_province', startDate: lastMonth, placeCode: '110105', source: 'family_reported', employerName: '北京某物业公司', monthlyIncome: 5200, clientId }

  const first = await call(app, agent, { method: 'POST', url, payload: body })
  t.equal(first.statusCode, 201)
  t.match(first.body, { laborerId: person.id, form: 'cross_province', formLabel: '省外务工', partnerArea: 'jingjinji', placeName: /北京市朝阳区/, source: 'family_reported', selfFound: true, verified: false, endDate: null, clientId })
  const again = await call(app, agent, { method: 'POST', url, payload: body })
  t.equal(again.statusCode, 200, 'the same clientId again: the first answer')
  t.same(again.body, first.body)
  const reused = await call(app, agent, { method: 'POST', url: `/api/v1/laborers/${other.id}/employments`, payload: body })
  t.equal(reused.statusCode, 409)
  t.equal(reused.body.code, 'LL_CLIENT_ID_REUSED')

  const read = (id: number) => app.sqlite.prepare('SELECT employment_status FROM laborers WHERE id = ?').pluck().get(id)
  t.equal(read(person.id), 'cross_province', 'the status follows the open record')
  t.equal(app.sqlite.prepare('SELECT count(*) FROM employment_records WHERE laborer_id = ?').pluck().get(person.id), 1)
  const timeline = await call(app, agent, { method: 'GET', url: `/api/v1/laborers/${person.id}/timeline` })
  t.match(timeline.body.at(-1), { fromStatus: 'unemployed', toStatus: 'cross_province', effectiveDate: lastMonth })

  // Out of area: the laborer and the record are as absent as ones that do not exist.
  t.equal((await call(app, stranger, { method: 'POST', url, payload: { ...body, clientId: randomUUID() } })).body.code, 'LL_LABORER_NOT_FOUND')
  t.equal((await call(app, stranger, { method: 'GET', url: `/api/v1/employments/${first.body.id}` })).body.code, 'LL_EMPLOYMENT_NOT_FOUND')
  const strangerEnd = await call(app, stranger, { method: 'POST', url: `/api/v1/employments/${first.body.id}/end`, payload: { endDate: today, reason: 'quit' } })
  t.equal(strangerEnd.statusCode, 404)
  t.equal(strangerEnd.body.code, 'LL_EMPLOYMENT_NOT_FOUND')

  // The township's queue, and verification by township staff only.
  const queue = await call(app, staff, { method: 'GET', url: '/api/v1/employments/unverified' })
  t.same(queue.body.map((r: { id: number }) => r.id), [first.body.id])
  t.match(queue.body[0], { laborerName: person.name, villageName: app.regions.get(village)!.name }, 'the queue says whose job it is and from which village')
  t.equal((await call(app, agent, { method: 'POST', url: `/api/v1/employments/${first.body.id}/verify` })).statusCode, 403)
  const verified = await call(app, staff, { method: 'POST', url: `/api/v1/employments/${first.body.id}/verify` })
  t.match(verified.body, { verified: true, verifiedAt: String })
  t.same((await call(app, staff, { method: 'GET', url: '/api/v1/employments/unverified' })).body, [])

  // Ending it.
  const endUrl = `/api/v1/employments/${first.body.id}/end`
  const tooEarly = await call(app, agent, { method: 'POST', url: endUrl, payload: { endDate: addDays(lastMonth, -1), reason: 'quit' } })
  t.equal(tooEarly.statusCode, 400)
  t.equal(tooEarly.body.code, 'LL_VALIDATION')
  t.match(tooEarly.body.message, /body\.endDate.*早于/)
  const future = await call(app, agent, { method: 'POST', url: endUrl, payload: { endDate: addDays(today, 2), reason: 'quit' } })
  t.equal(future.statusCode, 400)
  t.match(future.body.message, /body\.endDate/)
  const endId = randomUUID()
  const ended = await call(app, agent, { method: 'POST', url: endUrl, payload: { endDate: today, reason: 'unpaid_wages', clientId: endId } })
  t.equal(ended.statusCode, 200)
  t.match(ended.body, { endDate: today, endReason: 'unpaid_wages', endReasonLabel: '欠薪', endClientId: endId })
  t.equal(read(person.id), 'unemployed')
  const endAgain = await call(app, agent, { method: 'POST', url: endUrl, payload: { endDate: today, reason: 'unpaid_wages', clientId: endId } })
  t.equal(endAgain.statusCode, 200)
  t.same(endAgain.body, ended.body, 'the same end sent twice is recorded once')
  const sameEnd = await call(app, agent, { method: 'POST', url: endUrl, payload: { endDate: today, reason: 'unpaid_wages' } })
  t.equal(sameEnd.statusCode, 200, 'the same date and reason: nothing to change')
  const conflict = await call(app, agent, { method: 'POST', url: endUrl, payload: { endDate: addDays(today, -1), reason: 'quit', clientId: randomUUID() } })
  t.equal(conflict.statusCode, 409)
  t.equal(conflict.body.code, 'LL_EMPLOYMENT_ENDED')
  const list = await call(app, agent, { method: 'GET', url })
  t.equal(list.body.length, 1)
  t.equal(list.body[0].endDate, today)
})

t.test('bad input names the field; a verifier’s own record is verified at once', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140902')
  const staff = tokenFor(app, 'township_staff', village.slice(0, 9))
  const person = laborer(app, village)
  const url = `/api/v1/laborers/${person.id}/employments`
  const base = { form: 'local', startDate: lastMonth, placeCode: village.slice(0, 6), source: 'self_reported' }
  const post = (payload: Record<string, unknown>) => call(app, staff, { method: 'POST', url, payload: { ...base, ...payload } })

  const inXinzhou = await post({ form: 'cross_province', placeCode: '140902' })
  t.equal(inXinzhou.statusCode, 400)
  t.equal(inXinzhou.body.code, 'LL_VALIDATION')
  t.match(inXinzhou.body.message, /body\.form.*省外务工.*省内/)
  const inHome = await post({ form: 'in_province' })
  t.match(inHome.body.message, /body\.form.*县内务工/)
  const localAway = await post({ form: 'local', placeCode: '140922' })
  t.match(localAway.body.message, /body\.form.*不在本人户籍所在县内/)
  const tomorrow = await post({ startDate: addDays(today, 1) })
  t.equal(tomorrow.statusCode, 400)
  t.match(tomorrow.body.message, /body\.startDate/)
  const nowhere = await post({ placeCode: '999999' })
  t.match(nowhere.body.message, /body\.placeCode/)
  const unknownEmployer = await post({ employerId: 999 })
  t.equal(unknownEmployer.body.code, 'LL_EMPLOYER_NOT_FOUND')

  const ok = await post({ form: 'flexible', placeCode: '140902' })
  t.equal(ok.statusCode, 201)
  t.match(ok.body, { verified: true, form: 'flexible', partnerArea: 'local' })
  t.equal(app.sqlite.prepare('SELECT employment_status FROM laborers WHERE id = ?').pluck().get(person.id), 'local', '灵活就业 counts as local work')
})

t.test('a placement is an employment record; ending it closes the placement and the laborer can be placed again', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const officer = tokenFor(app, 'county_officer', '140922')
  const builderId = employer(app)
  const builder = tokenFor(app, 'employer', String(builderId))
  const site = job(app, builderId, { openings: 2, startDate: lastMonth })
  const person = laborer(app, village)

  const place = async (jobId: number) => {
    const m = await call(app, officer, { method: 'POST', url: '/api/v1/matches', payload: { laborerId: person.id, jobId } })
    t.equal(m.statusCode, 201, `proposed: ${JSON.stringify(m.body)}`)
    await call(app, officer, { method: 'POST', url: `/api/v1/matches/${m.body.id}/accept` })
    t.equal((await call(app, builder, { method: 'POST', url: `/api/v1/matches/${m.body.id}/confirm` })).statusCode, 200)
    const placed = await call(app, officer, { method: 'POST', url: `/api/v1/matches/${m.body.id}/place`, payload: { startDate: lastMonth } })
    t.equal(placed.statusCode, 200)
    return placed.body.placement as { id: number }
  }
  const placement = await place(site.id)
  const records = (await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${person.id}/employments` })).body
  t.equal(records.length, 1)
  t.match(records[0], { source: 'placement', placementId: placement.id, form: 'cross_province', employerId: builderId, employerName: '北京建工集团', verified: true, placeCode: '110105' })

  const blocked = await call(app, officer, { method: 'POST', url: '/api/v1/matches', payload: { laborerId: person.id, jobId: job(app, builderId).id } })
  t.equal(blocked.statusCode, 409, 'placed: not matched again')

  const ended = await call(app, officer, { method: 'POST', url: `/api/v1/employments/${records[0].id}/end`, payload: { endDate: today, reason: 'contract_ended' } })
  t.equal(ended.statusCode, 200)
  t.equal(app.sqlite.prepare('SELECT end_date FROM placements WHERE id = ?').pluck().get(placement.id), today, 'the placement is closed')
  t.equal(app.sqlite.prepare('SELECT employment_status FROM laborers WHERE id = ?').pluck().get(person.id), 'unemployed')

  const second = await place(job(app, builderId, { startDate: lastMonth, title: '天津项目招瓦工' }).id)
  t.ok(second.id > placement.id, 'placed again after the job ended')
})

t.test('registered as employed: a registry record; a status typed in ends and opens records', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140902')
  const agent = tokenFor(app, 'village_agent', village)
  const person = laborer(app, village, { employmentStatus: 'in_province' })
  const records = () => app.sqlite.prepare('SELECT form, source, end_date AS endDate FROM employment_records WHERE laborer_id = ? ORDER BY id').all(person.id)
  t.same(records(), [{ form: 'in_province', source: 'registry', endDate: null }])
  const patched = await call(app, agent, { method: 'PATCH', url: `/api/v1/laborers/${person.id}`, payload: { employmentStatus: 'local', statusDate: today } })
  t.equal(patched.statusCode, 200)
  t.equal(patched.body.employmentStatus, 'local')
  t.same(records(), [
    { form: 'in_province', source: 'registry', endDate: today },
    { form: 'local', source: 'registry', endDate: null },
  ])
  await call(app, agent, { method: 'PATCH', url: `/api/v1/laborers/${person.id}`, payload: { employmentStatus: 'unemployed' } })
  t.equal(app.sqlite.prepare('SELECT count(*) FROM employment_records WHERE laborer_id = ? AND end_date IS NULL').pluck().get(person.id), 0)
})

t.test('a job held since before the laborer’s latest status change is their status now, in the reports too', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const agent = tokenFor(app, 'village_agent', village)
  const person = laborer(app, village) // registered today, unemployed
  const answer = await call(app, agent, {
    method: 'POST',
    url: `/api/v1/laborers/${person.id}/employments`,
    payload: { form: 'local', startDate: addDays(today, -400), placeCode: '140922', source: 'self_reported' },
  })
  t.equal(answer.statusCode, 201)
  const timeline = (await call(app, agent, { method: 'GET', url: `/api/v1/laborers/${person.id}/timeline` })).body
  t.match(timeline.at(-1), { toStatus: 'local', effectiveDate: today }, 'dated no earlier than the registration it follows')
  const county = tokenFor(app, 'county_officer', '140922')
  const progress = (await call(app, county, { method: 'GET', url: '/api/v1/reports/progress?period=month' })).body
  const local = progress.rows.find((r: { category: string; group: string }) => r.category === 'local' && r.group === 'all')
  t.equal(local.count, 1, 'counted as employed now')
})
