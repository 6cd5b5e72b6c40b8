import type { BeneficiaryKind, FactsOf } from './facts'
import type { RuleParams } from './params'
import { rules2022, type Benefit, type Condition, type FactValue, type Rule, type SubjectFacts } from './rules-2022'

export const lineStatuses = ['due', 'granted', 'pending', 'not_eligible'] as const
export type LineStatus = (typeof lineStatuses)[number]

/** What one rule says about one subject: the answer an official reads and grants from. */
export interface Line {
  ruleId: string
  version: string
  section: string
  key: string
  benefit: Benefit
  status: LineStatus
  /** 元: due (to pay), granted (paid), 0 otherwise. */
  amount: number
  cap: number | null
  facts: SubjectFacts
  reasons: string[]
}

/** A ledger entry as the evaluator needs it. */
export interface GrantRecord {
  key: string
  ruleId: string
  amount: number
}

export interface EvaluateOptions {
  asOf: string
  params: RuleParams
  granted: readonly GrantRecord[]
  /** Subsidy year; defaults to the year of `asOf`. */
  year?: number
}

const opText: Record<Condition['op'], string> = { is: '=', gte: '≥', lte: '≤', in: '∈' }

function holds(condition: Condition, value: FactValue): boolean {
  switch (condition.op) {
    case 'is':
      return value === condition.value
    case 'gte':
      return typeof value === 'number' && value >= (condition.value as number)
    case 'lte':
      return typeof value === 'number' && value <= (condition.value as number)
    case 'in':
      return (condition.value as readonly FactValue[]).includes(value)
  }
}

function unmet(condition: Condition, value: FactValue): string {
  return `${condition.says}: ${condition.fact} = ${JSON.stringify(value)}, needs ${opText[condition.op]} ${JSON.stringify(condition.value)}`
}

/**
 * Applies the rules for one beneficiary to its facts. Pure: the same facts, parameters,
 * ledger and day always give the same lines.
 */
export function evaluate<K extends BeneficiaryKind>(kind: K, facts: FactsOf[K], options: EvaluateOptions): Line[] {
  const context = { asOf: options.asOf, year: options.year ?? Number(options.asOf.slice(0, 4)) }
  const rules = rules2022(options.params).filter((r) => r.beneficiary === kind) as unknown as Rule<K>[]
  const ledger = new Map(options.granted.map((g) => [g.key, g]))
  const lines: Line[] = []

  for (const rule of rules) {
    for (const subject of rule.subjects(facts, context)) {
      const line: Line = {
        ruleId: rule.id,
        version: options.params.version,
        section: rule.section,
        key: subject.key,
        benefit: rule.benefit,
        status: 'due',
        amount: 0,
        cap: rule.cap,
        facts: subject.facts,
        reasons: [],
      }
      lines.push(line)
      const paid = ledger.get(subject.key)
      if (paid?.ruleId === rule.id) {
        line.status = 'granted'
        line.amount = paid.amount
        continue
      }
      if (paid) {
        line.status = 'not_eligible'
        line.reasons.push(`一次性：已按 ${paid.ruleId}（${subject.key}）发放过`)
        continue
      }
      const failed = rule.conditions.filter((c) => !holds(c, subject.facts[c.fact] ?? null))
      const refused = failed.filter((c) => !(c.pendingWhile && subject.facts[c.pendingWhile] === true))
      line.reasons = (refused.length > 0 ? refused : failed).map((c) => unmet(c, subject.facts[c.fact] ?? null))
      if (refused.length > 0) line.status = 'not_eligible'
      else if (failed.length > 0) line.status = 'pending'
      else {
        const amount = rule.amount(subject.facts)
        if (amount === null) {
          line.status = 'pending'
          line.reasons.push('按规定：文件未写明金额，也未配置金额')
        } else line.amount = amount
      }
    }
  }

  keepOnePerKey(lines, options.params.transportPreference)
  applyReplacements(rules, lines)
  return lines
}

/**
 * Lines sharing a key pay the same thing (the two transport subsidies, or two journeys in
 * one year): at most one of them is due.
 */
function keepOnePerKey(lines: Line[], preference: RuleParams['transportPreference']): void {
  const byKey = new Map<string, Line[]>()
  for (const line of lines) {
    if (line.status !== 'due') continue
    const group = byKey.get(line.key)
    if (group) group.push(line)
    else byKey.set(line.key, [line])
  }
  const startOf = (l: Line) => String(l.facts.startDate ?? '')
  for (const group of byKey.values()) {
    if (group.length < 2) continue
    const [kept] = [...group].sort((a, b) =>
      preference === 'higher'
        ? b.amount - a.amount || startOf(a).localeCompare(startOf(b))
        : startOf(a).localeCompare(startOf(b)) || b.amount - a.amount,
    )
    for (const line of group) {
      if (line === kept) continue
      line.status = 'not_eligible'
      line.amount = 0
      line.reasons.push(`一次性：按 ${kept.ruleId}（${kept.key}）发放一次（${preference === 'higher' ? '就高' : '就先'}）`)
    }
  }
}

/** A rule that replaces others (the 100,000 元 reward) refuses their unpaid lines and may net their paid ones. */
function applyReplacements<K extends BeneficiaryKind>(rules: Rule<K>[], lines: Line[]): void {
  for (const rule of rules) {
    if (!rule.replaces) continue
    const winners = lines.filter((l) => l.ruleId === rule.id && (l.status === 'due' || l.status === 'granted'))
    if (winners.length === 0) continue
    const replaced = lines.filter((l) => rule.replaces!.includes(l.ruleId))
    for (const line of replaced) {
      if (line.status !== 'due' && line.status !== 'pending') continue
      line.status = 'not_eligible'
      line.amount = 0
      line.reasons = [`不再重复享受: replaced by ${rule.id}`]
    }
    if (!rule.netOfReplaced) continue
    const prior = replaced.filter((l) => l.status === 'granted').reduce((sum, l) => sum + l.amount, 0)
    for (const winner of winners) {
      if (winner.status !== 'due' || prior === 0) continue
      winner.amount = Math.max(0, winner.amount - prior)
      winner.facts = { ...winner.facts, priorPerPersonGranted: prior }
      winner.reasons.push(`已扣除已发放的按人补贴 ${prior} 元`)
    }
  }
}
