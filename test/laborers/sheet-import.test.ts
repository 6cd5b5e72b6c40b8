import iconv from 'iconv-lite'
import t from 'tap'
import { ADMIN, call, tokenFor, testApp } from '../helpers'
import { idFor, placesOf, readXlsx, toFullWidth, xlsxBuffer } from './sheet-fixtures'

// Workbooks are built and read for real; on a shared two-core machine that takes a while.
t.setTimeout(600_000)

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

t.test('xlsx roster: title rows, tolerant headers, names resolved, oddities normalised or rejected by row, rejects re-importable', async (t) => {
  const app = await testApp(t)
  const p = placesOf(app)
  const officer = tokenFor(app, 'county_officer', '140922')
  const ids = [idFor(p.unique), idFor(p.unique2, 'female'), idFor(p.unique3), idFor(p.unique), idFor(p.unique), idFor(p.unique)]
  const rows: unknown[][] = [
    ['2026年繁峙县农村劳动力花名册'],
    [],
    ['序号', '县（市、区）', '乡（镇）', '村', '姓名', '性别', '公民身份号码', '手机号码', '脱贫属性', '文化程度', '就业形式', '技能特长', '培训意愿', '就业意愿'],
    [1, p.unique.county, p.unique.township, p.unique.village, '张 三', '男', ids[0], '13800000001', '脱贫人口', '初中', '省外务工', '瓦工、电焊工(5年)', '电工', '京津冀、省外'],
    // full-width digits and spaces in the ID, lower-case x would be kept upper; gender blank; 村民委员会 suffix; no township
    [2, p.unique2.county, '', p.unique2.village.replace(/村委会$/, '村民委员会'), '李四', '', ` ${toFullWidth(ids[1])} `, '１３８ ０００0 0002', '监测对象', '高中', '', '无', '', ''],
    [],
    // a formula whose cached value is read, never evaluated
    [3, p.unique3.county, p.unique3.township, ` ${p.unique3.village.replace(/村委会$/, '')} `, '王五', '男', ids[2], { formula: 'CONCAT("1380000","0003")', result: '13800000003' }, '一般农户', '', '县内务工', '', '', '县内'],
    // the ID Excel turned into a number
    [4, p.unique.county, p.unique.township, p.unique.village, '赵六', '男', 140922198001011234, '13800000004', '脱贫户'],
    // a village name that repeats in the county, without its township
    [5, p.repeated.county, '', p.repeated.village, '钱七', '男', ids[3], '13800000005', '脱贫户'],
    // a village that does not exist
    [6, p.unique.county, p.unique.township, '不存在村', '孙八', '男', ids[4], '13800000006', '脱贫户'],
    // another county's village: outside a county officer's area
    [7, p.otherCounty.county, p.otherCounty.township, p.otherCounty.village, '周九', '男', ids[5], '13800000007', '脱贫户'],
    ['合计', '', '', '', '7人'],
  ]
  const file = await xlsxBuffer(rows)
  const post = (payload: Buffer, query = '', type = XLSX) =>
    call(app, officer, { method: 'POST', url: `/api/v1/laborers/import${query}`, headers: { 'content-type': type }, payload })

  const dry = await post(file, '?dryRun=1')
  t.equal(dry.statusCode, 200, JSON.stringify(dry.body))
  t.match(dry.body, { dryRun: true, importId: null, format: 'xlsx', headerRow: 3, rows: 7, inserted: 3, badCount: 4 })
  t.match(dry.body.mapping.find((m: { header: string }) => m.header === '公民身份号码'), { field: 'idNumber', kept: true })
  t.match(dry.body.mapping.find((m: { header: string }) => m.header === '文化程度'), { field: 'education', kept: false })
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM laborers').get() as { n: number }).n, 0, 'a dry run writes nothing')

  const first = await post(file)
  t.equal(first.statusCode, 200, JSON.stringify(first.body))
  t.match(first.body, { inserted: 3, updated: 0, badCount: 4, alreadyImported: false })
  const reasons = Object.fromEntries(first.body.bad.map((b: { line: number; reason: string }) => [b.line, b.reason]))
  t.match(reasons[8], /Excel 转成了数字（1\.40922E\+17）/)
  t.match(reasons[9], /重名/)
  t.match(reasons[10], /不存在/)
  t.match(reasons[11], /管辖范围/)
  t.same(Object.keys(reasons).map(Number), [8, 9, 10, 11], 'rows named as Excel numbers them; the blank and 合计 rows are skipped')

  const list = await call(app, officer, { method: 'GET', url: '/api/v1/laborers' })
  const byName = Object.fromEntries(list.body.items.map((l: { name: string }) => [l.name, l]))
  t.match(byName['张三'], { villageCode: p.unique.code, povertyStatus: 'poverty_alleviated', employmentStatus: 'cross_province', destinationWishes: ['jingjinji', 'out_of_province'] })
  t.same(byName['张三'].skills.map((s: { occupation: string; years: number }) => [s.occupation, s.years]), [['瓦工', 0], ['电焊工', 5]])
  t.match(byName['李四'], { villageCode: p.unique2.code, gender: 'female', povertyStatus: 'monitored', employmentStatus: 'unemployed', phone: '138****0002' })
  t.match(byName['王五'], { villageCode: p.unique3.code, phone: '138****0003', employmentStatus: 'local' })

  const again = await post(file)
  t.match(again.body, { alreadyImported: true, inserted: 3 }, 'the same file twice is recognised')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM laborers').get() as { n: number }).n, 3)

  // The rejects as .xlsx: original cells plus the reason; corrected, they go in.
  const rejects = await app.inject({ method: 'GET', url: `/api/v1/laborers/imports/${first.body.importId}/rejects`, headers: { authorization: `Bearer ${officer}` } })
  t.equal(rejects.statusCode, 200)
  t.match(rejects.headers['content-type'], /spreadsheetml/)
  const back = await readXlsx(rejects.rawPayload)
  t.equal(back[0][back[0].length - 2], '错误原因')
  t.equal(back.length, 5)
  t.equal(back[1][4], '赵六')
  const outsider = tokenFor(app, 'county_officer', '140931')
  const hidden = await call(app, outsider, { method: 'GET', url: `/api/v1/laborers/imports/${first.body.importId}/rejects` })
  t.equal(hidden.statusCode, 404, 'another county cannot read the rejects')

  const fixedId = idFor(p.unique)
  const corrected = back.slice(1, 3).map((r) => [...r.slice(0, -2)])
  corrected[0][6] = fixedId
  corrected[1][2] = p.repeated.township
  const fixedFile = await xlsxBuffer([back[0], ...corrected])
  const fixed = await post(fixedFile)
  t.match(fixed.body, { inserted: 2, badCount: 0 }, JSON.stringify(fixed.body))

  // An update: same person, a new phone and status; only those change, and the timeline says so.
  const update = await xlsxBuffer([
    ['身份证号', '联系电话', '就业状态', '就业形式'],
    [ids[0].toLowerCase(), '13900000001', '已就业', '县内务工'],
    [ids[1], '', '', ''],
  ])
  const updated = await post(update)
  t.match(updated.body, { inserted: 0, updated: 1, unchanged: 1, badCount: 0 }, JSON.stringify(updated.body))
  const zhang = (await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${byName['张三'].id}` })).body
  t.match(zhang, { phone: '139****0001', employmentStatus: 'local', povertyStatus: 'poverty_alleviated', villageCode: p.unique.code })
  const timeline = (await call(app, officer, { method: 'GET', url: `/api/v1/laborers/${zhang.id}/timeline` })).body
  t.match(timeline[timeline.length - 1], { fromStatus: 'cross_province', toStatus: 'local', note: /表格导入更新：联系电话、就业状态/ })
})

t.test('GBK CSV with every oddity, charset from the content type or detected; UTF-8 with BOM', async (t) => {
  const app = await testApp(t)
  const p = placesOf(app)
  const a = idFor(p.unique)
  const b = idFor(p.unique2, 'female').replace(/X$/, 'x')
  const c = idFor(p.unique3)
  const lines = [
    '繁峙县劳动力台账（2026年11月）,,,,,,,',
    ',,,,,,,',
    '序号,县（市、区）,乡（镇）,村,姓名,性别,身份证号码,联系电话,人口类型',
    `1,${p.unique.county},${p.unique.township},${p.unique.village},刘一,,${toFullWidth(a)},13800000011,脱贫户`,
    `2,${p.unique2.county},${p.unique2.township},${p.unique2.village.replace(/村委会$/, '')},陈二,女,"${b.slice(0, 6)} ${b.slice(6)}",138 0000 0012,防返贫监测对象`,
    ',,,,,,,',
    `3,${p.unique3.county},${p.unique3.township},${p.unique3.village},杨三,女,${c},13800000013,一般农户`,
    `4,${p.unique.county},${p.unique.township},${p.unique.village},吴四,男,1.40922E+17,13800000014,脱贫户`,
    '合计,,,,4人,,,',
  ]
  const gbk = iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk')
  const admin = (payload: Buffer, type: string) => call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers/import', headers: { 'content-type': type }, payload })
  const declared = await admin(gbk, 'text/csv; charset=gbk')
  t.equal(declared.statusCode, 200, JSON.stringify(declared.body))
  t.match(declared.body, { format: 'csv', charset: 'gb18030', headerRow: 3, rows: 4, inserted: 2, badCount: 2 })
  t.match(declared.body.bad, [{ line: 7, reason: /性别“女”与身份证号码不符/ }, { line: 8, reason: /Excel 转成了数字/ }])
  const detected = await admin(Buffer.concat([gbk, Buffer.from('\r\n')]), 'text/csv')
  t.match(detected.body, { charset: 'gb18030', inserted: 0, unchanged: 2, badCount: 2 }, 'detected GBK; the same people again change nothing')
  const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\n').replace('杨三,女', '杨三,男'))])
  const bom = await admin(utf8, 'application/octet-stream')
  t.match(bom.body, { charset: 'utf-8', inserted: 1, unchanged: 2, badCount: 1 })
})


t.test('the same person twice in one file: the later row updates what the earlier one registered, with a timeline entry', async (t) => {
  const app = await testApp(t)
  const p = placesOf(app)
  const id = idFor(p.unique)
  const file = await xlsxBuffer([
    ['序号', '县（市、区）', '乡（镇）', '村', '姓名', '性别', '身份证号码', '联系电话', '人口类型'],
    [1, p.unique.county, p.unique.township, p.unique.village, '郑一', '男', id, '13800000021', '脱贫户'],
    // a complete row again (it could register the person): only the phone differs
    [2, p.unique.county, p.unique.township, p.unique.village, '郑一', '男', id, '13900000021', '脱贫户'],
    // a row that could not register anyone (no name, phone or village): it changes the population type
    [3, '', '', '', '', '', id, '', '一般农户'],
  ])
  const res = await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers/import', headers: { 'content-type': XLSX }, payload: file })
  t.equal(res.statusCode, 200, JSON.stringify(res.body))
  t.match(res.body, { rows: 3, inserted: 1, updated: 2, unchanged: 0, badCount: 0 })
  const list = (await call(app, ADMIN, { method: 'GET', url: '/api/v1/laborers' })).body.items
  t.equal(list.length, 1)
  t.match(list[0], { name: '郑一', phone: '139****0021', povertyStatus: 'ordinary', villageCode: p.unique.code })
  const timeline = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/laborers/${list[0].id}/timeline` })).body
  t.match(timeline.map((e: { note: string }) => e.note), ['registered', /联系电话/, /人口类型|脱贫/])
})
