import { and, asc, between, inArray, like } from 'drizzle-orm'
import type { Db } from '../db/database'
import { employmentRecords, formLabels, selfFoundSources, type EmploymentForm } from '../employments/schema'
import { laborers } from '../laborers/schema'
import type { LineStatus } from './evaluate'
import { ruleTitle } from './guide'
import { laborerFacts } from './queries'
import { linesFor } from './statements'

export const claimStatusLabels: Record<LineStatus, string> = {
  due: '符合条件，待发放',
  granted: '已发放',
  pending: '待乡镇核实',
  not_eligible: '不符合条件',
}

/** One self-found job (自主就业) out of the home county and what the transport-subsidy rules say of it. */
export interface TransportClaim {
  recordId: number
  laborerId: number
  name: string
  villageCode: string
  form: EmploymentForm
  formLabel: string
  employerName: string
  startDate: string
  verified: boolean
  ruleId: string
  ruleTitle: string
  status: LineStatus
  statusLabel: string
  amount: number
  cap: number | null
  reasons: string[]
}

/**
 * The transport-subsidy claims of self-found work (路费补贴, 800 / 300 元) under `area`: every
 * self-found job of form 省外务工 or 省内县外务工 that took effect in `year`, with the line the
 * rules engine gives it (the laborer's statement as the ledger stands: pending until a
 * township verifies it, refused for in-province work that was not organized, granted once
 * paid). In village order, at most `limit`.
 */
export function transportClaims(db: Db, area: string, year: number, asOf: string, limit: number): TransportClaim[] {
  const records = db
    .select()
    .from(employmentRecords)
    .where(
      and(
        like(employmentRecords.villageCode, `${area}%`),
        inArray(employmentRecords.source, selfFoundSources),
        inArray(employmentRecords.form, ['cross_province', 'in_province']),
        between(employmentRecords.startDate, `${year}-01-01`, `${year}-12-31`),
      ),
    )
    .orderBy(asc(employmentRecords.villageCode), asc(employmentRecords.id))
    .limit(limit)
    .all()
  if (records.length === 0) return []
  const people = new Map(
    db
      .select()
      .from(laborers)
      .where(inArray(laborers.id, [...new Set(records.map((r) => r.laborerId))]))
      .all()
      .map((l) => [l.id, l]),
  )
  const lines = new Map<number, ReturnType<typeof linesFor>>()
  const claims: TransportClaim[] = []
  for (const record of records) {
    const laborer = people.get(record.laborerId)
    if (!laborer) continue
    let mine = lines.get(laborer.id)
    if (!mine) lines.set(laborer.id, (mine = linesFor(db, 'laborer', laborerFacts(db, laborer), asOf, year)))
    const line = mine.find((l) => l.ruleId.startsWith('transport-') && l.facts.recordId === record.id)
    if (!line) continue
    claims.push({
      recordId: record.id,
      laborerId: laborer.id,
      name: laborer.name,
      villageCode: record.villageCode,
      form: record.form,
      formLabel: formLabels[record.form],
      employerName: record.employerName,
      startDate: record.startDate,
      verified: record.verifiedAt !== null,
      ruleId: line.ruleId,
      ruleTitle: ruleTitle(line.ruleId),
      status: line.status,
      statusLabel: claimStatusLabels[line.status],
      amount: line.amount,
      cap: line.cap,
      // The condition in Chinese, without the engine's fact notation (`: poverty = false, needs …`).
      reasons: line.reasons.map((r) => r.replace(/: .*$/, '')),
    })
  }
  return claims
}
