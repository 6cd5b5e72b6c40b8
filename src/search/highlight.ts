const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c])

/**
 * Marks every occurrence of the terms in `text` with <mark>, HTML-escaped; longer terms
 * win over the shorter terms they contain (母婴护理员 over 护理).
 */
export function highlight(text: string, terms: string[]): string {
  const ranges = findRanges(text, terms)
  let out = ''
  let at = 0
  for (const [start, end] of ranges) {
    out += `${escape(text.slice(at, start))}<mark>${escape(text.slice(start, end))}</mark>`
    at = end
  }
  return out + escape(text.slice(at))
}

/** A window of `width` characters around the first matched term, highlighted; the start of the text if none matched. */
export function snippet(text: string, terms: string[], width = 60): string {
  const first = findRanges(text, terms)[0]
  if (!first) return highlight(text.length > width ? `${text.slice(0, width)}…` : text, [])
  const start = Math.max(0, Math.min(first[0] - Math.floor(width / 3), text.length - width))
  const end = Math.min(text.length, start + width)
  return `${start > 0 ? '…' : ''}${highlight(text.slice(start, end), terms)}${end < text.length ? '…' : ''}`
}

function findRanges(text: string, terms: string[]): [number, number][] {
  const lower = text.toLowerCase()
  const sorted = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length)
  const taken: [number, number][] = []
  for (const term of sorted) {
    for (let i = lower.indexOf(term); i !== -1; i = lower.indexOf(term, i + term.length)) {
      const end = i + term.length
      if (!taken.some(([s, e]) => i < e && end > s)) taken.push([i, end])
    }
  }
  return taken.sort((a, b) => a[0] - b[0])
}
