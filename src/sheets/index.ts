/**
 * Spreadsheets in and out: reading `.xlsx` and CSV (UTF-8 or GBK) row by row within
 * bounded memory, and writing `.xlsx` and CSV (UTF-8 with BOM) as streams.
 */
export { MAX_COLUMNS, SAVE_AS, charsetOf, detectCharset, detectFormat, openSheet, type OpenedSheet, type SheetFormat, type SheetRow } from './read'
export { XLSX_TYPE, attachment, csvStream, writeXlsx, xlsxStream, type Cell, type SheetSpec } from './write'
