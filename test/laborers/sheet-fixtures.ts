import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import { makeIdNumber } from '../../src/laborers/id-number'

/** A real .xlsx made with exceljs' writer: rows as given (null cells left empty), formulas as { formula, result }. */
export async function xlsxBuffer(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('花名册')
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** Reads a whole .xlsx (first sheet) back as text cells. */
export async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  const stream = new PassThrough()
  stream.end(buffer)
  await workbook.xlsx.read(stream)
  const out: string[][] = []
  workbook.worksheets[0].eachRow({ includeEmpty: false }, (row) => {
    const values = (row.values as unknown[]).slice(1)
    out.push(values.map((v) => (v === null || v === undefined ? '' : String(v))))
  })
  return out
}

export interface Place {
  code: string
  village: string
  township: string
  county: string
}

/** Real places of the city: a village whose name is unique in its county, and one whose name repeats in another township of the same county. */
export function placesOf(app: FastifyInstance) {
  const villages = app.regions.ofLevel('village').map((v) => {
    const township = app.regions.get(v.parentCode!)!
    const county = app.regions.get(township.parentCode!)!
    return { code: v.code, village: v.name, township: township.name, county: county.name }
  })
  const key = (p: Place) => `${p.county}/${p.village}`
  const count = new Map<string, number>()
  for (const p of villages) count.set(key(p), (count.get(key(p)) ?? 0) + 1)
  const cityCount = new Map<string, number>()
  for (const p of villages) cityCount.set(p.village, (cityCount.get(p.village) ?? 0) + 1)
  const inCounty = (code: string) => villages.filter((p) => p.code.startsWith(code))
  const unique = inCounty('140922').filter((p) => cityCount.get(p.village) === 1)
  const repeated = villages.find((p) => count.get(key(p))! > 1)!
  return { unique: unique[0], unique2: unique[1], unique3: unique[2], repeated, otherCounty: inCounty('140931').find((p) => cityCount.get(p.village) === 1)! }
}

let n = 0
export function idFor(place: Place, gender: 'male' | 'female' = 'male'): string {
  n++
  return makeIdNumber(place.code.slice(0, 6), `198${n % 10}-0${1 + (n % 9)}-1${n % 10}`, gender, 100 + n)
}

export const toFullWidth = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
