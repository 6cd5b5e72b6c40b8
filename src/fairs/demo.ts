import type { FastifyInstance } from 'fastify'
import { generateSecret, hashSecret } from '../auth/tokens'
import type { DemoLink, DemoStep } from '../demo/index'
import { shanghaiToday } from '../calendar'
import { getJob } from '../jobs/index'
import { currentConfig, insertMatch, maskName } from '../matching/index'
import * as q from './queries'
import { proposeRound } from './rounds'
import { transaction } from '../db/transaction'

const FAIR_COUNTY = '140902'

/**
 * A job fair under way in 忻府区: postings taking part, unemployed laborers of the
 * district checked in, and a first round proposed, so the board has something to show.
 * The events carry what the organizer's routes put in them (masked names, titles), and the
 * wall board's link is answered, its key shown only this once.
 */
export const fairDemoStep: DemoStep = {
  name: 'fairs',
  run(app: FastifyInstance): DemoLink[] {
    if (q.listFairs(app.db).length > 0) return []
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
    if (jobIds.length === 0 || laborerIds.length === 0) return []
    const context = { cityCode: app.config.cityCode, config: currentConfig(app.db) }
    const boardKey = generateSecret()
    return transaction(app.db, () => {
      const fair = q.createFair(app.db, {
        name: '忻府区春风行动专场招聘会',
        venue: '忻州市人力资源服务产业园',
        date: shanghaiToday(),
        regionCode: FAIR_COUNTY,
        organizerTokenId: null,
        boardHash: hashSecret(boardKey),
      })
      for (const jobId of q.addFairJobs(app.db, fair.id, jobIds)) q.appendEvent(app.db, fair.id, 'job.added', { jobId, title: getJob(app.db, jobId)!.title })
      for (const laborerId of laborerIds) q.checkIn(app.db, fair.id, laborerId, null)
      const people = q.checkedIn(app.db, fair.id)
      const byId = new Map(people.map((l) => [l.id, l]))
      for (const laborer of people) {
        q.appendEvent(app.db, fair.id, 'checkin', { laborerId: laborer.id, name: maskName(laborer.name), village: app.regions.fullName(laborer.villageCode) })
      }
      q.updateFair(app.db, fair.id, { status: 'open', rounds: 1 })
      const postings = q.fairJobList(app.db, fair.id)
      const titles = new Map(postings.map((j) => [j.id, j.title]))
      const proposals = proposeRound(people, postings, context, 1)
      for (const p of proposals) {
        const match = insertMatch(app.db, { ...p, scoreVersion: context.config.version, origin: `fair:${fair.id}` })
        q.appendEvent(app.db, fair.id, 'match.proposed', {
          matchId: match.id,
          round: 1,
          laborerId: p.laborerId,
          name: maskName(byId.get(p.laborerId)!.name),
          jobId: p.jobId,
          title: titles.get(p.jobId)!,
          score: p.score,
        })
      }
      q.appendEvent(app.db, fair.id, 'round', { round: 1, checkedIn: laborerIds.length, proposed: proposals.length })
      return [{ label: `招聘会大屏（${fair.name}，只读）`, path: `/fair/${fair.id}#board=${encodeURIComponent(boardKey)}` }]
    })
  },
}
