import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { freshDir, testApp } from '../helpers'
import { idFor, placesOf, readXlsx, xlsxBuffer } from './sheet-fixtures'

const root = join(import.meta.dirname, '../..')

/** Runs the import CLI under a pseudo-terminal (`script`), as a clerk at a terminal sees it: with the progress bar. */
function cli(dataDir: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, '--import', 'tsx', join(root, 'scripts/cli.ts'), 'import', 'laborers', ...args].map((a) => `'${a}'`).join(' ')
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', COLUMNS: '200' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })))
}

t.test('the import CLI reads the province’s .xlsx with a progress bar, writes the rejects beside it, and a second run adds nothing', { skip: existsSync('/usr/bin/script') ? false : 'skipped: no `script` to give the CLI a terminal' }, async (t) => {
  const app = await testApp(t)
  const places = placesOf(app)
  await app.close()
  const people = 1200
  const rows: unknown[][] = [['忻州市农村劳动力花名册（2026年12月）'], [], ['序号', '县（市、区）', '乡（镇）', '村', '姓名', '性别', '身份证号码', '联系电话', '人口类型']]
  const villages = [places.unique, places.unique2, places.unique3]
  for (let i = 0; i < people; i++) {
    const p = villages[i % 3]
    rows.push([i + 1, p.county, p.township, p.village.endsWith('村') ? `${p.village}委会` : p.village, `王${'建国秀英明月'[i % 6]}${i}`, '', idFor(p), `139${String(i).padStart(8, '0')}`, i % 2 ? '脱贫户' : '一般农户'])
  }
  // An ID Excel turned into a number: rejected with that reason, the rest go in.
  rows.push([people + 1, places.unique.county, places.unique.township, places.unique.village, '李四', '男', 1.40922198501011e17, '13900000000', '一般农户'])
  rows.push(['合计', '', '', '', `${people + 1} 人`])
  const dataDir = freshDir(t)
  const file = join(dataDir, '花名册.xlsx')
  writeFileSync(file, await xlsxBuffer(rows))

  const dry = await cli(dataDir, [file, '--dry-run', '--workers', '1'])
  t.equal(dry.code, 0, dry.output.slice(-2000))
  t.match(dry.output, /\(dry run, nothing written\) 1201 rows: 1200 inserted/)
  t.match(dry.output, /身份证号码→idNumber/)

  const first = await cli(dataDir, [file, '--workers', '1', '--batch', '200'])
  t.equal(first.code, 0, first.output.slice(-2000))
  t.match(first.output, /import laborers \[[=-]+\] \d+% /, 'a progress bar on the terminal')
  t.match(first.output, /import laborers \[=+\] 100% /, 'which reaches 100 %')
  t.match(first.output, /第 \d+ 行: 身份证号码被 Excel 转成了数字/, 'the reject is named by its row, in Chinese')
  t.match(first.output, /1201 rows: 1200 inserted, 0 updated, 0 unchanged, 1 bad/)
  const rejectsFile = `${file}.rejects.xlsx`
  t.match(first.output, /rejected rows with reasons in .*花名册\.xlsx\.rejects\.xlsx/)
  const rejects = await readXlsx(readFileSync(rejectsFile))
  t.same(rejects[0].slice(-2), ['错误原因', '原行号'])
  t.equal(rejects.length, 2)
  t.equal(rejects[1][4], '李四')
  t.equal(rejects[1][10], String(people + 4), 'the row number in the source file')

  const db = new Database(join(dataDir, 'laborlink.db'), { readonly: true })
  t.teardown(() => db.close())
  t.equal((db.prepare('SELECT count(*) AS n FROM laborers').get() as { n: number }).n, people)
  t.equal((db.prepare("SELECT count(*) AS n FROM laborers WHERE poverty_status = 'poverty_alleviated'").get() as { n: number }).n, people / 2)

  const again = await cli(dataDir, [file, '--workers', '1'])
  t.equal(again.code, 0)
  t.match(again.output, /already imported completely; nothing to do/)
  t.equal((db.prepare('SELECT count(*) AS n FROM laborers').get() as { n: number }).n, people, 'nothing added')
})
