/**
 * bm25 of the candidates a search walks, computed in JavaScript the way FTS5's `bm25()`
 * computes it (fts5_aux.c), so the order is the one `ORDER BY rank` gave.
 *
 * Why not FTS5's own: its bm25 needs, once per query, the number of postings holding each
 * phrase of the expression, and gets it by reading each phrase's whole doclist. A kiosk
 * query whose synonyms and 包吃住's halves put several popular phrases (包吃, 包住 are in a
 * third of all postings) into the expression paid for every one of them, however few
 * candidates it then ranked (docs/benchmarks.md, "Where a kiosk search's time goes"). Here
 * those counts are kept between queries (`PhraseCounts`), and the few hundred candidates
 * are scored from their stored tokens (`search_docs`) and FTS5's own document sizes.
 */

/** Column weights of `bm25(10.0, 5.0, 3.0, 1.0, 0.0)` (migrations/0001_search_fts.sql): title, tags, place, body, filters. */
export const columnWeights = [10, 5, 3, 1, 0] as const
/** The tokens a search ranks by: the first four FTS5 columns (filters weigh nothing). */
export type RankedFields = { title: string; tags: string; place: string; body: string }

const K1 = 1.2
const B = 0.75

/** Characters FTS5's unicode61 tokenizer keeps in a token (categories L*, N*, Co); everything else separates. */
const separators = /[^\p{L}\p{N}\p{Co}]+/u
const diacritics = /\p{M}/gu

/** Text as the unicode61 tokenizer (remove_diacritics) reads it: its tokens, lowercased, marks removed. */
export function ftsTokens(text: string): string[] {
  const out: string[] = []
  for (const piece of text.split(separators)) {
    if (!piece) continue
    out.push(/[\u00c0-\u024f]/.test(piece) ? piece.normalize('NFD').replace(diacritics, '').toLowerCase() : piece.toLowerCase())
  }
  return out
}

/** FTS5 (and SQLite record) varints: big-endian 7-bit groups, the ninth byte whole. */
export function readVarints(blob: Uint8Array): number[] {
  const out: number[] = []
  for (let i = 0; i < blob.length; ) {
    let value = 0
    let n = 0
    for (;;) {
      const byte = blob[i++]
      if (n === 8) {
        value = value * 256 + byte
        break
      }
      value = value * 128 + (byte & 0x7f)
      n++
      if (!(byte & 0x80)) break
    }
    out.push(value)
  }
  return out
}

export interface RankInput {
  /** Phrases of the query, each as its unicode61 tokens, in expression order (a repeated phrase counts again, as in FTS5). */
  phrases: string[][]
  /** Postings holding each phrase in title, tags, place or body (same order). */
  postingsWith: number[]
  /** Rows in the index and their tokens in all columns together. */
  rows: number
  totalTokens: number
}

export interface RankDoc {
  /** Tokens of title, tags, place, body, space-joined (`search_docs`). */
  fields: RankedFields
  /** The row's size in tokens over every FTS5 column (`jobs_fts_docsize`). */
  length: number
}

function occurrences(tokens: string[], phrase: string[]): number {
  let n = 0
  const first = phrase[0]
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (tokens[i] !== first) continue
    for (let k = 1; k < phrase.length; k++) if (tokens[i + k] !== phrase[k]) continue outer
    n++
  }
  return n
}

/** A query's scorer: FTS5's bm25 value (negative; lower ranks first) of one candidate. */
export function bm25Scorer(input: RankInput): (doc: RankDoc) => number {
  const avgdl = input.rows > 0 ? input.totalTokens / input.rows : 1
  const idf = input.postingsWith.map((n) => {
    const v = Math.log((input.rows - n + 0.5) / (n + 0.5))
    return v <= 0 ? 1e-6 : v
  })
  return (doc) => {
    const columns = [doc.fields.title, doc.fields.tags, doc.fields.place, doc.fields.body].map((f) => (f ? f.split(' ') : []))
    const norm = K1 * (1 - B + (B * doc.length) / avgdl)
    let score = 0
    input.phrases.forEach((phrase, i) => {
      if (phrase.length === 0) return
      let freq = 0
      for (let c = 0; c < columns.length; c++) {
        const hits = occurrences(columns[c], phrase)
        if (hits) freq += hits * columnWeights[c]
      }
      if (freq) score += (idf[i] * (freq * (K1 + 1))) / (freq + norm)
    })
    return -score
  }
}
