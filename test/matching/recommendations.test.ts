import t from 'tap'
import { call, testApp, tokenFor } from '../helpers'
import { employer, job, laborer, villageIn } from './fixtures'

t.test('recommendations for a laborer and candidates for a posting, scored and scoped', async (t) => {
  const app = await testApp(t)
  const wutai = villageIn(app, '140922')
  const agent = tokenFor(app, 'village_agent', wutai)
  const outsider = tokenFor(app, 'village_agent', villageIn(app, '140902'))
  const builderId = employer(app)
  const builder = tokenFor(app, 'employer', String(builderId))
  const rival = tokenFor(app, 'employer', String(employer(app, '另一家公司')))

  const branded = job(app, builderId, { title: '五台瓦工专场 北京项目', laborBrand: 'wutai_wagong', wageMin: 300, wageMax: 350 })
  const plain = job(app, builderId, { title: '北京项目招泥瓦工', occupation: '泥瓦工', wageMin: 200, wageMax: 220 })
  const needsCert = job(app, builderId, { title: '北京电工', occupation: '电工', certificatesRequired: [{ name: '电工证', tier: 1 }] })
  const general = job(app, builderId, { title: '北京物流园普工', occupation: '普工', skillTags: [], wageMin: 5500, wageMax: 6000, wageUnit: 'month' })
  const shanghai = job(app, builderId, { title: '上海瓦工', provinceCode: '31', cityCode: '3101', countyCode: null, partnerArea: 'yangtze_delta' })
  await app.jobSearch.engine.settle()

  const mason = laborer(app, wutai)
  const res = await call(app, agent, { method: 'GET', url: `/api/v1/laborers/${mason.id}/recommendations?limit=10` })
  t.equal(res.statusCode, 200)
  const ids = res.body.items.map((i: { jobId: number }) => i.jobId)
  t.equal(ids[0], branded.id, 'the branded posting with the best wage comes first')
  t.ok(ids.includes(plain.id), '泥瓦工 is found for a 瓦工 (synonym)')
  t.ok(ids.includes(general.id), 'general postings are candidates too')
  t.notOk(ids.includes(needsCert.id), 'a posting needing a certificate the laborer lacks is left out')
  t.notOk(ids.includes(shanghai.id), 'a destination the laborer does not want is filtered out')
  const top = res.body.items[0]
  t.match(top.explanation, /劳务品牌：五台瓦工/)
  t.match(top, { scoreVersion: 0, priority: 15, employerName: '北京建工集团' })
  const scores = res.body.items.map((i: { score: number }) => i.score)
  t.same(scores, [...scores].sort((a: number, b: number) => b - a), 'best first')
  t.equal((await call(app, outsider, { method: 'GET', url: `/api/v1/laborers/${mason.id}/recommendations` })).statusCode, 404)
  t.equal((await call(app, agent, { method: 'GET', url: '/api/v1/laborers/999999/recommendations' })).statusCode, 404)

  // Candidates for a posting.
  const ordinary = laborer(app, wutai, { povertyStatus: 'ordinary' })
  laborer(app, wutai, { skills: [{ occupation: '月嫂', tags: [], years: 3 }] })
  laborer(app, wutai, { destinationWishes: ['local'] })
  const elsewhere = laborer(app, villageIn(app, '140902'))
  const seen = await call(app, agent, { method: 'GET', url: `/api/v1/jobs/${branded.id}/candidates` })
  t.equal(seen.statusCode, 200)
  const seenIds = seen.body.items.map((c: { laborerId: number }) => c.laborerId)
  t.same(seenIds, [mason.id, ordinary.id], 'only the two masons willing to go, priority first on equal fit; not the 月嫂 nor the stay-at-home')
  t.notOk(seenIds.includes(elsewhere.id), 'nobody outside the agent’s village')
  t.match(seen.body.items[0], { idNumber: /^1409\*+\d{3}[\dX]$/, phone: /^138\*{4}\d{4}$/, name: mason.name })
  const forBuilder = await call(app, builder, { method: 'GET', url: `/api/v1/jobs/${branded.id}/candidates` })
  t.equal(forBuilder.statusCode, 200)
  t.ok(forBuilder.body.items.some((c: { laborerId: number }) => c.laborerId === elsewhere.id), 'an employer sees the whole city')
  t.ok(forBuilder.body.items.every((c: { name: string }) => /^.\*+$/.test(c.name)), 'names masked for employers')
  t.equal((await call(app, rival, { method: 'GET', url: `/api/v1/jobs/${branded.id}/candidates` })).statusCode, 404)
})
