import { inflateSync } from 'node:zlib'

/**
 * The text of a PDF as Chromium (Skia) writes it: Type0 fonts with Identity-H encoding
 * and a ToUnicode CMap each, content streams showing glyph ids as hex strings. Enough to
 * check what a printed page says (runs joined with nothing between them); not a general
 * PDF reader.
 */
export function pdfText(pdf: Buffer): string {
  const text = pdf.toString('latin1')
  const objects = new Map<number, { dict: string; stream?: Buffer }>()
  const re = /(\d+) 0 obj\s*([\s\S]*?)(stream\r?\n|endobj)/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const id = Number(m[1])
    if (m[3].startsWith('stream')) {
      const start = m.index + m[0].length
      const end = text.indexOf('endstream', start)
      let data = pdf.subarray(start, end)
      if (/\/FlateDecode/.test(m[2])) {
        try {
          data = inflateSync(data)
        } catch {
          data = Buffer.alloc(0)
        }
      }
      objects.set(id, { dict: m[2], stream: data })
      re.lastIndex = end
    } else objects.set(id, { dict: m[2] })
  }

  // Font resource name → glyph id → text, through each font's ToUnicode CMap.
  const fonts = new Map<string, Map<string, string>>()
  for (const { dict } of objects.values()) {
    const resources = /\/Font\s*<<([^>]*)>>/.exec(dict)
    if (!resources) continue
    for (const [, name, ref] of resources[1].matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objects.get(Number(ref))
      const toUnicode = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict)
      const cmap = toUnicode && objects.get(Number(toUnicode[1]))?.stream?.toString('latin1')
      if (!cmap) continue
      const map = new Map<string, string>()
      const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)))
      for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
        for (const [, from, to] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(from.toUpperCase(), hex(to))
      }
      for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
        for (const [, lo, hi, to] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
          const base = parseInt(to, 16)
          for (let g = parseInt(lo, 16); g <= parseInt(hi, 16); g++) {
            map.set(g.toString(16).toUpperCase().padStart(lo.length, '0'), String.fromCodePoint(base + g - parseInt(lo, 16)))
          }
        }
      }
      fonts.set(name, map)
    }
  }

  let out = ''
  for (const { dict, stream } of objects.values()) {
    if (!stream || /\/(Type|Subtype|Length1)\b/.test(dict)) continue
    const content = stream.toString('latin1')
    let font: Map<string, string> | undefined
    for (const [, name, hex] of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>/g)) {
      // Noto Sans SC comes in unicode-range slices, one font each: a name may switch fonts at
      // every character, so runs are joined with nothing between them.
      if (name) font = fonts.get(name)
      else if (font) {
        for (const glyph of hex.toUpperCase().match(/.{4}/g) ?? []) out += font.get(glyph) ?? ''
      }
    }
  }
  return out
}
