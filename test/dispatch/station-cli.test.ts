import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { appendDispatch } from '../../src/dispatch/queries'
import { testApp, tokenFor } from '../helpers'
import { addStation } from '../transport/fixtures'
import { waitFor } from '../wait'


t.test('npm run cli -- station listen prints, acks and remembers its last seq', async (t) => {
  const app = await testApp(t)
  const stationId = addStation(app)
  const token = tokenFor(app, 'station_operator', String(stationId))
  const write = (groupId: number, version: number) => {
    app.db.$client.transaction(() =>
      appendDispatch(app.db, { stationId, type: 'group.updated', groupId, groupVersion: version, payload: { seats: [], stops: [], note: `v${version}` } }),
    )()
    app.dispatch.notify([stationId])
  }
  write(7, 2)
  write(7, 3)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const stateFile = join(t.testdir(), 'state.json')
  const run = (until: number | RegExp) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'scripts/cli.ts', 'station', 'listen', '--station', String(stationId), '--token', token, '--url', address.replace('http', 'ws'), '--state-file', stateFile],
        { env: { ...process.env, LOG_LEVEL: 'silent' } },
      )
      let out = ''
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error(`no ${until} in: ${out}`))
      }, 120_000)
      child.stdout.on('data', (d) => {
        out += d
        if (typeof until === 'number' ? out.includes(`seq ${until} `) : until.test(out)) {
          clearTimeout(timer)
          child.kill('SIGINT')
          resolve(out)
        }
      })
    })
  const first = await run(2)
  t.match(first, /connected, since=0/)
  t.match(first, /seq 1 group.updated group 7 v2/)
  t.match(first, /seq 2 group.updated group 7 v3.*note: v3/)
  t.match(JSON.parse(readFileSync(stateFile, 'utf8')), { lastSeq: 2, versions: { 7: 3 } })
  await waitFor(() => (app.sqlite.prepare('SELECT count(*) AS n FROM dispatches WHERE acked_at IS NULL').get() as { n: number }).n === 0, 'the acks')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM dispatches WHERE acked_at IS NULL').get() as { n: number }).n, 0, 'acked')

  write(7, 4)
  const second = await run(3)
  t.match(second, /connected, since=2/, 'resumes from the state file')
  t.notMatch(second, /seq 1 /, 'nothing processed twice')

  // The server lost the last acks (a crash before they were committed): the hello says so and
  // the client acks again what it processed, without anything new arriving.
  await waitFor(() => (app.sqlite.prepare('SELECT count(*) AS n FROM dispatches WHERE acked_at IS NULL').get() as { n: number }).n === 0, 'the second run\'s ack')
  app.sqlite.exec('UPDATE dispatches SET acked_at = NULL WHERE seq > 1; UPDATE station_links SET last_ack_seq = 1')
  const third = await run(/acked \{"ackedThrough":3\}/)
  t.match(third, /hello .*"ackedThrough":1/)
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM dispatches WHERE acked_at IS NULL').get() as { n: number }).n, 0, 're-acked after hello')
})
