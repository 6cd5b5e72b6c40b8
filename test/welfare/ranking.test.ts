import t from 'tap'
import { addDays, shanghaiToday } from '../../src/calendar'
import { insertDemoLaborers } from '../../src/laborers/demo'
import { Random } from '../../src/random'
import { candidatePool, topCandidates } from '../../src/welfare/queries'
import { rankCandidates, type RankContext } from '../../src/welfare/ranking'
import { publicWelfareCategories } from '../../src/welfare/schema'
import { testApp } from '../helpers'

// The database ranks a post's candidates by the rules' SQL form; the JavaScript form writes
// their reasons. Both must give the same candidates, in the same order, with the same score.
t.test('the rules in SQL rank as the rules in JavaScript', async (t) => {
  const app = await testApp(t)
  insertDemoLaborers(app, new Random(5), 3000)
  const today = shanghaiToday()
  const years = (n: number) => `${Number(today.slice(0, 4)) - n}${today.slice(4)}`
  // Ages at the requirement's edges: 16 today, 15 until tomorrow, 65 until tomorrow, 66 today.
  const edges = [years(16), addDays(years(16), 1), addDays(years(66), 1), years(66)]
  const township = (app.sqlite.prepare('SELECT township_code FROM laborers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1').pluck().get() as string)
  const ids = app.sqlite.prepare('SELECT id FROM laborers WHERE township_code = ? ORDER BY id LIMIT 4').pluck().all(township) as number[]
  edges.forEach((birth, i) => app.sqlite.prepare('UPDATE laborers SET birth_date = ? WHERE id = ?').run(birth, ids[i]))
  const village = app.sqlite.prepare('SELECT village_code FROM laborers WHERE township_code = ? LIMIT 1').pluck().get(township) as string

  const pool = candidatePool(app.db, township)
  t.ok(pool.length > 20, `${pool.length} laborers in township ${township}`)
  for (const category of publicWelfareCategories) {
    for (const regionCode of [township, village]) {
      const context: RankContext = { post: { regionCode, category }, today }
      const inJs = rankCandidates(pool, context, pool.length)
      const inSql = rankCandidates(topCandidates(app.db, township, township.slice(0, 6), context, pool.length), context, pool.length)
      t.same(
        inSql.map((c) => [c.laborer.id, c.score]),
        inJs.map((c) => [c.laborer.id, c.score]),
        `${category} at ${regionCode}: ${inJs.length} candidates in the same order`,
      )
      const top = topCandidates(app.db, township, township, context, 10).map((c) => c.id)
      t.same(top, inJs.slice(0, 10).map((c) => c.laborer.id), `${category} at ${regionCode}: the best 10 alone`)
    }
  }
  const eligible = new Set(rankCandidates(pool, { post: { regionCode: township, category: 'public_service' }, today }, pool.length).map((c) => c.laborer.id))
  t.same(ids.map((id) => eligible.has(id)), [true, false, true, false], 'ages 16 and 65 are candidates, 15 and 66 are not')
  const inVillage = topCandidates(app.db, township, village, { post: { regionCode: village, category: 'public_service' }, today }, 1000)
  t.ok(inVillage.length > 0 && inVillage.every((c) => c.villageCode === village), 'a village agent’s candidates are of the village')
})
