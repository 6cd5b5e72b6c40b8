import { contractKind } from './kinds'

contractKind('homophones and one-character slips, ranked below exact hits', async (t, c) => {
  const wagong = await c.ids('瓦功')
  t.ok(wagong.includes(c.id.wagongTj), '瓦功 → 瓦工')
  t.ok(wagong.includes(c.id.qizhuBj), 'and its synonyms (砌筑工)')
  t.ok((await c.ids('驾使员')).includes(c.id.sijiBj), '驾使员 → 驾驶员')
  t.ok((await c.ids('厨帅')).includes(c.id.chushiXz), '厨帅 → 厨师: one character off')
  t.ok((await c.ids('电焊功')).includes(c.id.hangongDt), '电焊功 → 电焊工')
  t.ok((await c.ids('北京 月扫')).includes(c.id.yuesaoBj), 'a slip beside a place')
  t.same(await c.ids('宇航员'), [], 'a real word nobody posts finds nothing')
  t.same(await c.ids('瓦'), [], 'one character is not a word to correct')
})

contractKind('a posting that has the typed word ranks above the corrected reading', async (t, c) => {
  // A posting that literally says 瓦功 (a slip in the posting itself) matches what was typed.
  const { createJob } = await import('../../src/jobs/queries')
  const { syncJobIndex } = await import('../../src/search/queries')
  const source = c.app.db.$client.prepare('SELECT * FROM jobs WHERE id = ?').get(c.id.wagongBj) as Record<string, unknown>
  const literal = createJob(c.app.db, {
    employerId: source.employer_id as number, source: 'manual', title: '瓦功 急招', description: '瓦功', provinceCode: '11', cityCode: '1101', countyCode: '110105',
    partnerArea: 'jingjinji', occupation: '其他', skillTags: [], certificatesRequired: [], openings: 1, wageMin: 100, wageMax: 200, wageUnit: 'day',
    benefits: [], contractMonths: 1, startDate: source.start_date as string, deadline: source.deadline as string, type: 'regular',
    publicWelfareCategory: null, temporaryUnit: null, gigKind: null, laborBrand: null,
  }).id
  syncJobIndex(c.app.db, literal)
  await c.app.jobSearch.engine.settle()
  const ranked = await c.ids('瓦功')
  t.equal(ranked[0], literal, 'the exact hit first')
  t.ok(ranked.includes(c.id.wagongTj), 'then the corrected reading')
})
