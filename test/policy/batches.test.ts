import t from 'tap'
import { makeIdNumber } from '../../src/laborers/id-number'
import { readXlsx } from '../laborers/sheet-fixtures'
import { ADMIN, call, testApp, tokenFor } from '../helpers'
import { insertEmployer, insertLaborer, insertPlacement } from './fixtures'

const FANSHI = '140924'
const XINFU = '140902'
const RULE = 'transport-cross-province'

async function county(t: Parameters<typeof testApp>[0]) {
  const app = await testApp(t)
  const employerId = insertEmployer(app, { regionCode: '110105' })
  const people = Array.from({ length: 5 }, (_, i) => {
    const laborerId = insertLaborer(app, { countyCode: FANSHI, poverty: i === 4 ? 'ordinary' : 'poverty_alleviated' })
    const id = makeIdNumber(FANSHI, '1980-01-01', 'male', i + 1)
    app.sqlite.prepare('UPDATE laborers SET name = ?, id_cipher = ?, id_masked = ? WHERE id = ?').run(`张${'一二三四五'[i]}`, app.pii.encrypt(id), `1409**********${id.slice(-4)}`, laborerId)
    insertPlacement(app, { laborerId, employerId, homeCountyCode: FANSHI, travel: 'cross_province', startDate: '2022-04-01' })
    return { laborerId, id }
  })
  // Another county's laborer, due too: never in Fanshi's batch.
  const other = insertLaborer(app, { countyCode: XINFU })
  insertPlacement(app, { laborerId: other, employerId, homeCountyCode: XINFU, travel: 'cross_province', startDate: '2022-04-01' })
  return { app, people, other, officer: tokenFor(app, 'county_officer', FANSHI) }
}

t.test('a county officer sees who is due under a rule, approves them in one batch, and no second batch pays them again', async (t) => {
  const { app, people, other, officer } = await county(t)
  const rules = await call(app, officer, { method: 'GET', url: '/api/v1/subsidies/batches/rules' })
  t.ok(rules.body.some((r: any) => r.id === RULE && r.title === '出省打工路费补贴' && /跨省务工/.test(r.wording)))
  t.notOk(rules.body.some((r: any) => r.id === 'employer-reward-50'), 'only cash to laborers')

  const eligible = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/batches/eligible?ruleId=${RULE}&year=2022&asOf=2022-12-31` })
  t.equal(eligible.statusCode, 200)
  t.match(eligible.body, { rule: { id: RULE, section: '二(三)1②' }, area: FANSHI, areaName: '忻州市繁峙县', year: 2022, counts: { due: 4, not_eligible: 1 }, due: { people: 4, total: 3200 } })
  t.equal(eligible.body.lines.length, 5, 'only the county’s own people')
  t.notOk(eligible.body.lines.some((l: any) => l.laborerId === other))
  t.match(eligible.body.lines.find((l: any) => l.status === 'not_eligible').reasons[0], /脱贫劳动力/)
  t.notOk(JSON.stringify(eligible.body).includes(people[0].id), 'IDs masked')

  const bad = await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/batches', payload: { ruleId: 'employer-reward-50', year: 2022 } })
  t.equal(bad.statusCode, 400)
  const notDue = await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/batches', payload: { ruleId: RULE, year: 2022, asOf: '2022-12-31', laborerIds: [people[0].laborerId, people[4].laborerId] } })
  t.equal(notDue.statusCode, 409)
  t.equal(notDue.body.code, 'LL_NOT_DUE', 'one listed person is not due: nothing is granted')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM subsidy_grants').get() as any).n, 0)

  const first = await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/batches', payload: { ruleId: RULE, year: 2022, asOf: '2022-12-31', laborerIds: [people[0].laborerId, people[1].laborerId] } })
  t.equal(first.statusCode, 201)
  t.match(first.body, { area: FANSHI, status: 'approved', statusText: '已审批（待发放）', people: 2, total: 1600, rule: { title: '出省打工路费补贴' } })
  const rest = await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/batches', payload: { ruleId: RULE, year: 2022, asOf: '2022-12-31' } })
  t.equal(rest.statusCode, 201)
  t.match(rest.body, { people: 2, total: 1600 }, 'the rest of the due people, not the two paid')
  const again = await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/batches', payload: { ruleId: RULE, year: 2022, asOf: '2022-12-31' } })
  t.equal(again.statusCode, 409)
  t.equal(again.body.code, 'LL_NOT_DUE', 'nobody is left to pay')
  const twice = await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/batches', payload: { ruleId: RULE, year: 2022, asOf: '2022-12-31', laborerIds: [people[0].laborerId] } })
  t.equal(twice.statusCode, 409)

  const grants = app.sqlite.prepare('SELECT beneficiary_id AS id, batch_id AS batch, amount FROM subsidy_grants ORDER BY id').all() as any[]
  t.equal(grants.length, 4)
  t.same(new Set(grants.map((g) => g.batch)), new Set([first.body.id, rest.body.id]))
  const single = await call(app, ADMIN, { method: 'GET', url: `/api/v1/subsidies/laborers/${people[0].laborerId}?asOf=2022-12-31` })
  t.match(single.body.lines.find((l: any) => l.ruleId === RULE), { status: 'granted', amount: 800 }, 'the statement reads the batch grant')

  t.equal((await call(app, tokenFor(app, 'county_officer', XINFU), { method: 'GET', url: `/api/v1/subsidies/batches/${first.body.id}` })).statusCode, 404, 'another county’s batch is not found')
  t.equal((await call(app, tokenFor(app, 'township_staff', `${FANSHI}100`), { method: 'GET', url: '/api/v1/subsidies/batches' })).statusCode, 403)
  t.equal((await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/batches/eligible?ruleId=${RULE}&area=${XINFU}` })).statusCode, 404, 'another county’s area is not found')
  t.equal((await call(app, officer, { method: 'GET', url: '/api/v1/subsidies/batches' })).body.length, 2)
})

t.test('a batch cancelled before payment reverses its grants; a paid one stays', async (t) => {
  const { app, people, officer } = await county(t)
  const batch = (await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/batches', payload: { ruleId: RULE, year: 2022, asOf: '2022-12-31' } })).body
  t.equal(batch.people, 4)
  t.equal((await call(app, officer, { method: 'POST', url: `/api/v1/subsidies/batches/${batch.id}/cancel`, payload: {} })).statusCode, 400, 'a reason is needed')
  const cancelled = await call(app, officer, { method: 'POST', url: `/api/v1/subsidies/batches/${batch.id}/cancel`, payload: { reason: '名单有误，重新审批' } })
  t.equal(cancelled.statusCode, 200)
  t.match(cancelled.body, { status: 'cancelled', statusText: '已取消', cancelReason: '名单有误，重新审批', people: 4 })
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM subsidy_grants').get() as any).n, 0, 'grants reversed')
  t.same(app.sqlite.prepare("SELECT action, subject_id AS id, reason FROM audit_log WHERE action = 'cancel_subsidy_batch'").all(), [
    { action: 'cancel_subsidy_batch', id: String(batch.id), reason: '名单有误，重新审批' },
  ])
  const statement = await call(app, officer, { method: 'GET', url: `/api/v1/subsidies/laborers/${people[0].laborerId}?asOf=2022-12-31` })
  t.match(statement.body.lines.find((l: any) => l.ruleId === RULE), { status: 'due' }, 'due again')
  t.equal((await call(app, officer, { method: 'POST', url: `/api/v1/subsidies/batches/${batch.id}/paid` })).body.code, 'LL_BATCH_STATE')

  const anew = (await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/batches', payload: { ruleId: RULE, year: 2022, asOf: '2022-12-31' } })).body
  t.equal(anew.people, 4, 'the same people can be approved anew')
  const paid = await call(app, officer, { method: 'POST', url: `/api/v1/subsidies/batches/${anew.id}/paid` })
  t.match(paid.body, { status: 'paid', statusText: '已发放' })
  const late = await call(app, officer, { method: 'POST', url: `/api/v1/subsidies/batches/${anew.id}/cancel`, payload: { reason: '太晚了' } })
  t.equal(late.statusCode, 409)
  t.equal(late.body.code, 'LL_BATCH_STATE')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM subsidy_grants').get() as any).n, 4)
})

t.test('the payment roll: Chinese headers and values, masked IDs, a total row and signature lines; full IDs only with a reason, audited', async (t) => {
  const { app, people, officer } = await county(t)
  const batch = (await call(app, officer, { method: 'POST', url: '/api/v1/subsidies/batches', payload: { ruleId: RULE, year: 2022, asOf: '2022-12-31' } })).body
  const url = `/api/v1/subsidies/batches/${batch.id}/roll`
  const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${officer}` } })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-disposition'], /filename\*=UTF-8''%E5%8F%91%E6%94%BE%E8%8A%B1%E5%90%8D%E5%86%8C/)
  const rows = await readXlsx(response.rawPayload)
  t.equal(rows[0][0], '忻州市繁峙县2022年出省打工路费补贴发放花名册')
  t.match(rows[1][0], /发放批次 \d+　状态 已审批（待发放）　政策依据 忻州市方案二\(三\)1②：鼓励脱贫劳动力外出务工就业/)
  const head = rows.findIndex((r) => r[0] === '序号')
  t.same(rows[head], ['序号', '姓名', '身份证号码', '县（市、区）', '乡（镇）', '村', '补贴项目', '补贴期间', '金额（元）', '领取人签字', '备注'])
  const body = rows.slice(head + 1, head + 5)
  t.same(body.map((r) => r[1]), ['张一', '张二', '张三', '张四'])
  t.same(body.map((r) => r[2]), people.slice(0, 4).map((p) => `1409**********${p.id.slice(-4)}`), 'masked IDs')
  t.same(body.map((r) => [r[3], r[6], r[7], r[8]]), body.map(() => ['繁峙县', '出省打工路费补贴', '2022年度', '800']))
  t.ok(body.every((r) => r[5] !== '' && !/\d/.test(r[4] + r[5])), 'townships and villages by name')
  t.same(rows[head + 5].slice(0, 2), ['合计', '4 人次'])
  t.equal(rows[head + 5][8], '3200', 'the total row')
  t.ok(rows.some((r) => r[0] === '经办人签字：' && r.includes('审核人签字：')), 'signature lines')

  const csv = await app.inject({ method: 'GET', url: `${url}?format=csv`, headers: { authorization: `Bearer ${officer}` } })
  t.equal(csv.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 with BOM')
  t.match(csv.body, /序号,姓名,身份证号码,县（市、区）,乡（镇）,村,补贴项目,补贴期间,金额（元）,领取人签字,备注\r\n/)
  t.match(csv.body, /合计,4 人次,,,,,,,3200,,/)

  t.equal((await call(app, officer, { method: 'GET', url: `${url}?reveal=true` })).statusCode, 400)
  const full = await app.inject({ method: 'GET', url: `${url}?reveal=true&reason=${encodeURIComponent('银行代发核对')}`, headers: { authorization: `Bearer ${officer}` } })
  const fullRows = await readXlsx(full.rawPayload)
  t.same(fullRows.slice(head + 1, head + 5).map((r) => r[2]), people.slice(0, 4).map((p) => p.id), 'full IDs, as text')
  t.same(app.sqlite.prepare("SELECT subject_type AS type, reason FROM audit_log WHERE action = 'reveal_pii'").all(), [{ type: 'subsidy_batch', reason: '银行代发核对' }])
})
