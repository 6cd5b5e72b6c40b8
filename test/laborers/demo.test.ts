import t from 'tap'
import { Random } from '../../src/random'
import { demoLaborers, insertDemoLaborers, type DemoLaborer } from '../../src/laborers/demo'
import { parseIdNumber } from '../../src/laborers/id-number'
import { shanghaiToday } from '../../src/calendar'
import { ADMIN, call, testApp } from '../helpers'

t.test('demo laborers look like the city', async (t) => {
  const app = await testApp(t)
  const villages = app.regions.ofLevel('village').map((v) => v.code)
  const today = shanghaiToday()
  const source = demoLaborers(new Random(5), villages, today)
  const people: DemoLaborer[] = Array.from({ length: 20_000 }, () => source.next().value)
  const share = (pred: (p: (typeof people)[number]) => boolean, among = people) => among.filter(pred).length / among.length

  t.ok(Math.abs(share((p) => p.povertyStatus !== 'ordinary') - 170 / 594) < 0.02, 'poverty share ≈ 170k/594k')
  t.ok(share((p) => p.povertyStatus === 'monitored') > 0.01, 'some 防返贫监测对象')
  const ids = people.map((p) => parseIdNumber(p.idNumber, today))
  t.ok(ids.every((id) => id.ok && id.age >= 16 && id.age <= 60), 'valid IDs, ages 16–60')
  t.ok(people.every((p) => p.idNumber.slice(0, 6) === p.villageCode.slice(0, 6)), 'ID prefix is the home county')
  t.equal(new Set(people.map((p) => p.idNumber)).size, people.length, 'no duplicate IDs')
  t.ok(people.every((p) => p.expectedWage! >= 2500 && p.expectedWage! <= 9000 && p.expectedWage! % 100 === 0))
  const has = (occupation: string) => (p: (typeof people)[number]) => p.skills!.some((s) => s.occupation === occupation)
  const county = (code: string) => people.filter((p) => p.villageCode.startsWith(code))
  t.ok(share(has('绣娘'), county('140924')) > 4 * share(has('绣娘'), county('140902')), '繁峙绣娘')
  t.ok(share(has('瓦工'), county('140922')) > 2 * share(has('瓦工'), county('140902')), '五台瓦工')
  t.ok(share(has('司机'), county('140931')) > 2 * share(has('司机'), county('140902')), '保德好司机')
  const female = (p: (typeof people)[number]) => (parseIdNumber(p.idNumber, today) as { gender: string }).gender === 'female'
  t.ok(share(female, people.filter(has('月嫂'))) > 0.95, '月嫂 are women (gender is in the ID)')
  t.ok(share(female, people.filter(has('瓦工'))) < 0.1, '瓦工 are men')
  t.ok(people.every((p) => p.statusDate >= `${today.slice(0, 4)}-01-01` && p.statusDate <= today))
})

t.test('the demo step inserts sealed laborers with their first timeline entry', async (t) => {
  const app = await testApp(t)
  const progress: number[] = []
  t.equal(insertDemoLaborers(app, new Random(9), 12_000, (done) => progress.push(done)), 12_000)
  t.same(progress, [5000, 10_000, 12_000], 'batches of 5,000')
  const counts = app.sqlite.prepare('SELECT (SELECT count(*) FROM laborers) AS l, (SELECT count(*) FROM employment_events) AS e').get()
  t.same(counts, { l: 12_000, e: 12_000 })
  const page = await call(app, ADMIN, { method: 'GET', url: '/api/v1/laborers?limit=1' })
  t.match(page.body.items[0].idNumber, /^1409\*{10}\d{3}[\dX]$/)
})
