import t from 'tap'
import { employmentsOf, recordEmployment } from '../../src/employments/index'
import { getLaborer } from '../../src/laborers/index'
import { recordArrival } from '../../src/transport/index'
import { transaction } from '../../src/db/transaction'
import { ADMIN, call, tokenFor } from '../helpers'
import { listening } from '../dispatch/client'
import { addJob, addStation, addTraveller, villagesOf } from '../transport/fixtures'

const PAST = '2026-03-10'
const DAY = 86_400_000

/**
 * 跟踪服务 (issue 16, part 7): 1 and 3 months after arrival the station says whether each
 * laborer is still in the job; 离职 and 返乡 end the employment record with the reason, 换岗
 * records the new job; the station sees what is due, another station nothing.
 */
t.test('follow-ups after arrival feed the employment records', async (t) => {
  const { app } = await listening(t)
  const stationId = addStation(app)
  const otherStation = addStation(app, '苏州工业园区劳务服务工作站', 'yangtze_delta')
  const [village] = villagesOf(app, '140902', 1)
  const job = addJob(app, PAST)
  const people = Array.from({ length: 4 }, () => addTraveller(app, job, { villageCode: village, stationId, startDate: PAST }))
  // The placements' employment records, as matching writes them.
  for (const p of people) {
    recordEmployment(app.db, getLaborer(app.db, p.laborerId)!, {
      form: 'cross_province', startDate: PAST, source: 'placement', placementId: p.placementId, employerName: '北京家政服务有限公司', placeCode: '110105', cityCode: '1409',
    })
  }
  const plan = (await call(app, ADMIN, { method: 'POST', url: '/api/v1/transport/plans', payload: { from: '2026-03-01', to: '2026-03-09' } })).body
  t.equal((await call(app, ADMIN, { method: 'POST', url: `/api/v1/transport/plans/${plan.id}/confirm` })).statusCode, 200)
  const groupId = plan.groups[0].groupId
  // They arrived about 100 days ago: both milestones are due.
  const arrived = transaction(app.db, () => recordArrival(app.db, stationId, groupId, people.map((p) => p.laborerId), Date.now() - 100 * DAY))
  t.match(arrived, { ok: true, arrived: 4 })

  const op = tokenFor(app, 'station_operator', String(stationId))
  const other = tokenFor(app, 'station_operator', String(otherStation))
  const due = async () => (await call(app, op, { method: 'GET', url: `/api/v1/stations/${stationId}/follow-ups` })).body
  const first = await due()
  t.equal(first.length, 8)
  t.match(first[0], { month: 1, laborerName: /\*/ })
  t.ok(first.every((d: any) => d.overdueDays > 0))
  t.equal((await call(app, other, { method: 'GET', url: `/api/v1/stations/${stationId}/follow-ups` })).statusCode, 404)
  t.equal((await call(app, ADMIN, { method: 'GET', url: `/api/v1/stations/${stationId}/follow-ups` })).body.length, 8)

  const record = (token: string, body: object) => call(app, token, { method: 'POST', url: `/api/v1/stations/${stationId}/follow-ups`, payload: body })
  const [a, b, c] = people
  const inJob = await record(op, { placementId: a.placementId, month: 1, outcome: 'in_job' })
  t.equal(inJob.statusCode, 201)
  t.match(inJob.body, { outcomeLabel: '在岗', endedEmploymentId: null, newEmploymentId: null })
  t.equal((await record(op, { placementId: a.placementId, month: 1, outcome: 'in_job' })).statusCode, 200, 'sent twice: recorded once')
  const clash = await record(op, { placementId: a.placementId, month: 1, outcome: 'left' })
  t.equal(clash.statusCode, 409)
  t.equal(clash.body.code, 'LL_DUPLICATE')
  t.equal((await record(other, { placementId: a.placementId, month: 3, outcome: 'left' })).statusCode, 404, 'another station')
  t.equal((await record(op, { placementId: 999999, month: 1, outcome: 'left' })).statusCode, 404, 'not arrived here')
  t.equal((await record(op, { placementId: b.placementId, month: 1, outcome: 'changed_job' })).body.code, 'LL_VALIDATION', '换岗 names the new employer')

  // 换岗: the placement's record ends, a new one (工作站回访) starts; 离职 at 3 months ends that one.
  const changed = await record(op, { placementId: b.placementId, month: 1, outcome: 'changed_job', employerName: '北京某物业公司', monthlyIncome: 6000 })
  t.equal(changed.statusCode, 201)
  let records = employmentsOf(app.db, b.laborerId)
  const fresh = records.find((r) => r.id === changed.body.newEmploymentId)!
  t.match(fresh, { source: 'station_follow_up', endDate: null, employerName: '北京某物业公司', form: 'cross_province', monthlyIncome: 6000 })
  t.match(records.find((r) => r.id === changed.body.endedEmploymentId), { placementId: b.placementId, endReason: 'quit' })
  t.equal(getLaborer(app.db, b.laborerId)!.employmentStatus, 'cross_province', 'still working out of the province')
  const left = await record(op, { placementId: b.placementId, month: 3, outcome: 'left', endReason: 'unpaid_wages', note: '工资拖欠' })
  t.equal(left.body.endedEmploymentId, fresh.id)
  records = employmentsOf(app.db, b.laborerId)
  t.match(records.find((r) => r.id === fresh.id), { endReason: 'unpaid_wages' })
  t.equal(getLaborer(app.db, b.laborerId)!.employmentStatus, 'unemployed')

  // 返乡 ends the placement's record with the reason given.
  const home = await record(op, { placementId: c.placementId, month: 1, outcome: 'returned_home', endReason: 'caregiving' })
  t.match(employmentsOf(app.db, c.laborerId)[0], { id: home.body.endedEmploymentId, endReason: 'caregiving' })
  t.equal(getLaborer(app.db, c.laborerId)!.employmentStatus, 'unemployed')

  // What is left: a's 3 months, d's two; nothing for those who left or went home.
  t.same(
    (await due()).map((d: any) => [d.placementId, d.month]).sort(),
    [[a.placementId, 3], [people[3].placementId, 1], [people[3].placementId, 3]].sort(),
  )
})
