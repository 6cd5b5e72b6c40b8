import fc from 'fast-check'
import t from 'tap'
import { openStorage } from '../../src/db/database'
import { employmentStatuses, type EmploymentStatus } from '../../src/laborers/schema'
import { refreshIntervals, stockAsOf } from '../../src/reports/queries'

/**
 * The spans and daily deltas must give, for any day, what the counting definition says:
 * each laborer's latest event on or before the day (by date, then id). Checked against that
 * definition computed naively, with events arriving in batches in any date order
 * (back-dated ones included) and the derived tables folded in between batches.
 */
interface Event {
  laborer: number
  day: number
  status: EmploymentStatus
  county: string
  poverty: 'poverty_alleviated' | 'ordinary'
}

const eventArb = fc.record({
  laborer: fc.integer({ min: 1, max: 6 }),
  day: fc.integer({ min: 1, max: 60 }),
  status: fc.constantFrom(...employmentStatuses),
  county: fc.constantFrom('140902', '140924'),
  poverty: fc.constantFrom('poverty_alleviated' as const, 'ordinary' as const),
})

const dateOf = (day: number) => new Date(Date.UTC(2022, 0, day)).toISOString().slice(0, 10)

function naive(events: (Event & { id: number })[], day: number): Map<string, number> {
  const latest = new Map<number, Event & { id: number }>()
  for (const e of events) {
    if (e.day > day) continue
    const best = latest.get(e.laborer)
    if (!best || e.day > best.day || (e.day === best.day && e.id > best.id)) latest.set(e.laborer, e)
  }
  const out = new Map<string, number>()
  for (const e of latest.values()) {
    const k = `${e.county}|${e.poverty}|${e.status}`
    out.set(k, (out.get(k) ?? 0) + 1)
  }
  return out
}

t.test('folded stock equals the definition for every day, whatever order events arrive in', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.array(eventArb, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }), (batches) => {
      const { sqlite } = openStorage(':memory:')
      try {
        sqlite.exec("INSERT INTO laborers (id, name, id_hash, id_cipher, id_masked, phone_hash, phone_cipher, phone_masked, gender, birth_date, village_code, township_code, county_code, poverty_status, created_at, updated_at) SELECT value, 'x', 'h' || value, '', '', '', '', '', 'male', '1980-01-01', '140902001001', '140902001', '140902', 'ordinary', 0, 0 FROM json_each('[1,2,3,4,5,6]')")
        const insert = sqlite.prepare(
          "INSERT INTO employment_events (laborer_id, to_status, effective_date, county_code, poverty_status, at) VALUES (?, ?, ?, ?, ?, 0)",
        )
        const all: (Event & { id: number })[] = []
        for (const batch of batches) {
          for (const e of batch) {
            const id = Number(insert.run(e.laborer, e.status, dateOf(e.day), e.county, e.poverty).lastInsertRowid)
            all.push({ ...e, id })
          }
          refreshIntervals(sqlite)
          const days = [0, 1, 15, 30, 45, 60, 61]
          const stocks = stockAsOf(sqlite, days.map(dateOf))
          days.forEach((day, i) => {
            const got = new Map(stocks[i].map((r) => [`${r.countyCode}|${r.poverty}|${r.status}`, r.n]))
            const want = naive(all, day)
            if (JSON.stringify([...got].sort()) !== JSON.stringify([...want].sort())) {
              throw new Error(`day ${day}: got ${JSON.stringify([...got])}, want ${JSON.stringify([...want])}`)
            }
          })
        }
      } finally {
        sqlite.close()
      }
    }),
    { numRuns: 60 },
  )
  t.pass('60 random histories agree with the definition')
})
