import type { FastifyInstance } from 'fastify'
import { generateSecret, hashSecret } from '../auth/tokens'
import type { DemoStep } from '../demo/index'
import { shanghaiToday } from '../calendar'
import { currentConfig, insertMatch } from '../matching/index'
import * as q from './queries'
import { proposeRound } from './rounds'
import { transaction } from '../db/transaction'

const FAIR_COUNTY = '140902'

/**
 * A job fair under way in 忻府区: postings taking part, unemployed laborers of the
 * district checked in, and a first round proposed, so the board has something to show.
 */
export const fairDemoStep: DemoStep = {
  name: 'fairs',
  run(app: FastifyInstance) {
    if (q.listFairs(app.db).length > 0) return
    const jobIds = (
      app.sqlite
        .prepare("SELECT id FROM jobs WHERE status = 'open' AND openings_left > 0 ORDER BY partner_area = 'local' DESC, id LIMIT 40")
        .all() as { id: number }[]
    ).map((r) => r.id)
    const laborerIds = (
      app.sqlite
        .prepare("SELECT id FROM laborers WHERE county_code = ? AND employment_status = 'unemployed' ORDER BY id LIMIT 80")
        .all(FAIR_COUNTY) as { id: number }[]
    ).map((r) => r.id)
    if (jobIds.length === 0 || laborerIds.length === 0) return
    const context = { cityCode: app.config.cityCode, config: currentConfig(app.db) }
    transaction(app.db, () => {
      const fair = q.createFair(app.db, {
        name: '忻府区春风行动专场招聘会',
        venue: '忻州市人力资源服务产业园',
        date: shanghaiToday(),
        regionCode: FAIR_COUNTY,
        organizerTokenId: null,
        boardHash: hashSecret(generateSecret()),
      })
      for (const jobId of q.addFairJobs(app.db, fair.id, jobIds)) q.appendEvent(app.db, fair.id, 'job.added', { jobId })
      for (const laborerId of laborerIds) {
        q.checkIn(app.db, fair.id, laborerId, null)
        q.appendEvent(app.db, fair.id, 'checkin', { laborerId })
      }
      q.updateFair(app.db, fair.id, { status: 'open', rounds: 1 })
      const proposals = proposeRound(q.checkedIn(app.db, fair.id), q.fairJobList(app.db, fair.id), context, 1)
      for (const p of proposals) {
        const match = insertMatch(app.db, { ...p, scoreVersion: context.config.version, origin: `fair:${fair.id}` })
        q.appendEvent(app.db, fair.id, 'match.proposed', { matchId: match.id, round: 1, laborerId: p.laborerId, jobId: p.jobId, score: p.score })
      }
      q.appendEvent(app.db, fair.id, 'round', { round: 1, checkedIn: laborerIds.length, proposed: proposals.length })
    })
  },
}
