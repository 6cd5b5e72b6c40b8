import { contractKind } from './kinds'

contractKind('spaced and mixed pinyin, initials, places', async (t, c) => {
  const wagong = [c.id.wagongTj, c.id.qizhuBj, c.id.wagongBj]
  t.same((await c.ids('wa gong')).sort(), [...wagong].sort(), 'wa gong reads as wagong')
  t.same((await c.ids('wagong')).sort(), [...wagong].sort())
  t.same((await c.ids('bj 月嫂')), [c.id.yuesaoBj], 'bj is 北京')
  t.same((await c.ids('bj月嫂')), [c.id.yuesaoBj])
  t.same((await c.ids('北京wg')).sort(), [c.id.qizhuBj, c.id.wagongBj].sort(), '北京 + wg → 瓦工')
  t.same((await c.ids('beijing yuesao')), [c.id.yuesaoBj])
  t.same((await c.ids('yue sao')).sort(), [c.id.yuesaoBj, c.id.yuesaoTy].sort())
  const bj = await c.ids('bj', { limit: 20 })
  for (const key of ['qizhuBj', 'wagongBj', 'sijiBj', 'yuesaoBj']) t.ok(bj.includes(c.id[key]), `bj finds 北京 (${key})`)
  t.same(await c.ids('ty ys'), [c.id.yuesaoTy], 'place and occupation, both initials')
})
