import type { FastifyInstance } from 'fastify'
import { addDays, shanghaiToday } from '../calendar'
import type { DemoStep } from '../demo/index'
import { getJob } from '../jobs/index'
import { getLaborer } from '../laborers/index'
import { actOnMatch, currentConfig, fitScore, proposeMatch } from '../matching/index'
import { transportDesk } from './desk'
import { listPlans } from './queries'

const POSTINGS = 16
const PER_POSTING = 8
/** Work starts this many days out; laborers free within the plan's days before it are taken. */
const START_IN_DAYS = 24
const TRAVEL_MARGIN = 4

/**
 * 点对点 under way: out-of-province postings in cities with a station filled by laborers
 * who wish to go there (proposed, accepted, confirmed, placed with organized travel),
 * then a plan for the coming days, confirmed, so the stations have groups waiting for
 * them and the dashboard has placements to count.
 */
export const transportDemoStep: DemoStep = {
  name: 'transport',
  run(app: FastifyInstance) {
    if (listPlans(app.db, app.config.cityCode, 1).length > 0) return
    const today = shanghaiToday()
    const jobIds = app.sqlite
      .prepare(
        `SELECT id FROM jobs WHERE status = 'open' AND openings_left >= ? AND type = 'regular'
           AND partner_area IN ('jingjinji', 'yangtze_delta', 'greater_bay')
           AND city_code IN (SELECT city_code FROM stations) ORDER BY id LIMIT ?`,
      )
      .pluck()
      .all(PER_POSTING, POSTINGS) as number[]
    const candidates = app.sqlite.prepare(
      `SELECT id FROM laborers WHERE employment_status = 'unemployed'
         AND (available_from IS NULL OR available_from <= ?)
         AND EXISTS (SELECT 1 FROM json_each(destination_wishes) WHERE value IN (?, 'out_of_province'))
         AND id NOT IN (SELECT laborer_id FROM matches) ORDER BY id LIMIT 400`,
    ).pluck()
    const context = { cityCode: app.config.cityCode, config: currentConfig(app.db) }
    const act = { tokenId: null, cityCode: app.config.cityCode, startDate: addDays(today, START_IN_DAYS), organized: true }
    for (const jobId of jobIds) {
      const job = getJob(app.db, jobId)!
      const fitting = (candidates.all(addDays(today, START_IN_DAYS - TRAVEL_MARGIN), job.partnerArea) as number[])
        .flatMap((id) => {
          const laborer = getLaborer(app.db, id)!
          const fit = fitScore(laborer, job, context)
          return fit.excluded ? [] : [{ laborer, score: fit.score }]
        })
        .sort((a, b) => b.score - a.score || a.laborer.id - b.laborer.id)
        .slice(0, PER_POSTING)
      for (const { laborer } of fitting) {
        const match = proposeMatch(app.db, context, laborer, job, 'demo')
        for (const action of ['accept', 'confirm', 'place'] as const) actOnMatch(app.db, match.id, action, act)
      }
    }
    const desk = transportDesk(app)
    const plan = desk.draftPlan(app.config.cityCode, addDays(today, 1), addDays(today, START_IN_DAYS - 2), null)
    desk.confirmPlan(plan)
  },
}
