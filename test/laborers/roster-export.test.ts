import t from 'tap'
import { call, tokenFor, testApp } from '../helpers'
import { laborerBody, villagesOf } from './fixtures'
import { readXlsx } from './sheet-fixtures'

t.setTimeout(600_000)

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

t.test('roster export: Chinese headers and values, masked unless revealed (audited); export → import changes nothing', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const officer = tokenFor(app, 'county_officer', '140922')
  const people = [
    laborerBody(v.a),
    laborerBody(v.sameTownship, { employmentStatus: 'cross_province', destinationWishes: ['greater_bay'], certificates: [] }),
    laborerBody(v.sameCounty, { povertyStatus: 'monitored', skills: [], trainingWishes: [], expectedWage: null, availableFrom: null }),
    laborerBody(v.otherCounty),
  ]
  const ndjson = people.map((p) => JSON.stringify(p)).join('\n')
  const loaded = await call(app, tokenFor(app, 'city_admin'), { method: 'POST', url: '/api/v1/laborers/import', headers: { 'content-type': 'application/x-ndjson' }, payload: ndjson })
  t.match(loaded.body, { inserted: 4 })
  const get = (query: string) => app.inject({ method: 'GET', url: `/api/v1/laborers/roster${query}`, headers: { authorization: `Bearer ${officer}` } })

  const masked = await get('')
  t.equal(masked.statusCode, 200)
  t.match(masked.headers['content-type'], /spreadsheetml/)
  const rows = await readXlsx(masked.rawPayload)
  t.match(rows[0][0], /^忻州市五台县农村劳动力花名册/)
  t.same(rows[1].slice(0, 9), ['序号', '县（市、区）', '乡（镇）', '村', '姓名', '性别', '身份证号码', '联系电话', '人口类型'])
  t.equal(rows.length, 5, 'title, header and the county’s three people (not the other county’s)')
  t.match(rows[2].slice(0, 15), ['1', '五台县', /./, /./, people[0].name, /^[男女]$/, /^\d{4}\*+\d{4}$/, /^\d{3}\*{4}\d{4}$/, '脱贫户', '未就业', '', '瓦工(5年)', '砌筑工(中级)', '电工', '省外、京津冀'])
  t.match(rows[3].slice(8, 11), ['脱贫户', '已就业', '省外务工'])
  t.notOk(masked.body.includes(people[0].idNumber), 'no full ID unless revealed')

  const noReason = await get('?reveal=true')
  t.equal(noReason.statusCode, 400)
  const outside = await get(`?area=${v.otherCounty.slice(0, 6)}`)
  t.equal(outside.statusCode, 404, 'another county is not found')

  const revealed = await get('?reveal=true&reason=%E5%8F%B0%E8%B4%A6%E6%A0%B8%E5%AF%B9')
  t.equal(revealed.statusCode, 200)
  const audit = app.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE subject_type = 'roster' AND subject_id = '140922'").get() as { n: number }
  t.equal(audit.n, 1, 'the reveal is audit-logged')
  const before = app.sqlite.prepare('SELECT * FROM laborers ORDER BY id').all()
  const events = (app.sqlite.prepare('SELECT count(*) AS n FROM employment_events').get() as { n: number }).n
  const again = await call(app, officer, { method: 'POST', url: '/api/v1/laborers/import', headers: { 'content-type': XLSX }, payload: revealed.rawPayload })
  t.match(again.body, { rows: 3, inserted: 0, updated: 0, unchanged: 3, badCount: 0 }, JSON.stringify(again.body.bad))
  t.same(app.sqlite.prepare('SELECT * FROM laborers ORDER BY id').all(), before, 'export → import changes nothing')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM employment_events').get() as { n: number }).n, events)

  const csv = await get('?format=csv&reveal=true&reason=%E6%A0%B8%E5%AF%B9')
  t.equal(csv.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 with BOM')
  t.match(csv.body, /姓名,性别,身份证号码/)
  const viaCsv = await call(app, officer, { method: 'POST', url: '/api/v1/laborers/import', headers: { 'content-type': 'text/csv' }, payload: csv.rawPayload })
  t.match(viaCsv.body, { rows: 3, inserted: 0, updated: 0, unchanged: 3, badCount: 0 }, JSON.stringify(viaCsv.body.bad))
})
