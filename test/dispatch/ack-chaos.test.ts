import t from 'tap'
import { percentile } from '../../scripts/bench/lib'
import { ackChaos } from './ack-chaos'

// Sized for npm test (under two minutes on a busy machine); `npm run bench -- ack-chaos` runs the big one.
t.test('stations acking by the documented rule end with every group delivered through SIGKILLs, no false alert', { timeout: 600_000 }, async (t) => {
  const result = await ackChaos(t, { stations: 10, days: 5, kills: 3, dataDir: t.testdir() })
  t.comment(
    `${result.groups} groups, ${result.messages} messages, ${result.duplicates} duplicates, ${result.crashesBeforeAck} station crashes before acking, ` +
      `${result.reacks} re-acks after hello, ack round trip p99 ${percentile(result.roundTrips, 99)} ms, ${result.seconds} s`,
  )
  t.same(result.problems, [], 'no gap, no error frame')
  t.equal(result.lostConfirmedAcks, 0, `no ack confirmed to a station was missing after a SIGKILL (${result.confirmedBeforeKills} seqs confirmed)`)
  t.same(result.notDelivered, [], `every group delivered (${result.delivered} of ${result.groups}, ${result.cancelledGroups} of them cancelled)`)
  t.same(result.falseAlerts, [], 'no "unacked before departure" alert remains')
  t.ok(result.crashesBeforeAck > 0 && result.reacks > 0, 'stations did crash between saving and acking, and re-acked after hello')
})
