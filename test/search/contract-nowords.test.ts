import { contractKind } from './kinds'
import { call } from '../helpers'

contractKind('a query with nothing to search for, and bad parameters, in Chinese', async (t, c) => {
  for (const q of ['!!!', '？？', '。。。', '@#$%', '——']) {
    const answer = await c.app.jobSearch.search({ q })
    t.equal(answer.total, 0, `${q} finds nothing, not everything`)
    t.match(answer.hint, /请输入/, 'and says what to type')
  }
  const res = await call(c.app, null, { method: 'GET', url: '/api/v1/jobs/search?q=!!!' })
  t.equal(res.statusCode, 200)
  t.same(res.body.hits, [])
  t.match(res.body.hint, /瓦工/)
  const bad = async (query: string, pattern: RegExp) => {
    const r = await call(c.app, null, { method: 'GET', url: `/api/v1/jobs/search?${query}` })
    t.equal(r.statusCode, 400, query)
    t.match(r.body.message, pattern, `${query} → ${r.body.message}`)
  }
  await bad('partnerArea=mars', /partnerArea（合作地区）.*jingjinji（京津冀）.*yangtze_delta（长三角）/)
  await bad('type=full', /type（岗位类型）.*regular（全职）/)
  await bad('brand=x', /brand（劳务品牌）.*wutai_wagong（五台瓦工）/)
  await bad('sort=cheap', /sort（排序）.*relevance/)
  await bad('limit=500', /limit（每页条数）.*1 到 50/)
  await bad(`q=${encodeURIComponent('瓦'.repeat(65))}`, /q（搜索词）.*64/)
  await bad('minWage=abc', /minWage（最低月工资）/)
  await bad('county=12', /county（区县）.*六位/)
})
