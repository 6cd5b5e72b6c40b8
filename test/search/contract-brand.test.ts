import { contractKind } from './kinds'

contractKind('a labor brand ranks its own postings first, then the trade', async (t, c) => {
  const wagong = await c.ids('五台瓦工')
  t.equal(wagong[0], c.id.wagongTj, 'the brand posting first')
  t.same(wagong.slice(1).sort(), [c.id.qizhuBj, c.id.wagongBj].sort(), 'then the other 瓦工 postings')
  const siji = await c.ids('保德好司机')
  t.equal(siji[0], c.id.sijiLf)
  t.ok(siji.includes(c.id.sijiBj), 'then other drivers')
  t.same((await c.ids('繁峙绣娘')), [], 'a brand with no posting of its trade finds nothing')
  const yuesao = await c.ids('忻州月嫂')
  t.equal(yuesao[0], c.id.yuesaoBj)
  t.ok(yuesao.includes(c.id.yuesaoTy), 'never nothing when the trade has postings')
  t.same(await c.ids('忻州月嫂 太原'), [c.id.yuesaoTy], 'a brand with no posting in the place: the trade there')
})
