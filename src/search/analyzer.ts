import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict'
import { pinyin } from 'pinyin-pro'
import * as OpenCC from 'opencc-js'
import { everydayPhrases, everydayWords } from './everyday'
import { brandOccupations, domainWords, stopWords, synonymGroups } from './vocabulary'

/**
 * The one text analysis both engines share: jieba segmentation with the domain
 * dictionary and region names, synonyms, and pinyin. Indexing and querying must cut
 * the same way, so both go through here.
 */
let jieba: Jieba | undefined
const extraWords = new Set<string>()
const placeWords = new Set<string>()
/** Place words added before the segmenter was first needed: loaded with it. */
let pendingPlaces: string[] = []

/** Whether a word is a place name (or its short form) the segmenter knows. */
export const isPlaceWord = (word: string) => placeWords.has(word)

/**
 * Bumped whenever the segmentation or the index text changes (new dictionary words,
 * traditional → simplified, filter terms): an embedded index built by another version is rebuilt at start.
 */
export const analyzerVersion = '3'

let converter: ((text: string) => string) | undefined
/** Traditional Chinese (Taiwan and Hong Kong forms, with phrases) as simplified; other text unchanged. */
export function toSimplified(text: string): string {
  converter ??= OpenCC.Converter({ from: 'twp', to: 'cn' })
  // Pure ASCII (pinyin, digits) has nothing to convert.
  return /^[\x00-\x7f]*$/.test(text) ? text : converter(text)
}

/**
 * Built on first use, not at start: loading jieba's dictionary costs about half a second of
 * CPU, which a process that never segments text (most CLI commands, many tests) need not pay.
 */
function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict)
    const words = new Set([...domainWords, ...everydayPhrases, ...Object.values(everydayWords).flat()])
    jieba.loadDict(Buffer.from([...words].map((w) => `${w} 50000 n`).join('\n')))
    loadPlaces(jieba, pendingPlaces)
    pendingPlaces = []
  }
  return jieba
}

const loadPlaces = (into: Jieba, words: string[]) => {
  if (words.length > 0) into.loadDict(Buffer.from(words.map((w) => `${w} 20000 ns`).join('\n')))
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
        placeWords.add(word)
        fresh.push(word)
      }
    }
  }
  if (jieba) loadPlaces(jieba, fresh)
  else pendingPlaces.push(...fresh)
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
  const words = new Set([...domainWords, ...synonymGroups.flat(), ...Object.values(everydayWords).flat()])
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
  /**
   * Index tokens (Chinese words or literal tokens), synonyms included. A term with spaces
   * is a phrase (the tokens next to each other).
   */
  terms: string[]
  /**
   * Looser readings, ranked below postings that match `terms`: what a slip most likely
   * meant (瓦功 → 瓦工), the occupations an everyday word names (开车 → 司机), the
   * occupation of a labor brand (五台瓦工 → 瓦工).
   */
  loose: string[]
  /**
   * The terms bm25 scores this concept by, when not all of them: 包吃住's halves find
   * postings by 包吃 or 包住, which half of all postings list, but rank them only by the
   * whole word (包吃住, 包吃包住). bm25 reads the whole doclist of every phrase it scores
   * once per query, and those two weigh next to nothing in it (idf ≈ 0 at half the corpus).
   */
  scored?: string[]
}

/** Resolves pinyin to Chinese words, and Chinese slips to the words meant; see `Lexicon`. */
export interface PinyinResolver {
  resolve(latin: string): string[][]
  /** Only certain readings: the whole input is a word's pinyin or a run of them. */
  resolveStrict?(latin: string): string[][]
  /** Whether the index or the dictionaries hold the word. */
  has?(word: string): boolean
  /** Words a mistyped Chinese word (two characters or more) most likely meant. */
  similar?(word: string): string[]
}

const latin = /^[a-z]+$/
const cjkWord = /^[\u3400-\u9fff]+$/
const letterOrDigit = /[\p{L}\p{N}]/u

/** Whether a query has anything to search for (letters, digits or characters): `!!!` has not. */
export function hasSearchableText(q: string): boolean {
  return letterOrDigit.test(q.normalize('NFKC'))
}

/** 包吃住 is 包吃 and 包住: a posting listing both gives what the query asks. */
const bundled: Record<string, string[]> = { 包吃住: ['包吃', '包住'], 包吃包住: ['包吃', '包住'] }

/** Benefit alternatives for a filter value: any one alternative's benefits all present (包吃住 → [[包吃住], [包吃包住], [包吃, 包住]]). */
export function benefitAlternatives(benefit: string): string[][] {
  const value = toSimplified(benefit.normalize('NFKC').trim())
  const parts = bundled[value]
  if (!parts) return [[value]]
  const whole = Object.keys(bundled).filter((k) => bundled[k].join() === parts.join())
  return [...whole.map((w) => [w]), parts]
}

/**
 * A query as concepts: traditional characters as simplified; Chinese words expanded with
 * synonyms, with looser readings for slips, everyday words and labor brands; pinyin
 * (spaced or run together) resolved to the words it spells; other tokens literal.
 */
export function analyzeQuery(q: string, resolver: PinyinResolver): Concept[] {
  const tokens = queryTokens(toSimplified(q.normalize('NFKC')))
  // Slips first: a window of tokens that reads as a known word mistyped (瓦 功 → 瓦工).
  const windows = new Map<number, { end: number; words: string[] }>()
  for (let i = 0, free = 0; i < tokens.length; i++) {
    if (i < free || !cjkWord.test(tokens[i]) || !suspicious(tokens[i], resolver)) continue
    const fix = fixSlip(tokens, i, free, resolver)
    if (fix) {
      windows.set(fix.start, fix)
      free = fix.end
    }
  }
  const concepts: Concept[] = []
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]
    const window = windows.get(i)
    if (window) {
      const input = tokens.slice(i, window.end).join('')
      concepts.push({ input, terms: [tokens.slice(i, window.end).join(' ')], loose: without(expand(window.words), [input]) })
      i = window.end
      continue
    }
    if (latin.test(token)) {
      // A run of pinyin pieces (`wa gong`, `bei jing yue sao`): read together when they spell words.
      let end = i + 1
      while (end < tokens.length && latin.test(tokens[end]) && !windows.has(end)) end++
      if (end - i > 1) {
        const joined = tokens.slice(i, end).join('')
        const strict = (resolver.resolveStrict ?? resolver.resolve).call(resolver, joined)
        if (strict.length > 0) {
          for (const words of strict) concepts.push({ input: joined, terms: expand(words), loose: [] })
          i = end
          continue
        }
      }
      const resolved = resolver.resolve(token)
      if (resolved.length > 0) for (const words of resolved) concepts.push({ input: token, terms: expand(words), loose: [] })
      else concepts.push({ input: token, terms: [token], loose: [] })
      i++
      continue
    }
    concepts.push(...wordConcepts(token))
    i++
  }
  return concepts
}

function wordConcepts(word: string): Concept[] {
  const parts = bundled[word]
  if (parts) {
    const whole = Object.keys(bundled).filter((k) => bundled[k].join() === parts.join())
    return parts.map((part) => ({ input: word, terms: [part, ...whole], loose: [], scored: whole }))
  }
  const terms = expand([word])
  const everyday = everydayWords[word]
  if (everyday) return [{ input: word, terms, loose: without(expand([...everyday]), terms) }]
  const brand = brandOccupations[word]
  if (brand) return [{ input: word, terms, loose: without(expand([...brand]), terms) }]
  return [{ input: word, terms, loose: [] }]
}

/** A word nobody indexed and no dictionary holds, or a lone character: maybe a slip. */
function suspicious(token: string, resolver: PinyinResolver): boolean {
  if (!resolver.similar || !resolver.has) return false
  if (token.length === 1) return true
  return !resolver.has(token) && !isDomainWord(token) && !isPlaceWord(token) && !(token in everydayWords) && !(token in bundled)
}

/** The widest window of tokens around `at` (2 to 6 characters) that reads as a known word mistyped. */
function fixSlip(
  tokens: string[],
  at: number,
  from: number,
  resolver: PinyinResolver,
): { start: number; end: number; words: string[] } | undefined {
  let best: { start: number; end: number; words: string[]; length: number } | undefined
  for (let start = at; start >= Math.max(from, at - 3); start--) {
    if (!cjkWord.test(tokens[start])) break
    for (let end = at + 1; end <= Math.min(tokens.length, at + 4); end++) {
      if (!cjkWord.test(tokens[end - 1])) break
      const text = tokens.slice(start, end).join('')
      if (text.length < 2 || text.length > 6) continue
      if (best && text.length <= best.length) continue
      const words = resolver.similar!(text)
      if (words.length > 0) best = { start, end, words, length: text.length }
    }
  }
  return best
}

function expand(words: string[]): string[] {
  return [...new Set(words.flatMap(synonyms))]
}

const without = (words: string[], taken: string[]) => words.filter((w) => !taken.includes(w))

/** The concepts with their looser readings as alternatives (looser first: the word Meilisearch is sent). */
export function widen(concepts: Concept[]): Concept[] {
  return concepts.map((c) => ({ ...c, terms: [...c.loose, ...c.terms], loose: [] }))
}
