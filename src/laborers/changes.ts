import { asc, eq } from 'drizzle-orm'
import type { Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { laborerChanges, type Laborer, type LaborerChange } from './schema'

/** The fields a change is recorded for, with their Chinese names; the phone shows masked. */
export const changeFieldLabels: Record<string, string> = {
  name: '姓名',
  phone: '联系电话',
  villageCode: '村',
  povertyStatus: '人口类型',
  skills: '技能特长',
  certificates: '职业资格证书',
  trainingWishes: '培训意愿',
  destinationWishes: '就业意愿',
  expectedWage: '期望月薪',
  availableFrom: '可到岗日期',
  employmentStatus: '就业状态',
}

function shown(laborer: Laborer, field: string): string | null {
  const value = field === 'phone' ? laborer.phoneMasked : (laborer as unknown as Record<string, unknown>)[field]
  if (value === null || value === undefined) return null
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * Writes one row per field that differs between `before` and `after` (same laborer), in
 * the caller's transaction: who, when, old → new, PII masked.
 */
export function recordChanges(db: Db, before: Laborer, after: Laborer, caller: Caller | null, via = 'edit', at = Date.now()): number {
  let n = 0
  for (const field of Object.keys(changeFieldLabels)) {
    const old = shown(before, field)
    const now = shown(after, field)
    if (old === now) continue
    db.insert(laborerChanges)
      .values({ laborerId: after.id, field, oldValue: old, newValue: now, tokenId: caller?.tokenId ?? null, actor: caller?.label ?? '', via, at })
      .run()
    n++
  }
  return n
}

export function changesOf(db: Db, laborerId: number): LaborerChange[] {
  return db.select().from(laborerChanges).where(eq(laborerChanges.laborerId, laborerId)).orderBy(asc(laborerChanges.id)).all()
}
