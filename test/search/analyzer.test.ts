import t from 'tap'
import { analyzeQuery, indexTokens, pinyinOf, queryTokens } from '../../src/search/analyzer'
import { highlight, snippet } from '../../src/search/highlight'
import { editDistance, Lexicon } from '../../src/search/lexicon'
import { partnerAreaOf } from '../../src/jobs/model'

const entry = (word: string, df: number) => ({ word, ...pinyinOf(word)!, df })
const lexicon = new Lexicon([entry('瓦工', 5), entry('务工', 50), entry('北京', 30), entry('月嫂', 9), entry('电焊工', 4), entry('外国', 2)])

t.test('jieba with the domain dictionary', async (t) => {
  t.same(queryTokens('苏州电子厂普工，包吃住'), ['苏州', '电子厂', '普工', '包吃住'])
  t.ok(indexTokens('母婴护理员').includes('母婴护理员'))
  t.ok(indexTokens('母婴护理员').includes('护理'), 'search mode keeps the parts too')
  t.same(queryTokens('招聘 的 工作'), [], 'stop words narrow nothing')
})

t.test('pinyin resolves to the words it spells', async (t) => {
  t.same(pinyinOf('瓦工'), { full: 'wagong', initials: 'wg' })
  t.same(lexicon.resolve('wagong'), [['瓦工']])
  t.same(lexicon.resolve('wg'), [['瓦工']], 'initials prefer domain words over more frequent others (务工)')
  t.same(lexicon.resolve('wagogn'), [['瓦工']], 'a swapped pair is one edit')
  t.same(lexicon.resolve('wagonng'), [['瓦工']], 'an extra letter')
  t.same(lexicon.resolve('beijingyuesao'), [['北京'], ['月嫂']], 'run-together words split')
  t.same(lexicon.resolve('dianhan'), [['电焊工']], 'a prefix while typing')
  t.same(lexicon.resolve('xyz'), [])
  t.equal(editDistance('dianhangong', 'dainhangong', 2), 1)
  t.equal(editDistance('abcdef', 'uvwxyz', 2), 3, 'stops counting past the limit')
  const concepts = analyzeQuery('yuesao 北京', lexicon)
  t.same(concepts.map((c) => c.terms), [['月嫂', '母婴护理员', '母婴护理'], ['北京']], 'synonyms apply to pinyin too')
})

t.test('highlights are escaped, longest word first', async (t) => {
  t.equal(highlight('<b>母婴护理员</b>', ['护理', '母婴护理员']), '&lt;b&gt;<mark>母婴护理员</mark>&lt;/b&gt;')
  t.equal(snippet('一'.repeat(100) + '瓦工' + '二'.repeat(100), ['瓦工'], 20), `…${'一'.repeat(6)}<mark>瓦工</mark>${'二'.repeat(12)}…`)
  t.equal(snippet('短', ['瓦工']), '短')
})

t.test('partner area of a work place', async (t) => {
  t.equal(partnerAreaOf('110105', '1409'), 'jingjinji')
  t.equal(partnerAreaOf('320583', '1409'), 'yangtze_delta')
  t.equal(partnerAreaOf('440306', '1409'), 'greater_bay')
  t.equal(partnerAreaOf('4405', '1409'), 'other', '汕头 is in Guangdong but not the Greater Bay Area')
  t.equal(partnerAreaOf('81', '1409'), 'greater_bay')
  t.equal(partnerAreaOf('140105', '1409'), 'in_province')
  t.equal(partnerAreaOf('140924', '1409'), 'local')
})
