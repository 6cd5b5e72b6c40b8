import t from 'tap'
import { checkJob } from '../../src/jobs/model'
import { insertJobsUnindexed } from '../../src/jobs/queries'
import { candidateCap, rebuildFts } from '../../src/search/queries'
import { employer, jobBody, today } from '../jobs/fixtures'
import { testApp } from '../helpers'

t.test('popular words: the newest matches are ranked, total and facets estimated', async (t) => {
  const app = await testApp(t)
  const e = employer(app)
  const ctx = { regionLevel: (c: string) => app.regions.get(c)?.level, cityCode: '1409', today: today() }
  const rows = []
  for (let i = 0; i < 600; i++) {
    // Every fourth posting is in 天津 (jingjinji), the rest in 苏州; ten have the word only in the description.
    const tianjin = i % 4 === 0
    const descriptionOnly = i % 60 === 0
    const body = jobBody({
      title: descriptionOnly ? `仓库管理 ${i}` : `电子厂普工 ${i}`,
      occupation: descriptionOnly ? '仓管' : '普工',
      description: descriptionOnly ? '兼做普工' : '长白班',
      skillTags: [],
      regionCode: tianjin ? '120104' : '320505',
    })
    const checked = checkJob(body as never, ctx)
    if (!checked.ok) throw new Error(checked.reason)
    rows.push({ ...checked.content, employerId: e.id, source: 'feed', externalId: String(i) })
  }
  insertJobsUnindexed(app.db, rows)
  rebuildFts(app.db)
  t.ok(rows.length > candidateCap)

  const res = await app.jobSearch.search({ q: '普工', limit: 20 })
  t.equal(res.estimated, true)
  t.ok(Math.abs(res.total - 600) <= 60, `total ${res.total} ≈ 600`)
  t.ok(Math.abs(res.facets.partnerArea.jingjinji - 150) <= 40, `jingjinji ≈ 150: ${res.facets.partnerArea.jingjinji}`)
  t.equal(res.hits.length, 20)
  t.ok(res.hits.every((h) => h.title.startsWith('电子厂普工')), 'title matches rank above description-only ones')

  const deep = await app.jobSearch.search({ q: '普工', offset: 240, limit: 20 })
  t.equal(deep.hits.length, 20, 'pages beyond the candidates still fill')
  const tianjin = await app.jobSearch.search({ q: '普工', filters: { partnerAreas: ['jingjinji'] }, limit: 50 })
  t.ok(tianjin.hits.every((h) => h.partnerArea === 'jingjinji'))
  t.equal(tianjin.estimated, false, '150 filtered matches fit the candidates: exact')
  t.equal(tianjin.total, 150)
  const browse = await app.jobSearch.search({ q: '', limit: 5 })
  t.equal(browse.estimated, true)
  t.ok(Math.abs(browse.total - 600) <= 60, `filter-only total ${browse.total} ≈ 600`)
  t.same(browse.hits.map((h) => h.title), ['电子厂普工 599', '电子厂普工 598', '电子厂普工 597', '电子厂普工 596', '电子厂普工 595'])
  const exact = await app.jobSearch.search({ q: '普工', sort: 'wage', limit: 5 })
  t.match(exact, { estimated: false, total: 600 }, 'sorting by wage counts every match')
})

t.test('an empty index (after a migration recreates it) is rebuilt at start', async (t) => {
  const first = await testApp(t)
  const e = employer(first)
  const checked = checkJob(jobBody({ title: '天津建筑瓦工' }) as never, { regionLevel: (c) => first.regions.get(c)?.level, cityCode: '1409', today: today() })
  if (!checked.ok) throw new Error(checked.reason)
  insertJobsUnindexed(first.db, [{ ...checked.content, employerId: e.id, source: 'feed', externalId: 'x' }])
  t.equal((await first.jobSearch.search({ q: '瓦工' })).total, 0, 'loaded without indexing')
  await first.close()
  const second = await testApp(t, { dataDir: first.config.dataDir })
  t.equal((await second.jobSearch.search({ q: 'wagong' })).total, 1)
})
