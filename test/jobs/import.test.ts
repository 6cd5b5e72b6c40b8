import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { openStorage, databaseFile } from '../../src/db/database'
import { CSV_COLUMNS } from '../../src/jobs/feed'
import { ADMIN, call, tokenFor, testApp } from '../helpers'
import { employer, inDays, jobBody } from './fixtures'

const row = (externalId: string, creditCode: string, overrides: Record<string, unknown> = {}) => ({
  ...jobBody(overrides),
  externalId,
  employerCreditCode: creditCode,
})

t.test('JSON Lines feed: upsert by (source, externalId), bad rows by line, idempotent', async (t) => {
  const app = await testApp(t)
  const e = employer(app)
  const lines = [
    JSON.stringify(row('sz-1', e.creditCode)),
    JSON.stringify(row('sz-2', e.creditCode, { title: '昆山电子厂操作工', regionCode: '320583' })),
    '{ not json',
    '',
    JSON.stringify(row('sz-3', e.creditCode, { wageMin: 9000, wageMax: 8000 })),
    JSON.stringify(row('sz-4', '91350100M000100Y43')),
    JSON.stringify({ ...row('sz-5', e.creditCode), color: 'red' }),
    JSON.stringify(row('sz-6', e.creditCode, { deadline: inDays(-2) })),
    JSON.stringify({ ...row('sz-7', e.creditCode), openings: 'many' }),
  ].join('\n')
  const send = (data: string, token = ADMIN) =>
    call(app, token, { method: 'POST', url: '/api/v1/jobs/import', payload: { source: 'suzhou-hr', format: 'jsonl', data } })

  const first = await send(lines)
  t.equal(first.statusCode, 200)
  t.match(first.body, { source: 'suzhou-hr', rows: 8, created: 2, updated: 0, unchanged: 0, failed: 6 })
  t.same(
    first.body.errors.map((e: { line: number }) => e.line),
    [3, 5, 6, 7, 8, 9],
    'blank line 4 is skipped, every bad row is named by its line',
  )
  t.match(first.body.errors, [
    { reason: /JSON/ },
    { reason: /wageMax 不能低于 wageMin/ },
    { reason: /不是已登记的用人单位/ },
    { reason: /color 不是可接受的字段/ },
    { reason: /deadline .* 已过/ },
    { reason: /openings/ },
  ])

  const again = await send(lines)
  t.match(again.body, { created: 0, updated: 0, unchanged: 2, failed: 6 }, 'a second import changes nothing')
  const count = () => (app.sqlite.prepare("SELECT count(*) AS n FROM jobs WHERE source = 'suzhou-hr'").get() as { n: number }).n
  t.equal(count(), 2)

  const changed = await send(JSON.stringify(row('sz-1', e.creditCode, { wageMax: 8000, title: '苏州电子厂普工 高薪' })))
  t.match(changed.body, { updated: 1, created: 0 })
  const found = await call(app, null, { method: 'GET', url: `/api/v1/jobs/search?q=${encodeURIComponent('高薪')}` })
  t.equal(found.body.total, 1, 'the update is searchable')
  const closed = await send(JSON.stringify({ ...row('sz-2', e.creditCode, { title: '昆山电子厂操作工', regionCode: '320583' }), status: 'closed' }))
  t.match(closed.body, { updated: 1 })
  t.equal((await call(app, null, { method: 'GET', url: `/api/v1/jobs/search?q=${encodeURIComponent('昆山')}` })).body.total, 0)

  t.equal((await send(lines, tokenFor(app, 'employer', String(e.id)))).statusCode, 403)
  const manual = await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs/import', payload: { source: 'manual', format: 'jsonl', data: '' } })
  t.equal(manual.statusCode, 400)
  const badFormat = await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs/import', payload: { source: 'x', format: 'xml', data: '' } })
  t.equal(badFormat.statusCode, 400)
})

const csvLine = (r: Record<string, unknown>) =>
  CSV_COLUMNS.map((c) => {
    const v = r[c]
    if (v === undefined || v === null) return ''
    if (c === 'certificatesRequired') return (v as { name: string; tier: number }[]).map((x) => `${x.name}:${x.tier}`).join('|')
    const text = Array.isArray(v) ? v.join('|') : String(v)
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }).join(',')

t.test('CSV feed over HTTP, and the CLI with a progress report', async (t) => {
  const app = await testApp(t)
  const e = employer(app, '廊坊顺通物流有限公司', '131002')
  const csv = [
    CSV_COLUMNS.join(','),
    csvLine(row('lf-1', e.creditCode, { title: '廊坊货车司机，A2', regionCode: '131002', certificatesRequired: [{ name: '机动车驾驶证A2', tier: 1 }], laborBrand: 'baode_siji' })),
    csvLine(row('lf-2', e.creditCode, { openings: -1 })),
  ].join('\n')
  const res = await call(app, ADMIN, { method: 'POST', url: '/api/v1/jobs/import', payload: { source: 'langfang', format: 'csv', data: csv } })
  t.match(res.body, { rows: 2, created: 1, failed: 1, errors: [{ line: 3, reason: /openings/ }] })
  const stored = app.sqlite.prepare("SELECT * FROM jobs WHERE external_id = 'lf-1'").get() as Record<string, string>
  t.match(stored, { title: '廊坊货车司机，A2', labor_brand: 'baode_siji', certificates_required: '[{"name":"机动车驾驶证A2","tier":1}]' })

  const broken = await call(app, ADMIN, {
    method: 'POST',
    url: '/api/v1/jobs/import',
    payload: { source: 'langfang', format: 'csv', data: `${CSV_COLUMNS.join(',')}\n"unclosed,quote` },
  })
  t.equal(broken.statusCode, 200)
  t.match(broken.body, { failed: 1, errors: [{ reason: /CSV/ }] }, 'malformed CSV is a reported bad row, not a 500')

  // The CLI on the same data dir (WAL: fine while the app holds it open).
  const dir = app.config.dataDir
  const file = join(dir, 'tianjin-feed.jsonl')
  const other = employer(app, '天津建工集团第三建筑有限公司', '120104')
  writeFileSync(
    file,
    [row('tj-1', other.creditCode, { title: '天津建筑瓦工', regionCode: '120104' }), row('tj-2', other.creditCode, { openings: 0 })]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  )
  const run = () =>
    promisify(execFile)('npx', ['tsx', 'scripts/cli.ts', 'import', 'jobs', file], {
      env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent', SEED_DEMO: '0' },
    }).then(
      (r) => ({ code: 0, ...r }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    )
  const cli = await run()
  t.match(cli.stdout, /source tianjin-feed\): 1 created, 0 updated, 0 unchanged, 1 bad of 2 rows/)
  t.match(cli.stderr, /tianjin-feed\.jsonl:2: openings/)
  const { sqlite } = openStorage(databaseFile(dir), { migrate: false })
  t.equal((sqlite.prepare("SELECT count(*) AS n FROM jobs WHERE source = 'tianjin-feed'").get() as { n: number }).n, 1)
  sqlite.close()
  const found = await call(app, null, { method: 'GET', url: `/api/v1/jobs/search?q=${encodeURIComponent('天津 瓦工')}` })
  t.equal(found.body.total, 1, 'postings imported by another process are searchable here')
})
