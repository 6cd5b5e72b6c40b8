import { isDomainWord, isPlaceWord, pinyinOf } from './analyzer'

export interface LexiconEntry {
  word: string
  full: string
  initials: string
  df: number
}

const maxWordsPerKey = 3

/**
 * Pinyin → Chinese words, from the words the index holds. A kiosk user types `wagong`,
 * `wg`, `wagogn` or `beijingyuesao`; each resolves to the words it most likely spells,
 * domain words first, then the most frequent.
 */
export class Lexicon {
  private readonly byFull = new Map<string, LexiconEntry[]>()
  private readonly byInitials = new Map<string, LexiconEntry[]>()
  private readonly fullKeys: string[]
  private readonly words = new Set<string>()
  /** Domain words by length, for one-character slips (厨帅 → 厨师). */
  private readonly domainByLength = new Map<string, LexiconEntry[]>()

  constructor(entries: Iterable<LexiconEntry>) {
    for (const entry of entries) {
      this.words.add(entry.word)
      if (isDomainWord(entry.word)) push(this.domainByLength, String(entry.word.length), entry)
      push(this.byFull, entry.full, entry)
      push(this.byInitials, entry.initials, entry)
    }
    for (const list of [...this.byFull.values(), ...this.byInitials.values()]) list.sort(preference)
    this.fullKeys = [...this.byFull.keys()]
  }

  has(word: string): boolean {
    return this.words.has(word)
  }

  /** Only certain readings: the whole input is a word's full pinyin, or a run of them. */
  resolveStrict(input: string): string[][] {
    const exact = this.byFull.get(input)
    if (exact) return [top(exact)]
    const split = this.segment(input)
    return split ? split.map((key) => top(this.byFull.get(key)!)) : []
  }

  /**
   * What a mistyped Chinese word most likely meant: a word that sounds the same (瓦功 →
   * 瓦工), one pinyin letter off in a longer word, or a domain word one character off
   * (厨帅 → 厨师). Empty when nothing is close.
   */
  similar(text: string): string[] {
    if (this.words.has(text)) return []
    const py = pinyinOf(text)
    if (!py) return []
    const same = this.byFull.get(py.full)?.filter((e) => e.word.length === text.length && e.word !== text)
    if (same?.length) return top(same)
    if (py.full.length >= 6) {
      const near = this.fullKeys
        .filter((key) => Math.abs(key.length - py.full.length) <= 1 && editDistance(py.full, key, 1) <= 1)
        .flatMap((key) => this.byFull.get(key)!)
        .filter((e) => e.word.length === text.length)
      if (near.length > 0) return top(near.sort(preference))
    }
    const oneOff = (this.domainByLength.get(String(text.length)) ?? []).filter((e) => differsByOne(e.word, text))
    return oneOff.length > 0 ? top(oneOff.sort(preference)) : []
  }

  resolve(input: string): string[][] {
    const exact = this.byFull.get(input)
    if (exact) return [top(exact)]
    if (input.length <= 6) {
      const initials = this.byInitials.get(input)
      if (initials) return [top(domainFirst(initials))]
    }
    const split = this.segment(input)
    if (split) return split.map((key) => top(this.byFull.get(key)!))
    const near = this.nearest(input)
    if (near.length > 0) return [top(near.flatMap((key) => this.byFull.get(key)!).sort(preference))]
    if (input.length >= 3) {
      const prefixed = this.fullKeys.filter((key) => key.startsWith(input)).flatMap((key) => this.byFull.get(key)!)
      if (prefixed.length > 0) return [top(prefixed.sort(preference))]
    }
    return []
  }

  /** Whole input as a run of known full pinyins, fewest pieces first (`beijingyuesao` → beijing + yuesao). */
  private segment(input: string): string[] | undefined {
    const best: (string[] | undefined)[] = new Array(input.length + 1)
    best[0] = []
    for (let end = 1; end <= input.length; end++) {
      for (let start = Math.max(0, end - 24); start < end; start++) {
        const prev = best[start]
        if (!prev) continue
        const key = input.slice(start, end)
        if (key.length >= 4 && this.byFull.has(key) && (!best[end] || prev.length + 1 < best[end]!.length)) {
          best[end] = [...prev, key]
        }
      }
    }
    const pieces = best[input.length]
    return pieces && pieces.length > 1 ? pieces : undefined
  }

  /** Keys within a small edit distance: one typo up to 7 letters, two beyond. */
  private nearest(input: string): string[] {
    if (input.length < 4) return []
    const budget = input.length <= 7 ? 1 : 2
    let bestDistance = budget + 1
    let found: string[] = []
    for (const key of this.fullKeys) {
      if (Math.abs(key.length - input.length) > budget) continue
      const d = editDistance(input, key, budget)
      if (d > budget) continue
      if (d < bestDistance) {
        bestDistance = d
        found = [key]
      } else if (d === bestDistance) found.push(key)
    }
    return found
  }
}

function push(map: Map<string, LexiconEntry[]>, key: string, entry: LexiconEntry): void {
  const list = map.get(key)
  if (list) list.push(entry)
  else map.set(key, [entry])
}

function preference(a: LexiconEntry, b: LexiconEntry): number {
  return Number(isDomainWord(b.word)) - Number(isDomainWord(a.word)) || b.df - a.df || a.word.localeCompare(b.word)
}

/**
 * Initials are ambiguous (`wg`: 瓦工, 务工, 外国…): when a domain word fits, only domain
 * words count, and the most used place with those initials (`bj`: 保洁 and 北京).
 */
function domainFirst(entries: LexiconEntry[]): LexiconEntry[] {
  const domain = entries.filter((e) => isDomainWord(e.word))
  const place = entries.filter((e) => isPlaceWord(e.word) && e.df > 0).sort((a, b) => b.df - a.df)[0]
  if (domain.length === 0) return place ? [place, ...entries.filter((e) => e !== place)] : entries
  return place ? [...domain.slice(0, maxWordsPerKey - 1), place] : domain
}

/** Same length, exactly one character different; in a two-character word not the first (厨帅 → 厨师, but 帅师 is not close). */
function differsByOne(a: string, b: string): boolean {
  if (a.length !== b.length || (a.length === 2 && a[0] !== b[0])) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++
  return diff === 1
}

function top(entries: LexiconEntry[]): string[] {
  return [...new Set(entries.map((e) => e.word))].slice(0, maxWordsPerKey)
}

/** Optimal string alignment distance (a swap of neighbours is one edit), stopping past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  let prevPrev: number[] = []
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1)
      row.push(d)
      rowMin = Math.min(rowMin, d)
    }
    if (rowMin > limit) return limit + 1
    prevPrev = prev
    prev = row
  }
  return prev[b.length]
}
