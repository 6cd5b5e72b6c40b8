import t from 'tap'
import { employmentRecords, type NewEmploymentRecord } from '../../src/employments/schema'
import { makeIdNumber } from '../../src/laborers/id-number'
import { readXlsx } from '../laborers/sheet-fixtures'
import { insertLaborer } from '../policy/fixtures'
import { ADMIN, call, testApp, tokenFor } from '../helpers'

const FANSHI = '140924'
const XINFU = '140902'

async function city(t: Parameters<typeof testApp>[0]) {
  const app = await testApp(t)
  const now = Date.now()
  const person = (county: string, name: string, n: number) => {
    const id = insertLaborer(app, { countyCode: county })
    const idNumber = makeIdNumber(county, '1988-08-08', 'male', n)
    app.sqlite.prepare('UPDATE laborers SET name = ?, id_cipher = ?, id_masked = ? WHERE id = ?').run(name, app.pii.encrypt(idNumber), `1409**********${idNumber.slice(-4)}`, id)
    const row = app.sqlite.prepare('SELECT village_code AS v FROM laborers WHERE id = ?').get(id) as { v: string }
    return { id, idNumber, village: row.v }
  }
  const record = (p: { id: number; village: string }, r: Partial<NewEmploymentRecord> & Pick<NewEmploymentRecord, 'form' | 'startDate' | 'source'>) =>
    app.db
      .insert(employmentRecords)
      .values({ laborerId: p.id, villageCode: p.village, townshipCode: p.village.slice(0, 9), countyCode: p.village.slice(0, 6), createdAt: now, updatedAt: now, ...r })
      .run()
  const wang = person(FANSHI, '王建国', 1)
  const li = person(FANSHI, '李秀英', 2)
  const zhao = person(FANSHI, '赵小红', 3)
  const other = person(XINFU, '刘德华', 4)
  record(wang, { form: 'cross_province', source: 'placement', startDate: '2026-10-01', placeCode: '110105', employerName: '北京家政服务有限公司', monthlyIncome: 6500 })
  record(li, { form: 'flexible', source: 'self_reported', startDate: '2026-11-05', employerName: '个体（送外卖）' })
  record(zhao, { form: 'local', source: 'agent_reported', startDate: '2026-09-01', endDate: '2026-11-20', endReason: 'quit', verifiedAt: now, employerName: '繁峙县某砖厂' })
  record(zhao, { form: 'local', source: 'agent_reported', startDate: '2026-08-01', endDate: '2026-10-31', endReason: 'contract_ended', employerName: '已结束的' })
  record(li, { form: 'workshop', source: 'workshop', startDate: '2026-12-02', employerName: '还没开始的' })
  record(other, { form: 'public_welfare_post', source: 'welfare_post', startDate: '2026-01-01', employerName: '忻府区护林员' })
  return { app, wang, li, zhao, other, officer: tokenFor(app, 'county_officer', FANSHI) }
}

t.test('the month’s ledger lists every employment record of the area open in the month, in Chinese, as CSV with BOM', async (t) => {
  const { app, wang, officer } = await city(t)
  const res = await app.inject({ method: 'GET', url: '/api/v1/reports/ledger?month=2026-11&format=csv', headers: { authorization: `Bearer ${officer}` } })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/csv/)
  t.match(res.headers['content-disposition'], /filename\*=UTF-8''%E5%B0%B1%E4%B8%9A%E5%8F%B0%E8%B4%A6/)
  t.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 with BOM, so Excel opens it')
  const lines = res.body.replace(/^\ufeff/, '').trim().split('\r\n')
  t.equal(lines[0], '忻州市繁峙县2026年11月农村劳动力就业台账')
  t.match(lines[1], /^统计期间 2026-11-01 至 2026-11-30/)
  t.equal(lines[2], '序号,县（市、区）,乡（镇）,村,姓名,性别,身份证号码,人口类型,就业形式,务工地点,务工单位,开始日期,结束日期,结束原因,月收入（元）,本月情况,信息来源,核实情况')
  const rows = lines.slice(3, -1).map((l) => l.split(','))
  t.same(rows.map((r) => r[4]).sort(), ['李秀英', '王建国', '赵小红'].sort(), 'only records open in November, only this county')
  const by = (name: string) => rows.find((r) => r[4] === name)!
  t.same(by('王建国').slice(5, 18), ['男', `1409**********${wang.idNumber.slice(-4)}`, '脱贫户', '省外务工', '北京市朝阳区', '北京家政服务有限公司', '2026-10-01', '', '', '6500', '持续在岗', '平台安置', '已核实'])
  t.same(by('李秀英').slice(8, 18), ['灵活就业', '', '个体（送外卖）', '2026-11-05', '', '', '', '本月新增', '本人报告', '待核实'])
  t.same(by('赵小红').slice(8, 18), ['县内务工', '', '繁峙县某砖厂', '2026-09-01', '2026-11-20', '主动离职', '', '本月结束', '村专员走访了解', '已核实'])
  t.ok(rows.every((r) => r[1] === '繁峙县' && r[2] !== '' && !/\d/.test(r[2] + r[3])), 'places by name')
  t.equal(lines.at(-1), '合计,3 条记录,3 人,本月新增 1 条,本月结束 1 条')
  t.notOk(res.body.includes('cross_province') || res.body.includes('self_reported'), 'no codes')
})

t.test('the ledger as .xlsx; full IDs only with a reason, audited; the caller’s area only', async (t) => {
  const { app, wang, officer } = await city(t)
  const xlsx = await app.inject({ method: 'GET', url: '/api/v1/reports/ledger?month=2026-11', headers: { authorization: `Bearer ${officer}` } })
  t.equal(xlsx.statusCode, 200)
  const rows = await readXlsx(xlsx.rawPayload)
  t.equal(rows[0][0], '忻州市繁峙县2026年11月农村劳动力就业台账')
  t.equal(rows[2][0], '序号')
  t.equal(rows.length, 3 + 3 + 1)
  t.notOk(JSON.stringify(rows).includes(wang.idNumber))

  t.equal((await call(app, officer, { method: 'GET', url: '/api/v1/reports/ledger?month=2026-11&reveal=true' })).statusCode, 400)
  const full = await app.inject({ method: 'GET', url: `/api/v1/reports/ledger?month=2026-11&reveal=true&reason=${encodeURIComponent('省平台核对')}`, headers: { authorization: `Bearer ${officer}` } })
  t.ok(JSON.stringify(await readXlsx(full.rawPayload)).includes(wang.idNumber), 'full ID as text')
  t.same(app.sqlite.prepare("SELECT subject_type AS type, subject_id AS id, reason FROM audit_log WHERE action = 'reveal_pii'").all(), [
    { type: 'employment_ledger', id: `${FANSHI}:2026-11`, reason: '省平台核对' },
  ])

  t.equal((await call(app, officer, { method: 'GET', url: `/api/v1/reports/ledger?month=2026-11&area=${XINFU}` })).statusCode, 404, 'another county is not found')
  t.equal((await call(app, officer, { method: 'GET', url: '/api/v1/reports/ledger?month=2026-13' })).statusCode, 400)
  t.equal((await call(app, tokenFor(app, 'station_operator', '1'), { method: 'GET', url: '/api/v1/reports/ledger' })).statusCode, 403)
  const township = tokenFor(app, 'township_staff', wang.village.slice(0, 9))
  const own = await app.inject({ method: 'GET', url: '/api/v1/reports/ledger?month=2026-11&format=csv', headers: { authorization: `Bearer ${township}` } })
  t.equal(own.statusCode, 200)
  t.ok(own.body.includes('王建国'), 'a township sees its own people')
  const whole = await app.inject({ method: 'GET', url: '/api/v1/reports/ledger?month=2026-11&format=csv', headers: { authorization: `Bearer ${ADMIN}` } })
  t.match(whole.body, /合计,4 条记录,4 人/, 'the city sees every county')
})
