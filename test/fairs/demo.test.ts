import t from 'tap'
import { call, testApp, tokenFor } from '../helpers'
import { board } from './board'

t.test('the demo city has a fair under way with a first round proposed', async (t) => {
  const app = await testApp(t, { seedDemo: true, demoLaborers: 600, demoJobs: 80 })
  const organizer = tokenFor(app, 'fair_organizer')
  const fairs = await call(app, organizer, { method: 'GET', url: '/api/v1/fairs' })
  t.equal(fairs.body.length, 1)
  const fair = fairs.body[0]
  t.match(fair, { status: 'open', rounds: 1, regionCode: '140902' })
  t.ok(fair.checkedIn > 0 && fair.jobIds.length > 0)
  const proposals = await call(app, organizer, { method: 'GET', url: `/api/v1/fairs/${fair.id}/matches` })
  t.ok(proposals.body.length > 0, `${proposals.body.length} proposals`)
  const events = await call(app, organizer, { method: 'GET', url: `/api/v1/fairs/${fair.id}/events` })
  t.equal(events.body.items.at(-1).type, 'round')
  const proposed = events.body.items.filter((e: any) => e.type === 'match.proposed')
  t.ok(proposed.length > 0)
  for (const e of proposed) {
    t.match(e.data.name, /^\S\*+$/, 'the board shows the family name only')
    t.ok(typeof e.data.title === 'string' && e.data.title.length > 0, 'and the posting’s title')
  }
  t.ok(events.body.items.filter((e: any) => e.type === 'checkin').every((e: any) => /^\S\*+$/.test(e.data.name)))

  // The wall board's link, with its key, for the server to print once.
  t.equal(app.demoLinks.length, 1)
  const [link] = app.demoLinks
  t.match(link.label, /招聘会大屏/)
  const key = decodeURIComponent(link.path.match(/^\/fair\/(\d+)#board=(.+)$/)![2])
  t.equal(link.path.startsWith(`/fair/${fair.id}#board=`), true)
  const ws = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')
  const wall = board(`${ws}/ws/fairs/${fair.id}`, ['laborlink.v1', `board.${key}`])
  await wall.until((f) => f.at(-1)?.type === 'round')
  t.pass('the printed key opens the wall board')
  wall.socket.close()
  const poster = await app.inject({ method: 'GET', url: `/api/v1/fairs/${fair.id}/poster` })
  t.same(poster.json(), { name: '忻府区春风行动专场招聘会', venue: '忻州市人力资源服务产业园', date: fair.date, status: 'open' }, 'the wall names the fair from its public poster')
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/fairs/9999/poster' })).statusCode, 404)
})
