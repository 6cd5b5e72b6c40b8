import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict'
import { pinyin } from 'pinyin-pro'
import { domainWords, stopWords, synonymGroups } from './vocabulary'

/**
 * The one text analysis both engines share: jieba segmentation with the domain
 * dictionary and region names, synonyms, and pinyin. Indexing and querying must cut
 * the same way, so both go through here.
 */
let jieba: Jieba | undefined
const extraWords = new Set<string>()

function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict)
    jieba.loadDict(Buffer.from(domainWords.map((w) => `${w} 50000 n`).join('\n')))
  }
  return jieba
}

const regionSuffix = /(特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区|自治州|自治县|风景名胜区|街道办事处|街道|地区|新区|省|市|县|区|镇|乡|旗|盟)$/

/**
 * Adds place names (and their short forms: 繁峙县 → 繁峙) so that a place is one token.
 * Safe to call repeatedly; only new names reach jieba.
 */
export function addPlaceWords(names: Iterable<string>): void {
  const fresh: string[] = []
  for (const name of names) {
    for (const word of [name, name.replace(regionSuffix, '')]) {
      if (word.length >= 2 && !extraWords.has(word)) {
        extraWords.add(word)
        fresh.push(word)
      }
    }
  }
  if (fresh.length > 0) segmenter().loadDict(Buffer.from(fresh.map((w) => `${w} 20000 ns`).join('\n')))
}

const wordChar = /[\p{L}\p{N}]/u

/** Tokens for the index: search mode (a word and its dictionary sub-words), lowercased. */
export function indexTokens(text: string): string[] {
  if (!text) return []
  return segmenter()
    .cutForSearch(text, false)
    .filter((t) => wordChar.test(t))
    .map((t) => t.toLowerCase())
}

/** Tokens of a query: accurate mode, so 电子厂普工 is two words and not six. */
export function queryTokens(text: string): string[] {
  return segmenter()
    .cut(text, false)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => wordChar.test(t) && !stopWords.has(t))
}

const synonymsOf = new Map<string, string[]>()
for (const group of synonymGroups) for (const word of group) synonymsOf.set(word, group)

export function synonyms(word: string): string[] {
  return synonymsOf.get(word) ?? [word]
}

export const isDomainWord = (() => {
  const words = new Set([...domainWords, ...synonymGroups.flat()])
  return (word: string) => words.has(word)
})()

const cjk = /^[\u3400-\u9fff]+$/

/** Full pinyin and initials of a Chinese word (`瓦工` → `wagong`, `wg`); undefined for other tokens. */
export function pinyinOf(word: string): { full: string; initials: string } | undefined {
  if (word.length < 2 || !cjk.test(word)) return undefined
  const syllables = pinyin(word, { toneType: 'none', type: 'array', v: true })
  return { full: syllables.join(''), initials: syllables.map((s) => s[0]).join('') }
}

/** One thing the user asked for, as the alternatives any of which may match. */
export interface Concept {
  /** What the user typed for it. */
  input: string
  /** Index tokens (Chinese words or literal tokens), synonyms included. */
  terms: string[]
}

/** Resolves pinyin to Chinese words; see `Lexicon`. */
export interface PinyinResolver {
  resolve(latin: string): string[][]
}

const latin = /^[a-z]+$/

/**
 * A query as concepts: Chinese words expanded with synonyms; pinyin resolved to the
 * words it spells (possibly several concepts: `beijingyuesao`); other tokens literal.
 */
export function analyzeQuery(q: string, resolver: PinyinResolver): Concept[] {
  const concepts: Concept[] = []
  for (const token of queryTokens(q.normalize('NFKC'))) {
    if (latin.test(token)) {
      const resolved = resolver.resolve(token)
      if (resolved.length > 0) {
        for (const words of resolved) concepts.push({ input: token, terms: expand(words) })
        continue
      }
    }
    concepts.push({ input: token, terms: expand([token]) })
  }
  return concepts
}

function expand(words: string[]): string[] {
  return [...new Set(words.flatMap(synonyms))]
}
