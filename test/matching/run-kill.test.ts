import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import t from 'tap'
import { buildApp } from '../../src/app'
import { databaseFile } from '../../src/db/database'
import { createRun, currentConfig, failOrphanedRuns, getRun } from '../../src/matching/queries'
import { processAlive } from '../../src/matching/runs'
import { Random } from '../../src/random'
import { jobsDemoStep } from '../../src/jobs/demo'
import { laborerDemoStep } from '../../src/laborers/demo'
import { apiClient, childServer, sleep } from '../child-server'
import { ADMIN, freshDir, testConfig } from '../helpers'

// Big enough to run in the background (over SYNC_LIMIT) for a few seconds, so the kill
// lands while the server is assigning.
const demo = { laborers: 6000, jobs: 500 }

t.test('a matching run cut by SIGKILL is failed as interrupted on restart, never half-stored; running it again finishes', async (t) => {
  const dataDir = freshDir(t)
  const seeding = await buildApp(testConfig(t, { dataDir }))
  await laborerDemoStep.run(seeding, new Random(3), demo)
  seeding.sqlite.prepare("UPDATE laborers SET employment_status = 'unemployed'").run()
  await jobsDemoStep.run(seeding, new Random(4), demo)
  await seeding.close()

  const server = await childServer(t, { DATA_DIR: dataDir, SEED_DEMO: '0', ADMIN_TOKEN: ADMIN })
  const api = apiClient(server.base, ADMIN)
  await server.start()
  const request = { mode: 'optimal', laborers: {}, postings: {}, k: 50 }
  const started = await api('POST', '/matching/runs', request)
  t.equal(started.status, 202)
  const runId: number = started.body.id

  let run = started.body
  // The longest phase. Progress within a phase is written at most every 200 ms, which a
  // quiet machine may never reach; the phase itself is written as it starts.
  const working = (r: { phase: string }) => r.phase === 'assigning'
  for (const deadline = Date.now() + 120_000; run.status === 'running' && !working(run) && Date.now() < deadline; ) {
    await sleep(10)
    run = (await api('GET', `/matching/runs/${runId}`)).body
  }
  t.ok(run.status === 'running' && working(run), `killed while ${run.phase} at ${run.progress}`)

  await server.kill()
  const db = new Database(databaseFile(dataDir))
  t.teardown(() => db.close())
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok')
  const resultsOf = (id: number) => (db.prepare('SELECT count(*) AS n FROM matching_run_results WHERE run_id = ?').get(id) as { n: number }).n
  t.match(db.prepare('SELECT status, finished_at AS finishedAt FROM matching_runs WHERE id = ?').get(runId), { status: 'running', finishedAt: null })
  t.equal(resultsOf(runId), 0, 'no result row of the cut run')

  await server.start()
  const interrupted = (await api('GET', `/matching/runs/${runId}`)).body
  t.match(interrupted, { status: 'failed', error: /interrupted/, report: null }, 'the restart fails the cut run with the reason')
  t.ok(interrupted.finishedAt)
  t.equal((await api('GET', `/matching/runs/${runId}/results`)).status, 409, 'it has no results to read')
  t.equal((await api('POST', `/matching/runs/${runId}/commit`)).status, 409, 'nor to commit')

  const again = await api('POST', '/matching/runs', interrupted.request)
  t.equal(again.status, 202, 'the same request starts again')
  let rerun = again.body
  for (const deadline = Date.now() + 300_000; rerun.status === 'running' && Date.now() < deadline; ) {
    await sleep(50)
    rerun = (await api('GET', `/matching/runs/${again.body.id}`)).body
  }
  t.match(rerun, { status: 'done', report: { laborers: demo.laborers } })
  t.equal(resultsOf(again.body.id), demo.laborers, 'one result row per laborer, stored with the report')
  t.equal(resultsOf(runId), 0)
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok')
  await server.kill()
})

t.test('a CLI command started next to the server leaves the server’s live runs alone', async (t) => {
  const dataDir = freshDir(t)
  const server = await buildApp(testConfig(t, { dataDir }))
  t.teardown(() => server.close())
  const run = createRun(server.db, { mode: 'stable', request: {}, scoreVersion: currentConfig(server.db).version, areaPrefix: '1409', tokenId: null })
  // backup, token, report…: each opens the same app on the same data dir.
  const cli = await buildApp(testConfig(t, { dataDir }))
  await cli.close()
  t.equal(getRun(server.db, run.id)?.status, 'running')
})

t.test('a run whose process is gone (a killed match-run CLI) is failed by the server, at start and by its sweep', async (t) => {
  const dataDir = freshDir(t)
  const server = await buildApp(testConfig(t, { dataDir }))
  t.teardown(() => server.close())
  await server.ready()
  const gone = spawn(process.execPath, ['-e', ''])
  await once(gone, 'exit')
  const run = createRun(server.db, { mode: 'stable', request: {}, scoreVersion: currentConfig(server.db).version, areaPrefix: '1409', tokenId: null })
  const live = createRun(server.db, { mode: 'stable', request: {}, scoreVersion: currentConfig(server.db).version, areaPrefix: '1409', tokenId: null })
  server.sqlite.prepare('UPDATE matching_runs SET owner_pid = ? WHERE id = ?').run(gone.pid, run.id)
  t.equal(failOrphanedRuns(server.db, processAlive), 1)
  t.match(getRun(server.db, run.id), { status: 'failed', error: new RegExp(`interrupted: the process running it \\(pid ${gone.pid}\\) stopped`) })
  t.equal(getRun(server.db, live.id)?.status, 'running', 'a run of a live process is left alone')

  server.sqlite.prepare("UPDATE matching_runs SET status = 'running', owner_pid = ? WHERE id = ?").run(gone.pid, run.id)
  const restarted = await buildApp(testConfig(t, { dataDir }))
  await restarted.ready()
  await restarted.close()
  t.equal(getRun(server.db, run.id)?.status, 'failed', 'a start sweeps too')
})
