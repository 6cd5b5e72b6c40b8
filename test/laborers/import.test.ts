import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { Random } from '../../src/random'
import { demoLaborers } from '../../src/laborers/demo'
import { importLaborerFile } from '../../src/laborers/file-import'
import { CSV_COLUMNS } from '../../src/laborers/import-rows'
import { makeIdNumber } from '../../src/laborers/id-number'
import { shanghaiToday } from '../../src/calendar'
import { loadPiiKey } from '../../src/pii/key'
import { ADMIN, call, tokenFor, testApp } from '../helpers'
import { laborerBody, villagesOf, writeCsv } from './fixtures'

t.test('POST /laborers/import: good rows go in, bad rows are reported by line, a re-run adds nothing', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const agent = tokenFor(app, 'village_agent', v.a)
  const good = [laborerBody(v.a), laborerBody(v.a, { employmentStatus: 'local' }), laborerBody(v.a)]
  const ndjson = [
    JSON.stringify(good[0]),
    '{"name": broken',
    JSON.stringify(laborerBody(v.a, { phone: '10086' })),
    '',
    JSON.stringify(good[1]),
    JSON.stringify(laborerBody(v.otherCounty)),
    JSON.stringify({ ...laborerBody(v.a), nickname: '小王' }),
    JSON.stringify(good[2]),
    JSON.stringify(good[2]),
  ].join('\n')
  const post = () => call(app, agent, { method: 'POST', url: '/api/v1/laborers/import', headers: { 'content-type': 'application/x-ndjson' }, payload: ndjson })
  const first = await post()
  t.equal(first.statusCode, 200)
  t.match(first.body, {
    inserted: 3,
    existing: 1,
    badCount: 4,
    bad: [
      { line: 2, reason: 'is not valid JSON' },
      { line: 3, reason: /^phone / },
      { line: 6, reason: /villageCode .* 不在您的辖区内/ },
      { line: 7, reason: 'nickname 不是可接受的字段' },
    ],
  })
  const again = await post()
  t.match(again.body, { inserted: 0, existing: 4, badCount: 4 })
  const listed = await call(app, agent, { method: 'GET', url: '/api/v1/laborers' })
  t.equal(listed.body.items.length, 3)
  const events = app.sqlite.prepare('SELECT count(*) AS n FROM employment_events').get() as { n: number }
  t.equal(events.n, 3, 'one initial timeline entry per new laborer')
  const json = await call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers/import', payload: { rows: [] } })
  t.equal(json.statusCode, 400, 'a JSON body is not NDJSON')
})

t.test('file import: CSV and JSONL, errors file, idempotent re-run', async (t) => {
  const app = await testApp(t)
  const dir = t.testdir()
  const villageCodes = app.regions.ofLevel('village').map((r) => r.code)
  const context = { piiKey: loadPiiKey(app.config), villageCodes, area: '1409', today: shanghaiToday() }
  const storage = { sqlite: app.sqlite, db: app.db }
  const csv = join(dir, 'people.csv')
  writeCsv(csv, villageCodes, 1200, {
    5: '王五,140922199001011230,13812345678,140922100201,ordinary,,,,,,,\n',
    700: '"张三,"多余",x\n',
    900: `李四,${makeIdNumber('140922', '1990-05-05', 'male', 9)},13812345678,999999999999,ordinary,,,,,,,\n`,
  })
  const bad: number[] = []
  const summary = await importLaborerFile({ storage, file: csv, context, batchSize: 250, workers: 2, onBad: (line) => bad.push(line) })
  t.match(summary, { inserted: 1197, existing: 0, bad: 3, lastLine: 1201, alreadyImported: false })
  t.same(bad, [7, 702, 902], 'header is line 1, so record i is line i + 2')
  const errors = readFileSync(`${csv}.errors.txt`, 'utf8').trim().split('\n')
  t.equal(errors.length, 3)
  t.match(errors[0], /^7\tidNumber .*校验位/)
  t.match(errors[2], /^902\tvillageCode 999999999999 不是本市的村/)
  const again = await importLaborerFile({ storage, file: csv, context })
  t.equal(again.alreadyImported, true)
  const count = () => (app.sqlite.prepare('SELECT count(*) AS n FROM laborers').get() as { n: number }).n
  t.equal(count(), 1197)

  // Same people in another file format: nothing goes in twice.
  const jsonl = join(dir, 'people.jsonl')
  const source = demoLaborers(new Random(1200), villageCodes)
  writeFileSync(jsonl, Array.from({ length: 50 }, () => JSON.stringify(source.next().value)).join('\n'))
  const fromJson = await importLaborerFile({ storage, file: jsonl, context })
  t.match(fromJson, { inserted: 0, bad: 50 }, 'statusDate is not an import field')
  const clean = join(dir, 'clean.jsonl')
  const again2 = demoLaborers(new Random(1200), villageCodes)
  writeFileSync(clean, Array.from({ length: 50 }, () => {
    const { statusDate, ...body } = again2.next().value
    return JSON.stringify(body)
  }).join('\n'))
  t.match(await importLaborerFile({ storage, file: clean, context }), { inserted: 0, existing: 50, bad: 0 })
  t.equal(count(), 1197)

  const ragged = join(dir, 'ragged.csv')
  writeFileSync(ragged, `${CSV_COLUMNS.join(',')}\r\n王五,1,2\r\n\r\n`)
  t.match(await importLaborerFile({ storage, file: ragged, context }), { inserted: 0, bad: 1, lastLine: 3 })
  t.match(readFileSync(`${ragged}.errors.txt`, 'utf8'), /^2\thas 3 cells, the header has 12\n$/)

  const header = join(dir, 'wrong.csv')
  writeFileSync(header, 'name,idNumber,salary\n')
  await t.rejects(importLaborerFile({ storage, file: header, context }), /unknown column\(s\) salary/)
  await t.rejects(importLaborerFile({ storage, file: join(dir, 'x.xlsx'), context }), /expected a \.csv/)
})
