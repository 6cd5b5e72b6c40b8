import type { Db } from '../db/database'
import type { Caller } from './caller'
import { auditLog } from './schema'

export interface AuditEntry {
  action: string
  subjectType: string
  subjectId: string | number
  reason: string
}

export function recordAudit(db: Db, caller: Caller, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({
      at: Date.now(),
      tokenId: caller.tokenId,
      role: caller.role,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: String(entry.subjectId),
      reason: entry.reason,
    })
    .run()
}
