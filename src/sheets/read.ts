import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { parse as parseCsv } from 'csv-parse'
import iconv from 'iconv-lite'
import { BadRequestError, UnsupportedMediaTypeError } from '../errors'

/** One row of a sheet as text cells, numbered as the spreadsheet shows it (1-based). */
export interface SheetRow {
  row: number
  cells: string[]
}

export type SheetFormat = 'xlsx' | 'csv'

/** Widest row read: the platform's roster has about 30 columns. */
export const MAX_COLUMNS = 256
/** Longest CSV record, in characters. */
const MAX_RECORD_CHARS = 64 * 1024
/** Uncompressed size of all parts of a workbook (a 600,000-row roster is about 300 MB). */
const MAX_UNCOMPRESSED = 1536 * 1048576
/** Shared strings are held in memory while the sheet is read. */
const MAX_SHARED_STRINGS = 192 * 1048576
/** Deflate of real sheets compresses 5–20×; far beyond is a zip bomb. */
const MAX_RATIO = 150

export const SAVE_AS = '请在 Excel 或 WPS 中“另存为” .xlsx（Excel 工作簿）或 .csv 后再导入'

const unsupported = (what: string) => new UnsupportedMediaTypeError(`不支持${what}：${SAVE_AS}`)

interface ZipEntry {
  name: string
  compressed: number
  uncompressed: number
}

/** The zip's central directory (names and declared sizes), without inflating anything. */
function zipEntries(fd: number, size: number): ZipEntry[] {
  const tail = Math.min(size, 65_557)
  const buffer = Buffer.alloc(tail)
  readSync(fd, buffer, 0, tail, size - tail)
  let eocd = -1
  for (let i = tail - 22; i >= 0; i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new BadRequestError('文件已损坏（不是完整的 .xlsx），请重新保存后再导入')
  const count = buffer.readUInt16LE(eocd + 10)
  const cdSize = buffer.readUInt32LE(eocd + 12)
  const cdOffset = buffer.readUInt32LE(eocd + 16)
  if (count > 10_000 || cdSize > 16 * 1048576 || cdOffset + cdSize > size) {
    throw new BadRequestError('文件结构异常（条目过多或目录损坏），请重新保存为 .xlsx 后再导入')
  }
  const cd = Buffer.alloc(cdSize)
  readSync(fd, cd, 0, cdSize, cdOffset)
  const entries: ZipEntry[] = []
  for (let p = 0; p + 46 <= cdSize && cd.readUInt32LE(p) === 0x02014b50; ) {
    const nameLength = cd.readUInt16LE(p + 28)
    entries.push({
      compressed: cd.readUInt32LE(p + 20),
      uncompressed: cd.readUInt32LE(p + 24),
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
    })
    p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32)
  }
  return entries
}

/** Refuses a zip that would inflate beyond what a roster needs, before anything is inflated. */
function checkWorkbook(entries: ZipEntry[]): void {
  const names = new Set(entries.map((e) => e.name))
  if (names.has('word/document.xml')) throw unsupported(' Word 文档（.docx）')
  if (names.has('ppt/presentation.xml')) throw unsupported('演示文稿（.pptx）')
  if (!names.has('xl/workbook.xml')) throw unsupported('此压缩文件（不是 Excel 工作簿）')
  let total = 0
  for (const e of entries) {
    total += e.uncompressed
    const zip64 = e.uncompressed === 0xffffffff || e.compressed === 0xffffffff
    if (zip64 || total > MAX_UNCOMPRESSED) throw new BadRequestError('表格解压后过大（超过 1.5 GB），请拆分成多个文件后导入')
    if (e.uncompressed > 1048576 && e.uncompressed > e.compressed * MAX_RATIO) {
      throw new BadRequestError(`文件 ${e.name} 的压缩比异常（疑似压缩炸弹），已拒绝`)
    }
    if (e.name === 'xl/sharedStrings.xml' && e.uncompressed > MAX_SHARED_STRINGS) {
      throw new BadRequestError('表格中的文字过多（超过 192 MB），请拆分成多个文件后导入')
    }
  }
}

/**
 * What the file is, from its first bytes (never from its name or the declared type):
 * an Excel workbook, text (CSV), or something to refuse with 415 and a hint.
 */
export function detectFormat(file: string): SheetFormat {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    const head = Buffer.alloc(Math.min(size, 8192))
    readSync(fd, head, 0, head.length, 0)
    if (size === 0) throw new BadRequestError('文件是空的')
    if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) {
      checkWorkbook(zipEntries(fd, size))
      return 'xlsx'
    }
    if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0) throw unsupported('旧版 Excel 97-2003（.xls）或 Word 97-2003 文件')
    if (head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG') throw unsupported('图片')
    if (head[0] === 0xff && head[1] === 0xd8) throw unsupported('图片')
    if (head.toString('latin1', 0, 4) === 'GIF8' || head.toString('latin1', 0, 2) === 'BM') throw unsupported('图片')
    if (head.toString('latin1', 0, 5) === '%PDF-') throw unsupported(' PDF 文件')
    if (head.toString('latin1', 0, 5) === '{\\rtf') throw unsupported(' RTF 文档')
    // Text has no NUL bytes (UTF-16 would, and Excel's "Unicode text" is UTF-16).
    if (head.includes(0)) throw unsupported('此文件格式（Unicode 文本或二进制文件）')
    return 'csv'
  } finally {
    closeSync(fd)
  }
}

/** The charset a content type names (`text/csv; charset=gbk`), if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset="?([^";\s]+)"?/i.exec(contentType ?? '')
  return match?.[1].toLowerCase()
}

/** UTF-8 (with or without BOM) when the head decodes as UTF-8, else GB18030 (a superset of GBK and GB2312). */
export function detectCharset(file: string): 'utf-8' | 'gb18030' {
  const fd = openSync(file, 'r')
  try {
    const head = Buffer.alloc(Math.min(fstatSync(fd).size, 1048576))
    readSync(fd, head, 0, head.length, 0)
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8'
    // A multi-byte character may be cut at the end of the sample: drop up to 3 trailing bytes.
    for (let cut = 0; cut < 4 && cut <= head.length; cut++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut))
        return 'utf-8'
      } catch {
        if (head.length < 1048576) break
      }
    }
    return 'gb18030'
  } finally {
    closeSync(fd)
  }
}

function normalizeCharset(charset: string): string {
  const c = charset.toLowerCase()
  if (c === 'gbk' || c === 'gb2312' || c === 'gb18030' || c === 'cp936' || c === 'x-gbk') return 'gb18030'
  if (c === 'utf8' || c === 'utf-8') return 'utf-8'
  if (!iconv.encodingExists(c)) throw new BadRequestError(`不认识的字符集 ${charset}：请用 UTF-8 或 GBK`)
  return c
}

async function* csvRows(file: string, charset: string, onBytes?: (n: number) => void): AsyncGenerator<SheetRow> {
  const source = createReadStream(file, { highWaterMark: 256 * 1024 })
  if (onBytes) source.on('data', (chunk) => onBytes(chunk.length))
  const parser = source
    .pipe(iconv.decodeStream(charset, { stripBOM: true }))
    .pipe(parseCsv({ relax_column_count: true, relax_quotes: true, max_record_size: MAX_RECORD_CHARS, skip_empty_lines: false }))
  let row = 0
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++
      if (record.length > MAX_COLUMNS) throw new BadRequestError(`第 ${row} 行有 ${record.length} 列，超过 ${MAX_COLUMNS} 列的上限`)
      yield { row, cells: record }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') {
      throw new BadRequestError(`第 ${row + 1} 行过长（超过 ${MAX_RECORD_CHARS} 个字符），请检查文件`)
    }
    if ((error as { statusCode?: number }).statusCode) throw error
    throw new BadRequestError(`第 ${row + 1} 行不是有效的 CSV：${(error as Error).message.split('\n')[0]}`)
  } finally {
    source.destroy()
  }
}

/** Excel shows a long number as 1.40922E+17: so does the text cell it becomes here. */
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n)
  if (Math.abs(n) >= 1e15) return n.toExponential(5).toUpperCase().replace(/\.?0+E/, 'E')
  return String(n)
}


/** Rows of a sheet's XML are cut from text no longer than this (a row of a million cells is refused). */
const MAX_ROW_CHARS = 8 * 1048576

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** XML text as it reads: entities and character references decoded. */
function xmlText(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name] ?? whole
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ''
  })
}

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g
const ATTR_R = /\br=["']([^"']*)["']/
const FORMULA = /<f\b/
const INLINE_TEXT = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g
const PHONETIC = /<rPh\b[\s\S]*?<\/rPh>/g

// Cells are found with indexOf rather than expressions: a roster has 17 cells a row, and
// four expressions a cell (element, r, t, value) were most of the import thread's reading.
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13

/** Where the element `<name` starts at or after `from` (not a longer name such as `<col`), or -1. */
function elementAt(xml: string, name: string, from: number): number {
  for (let at = xml.indexOf(name, from); at !== -1; at = xml.indexOf(name, at + name.length)) {
    const next = xml.charCodeAt(at + name.length)
    if (next === 62 || next === 47 || isSpace(next)) return at
  }
  return -1
}

/** An attribute's value in a tag's attribute text (`name="…"` or `name='…'` after a space), or undefined. */
function attrOf(attrs: string, name: string): string | undefined {
  for (let at = attrs.indexOf(name); at !== -1; at = attrs.indexOf(name, at + 1)) {
    const eq = at + name.length
    if (!isSpace(attrs.charCodeAt(at - 1)) || attrs.charCodeAt(eq) !== 61) continue
    const quote = attrs.charCodeAt(eq + 1)
    if (quote !== 34 && quote !== 39) continue
    const end = attrs.indexOf(quote === 34 ? '"' : "'", eq + 2)
    if (end !== -1) return attrs.slice(eq + 2, end)
  }
  return undefined
}

/** The text of a cell's `<v>` element, or undefined when it has none. */
function valueOf(body: string): string | undefined {
  const at = elementAt(body, '<v', 0)
  if (at === -1) return undefined
  const open = body.indexOf('>', at)
  if (open === -1 || body.charCodeAt(open - 1) === 47) return undefined
  const close = body.indexOf('</v>', open)
  return close === -1 ? undefined : body.slice(open + 1, close)
}

/** The column of a reference (`AB12` → 28), 0 when it names none. */
function columnOf(ref: string): number {
  let col = 0
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64)
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96)
    else break
  }
  return col
}

/** A cell's cached value as text, from its XML (formulas are never evaluated: `<v>` is their last result). */
function cellXmlText(type: string | undefined, body: string, sharedStrings: SharedStrings | undefined): string | null {
  if (type === 'inlineStr') {
    let text = ''
    for (const m of body.replace(PHONETIC, '').matchAll(INLINE_TEXT)) text += m[1]
    return xmlText(text)
  }
  const raw = valueOf(body)
  if (raw === undefined) return FORMULA.test(body) ? '' : null
  switch (type) {
    case 's':
      return sharedStrings?.get(parseInt(raw, 10)) ?? ''
    case 'str':
    case 'd':
      return xmlText(raw)
    case 'b':
      return parseInt(raw, 10) !== 0 ? 'TRUE' : 'FALSE'
    case 'e':
      return ''
    default: {
      const n = parseFloat(raw)
      return Number.isNaN(n) ? xmlText(raw) : numberText(n)
    }
  }
}

const SHARED_STRING = /<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g

/**
 * A workbook's shared-string table, held as one UTF-8 buffer and the offsets of its
 * strings: a 600,000-row roster has its IDs and phones there (1.2 million strings), which
 * as JavaScript strings (exceljs' cache) took about 150 MB of heap.
 */
class SharedStrings {
  private bytes = Buffer.alloc(1048576)
  private length = 0
  private ends = new Uint32Array(65536)
  count = 0

  push(text: string) {
    const need = Buffer.byteLength(text)
    if (this.length + need > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(this.bytes.length * 2, this.length + need))
      this.bytes.copy(grown, 0, 0, this.length)
      this.bytes = grown
    }
    this.length += this.bytes.write(text, this.length)
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2)
      grown.set(this.ends)
      this.ends = grown
    }
    this.ends[this.count++] = this.length
  }

  get(index: number): string {
    if (!(index >= 0 && index < this.count)) return ''
    return this.bytes.toString('utf8', index === 0 ? 0 : this.ends[index - 1], this.ends[index])
  }
}

/** `xl/sharedStrings.xml` read as it inflates: each `<si>`'s text (its runs joined, phonetic guides left out). */
async function readSharedStrings(entry: AsyncIterable<Buffer>): Promise<SharedStrings> {
  const table = new SharedStrings()
  const decoder = new StringDecoder('utf8')
  let left = MAX_SHARED_STRINGS
  let carry = ''
  const take = (text: string) => {
    SHARED_STRING.lastIndex = 0
    for (let m = SHARED_STRING.exec(text); m; m = SHARED_STRING.exec(text)) {
      const body = m[1]
      if (!body) {
        table.push('')
        continue
      }
      let value = ''
      for (const t of body.replace(PHONETIC, '').matchAll(INLINE_TEXT)) value += t[1]
      table.push(xmlText(value))
    }
  }
  for await (const chunk of entry) {
    left -= chunk.length
    if (left < 0) throw new BadRequestError('表格中的文字过多（超过 192 MB），请拆分成多个文件后导入')
    carry += decoder.write(chunk)
    const end = carry.lastIndexOf('</si>')
    if (end < 0) {
      if (carry.length > MAX_ROW_CHARS) throw new BadRequestError('表格中某个单元格的文字过长，请检查文件')
      continue
    }
    take(carry.slice(0, end + 5))
    carry = carry.slice(end + 5)
  }
  take(carry + decoder.end())
  return table
}

/**
 * A worksheet's rows, read from its XML text as it inflates: exceljs' reader built a Row
 * and Cell objects through a SAX parser (half the import's time on a 600,000-row roster);
 * rows are plain runs of `<c>` elements, read here with a few expressions. Uncompressed
 * bytes and cells a row are counted, so a zip bomb or a row of a million cells stops early.
 */
async function* sheetRows(iterator: AsyncIterable<Buffer | string>, sharedStrings: SharedStrings | undefined, limit: { bytes: number }): AsyncGenerator<SheetRow> {
  // Decoded across chunk boundaries: a character cut between two chunks stays whole.
  const decoder = new StringDecoder('utf8')
  let carry = ''
  let lastRow = 0
  const rowsOf = function* (text: string): Generator<SheetRow> {
    ROW.lastIndex = 0
    for (let m = ROW.exec(text); m; m = ROW.exec(text)) {
      const r = ATTR_R.exec(m[1])
      const row = r ? parseInt(r[1], 10) : lastRow + 1
      lastRow = row
      const cells: string[] = []
      const body = m[2]
      if (body) {
        let col = 0
        let count = 0
        for (let at = elementAt(body, '<c', 0); at !== -1; ) {
          const open = body.indexOf('>', at + 2)
          if (open === -1) break
          const empty = body.charCodeAt(open - 1) === 47
          const attrs = body.slice(at + 2, empty ? open - 1 : open)
          let inner: string | undefined
          if (empty) at = elementAt(body, '<c', open + 1)
          else {
            const close = body.indexOf('</c>', open + 1)
            if (close === -1) break
            inner = body.slice(open + 1, close)
            at = elementAt(body, '<c', close + 4)
          }
          if (++count > MAX_COLUMNS) throw new BadRequestError(`第 ${row} 行超过 ${MAX_COLUMNS} 列，请删除多余的列后再导入`)
          const ref = attrOf(attrs, 'r')
          col = ref ? columnOf(ref) || col + 1 : col + 1
          if (col > MAX_COLUMNS) throw new BadRequestError(`第 ${row} 行超过 ${MAX_COLUMNS} 列，请删除多余的列后再导入`)
          const text = inner === undefined ? null : cellXmlText(attrOf(attrs, 't'), inner, sharedStrings)
          if (text === null) continue
          while (cells.length < col - 1) cells.push('')
          cells[col - 1] = text.trim()
        }
      }
      yield { row, cells }
    }
  }
  for await (const chunk of iterator) {
    const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
    limit.bytes -= bytes
    if (limit.bytes < 0) throw new BadRequestError('表格解压后过大（超过 1.5 GB），请拆分成多个文件后导入')
    carry += typeof chunk === 'string' ? chunk : decoder.write(chunk)
    const end = carry.lastIndexOf('</row>')
    if (end < 0) {
      if (carry.length > MAX_ROW_CHARS) throw new BadRequestError(`表格某一行超过 ${MAX_COLUMNS} 列，请删除多余的列后再导入`)
      continue
    }
    const text = carry.slice(0, end + 6)
    carry = carry.slice(end + 6)
    yield* rowsOf(text)
  }
  carry += decoder.end()
  yield* rowsOf(carry)
}

/** The first worksheet of a workbook, row by row, cached values only. */
async function* xlsxRows(file: string, onBytes?: (n: number) => void): AsyncGenerator<SheetRow> {
  // Loaded when a workbook arrives (exceljs costs every process that imports the app ~0.4 s of
  // start-up), and before the file is opened, so no chunk flows before the reader listens.
  const { default: ExcelJS } = await import('exceljs')
  const limit = { bytes: MAX_UNCOMPRESSED }
  const input = createReadStream(file, { highWaterMark: 256 * 1024 })
  if (onBytes) input.on('data', (chunk) => onBytes(chunk.length))
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as {
    _parseWorksheet: (iterator: AsyncIterable<Buffer | string>, sheetNo: string) => Iterable<unknown>
    _parseSharedStrings: (entry: NodeJS.ReadableStream) => AsyncGenerator<unknown>
  sharedStrings?: SharedStrings
  } & AsyncIterable<AsyncIterable<SheetRow>>
  // The sheet's rows are read by `sheetRows`; exceljs unzips and reads the shared strings.
  reader._parseWorksheet = function* (iterator) {
    yield { eventType: 'worksheet', value: sheetRows(iterator as AsyncIterable<Buffer>, reader.sharedStrings, limit) }
  }
  // Read here into a compact table (see SharedStrings); exceljs only unzips.
  reader._parseSharedStrings = async function* (entry) {
    reader.sharedStrings = await readSharedStrings(entry as unknown as AsyncIterable<Buffer>)
  }
  try {
    for await (const sheet of reader) {
      yield* sheet
      // Only the first sheet is the roster.
      break
    }
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode) throw error
    throw new BadRequestError(`无法读取此 Excel 文件（${(error as Error).message.slice(0, 120)}），请重新保存为 .xlsx 后再导入`)
  } finally {
    input.destroy()
  }
}

export interface OpenedSheet {
  format: SheetFormat
  /** The charset a CSV was read in. */
  charset?: string
  rows: AsyncGenerator<SheetRow>
}

/**
 * Opens a spreadsheet for reading: `.xlsx` (first sheet) or CSV in UTF-8 (± BOM) or
 * GBK/GB18030, named by `charset` or detected. Throws 415 for anything else and 400 for
 * a workbook too big or too wide to read within bounded memory.
 */
export function openSheet(file: string, options: { charset?: string; onBytes?: (n: number) => void } = {}): OpenedSheet {
  const format = detectFormat(file)
  if (format === 'xlsx') return { format, rows: xlsxRows(file, options.onBytes) }
  const charset = options.charset ? normalizeCharset(options.charset) : detectCharset(file)
  return { format, charset, rows: csvRows(file, charset, options.onBytes) }
}
