import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app'
import { Random } from '../../src/random'
import { jobsDemoStep } from '../../src/jobs/demo'
import { makeIdNumber } from '../../src/laborers/id-number'
import { insertDemoLaborers } from '../../src/laborers/demo'
import { SYNC_LIMIT } from '../../src/matching/runs'
import { sleep } from '../child-server'
import { connectStation } from '../dispatch/client'
import { addStation } from '../transport/fixtures'
import { ADMIN, call, freshDir, testApp, testConfig, tokenFor } from '../helpers'

const insufficientStorage = {
  statusCode: 507,
  error: 'Insufficient Storage',
  code: 'LL_DISK_FULL',
}

let serial = 0
/** A new laborer for `POST /laborers`: a fresh national ID each time. */
function newLaborer(village: string) {
  serial++
  const birth = new Date(Date.UTC(1980, 0, 1 + Math.floor(serial / 400))).toISOString().slice(0, 10)
  return {
    name: '王建国',
    idNumber: makeIdNumber(village.slice(0, 6), birth, 'male', (serial % 400) + 1),
    phone: `139${String(10_000_000 + serial).slice(-8)}`,
    villageCode: village,
    povertyStatus: 'poverty_alleviated',
    skills: [{ occupation: '瓦工', tags: ['砌墙'], years: 5 }],
  }
}

const register = (app: FastifyInstance, village: string) =>
  call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers', payload: newLaborer(village) })

/** Registers laborers until the first refusal; every refusal must be the 507 shape. */
async function fill(t: Test, app: FastifyInstance, village: string, most = 20_000): Promise<number> {
  for (let i = 0; i < most; i++) {
    const res = await register(app, village)
    if (res.statusCode === 201) continue
    t.match(res.body, insufficientStorage, `refused after ${i} more laborers: 507 with the error shape`)
    return i
  }
  t.fail(`still writing after ${most} laborers`)
  return most
}

/** A national ID is shown only with its audit record written; if that fails, a 507 shows nothing. */
async function revealOnlyAudited(t: Test, app: FastifyInstance, token: string, laborerId: number): Promise<void> {
  const audits = () => (app.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'reveal_pii'").get() as { n: number }).n
  const before = audits()
  const reveal = await call(app, token, { method: 'GET', url: `/api/v1/laborers/${laborerId}?reveal=true&reason=核对身份` })
  if (reveal.statusCode === 200) t.equal(audits(), before + 1, 'revealed with its audit record')
  else t.match(reveal.body, insufficientStorage, 'no national ID revealed when the audit record cannot be written')
}

/** What a half-applied write would break: every laborer has its registration event. */
function consistent(t: Test, app: FastifyInstance): void {
  t.equal(app.sqlite.pragma('integrity_check', { simple: true }), 'ok', 'integrity_check ok')
  const count = (table: string) => (app.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  t.equal(count('employment_events'), count('laborers'), 'no laborer without its registration event')
}

// SQLite answers SQLITE_FULL for a database that has reached `max_page_count` exactly as
// for a full disk (same error code, same rollback of the statement's transaction), so this
// drives the same code paths on any machine, without mount privileges. The second test
// checks it against a real full file system where one can be mounted.
t.test('SQLITE_FULL (max_page_count): 507 with nothing written, reads go on, writes resume when space returns', async (t) => {
  const app = await testApp(t)
  const village = app.regions.ofLevel('village')[0].code
  insertDemoLaborers(app, new Random(5), SYNC_LIMIT + 200)
  app.sqlite.prepare("UPDATE laborers SET employment_status = 'unemployed'").run()
  await jobsDemoStep.run(app, new Random(6), { laborers: 0, jobs: 100 })
  const county = tokenFor(app, 'county_officer', village.slice(0, 6))
  const someone = (await register(app, village)).body.id as number

  const pages = app.sqlite.pragma('page_count', { simple: true }) as number
  app.sqlite.pragma(`max_page_count = ${pages}`)
  t.equal(app.sqlite.pragma('max_page_count', { simple: true }), pages, 'the database may not grow')

  // A background run whose results no longer fit: failed with the reason, server alive.
  const started = await call(app, ADMIN, { method: 'POST', url: '/api/v1/matching/runs', payload: { mode: 'stable', laborers: {}, postings: {}, k: 10 } })
  t.equal(started.statusCode, 202)
  let run = started.body
  for (const deadline = Date.now() + 300_000; run.status === 'running' && Date.now() < deadline; ) {
    await sleep(50)
    run = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/matching/runs/${started.body.id}` })).body
  }
  t.match(run, { status: 'failed', error: /full/ }, 'the run that could not store its results is failed, with the reason')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM matching_run_results').get() as { n: number }).n, 0, 'none of its results stored')

  const before = (app.sqlite.prepare('SELECT count(*) AS n FROM laborers').get() as { n: number }).n
  const accepted = await fill(t, app, village)
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM laborers').get() as { n: number }).n, before + accepted, 'exactly the answered 201s are stored')
  consistent(t, app)

  await revealOnlyAudited(t, app, county, someone)
  const list = await call(app, county, { method: 'GET', url: '/api/v1/laborers?limit=5' })
  t.equal(list.statusCode, 200, 'reads go on')

  app.sqlite.pragma(`max_page_count = ${pages + 10_000}`)
  t.equal((await register(app, village)).statusCode, 201, 'writes resume once there is room')
  t.equal((await call(app, county, { method: 'GET', url: `/api/v1/laborers/${someone}?reveal=true&reason=核对身份` })).statusCode, 200)
  const rerun = await call(app, ADMIN, { method: 'POST', url: '/api/v1/matching/runs', payload: run.request })
  for (run = rerun.body; run.status === 'running'; ) {
    await sleep(50)
    run = (await call(app, ADMIN, { method: 'GET', url: `/api/v1/matching/runs/${rerun.body.id}` })).body
  }
  t.equal(run.status, 'done', 'the run started again finishes')
  consistent(t, app)
})

/** Why a tmpfs cannot be mounted here (not root, not Linux, no capability), or false. */
function noTmpfs(): string | false {
  if (process.platform !== 'linux') return 'tmpfs needs Linux'
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root'
  const probe = mkdtempSync(join(tmpdir(), 'laborlink-mount-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'pipe' })
    execFileSync('umount', [probe])
    return false
  } catch (error) {
    return `mount -t tmpfs failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
}

const skipReal = noTmpfs()
if (skipReal) t.comment(`real disk-full test skipped: ${skipReal}; the max_page_count test covers the same code paths`)

const realName = 'a real full file system (tmpfs): same 507, no corruption, the server survives and recovers when space is added'
t.test(realName, { skip: skipReal ? `skipped: ${skipReal}` : false }, async (t) => {
  const dir = join(freshDir(t), 'mnt')
  mkdirSync(dir)
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', dir])
  t.teardown(() => execFileSync('umount', ['-l', dir]))
  const app = await buildApp(testConfig(t, { dataDir: dir }))
  t.teardown(() => app.close())
  const village = app.regions.ofLevel('village')[0].code
  const stationId = addStation(app)
  const stationToken = tokenFor(app, 'station_operator', String(stationId))
  const county = tokenFor(app, 'county_officer', village.slice(0, 6))
  // Most of the space in bulk, the rest through the API until the disk refuses.
  try {
    for (;;) insertDemoLaborers(app, new Random(serial++), 500)
  } catch (error) {
    t.equal((error as { code?: string }).code, 'SQLITE_FULL', 'the bulk insert hit a full disk')
  }
  await fill(t, app, village)
  consistent(t, app)
  const someone = (app.sqlite.prepare('SELECT max(id) AS id FROM laborers WHERE county_code = ?').get(village.slice(0, 6)) as { id: number }).id
  await revealOnlyAudited(t, app, county, someone)
  // The commit of a lone INSERT … RETURNING is where a full disk shows: it must throw, not
  // hand back a row that was never stored.
  t.throws(() => tokenFor(app, 'village_agent', village), { code: 'SQLITE_FULL' }, 'a lone write with RETURNING fails loudly')
  const stations = () => (app.sqlite.prepare('SELECT count(*) AS n FROM stations').get() as { n: number }).n
  const stationsBefore = stations()
  const created = await call(app, ADMIN, { method: 'POST', url: '/api/v1/stations', payload: { name: '忻州市驻苏州劳务服务工作站', cityCode: '3205', partnerArea: 'yangtze_delta' } })
  t.match(created.body, insufficientStorage, 'a route writing one row answers 507, not 201 for a row never stored')
  t.equal(stations(), stationsBefore)

  // Socket events write connection times: on a full disk that must not stop the server.
  const base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')
  const station = connectStation(`${base}/ws/stations/${stationId}`, { authorization: `Bearer ${stationToken}` })
  await station.next((f) => f.type === 'replayed')
  station.ws.close()
  await station.closed
  t.match(await register(app, village).then((r) => r.body), insufficientStorage, 'still full, still answering')

  // A restart on the full disk: the database opens and serves reads.
  await app.close()
  const again = await buildApp(testConfig(t, { dataDir: dir }))
  t.teardown(() => again.close())
  consistent(t, again)
  t.equal((await call(again, ADMIN, { method: 'GET', url: '/api/v1/laborers?limit=1' })).statusCode, 200)

  execFileSync('mount', ['-o', 'remount,size=24m', dir])
  t.equal((await register(again, village)).statusCode, 201, 'writes resume once the file system has room')
  consistent(t, again)
})
