import t from 'tap'
import { changeEmploymentStatus, insertLaborer, timeline } from '../../src/laborers/queries'
import { laborerBody, villagesOf } from './fixtures'
import { testApp } from '../helpers'

t.test('insertLaborer and changeEmploymentStatus, as other modules call them', async (t) => {
  const app = await testApp(t)
  const v = villagesOf(app)
  const laborer = insertLaborer(app.db, app.pii, laborerBody(v.a) as never, { statusDate: '2026-01-05', tokenId: null })
  t.match(laborer, { countyCode: '140922', townshipCode: v.a.slice(0, 9), employmentStatus: 'unemployed', phoneMasked: /^138\*{4}/ })
  t.throws(() => insertLaborer(app.db, app.pii, laborerBody(v.a, { idNumber: '140922199001011230' }) as never), /idNumber/)
  const twin = laborerBody(v.a)
  insertLaborer(app.db, app.pii, twin as never)
  t.throws(() => insertLaborer(app.db, app.pii, twin as never), { code: 'LL_ALREADY_REGISTERED' })

  // A placement and its status change commit together, or not at all.
  t.throws(() =>
    app.sqlite.transaction(() => {
      changeEmploymentStatus(app.db, laborer.id, 'cross_province', '2026-03-01', 'placed', null)
      throw new Error('placement failed')
    })(),
  )
  t.equal(timeline(app.db, laborer.id).length, 1, 'rolled back with the caller’s transaction')
  const event = app.sqlite.transaction(() => changeEmploymentStatus(app.db, laborer.id, 'cross_province', '2026-03-01', 'placed', null))()
  t.match(event, { fromStatus: 'unemployed', toStatus: 'cross_province', effectiveDate: '2026-03-01', countyCode: '140922', povertyStatus: 'poverty_alleviated' })
  t.equal(changeEmploymentStatus(app.db, laborer.id, 'cross_province', '2026-03-02', 'again', null), null, 'no event without a change')
  t.same(timeline(app.db, laborer.id).map((e) => [e.fromStatus, e.toStatus, e.effectiveDate]), [
    [null, 'unemployed', '2026-01-05'],
    ['unemployed', 'cross_province', '2026-03-01'],
  ])
  t.throws(() => changeEmploymentStatus(app.db, 999_999, 'local', '2026-03-01', '', null), { code: 'LL_LABORER_NOT_FOUND' })
})
