import { contractKind } from './kinds'

contractKind('traditional characters find simplified postings, and back', async (t, c) => {
  t.same((await c.ids('駕駛員')).includes(c.id.sijiBj), true, '駕駛員 → 驾驶员')
  t.ok((await c.ids('廚師')).includes(c.id.chushiXz), '廚師 → 厨师')
  t.same(await c.ids('廚師'), await c.ids('厨师'), 'the same answer as typed in simplified')
  t.ok((await c.ids('貨車司機')).includes(c.id.sijiLf))
  t.ok((await c.ids('養老護理員')).includes(c.id.yanglaoTy))
  t.ok((await c.ids('北京 月嫂')).includes(c.id.yuesaoBj))
  t.ok((await c.ids('貨車司機')).includes(c.id.tradDriver), 'a posting written in traditional is indexed as simplified')
  t.ok((await c.ids('货车司机')).includes(c.id.tradDriver))
})
