import { contractKind } from './kinds'

contractKind('包吃住 is 包吃 and 包住, in the query and in the filter', async (t, c) => {
  const both = ['wagongTj', 'wagongBj', 'sijiLf', 'chushiXz', 'yuyingSh', 'yuesaoBj', 'pugongSz'].map((k) => c.id[k]).sort()
  t.same((await c.ids('', { filters: { benefits: ['包吃住'] }, limit: 50 })).sort(), both, 'the filter: 包吃住, or 包吃 with 包住')
  t.same((await c.ids('', { filters: { benefits: ['包吃包住'] }, limit: 50 })).sort(), both)
  t.same((await c.ids('', { filters: { benefits: ['包住'] }, limit: 50 })).includes(c.id.wagongBj), false, '包住 alone is a listed benefit, not read into 包吃住')
  t.same((await c.ids('瓦工 包吃住')).sort(), [c.id.wagongTj, c.id.wagongBj].sort(), 'in the query: 砌筑工 with only 包住 is left out')
  t.same(await c.ids('包吃住 司机'), [c.id.sijiLf])
  t.same((await c.ids('', { filters: { benefits: ['包吃住'], partnerAreas: ['jingjinji'] }, limit: 50 })).sort(), [c.id.wagongTj, c.id.wagongBj, c.id.sijiLf, c.id.yuesaoBj].sort())
})
