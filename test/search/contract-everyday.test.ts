import { contractKind } from './kinds'

contractKind('everyday words find the occupations', async (t, c) => {
  const has = async (q: string, ...keys: string[]) => {
    const ids = await c.ids(q)
    for (const key of keys) t.ok(ids.includes(c.id[key]), `${q} → ${key}`)
  }
  await has('开车', 'sijiLf', 'sijiBj')
  await has('开大车', 'sijiLf')
  await has('盖房子', 'wagongTj', 'jianzhuTy')
  await has('做饭', 'chushiXz')
  await has('带孩子', 'yuyingSh', 'baomuSz')
  await has('看护老人', 'yanglaoTy')
  await has('搞卫生', 'baojieFs')
  await has('焊接', 'hangongDt')
  await has('货车', 'sijiLf')
  await has('泥工', 'wagongTj', 'qizhuBj', 'wagongBj')
  await has('北京 开车', 'sijiBj')
  t.same(await c.ids('北京 开车'), [c.id.sijiBj], 'the place still narrows')
})
