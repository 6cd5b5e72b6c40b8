import { spawn } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { testApp } from '../helpers'
import { writeCsv } from './fixtures'

const root = join(import.meta.dirname, '../..')

t.test('CLI import killed with SIGKILL loses no committed batch and resumes', async (t) => {
  const app = await testApp(t)
  const villageCodes = app.regions.ofLevel('village').map((r) => r.code)
  await app.close()
  const dataDir = t.testdir()
  const file = join(dataDir, 'city.csv')
  const total = 6000
  writeCsv(file, villageCodes, total)
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
  const run = () =>
    spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/cli.ts'), 'import', 'laborers', file, '--batch', '500', '--workers', '1'], {
      env,
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })

  const child = run()
  const db = await new Promise<Database.Database>((resolve) => {
    const poll = setInterval(() => {
      try {
        const handle = new Database(join(dataDir, 'laborlink.db'), { readonly: true, fileMustExist: true })
        const row = handle.prepare("SELECT inserted FROM imports WHERE kind = 'laborers'").get() as { inserted: number } | undefined
        if (row && row.inserted >= 1000) {
          clearInterval(poll)
          child.kill('SIGKILL')
          resolve(handle)
        } else handle.close()
      } catch {
        // Not created yet, or the migration is still running.
      }
    }, 20)
  })
  const exit = await new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  t.equal(exit, 'SIGKILL')
  const after = db.prepare("SELECT inserted, last_line AS lastLine, finished_at AS finishedAt FROM imports WHERE kind = 'laborers'").get() as {
    inserted: number
    lastLine: number
    finishedAt: number | null
  }
  const stored = (db.prepare('SELECT count(*) AS n FROM laborers').get() as { n: number }).n
  const events = (db.prepare('SELECT count(*) AS n FROM employment_events').get() as { n: number }).n
  db.close()
  t.equal(after.finishedAt, null)
  t.ok(after.inserted < total, `killed midway (${after.inserted} of ${total})`)
  t.equal(stored, after.inserted, 'rows and checkpoint committed together')
  t.equal(after.lastLine, after.inserted + 1, 'checkpoint is the last line of the last committed batch')
  t.equal(events, stored)

  const second = run()
  let out = ''
  second.stdout.on('data', (d) => (out += d))
  const code = await new Promise<number | null>((resolve) => second.on('exit', resolve))
  t.equal(code, 0)
  t.match(out, new RegExp(`${total - after.inserted} inserted, 0 already registered, 0 bad \\(resumed after line ${after.lastLine}\\)`))
  const final = new Database(join(dataDir, 'laborlink.db'), { readonly: true })
  t.teardown(() => final.close())
  t.equal((final.prepare('SELECT count(*) AS n FROM laborers').get() as { n: number }).n, total)
  t.equal((final.prepare('SELECT count(DISTINCT id_hash) AS n FROM laborers').get() as { n: number }).n, total)
})
