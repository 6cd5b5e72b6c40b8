import { writeFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { Random } from '../../src/random'
import { demoLaborers } from '../../src/laborers/demo'
import { makeIdNumber } from '../../src/laborers/id-number'
import { CSV_COLUMNS, csvLine } from '../../src/laborers/import-rows'

/** Real villages for scope tests: two in one township, one in another township of the same county, one in another county. */
export function villagesOf(app: FastifyInstance) {
  const villages = app.regions.ofLevel('village')
  const a = villages.find((v) => v.code.startsWith('140922'))!
  const sameTownship = villages.find((v) => v.code !== a.code && v.code.startsWith(a.code.slice(0, 9)))!
  const sameCounty = villages.find((v) => v.code.startsWith('140922') && !v.code.startsWith(a.code.slice(0, 9)))!
  const otherCounty = villages.find((v) => v.code.startsWith('140931'))!
  return { a: a.code, sameTownship: sameTownship.code, sameCounty: sameCounty.code, otherCounty: otherCounty.code }
}

let sequence = 0

/** A valid registry body; each call a different person born in the village's county. */
export function laborerBody(villageCode: string, overrides: Record<string, unknown> = {}) {
  sequence++
  const birth = `19${70 + (sequence % 25)}-0${1 + (sequence % 9)}-1${sequence % 10}`
  return {
    name: `测试${sequence}`,
    idNumber: makeIdNumber(villageCode.slice(0, 6), birth, sequence % 2 ? 'male' : 'female', sequence % 500),
    phone: `138${String(10_000_000 + sequence).slice(-8)}`,
    villageCode,
    povertyStatus: 'poverty_alleviated',
    skills: [{ occupation: '瓦工', tags: ['砌墙'], years: 5 }],
    certificates: [{ name: '砌筑工', tier: 2 }],
    trainingWishes: ['电工'],
    destinationWishes: ['out_of_province', 'jingjinji'],
    expectedWage: 6000,
    availableFrom: '2026-03-01',
    ...overrides,
  }
}

/** `count` demo laborers as CSV, with bad rows spliced in at the given (0-based record) positions. */
export function writeCsv(file: string, villageCodes: string[], count: number, bad: Record<number, string> = {}) {
  const source = demoLaborers(new Random(count), villageCodes)
  const lines = [`${CSV_COLUMNS.join(',')}\n`]
  for (let i = 0; i < count; i++) lines.push(bad[i] ?? csvLine(source.next().value))
  writeFileSync(file, lines.join(''))
}

