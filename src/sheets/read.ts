import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs'
import { Transform } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import { parse as parseCsv } from 'csv-parse'
import ExcelJS from 'exceljs'
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

/** A cell's cached value as text: formulas are never evaluated, their last result is read. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return numberText(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string; formula?: string; sharedFormula?: string }
    if (v.richText) return v.richText.map((r) => r.text).join('')
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result)
    if (v.text !== undefined) return cellText(v.text)
    if (v.error) return ''
  }
  return String(value)
}

/**
 * Counts uncompressed bytes and cells per row as the worksheet streams by, and stops the
 * read before exceljs would build a row of a million cells or inflate without end.
 */
function guardWorksheet(iterator: AsyncIterable<Buffer>, limit: { bytes: number }): AsyncIterable<string> {
  return (async function* () {
    let cellsInRow = 0
    // exceljs decodes every chunk on its own, so a character cut at a chunk boundary became
    // U+FFFD (年 → ���): the text is decoded here, across boundaries, and handed on as strings.
    const decoder = new StringDecoder('utf8')
    for await (const chunk of iterator) {
      limit.bytes -= chunk.length
      if (limit.bytes < 0) throw new BadRequestError('表格解压后过大（超过 1.5 GB），请拆分成多个文件后导入')
      const text = chunk.toString('latin1')
      let from = 0
      for (;;) {
        const cell = text.indexOf('<c', from)
        if (cell < 0) break
        const rowStart = text.lastIndexOf('<row', cell)
        if (rowStart >= from) cellsInRow = 0
        const next = text.charCodeAt(cell + 2)
        if (next === 32 || next === 62 || next === 47) cellsInRow++
        if (cellsInRow > MAX_COLUMNS) throw new BadRequestError(`表格某一行超过 ${MAX_COLUMNS} 列，请删除多余的列后再导入`)
        from = cell + 2
      }
      if (text.lastIndexOf('<row', text.length) >= from) cellsInRow = 0
      yield decoder.write(chunk)
    }
    const rest = decoder.end()
    if (rest) yield rest
  })()
}

/** The first worksheet of a workbook, row by row, cached values only. */
async function* xlsxRows(file: string, onBytes?: (n: number) => void): AsyncGenerator<SheetRow> {
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
    _parseWorksheet: (iterator: AsyncIterable<Buffer | string>, sheetNo: string) => AsyncGenerator<unknown>
    _parseSharedStrings: (entry: NodeJS.ReadableStream) => AsyncGenerator<unknown>
  } & AsyncIterable<AsyncIterable<{ number: number; values: unknown[] }>>
  const parseWorksheet = reader._parseWorksheet.bind(reader)
  reader._parseWorksheet = (iterator, sheetNo) => parseWorksheet(guardWorksheet(iterator as AsyncIterable<Buffer>, limit), sheetNo)
  const parseSharedStrings = reader._parseSharedStrings.bind(reader)
  reader._parseSharedStrings = (entry) => {
    let left = MAX_SHARED_STRINGS
    // Decoded here across chunk boundaries (see guardWorksheet): strings go on, not bytes.
    const decoder = new StringDecoder('utf8')
    const guard = new Transform({
      readableObjectMode: true,
      transform(chunk: Buffer, _encoding, done) {
        left -= chunk.length
        done(left < 0 ? new BadRequestError('表格中的文字过多（超过 192 MB），请拆分成多个文件后导入') : null, decoder.write(chunk))
      },
      flush(done) {
        const rest = decoder.end()
        done(null, rest || undefined)
      },
    })
    entry.on('error', (e) => guard.destroy(e))
    return parseSharedStrings(entry.pipe(guard))
  }
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values
        if (values.length - 1 > MAX_COLUMNS) throw new BadRequestError(`第 ${row.number} 行超过 ${MAX_COLUMNS} 列，请删除多余的列后再导入`)
        const cells: string[] = []
        for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]).trim())
        yield { row: row.number, cells }
      }
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
