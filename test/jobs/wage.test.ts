import Database from 'better-sqlite3'
import t from 'tap'
import { monthlyRange, monthlyWage, monthlyWageSql, PAID_DAYS_PER_MONTH } from '../../src/jobs/index'

t.test('a day is 21.75 days’ pay a month, rounded half up to whole 元; task and piece rates have none', async (t) => {
  t.equal(PAID_DAYS_PER_MONTH, 21.75)
  t.equal(monthlyWage('month', 6000), 6000)
  t.equal(monthlyWage('day', 300), 6525)
  t.equal(monthlyWage('day', 250), 5438, '5,437.5 rounds up')
  t.equal(monthlyWage('day', 201), 4372, '4,371.75 rounds up')
  t.equal(monthlyWage('day', 203), 4415, '4,415.25 rounds down')
  t.equal(monthlyWage('task', 300), null)
  t.equal(monthlyWage('piece', 3), null)
  t.same(monthlyRange({ wageUnit: 'day', wageMin: 250, wageMax: 300 }), { min: 5438, max: 6525 })
  t.equal(monthlyRange({ wageUnit: 'piece', wageMin: 20, wageMax: 60 }), null)
})

t.test('the SQL form gives the same numbers', async (t) => {
  const db = new Database(':memory:')
  db.exec('CREATE TABLE j (unit TEXT, amount INTEGER)')
  const insert = db.prepare('INSERT INTO j VALUES (?, ?)')
  const rows: [string, number][] = []
  for (const unit of ['month', 'day', 'task', 'piece'] as const) for (let amount = 0; amount <= 2000; amount += 1) rows.push([unit, amount])
  for (const [unit, amount] of rows) insert.run(unit, amount)
  const sql = db.prepare(`SELECT unit, amount, ${monthlyWageSql('unit', 'amount')} AS monthly FROM j`).all() as { unit: 'month' | 'day' | 'task' | 'piece'; amount: number; monthly: number | null }[]
  const differ = sql.filter((r) => r.monthly !== monthlyWage(r.unit, r.amount))
  t.same(differ.slice(0, 5), [], `${sql.length} amounts agree`)
  db.close()
})
