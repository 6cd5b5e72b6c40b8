import { pinyin } from 'pinyin-pro'
import type { Db } from '../db/database'
import type { Sqlite } from '../db/database'
import { villageRoster } from '../visits/index'

/**
 * One village's laborers as the workbench keeps them on the device for offline use: the
 * visits domain's village roster (masked national ID and phone only, current job, visit
 * state) plus the name's pinyin, so the agent can search by `zhangsan` or `zs` without a
 * pinyin dictionary on the phone. JSON text, one object per laborer.
 */
export function villageRosterWithPinyin(sqlite: Sqlite, villageCode: string, today: string): string[] {
  return villageRoster(sqlite, villageCode, today).map((json) => {
    const row = JSON.parse(json) as { name: string }
    const syllables = pinyin(row.name, { toneType: 'none', type: 'array', v: true })
    return JSON.stringify({ ...row, pinyin: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') })
  })
}

/**
 * The table a township (per village) or a county (per township) works from: laborers,
 * employed, unemployed who want work (a destination wish), monitored households. One
 * grouped read over the area's index.
 */
export function areaTable(db: Db, area: string, childLength: number) {
  return db.$client
    .prepare(
      `SELECT substr(village_code, 1, @childLength) AS code, count(*) AS laborers,
              sum(employment_status <> 'unemployed') AS employed,
              sum(employment_status = 'unemployed' AND destination_wishes <> '[]') AS unemployedWanting,
              sum(poverty_status = 'monitored') AS monitored,
              sum(employment_status = 'unemployed' AND training_wishes <> '[]') AS wantTraining
         FROM laborers WHERE ${area.length === 6 ? 'county_code = @area' : area.length === 9 ? 'township_code = @area' : 'substr(county_code, 1, 4) = @area'}
        GROUP BY 1 ORDER BY 1`,
    )
    .all({ area, childLength }) as { code: string; laborers: number; employed: number; unemployedWanting: number; monitored: number; wantTraining: number }[]
}
