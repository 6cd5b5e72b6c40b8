import { recordAudit } from '../auth/audit'
import type { Caller } from '../auth/caller'
import type { Db } from '../db/database'
import { transaction } from '../db/transaction'
import { AlreadyGrantedError, BadRequestError, BatchStateError, NotDueError } from '../errors'
import type { Laborer } from '../laborers/schema'
import type { Cell, SheetSpec } from '../sheets/index'
import type { Line } from './evaluate'
import { ruleTitle } from './guide'
import { params2022 } from './params'
import * as q from './queries'
import { rules2022 } from './rules-2022'
import type { SubsidyBatch } from './schema'
import { linesFor } from './statements'

/** Rules a batch can pay: money to laborers (the roll is a list of people to sign for cash). */
export function batchRules() {
  return rules2022(params2022).filter((r) => r.beneficiary === 'laborer' && r.benefit === 'cash')
}

export function batchRule(ruleId: string) {
  const rule = batchRules().find((r) => r.id === ruleId)
  if (!rule) throw new BadRequestError(`ruleId ${ruleId} 不是发放给劳动力的现金补贴（可选：${batchRules().map((r) => r.id).join('、')}）`)
  return rule
}

export interface Candidate {
  laborer: Laborer
  line: Line
}

/** Every laborer of the area with a line of this rule, and what the rules engine says about it. */
export function ruleLines(db: Db, area: string, ruleId: string, year: number, asOf: string): Candidate[] {
  const out: Candidate[] = []
  for (const laborer of q.batchCandidates(db, area)) {
    for (const line of linesFor(db, 'laborer', q.laborerFacts(db, laborer), asOf, year)) {
      if (line.ruleId === ruleId) out.push({ laborer, line })
    }
  }
  return out
}

export interface BatchRequest {
  area: string
  ruleId: string
  year: number
  asOf: string
  /** Only these laborers' due lines; all due lines when absent. */
  laborerIds?: number[]
  note: string
}

/**
 * Grants the due lines of one rule and year in an area at once, in one transaction: the
 * rules engine decides what is due (evaluated inside the transaction, against the ledger
 * as it stands), the ledger's unique key refuses anything paid before, and a failure
 * leaves nothing granted.
 */
export function approveBatch(db: Db, caller: Caller, request: BatchRequest): SubsidyBatch {
  batchRule(request.ruleId)
  return transaction(db, () => {
    const candidates = ruleLines(db, request.area, request.ruleId, request.year, request.asOf)
    let chosen = candidates.filter((c) => c.line.status === 'due' && c.line.amount > 0)
    if (request.laborerIds) {
      const wanted = new Set(request.laborerIds)
      chosen = chosen.filter((c) => wanted.has(c.laborer.id))
      const found = new Set(chosen.map((c) => c.laborer.id))
      const missing = request.laborerIds.filter((id) => !found.has(id))
      if (missing.length > 0) {
        const reasons = missing.slice(0, 20).map((id) => {
          const line = candidates.find((c) => c.laborer.id === id)?.line
          return line ? `${id}：${line.status === 'granted' ? '已发放' : line.reasons.join('；') || line.status}` : `${id}：无此补贴项`
        })
        throw new NotDueError(`以下劳动力没有可发放的${ruleTitle(request.ruleId)}：${reasons.join('，')}`)
      }
    }
    if (chosen.length === 0) throw new NotDueError(`本地区 ${request.year} 年没有待发放的${ruleTitle(request.ruleId)}`)
    const at = Date.now()
    const batch = q.insertBatch(db, {
      scopeCode: request.area,
      ruleId: request.ruleId,
      year: request.year,
      asOf: request.asOf,
      status: 'approved',
      people: 0,
      total: 0,
      lines: [],
      note: request.note,
      tokenId: caller.tokenId,
      createdAt: at,
    })
    const lines = chosen.map(({ laborer, line }) => {
      const grant = q.insertGrant(db, {
        key: line.key,
        ruleId: line.ruleId,
        version: line.version,
        beneficiaryKind: 'laborer',
        beneficiaryId: laborer.id,
        amount: line.amount,
        facts: line.facts,
        note: `发放批次 ${batch.id}`,
        tokenId: caller.tokenId,
        batchId: batch.id,
        grantedAt: at,
      })
      if (!grant) throw new AlreadyGrantedError(`${line.key} 已在发放台账中`)
      return { grantId: grant.id, key: line.key, laborerId: laborer.id, amount: line.amount }
    })
    return q.updateBatch(db, batch.id, {
      lines,
      people: new Set(lines.map((l) => l.laborerId)).size,
      total: lines.reduce((sum, l) => sum + l.amount, 0),
    })
  })
}

export function markPaid(db: Db, batch: SubsidyBatch): SubsidyBatch {
  return transaction(db, () => {
    const now = q.getBatch(db, batch.id)!
    if (now.status !== 'approved') throw new BatchStateError(`发放批次 ${batch.id} ${statusWords[now.status]}，不能再标记为已发放`)
    return q.updateBatch(db, batch.id, { status: 'paid', paidAt: Date.now() })
  })
}

/** Before payment only: the batch's grants leave the ledger in the same commit. */
export function cancelBatch(db: Db, caller: Caller, batch: SubsidyBatch, reason: string): SubsidyBatch {
  return transaction(db, () => {
    const now = q.getBatch(db, batch.id)!
    if (now.status !== 'approved') throw new BatchStateError(`发放批次 ${batch.id} ${statusWords[now.status]}，不能取消`)
    q.deleteGrantsOfBatch(db, batch.id)
    recordAudit(db, caller, { action: 'cancel_subsidy_batch', subjectType: 'subsidy_batch', subjectId: batch.id, reason })
    return q.updateBatch(db, batch.id, { status: 'cancelled', cancelledAt: Date.now(), cancelReason: reason })
  })
}

export const statusWords: Record<SubsidyBatch['status'], string> = { approved: '已审批（待发放）', paid: '已发放', cancelled: '已取消' }

export const ROLL_HEADERS = ['序号', '姓名', '身份证号码', '县（市、区）', '乡（镇）', '村', '补贴项目', '补贴期间', '金额（元）', '领取人签字', '备注'] as const

export interface RollPlaces {
  fullName(code: string): string
  name(code: string): string
}

/**
 * The batch's payment roll (发放花名册): one row per grant, a total row, and signature
 * lines for the clerk, the reviewer and the head of office. IDs masked unless `reveal`
 * gives the full ones (the caller audits that).
 */
export function rollSheet(db: Db, batch: SubsidyBatch, places: RollPlaces, idNumber: (cipher: string) => string | null, printedOn: string): SheetSpec {
  const rule = batchRule(batch.ruleId)
  const title = ruleTitle(batch.ruleId)
  const people = q.rollPeople(db, batch.lines.map((l) => l.laborerId))
  const rows: Cell[][] = batch.lines.map((line, i) => {
    const p = people.get(line.laborerId)
    const village = p?.villageCode ?? ''
    return [
      i + 1,
      p?.name ?? '',
      p ? (idNumber(p.idCipher) ?? p.idMasked) : '',
      places.name(village.slice(0, 6)),
      places.name(village.slice(0, 9)),
      places.name(village),
      title,
      `${batch.year}年度`,
      line.amount,
      '',
      '',
    ]
  })
  rows.push(['合计', `${batch.lines.length} 人次`, '', '', '', '', '', '', batch.total, '', ''])
  rows.push([])
  rows.push(['经办人签字：', '', '', '审核人签字：', '', '', '单位负责人签字（盖章）：', '', '', '', ''])
  return {
    name: '发放花名册',
    title: [
      `${places.fullName(batch.scopeCode)}${batch.year}年${title}发放花名册`,
      `发放批次 ${batch.id}　状态 ${statusWords[batch.status]}　政策依据 忻州市方案${rule.section}：${rule.wording}`,
      `制表日期 ${printedOn}　共 ${batch.people} 人，金额合计 ${batch.total} 元`,
    ],
    header: [...ROLL_HEADERS],
    rows,
    widths: [6, 10, 22, 12, 12, 14, 18, 12, 12, 16, 12],
  }
}
