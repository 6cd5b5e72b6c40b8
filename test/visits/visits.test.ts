import { randomUUID } from 'node:crypto'
import t from 'tap'
import { call, testApp, tokenFor } from '../helpers'
import { laborer, villageIn } from '../matching/fixtures'
import { addDays, shanghaiToday } from '../../src/calendar'

const today = shanghaiToday()

t.test('visits: recorded once by clientId, bad dates name the field, out of area 404; the township table and village roster', async (t) => {
  const app = await testApp(t)
  const village = villageIn(app, '140922')
  const township = village.slice(0, 9)
  const agent = tokenFor(app, 'village_agent', village)
  const stranger = tokenFor(app, 'village_agent', villageIn(app, '140902'))
  const staff = tokenFor(app, 'township_staff', township)
  const otherStaff = tokenFor(app, 'township_staff', villageIn(app, '140902').slice(0, 9))
  const visited = laborer(app, village, { destinationWishes: ['jingjinji'] })
  const notVisited = laborer(app, village, { destinationWishes: [], availableFrom: null, povertyStatus: 'monitored' })
  laborer(app, village, { employmentStatus: 'local' })
  const url = `/api/v1/laborers/${visited.id}/visits`
  const clientId = randomUUID()
  const body = { visitDate: addDays(today, -3), method: 'home', outcome: 'difficulty', note: '家中老人生病', nextVisitDue: addDays(today, 10), clientId }

  const first = await call(app, agent, { method: 'POST', url, payload: body })
  t.equal(first.statusCode, 201)
  t.match(first.body, { laborerId: visited.id, methodLabel: '入户', outcomeLabel: '有困难', visitor: /test village_agent/, clientId })
  const again = await call(app, agent, { method: 'POST', url, payload: body })
  t.equal(again.statusCode, 200)
  t.same(again.body, first.body)
  const future = await call(app, agent, { method: 'POST', url, payload: { ...body, clientId: undefined, visitDate: addDays(today, 1) } })
  t.equal(future.statusCode, 400)
  t.equal(future.body.code, 'LL_VALIDATION')
  t.match(future.body.message, /body\.visitDate/)
  const dueBefore = await call(app, agent, { method: 'POST', url, payload: { ...body, clientId: undefined, nextVisitDue: addDays(today, -10) } })
  t.match(dueBefore.body.message, /body\.nextVisitDue/)
  t.equal((await call(app, stranger, { method: 'POST', url, payload: { ...body, clientId: randomUUID() } })).statusCode, 404)
  const list = await call(app, agent, { method: 'GET', url })
  t.equal(list.body.length, 1)

  const table = await call(app, staff, { method: 'GET', url: `/api/v1/townships/${township}/villages` })
  t.equal(table.statusCode, 200)
  const row = table.body.find((r: { villageCode: string }) => r.villageCode === village)
  t.match(row, { laborers: 3, employed: 1, employedPercent: 33.3, unemployedWantingWork: 1, monitored: 1, visitsOverdue: 2, villageName: String })
  t.ok(table.body.length > 1, 'every village of the township, with or without laborers')
  t.equal((await call(app, otherStaff, { method: 'GET', url: `/api/v1/townships/${township}/villages` })).statusCode, 404)
  t.equal((await call(app, agent, { method: 'GET', url: `/api/v1/townships/${township}/villages` })).statusCode, 403)

  const roster = await call(app, agent, { method: 'GET', url: `/api/v1/villages/${village}/laborers` })
  t.equal(roster.statusCode, 200)
  t.equal(roster.body.length, 3)
  const card = roster.body.find((r: { id: number }) => r.id === visited.id)
  t.match(card, { lastVisitDate: body.visitDate, visitOverdue: false, wantsWork: true, currentJob: null, idNumber: /\*/ })
  t.match(roster.body.find((r: { id: number }) => r.id === notVisited.id), { visitOverdue: true, wantsWork: false, lastVisitDate: null })
  t.match(roster.body.find((r: { employmentStatus: string }) => r.employmentStatus === 'local'), { currentJob: { form: 'local', verified: true } })
  t.equal((await call(app, stranger, { method: 'GET', url: `/api/v1/villages/${village}/laborers` })).statusCode, 404)
})
