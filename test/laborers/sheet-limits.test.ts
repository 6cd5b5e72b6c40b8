import t from 'tap'
import { ADMIN, call, testApp } from '../helpers'

// Workbooks are built and read for real; on a shared two-core machine that takes a while.
t.setTimeout(600_000)

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

t.test('not a spreadsheet: 415 with advice; a zip bomb and a million columns: clean 400', async (t) => {
  const app = await testApp(t)
  const post = (payload: Buffer, type: string) => call(app, ADMIN, { method: 'POST', url: '/api/v1/laborers/import', headers: { 'content-type': type }, payload })
  const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])
  for (const [name, payload, type] of [
    ['.xls', xls, 'application/vnd.ms-excel'],
    ['png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]), 'image/png'],
  ] as const) {
    const res = await post(payload, type)
    t.equal(res.statusCode, 415, name)
    t.match(res.body.message, /另存为.*\.xlsx.*\.csv/, name)
  }
  // A .docx is a zip too: told apart by its parts.
  const JSZip = (await import('jszip')).default
  const docx = new JSZip()
  docx.file('[Content_Types].xml', '<Types/>')
  docx.file('word/document.xml', '<w:document/>')
  const docxRes = await post(await docx.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  t.equal(docxRes.statusCode, 415)
  t.match(docxRes.body.message, /Word/)

  // A zip bomb: a sheet part of 40 MB of spaces squeezed into a few hundred KB.
  const bomb = new JSZip()
  bomb.file('[Content_Types].xml', '<Types/>')
  bomb.file('xl/workbook.xml', '<workbook/>')
  bomb.file('xl/worksheets/sheet1.xml', Buffer.alloc(40 * 1048576, 0x20))
  const rssBefore = process.memoryUsage().rss
  const bombRes = await post(await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }), XLSX)
  t.equal(bombRes.statusCode, 400)
  t.match(bombRes.body.message, /压缩炸弹/)

  // A row of 300,000 cells.
  const wide = new JSZip()
  const cells = Array.from({ length: 300_000 }, (_, i) => `<c r="A${i}" t="inlineStr"><is><t>x</t></is></c>`).join('')
  wide.file('[Content_Types].xml', '<Types/>')
  wide.file('xl/workbook.xml', '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="a" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>')
  wide.file('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
  wide.file('xl/worksheets/sheet1.xml', `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${cells}</row></sheetData></worksheet>`)
  const wideRes = await post(await wide.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), XLSX)
  t.equal(wideRes.statusCode, 400, JSON.stringify(wideRes.body))
  t.match(wideRes.body.message, /列/)
  t.ok(process.memoryUsage().rss - rssBefore < 400 * 1048576, 'memory stays bounded')
  t.equal((app.sqlite.prepare('SELECT count(*) AS n FROM laborers').get() as { n: number }).n, 0)
})
