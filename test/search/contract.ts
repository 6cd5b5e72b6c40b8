import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { addDays, shanghaiToday } from '../../src/calendar'
import { createJob, takeOpening, updateJob } from '../../src/jobs/queries'
import { checkJob } from '../../src/jobs/model'
import { syncJobIndex } from '../../src/search/queries'
import { employer, jobBody } from '../jobs/fixtures'

/**
 * What every engine must do, through `app.jobSearch`: one suite, run against the
 * embedded engine always and against Meilisearch when one is reachable.
 */
export async function engineContract(t: Test, app: FastifyInstance): Promise<void> {
  const search = app.jobSearch
  await search.engine.reindex()
  const today = shanghaiToday()
  const e = employer(app, '天津建工集团第三建筑有限公司', '120104')
  const add = (overrides: Record<string, unknown>) => {
    const checked = checkJob(jobBody({ description: overrides.title, skillTags: [], ...overrides }) as never, { regionLevel: (c) => app.regions.get(c)?.level, cityCode: '1409', today })
    if (!checked.ok) throw new Error(`${checked.field} ${checked.reason}`)
    return createJob(app.db, { ...checked.content, employerId: e.id, source: 'manual' }).id
  }
  const wagong = add({ title: '天津建筑工地瓦工', occupation: '瓦工', regionCode: '120104', wageMin: 300, wageMax: 450, wageUnit: 'day', laborBrand: 'wutai_wagong', benefits: ['包吃', '包住', '路费报销'] })
  const qizhu = add({ title: '北京砌筑工 大工', occupation: '砌筑工', regionCode: '110105', wageMin: 8000, wageMax: 12000, benefits: ['包住'] })
  const pugong = add({ title: '苏州电子厂普工', occupation: '普工', regionCode: '320505', wageMin: 5000, wageMax: 7000, startDate: addDays(today, 60), deadline: addDays(today, 50) })
  const yuesao = add({ title: '北京金牌月嫂', occupation: '月嫂', regionCode: '110108', wageMin: 10000, wageMax: 16000, laborBrand: 'xinzhou_yuesao', description: '负责产妇和新生儿护理' })
  const xiuniang = add({ title: '繁峙绣娘 帮扶车间', occupation: '刺绣工', regionCode: '140924', type: 'assistance_workshop', wageMin: 20, wageMax: 60, wageUnit: 'piece', laborBrand: 'fanshi_xiuniang' })
  const welfare = add({ title: '砂河镇公益岗位 乡村保洁员', occupation: '保洁员', regionCode: '140924', type: 'public_welfare', publicWelfareCategory: 'facility_maintenance', wageMin: 800, wageMax: 1200 })
  await search.engine.settle()

  const ids = async (q: string, params: Parameters<typeof search.search>[0] = {}) =>
    (await search.search({ q, ...params })).hits.map((h) => h.id)

  t.test('words, pinyin, initials, synonyms, typos', async (t) => {
    t.same((await ids('瓦工')).sort(), [wagong, qizhu].sort(), '瓦工 finds 砌筑工 too')
    t.same(await ids('wagong', { filters: { provinceCode: '12' } }), [wagong])
    t.ok((await ids('wg')).includes(wagong))
    t.ok((await ids('wagogn')).includes(wagong), 'one pinyin typo')
    t.same(await ids('月嫂'), [yuesao])
    t.same(await ids('母婴护理员'), [yuesao])
    t.same(await ids('yuesao'), [yuesao])
    t.same(await ids('操作工'), [pugong])
    t.same(await ids('繁峙 绣娘'), [xiuniang])
    t.same(await ids('宇航员'), [])
  })

  t.test('filters, facets, sorting, paging, snippets', async (t) => {
    const all = await search.search({ q: '' })
    t.equal(all.total, 6, 'empty q: filter-only, everything searchable')
    t.same(all.facets.partnerArea, { jingjinji: 3, yangtze_delta: 1, local: 2 })
    t.same(all.facets.type, { regular: 4, assistance_workshop: 1, public_welfare: 1 })
    t.same(all.facets.laborBrand, { wutai_wagong: 1, xinzhou_yuesao: 1, fanshi_xiuniang: 1, none: 3 })
    t.same(all.facets.province, { '12': 1, '11': 2, '32': 1, '14': 2 })
    t.same(await ids('', { filters: { partnerAreas: ['local'] }, sort: 'newest' }), [welfare, xiuniang])
    t.same(await ids('', { filters: { types: ['public_welfare'] } }), [welfare])
    t.same(await ids('', { filters: { laborBrands: ['xinzhou_yuesao', 'fanshi_xiuniang'] }, sort: 'newest' }), [xiuniang, yuesao])
    t.same(await ids('', { filters: { cityCode: '3205' } }), [pugong])
    t.same(await ids('', { filters: { countyCode: '110108' } }), [yuesao])
    // minWage compares with what a posting guarantees, the bottom of its range: 月嫂 10,000–16,000 and
    // 砌筑工 8,000–12,000 a month, 瓦工 300–450 a day = 6,525–9,788 a month (21.75 days, rounded half up).
    t.same(await ids('', { filters: { minMonthlyWage: 10000 }, sort: 'wage' }), [yuesao], 'the bottom of the range counts, not the top')
    t.same(await ids('', { filters: { minMonthlyWage: 6525 }, sort: 'wage' }), [yuesao, qizhu, wagong], '300 元/day guarantees 6,525 a month; wage sort by the top')
    t.same(await ids('', { filters: { minMonthlyWage: 6526 }, sort: 'wage' }), [yuesao, qizhu])
    t.same(await ids('', { filters: { benefits: ['包吃', '路费报销'] } }), [wagong])
    t.same((await ids('', { filters: { startsBefore: addDays(today, 30) } })).includes(pugong), false)
    t.same(await ids('', { filters: { ids: [pugong, welfare, 999999] }, sort: 'newest' }), [welfare, pugong])
    t.same(await ids('', { sort: 'newest', limit: 2 }), [welfare, xiuniang])
    const page = await search.search({ q: '', sort: 'newest', offset: 2, limit: 2 })
    t.same(page.hits.map((h) => h.id), [yuesao, pugong])
    t.equal(page.total, 6)
    const hit = (await search.search({ q: '月嫂' })).hits[0]
    t.match(hit.highlight.title, '北京金牌<mark>月嫂</mark>')
    t.match(hit, { employerName: '天津建工集团第三建筑有限公司', place: '北京市海淀区', wageUnit: 'month', openingsLeft: 30 })
  })

  t.test('only open postings with openings left, before their deadline', async (t) => {
    for (let i = 0; i < 30; i++) takeOpening(app.db, yuesao)
    updateJob(app.db, qizhu, { status: 'closed' })
    // The deadline passing is time, not a write: simulate it and re-sync.
    app.sqlite.prepare('UPDATE jobs SET deadline = ? WHERE id = ?').run(addDays(today, -1), pugong)
    syncJobIndex(app.db, pugong)
    await search.engine.settle()
    t.same(await ids('月嫂'), [])
    t.same(await ids('瓦工'), [wagong])
    t.same(await ids('普工'), [])
    t.equal((await search.search({ q: '' })).total, 3)
    await search.engine.reindex()
    t.equal((await search.search({ q: '' })).total, 3, 'a rebuild from SQLite gives the same answers')
    t.same(await ids('绣娘'), [xiuniang])
  })
}
