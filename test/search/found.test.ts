import t from 'tap'
import { foundOn, searchable } from '../../src/search/index'

t.test('what may be found: open, an opening left, deadline not passed; the start date plays no part', async (t) => {
  const posting = { status: 'open' as const, openingsLeft: 2, deadline: '2026-12-10', startDate: '2027-01-09' }
  t.ok(foundOn(posting, '2026-12-07'), 'before the deadline, work a month off')
  t.ok(foundOn(posting, '2026-12-10'), 'on the deadline day')
  t.notOk(foundOn(posting, '2026-12-11'), 'after the deadline, though work has not started')
  t.notOk(foundOn({ ...posting, openingsLeft: 0 }, '2026-12-07'), 'no opening left')
  t.notOk(foundOn({ ...posting, status: 'closed' as never }, '2026-12-07'), 'not open')
  t.ok(searchable(posting), 'the index keeps it until it closes; the deadline is checked at query time')
})
