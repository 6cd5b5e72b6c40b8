import { randomUUID } from 'node:crypto'
import t from 'tap'
import { call, testApp, tokenFor } from '../helpers'
import { laborer, villageIn } from '../matching/fixtures'

t.test('every change is in the laborer’s changes; poverty status: proposed by the agent, confirmed or rejected by the township', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const agent = tokenFor(app, 'village_agent', village)
  const staff = tokenFor(app, 'township_staff', village.slice(0, 9))
  const otherStaff = tokenFor(app, 'township_staff', villageIn(app, '140902').slice(0, 9))
  const person = laborer(app, village, { povertyStatus: 'ordinary' })

  const patched = await call(app, agent, { method: 'PATCH', url: `/api/v1/laborers/${person.id}`, payload: { phone: '13900001111', expectedWage: 6500 } })
  t.equal(patched.statusCode, 200)
  const changes = await call(app, agent, { method: 'GET', url: `/api/v1/laborers/${person.id}/changes` })
  t.match(changes.body, [
    { field: 'phone', fieldLabel: '联系电话', oldValue: /\*\*\*\*/, newValue: '139****1111', actor: /test village_agent/, via: 'edit' },
    { field: 'expectedWage', oldValue: '5000', newValue: '6500' },
  ])
  t.notMatch(JSON.stringify(changes.body), /13900001111/, 'the phone is masked')

  const direct = await call(app, agent, { method: 'PATCH', url: `/api/v1/laborers/${person.id}`, payload: { povertyStatus: 'monitored' } })
  t.equal(direct.statusCode, 403)
  t.equal(direct.body.code, 'LL_FORBIDDEN')

  const clientId = randomUUID()
  const proposal = { toStatus: 'monitored', reason: '家庭成员重病，收入骤减', clientId }
  const made = await call(app, agent, { method: 'POST', url: `/api/v1/laborers/${person.id}/poverty-proposals`, payload: proposal })
  t.equal(made.statusCode, 201)
  t.match(made.body, { status: 'pending', fromStatus: 'ordinary', toStatus: 'monitored' })
  const again = await call(app, agent, { method: 'POST', url: `/api/v1/laborers/${person.id}/poverty-proposals`, payload: proposal })
  t.equal(again.statusCode, 200)
  t.equal(again.body.id, made.body.id)

  const queue = await call(app, staff, { method: 'GET', url: '/api/v1/poverty-proposals?status=pending' })
  t.same(queue.body.map((p: { id: number }) => p.id), [made.body.id])
  t.same((await call(app, otherStaff, { method: 'GET', url: '/api/v1/poverty-proposals?status=pending' })).body, [])
  t.equal((await call(app, otherStaff, { method: 'POST', url: `/api/v1/poverty-proposals/${made.body.id}/confirm` })).body.code, 'LL_PROPOSAL_NOT_FOUND')
  t.equal((await call(app, agent, { method: 'POST', url: `/api/v1/poverty-proposals/${made.body.id}/confirm` })).statusCode, 403)

  const confirmed = await call(app, staff, { method: 'POST', url: `/api/v1/poverty-proposals/${made.body.id}/confirm` })
  t.equal(confirmed.statusCode, 200)
  t.equal(confirmed.body.status, 'confirmed')
  const after = await call(app, agent, { method: 'GET', url: `/api/v1/laborers/${person.id}` })
  t.equal(after.body.povertyStatus, 'monitored')
  const last = (await call(app, agent, { method: 'GET', url: `/api/v1/laborers/${person.id}/changes` })).body.at(-1)
  t.match(last, { field: 'povertyStatus', oldValue: 'ordinary', newValue: 'monitored', via: 'poverty_proposal', actor: /test township_staff/ })
  const reject = await call(app, staff, { method: 'POST', url: `/api/v1/poverty-proposals/${made.body.id}/reject`, payload: { note: '重复' } })
  t.equal(reject.statusCode, 409)
  t.equal(reject.body.code, 'LL_PROPOSAL_STATE')

  const second = await call(app, agent, { method: 'POST', url: `/api/v1/laborers/${person.id}/poverty-proposals`, payload: { toStatus: 'ordinary', reason: '已稳定脱险' } })
  const rejected = await call(app, staff, { method: 'POST', url: `/api/v1/poverty-proposals/${second.body.id}/reject`, payload: { note: '收入未达标' } })
  t.match(rejected.body, { status: 'rejected', decisionNote: '收入未达标' })
  t.equal((await call(app, agent, { method: 'GET', url: `/api/v1/laborers/${person.id}` })).body.povertyStatus, 'monitored')

  // Township staff change it directly, and that is recorded too.
  const direct2 = await call(app, staff, { method: 'PATCH', url: `/api/v1/laborers/${person.id}`, payload: { povertyStatus: 'poverty_alleviated' } })
  t.equal(direct2.statusCode, 200)
  t.match((await call(app, staff, { method: 'GET', url: `/api/v1/laborers/${person.id}/changes` })).body.at(-1), { field: 'povertyStatus', newValue: 'poverty_alleviated', via: 'edit' })
})
