import type { Db } from '../db/database'
import { evaluate, type GrantRecord, type Line } from './evaluate'
import type { BeneficiaryKind, FactsOf } from './facts'
import { params2022 } from './params'
import { grantsByKeys } from './queries'

/**
 * A beneficiary's lines as the ledger stands: evaluated once to learn the keys, then again
 * with the ledger entries under those keys. Statements, single grants and batches all
 * read eligibility here.
 */
export function linesFor<K extends BeneficiaryKind>(db: Db, kind: K, facts: FactsOf[K], asOf: string, year: number | undefined): Line[] {
  const options = { asOf, year, params: params2022, granted: [] as GrantRecord[] }
  const keys = evaluate(kind, facts, options).map((l) => l.key)
  return evaluate(kind, facts, { ...options, granted: grantsByKeys(db, keys) })
}
