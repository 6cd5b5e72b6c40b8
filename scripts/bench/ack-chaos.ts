/**
 * `npm run bench -- ack-chaos [--stations N] [--days N] [--kills N]`: the big run of
 * test/dispatch/ack-chaos.test.ts. Stations follow docs/station-protocol.md's client rule
 * exactly (save, then ack; after hello re-ack what is above `ackedThrough`), sockets drop
 * every 40 ms, stations crash between saving and acking (5 % of entries), and the server is
 * SIGKILLed `kills` times (the last after the last write). Figures: acks confirmed to a
 * station and missing from the database after a kill (must be 0), groups not delivered
 * and "unacked before departure" alerts at the end (must be 0), ack round trip under chaos.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ackChaos } from '../../test/dispatch/ack-chaos'
import { percentile, printTable, round } from './lib'

export default async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      stations: { type: 'string', default: '60' },
      days: { type: 'string', default: '10' },
      kills: { type: 'string', default: '5' },
    },
  })
  const cleanups: (() => void)[] = []
  const dataDir = mkdtempSync(join(tmpdir(), 'laborlink-ack-chaos-'))
  const loadBefore = loadavg()[0]
  try {
    const r = await ackChaos({ teardown: (fn) => cleanups.push(fn) }, {
      stations: Number(values.stations),
      days: Number(values.days),
      kills: Number(values.kills),
      dataDir,
    })
    printTable(`ack chaos: ${values.stations} stations, ${r.groups} groups (${r.cancelledGroups} cancelled), ${values.kills} SIGKILLs`, [
      {
        messages: r.messages,
        'confirmed acks lost': r.lostConfirmedAcks,
        'groups not delivered': r.notDelivered.length,
        'false alerts': r.falseAlerts.length,
        'station crashes before ack': r.crashesBeforeAck,
        're-acks after hello': r.reacks,
        duplicates: r.duplicates,
        problems: r.problems.length,
        'ack→acked p50 ms': round(percentile(r.roundTrips, 50), 1),
        'p99 ms': round(percentile(r.roundTrips, 99), 1),
        seconds: round(r.seconds, 0),
        'load avg before → after': `${round(loadBefore, 1)} → ${round(loadavg()[0], 1)}`,
      },
    ])
    if (r.problems.length > 0) console.log(r.problems.slice(0, 20).join('\n'))
  } finally {
    for (const fn of cleanups) fn()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
