import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import t from 'tap'
import { openSheet, writeXlsx } from '../../src/sheets/index'
import { freshDir } from '../helpers'

// The streaming writer (src/sheets/xlsx-writer.ts) and the reader (src/sheets/read.ts) are
// our own; exceljs' full reader checks the zip and the XML are well formed.
t.test('an .xlsx written by writeXlsx reads back cell for cell, in exceljs too', async (t) => {
  const file = join(freshDir(t), 'odd.xlsx')
  const rows = [
    [1, '忻府区', 'A & B <c> "d"', '  前后空格  ', '140922197808062977', 6400, 3.25],
    [2, '', null, undefined, 'tab\there', 'bell\u0007gone', 'emoji 😀 ok'],
    [3, '&amp; stays literal', '長'.repeat(300), -1, 0, 'x', ''],
  ]
  await writeXlsx(createWriteStream(file), { name: '花名册/测试', title: ['标题：单位与期间'], header: ['序号', '县', '甲', '乙', '身份证号码', '数', '小数'], rows, widths: [6, 12] })

  const read: string[][] = []
  for await (const row of openSheet(file).rows) read.push(row.cells)
  t.same(read[0], ['标题：单位与期间'])
  t.same(read[1], ['序号', '县', '甲', '乙', '身份证号码', '数', '小数'])
  // Cells are trimmed by the reader, as every import does.
  t.same(read[2], ['1', '忻府区', 'A & B <c> "d"', '前后空格', '140922197808062977', '6400', '3.25'])
  t.same(read[3], ['2', '', '', '', 'tab\there', 'bellgone', 'emoji 😀 ok'])
  t.same(read[4], ['3', '&amp; stays literal', '長'.repeat(300), '-1', '0', 'x'])

  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(file)
  const sheet = workbook.worksheets[0]
  t.equal(sheet.name, '花名册_测试', 'a sheet name Excel refuses is mended')
  t.equal(sheet.getCell('C3').value, 'A & B <c> "d"')
  t.equal(sheet.getCell('D3').value, '  前后空格  ', 'spaces kept (xml:space)')
  t.equal(sheet.getCell('E3').value, '140922197808062977', 'an ID stays text')
  t.equal(sheet.getCell('F3').value, 6400)
  t.equal(sheet.getCell('A1').font?.bold, true, 'title bold')
  t.equal(sheet.getCell('A2').font?.bold, true, 'header bold')
  t.equal(sheet.getColumn(1).width, 6)
})
