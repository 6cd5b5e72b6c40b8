import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { Statement } from 'better-sqlite3'
import type { Db, Sqlite } from '../db/database'
import { dispatches, stationLinks, type Dispatch, type DispatchType, type StationLink } from './schema'

export interface NewDispatch {
  stationId: number
  type: DispatchType
  groupId: number | null
  groupVersion: number | null
  payload: Record<string, unknown>
}

interface Statements {
  lastSeq: Statement<[number], number>
  insert: Statement<[number, number, string, string, number | null, number | null, string, number]>
  after: Statement<[number, number, number], LogRow>
}
const statements = new WeakMap<Sqlite, Statements>()

/** The hot path of dispatch as prepared statements: drizzle would rebuild the SQL on every call. */
function prepared(db: Db): Statements {
  let found = statements.get(db.$client)
  if (!found) {
    found = {
      lastSeq: db.$client.prepare<[number], number>('SELECT coalesce(max(seq), 0) FROM dispatches WHERE station_id = ?').pluck(),
      insert: db.$client.prepare(
        `INSERT INTO dispatches (station_id, seq, id, type, group_id, group_version, payload, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      after: db.$client.prepare<[number, number, number], LogRow>(
        `SELECT seq, id, type, group_id AS groupId, group_version AS groupVersion, created_at AS createdAt, payload
         FROM dispatches WHERE station_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      ),
    }
    statements.set(db.$client, found)
  }
  return found
}

/** A log entry with its payload still as stored JSON text, for sending without re-encoding. */
export interface LogRow {
  seq: number
  id: string
  type: DispatchType
  groupId: number | null
  groupVersion: number | null
  createdAt: number
  payload: string
}

/**
 * Appends to a station's log. Call it inside the transaction of the change it reports:
 * the log and the state can then never disagree, and the next seq is read and written
 * by the one writer SQLite allows, so seqs have no gaps.
 */
export function appendDispatch(db: Db, entry: NewDispatch, at = Date.now()): { seq: number; id: string } {
  const seq = lastSeq(db, entry.stationId) + 1
  const id = randomUUID()
  prepared(db).insert.run(entry.stationId, seq, id, entry.type, entry.groupId, entry.groupVersion, JSON.stringify(entry.payload), at)
  return { seq, id }
}

export function logAfter(db: Db, stationId: number, since: number, limit: number): LogRow[] {
  return prepared(db).after.all(stationId, since, limit)
}

export function lastSeq(db: Db, stationId: number): number {
  return prepared(db).lastSeq.get(stationId)!
}

export function dispatchesAfter(db: Db, stationId: number, since: number, limit: number): Dispatch[] {
  return db
    .select()
    .from(dispatches)
    .where(and(eq(dispatches.stationId, stationId), gt(dispatches.seq, since)))
    .orderBy(asc(dispatches.seq))
    .limit(limit)
    .all()
}

/** Highest rowid of the log: cheap to poll, changes whenever any process appends. */
export function logHighWater(db: Db): number {
  return db.get<{ n: number | null }>(sql`SELECT max(rowid) AS n FROM dispatches`)?.n ?? 0
}

export function markSent(db: Db, stationId: number, fromSeq: number, toSeq: number, at = Date.now()): void {
  db.update(dispatches)
    .set({ sentAt: at })
    .where(
      and(
        eq(dispatches.stationId, stationId),
        gt(dispatches.seq, fromSeq - 1),
        lte(dispatches.seq, toSeq),
        isNull(dispatches.sentAt),
      ),
    )
    .run()
}

/**
 * Acks are cumulative: acking seq n acknowledges everything up to n. Answers the station's
 * highest recorded ack (an ack lower than one already recorded changes nothing).
 */
export function recordAck(db: Db, stationId: number, seq: number, at = Date.now()): number {
  db.update(dispatches)
    .set({ ackedAt: at })
    .where(and(eq(dispatches.stationId, stationId), lte(dispatches.seq, seq), isNull(dispatches.ackedAt)))
    .run()
  return db
    .insert(stationLinks)
    .values({ stationId, lastAckAt: at, lastAckSeq: seq })
    .onConflictDoUpdate({
      target: stationLinks.stationId,
      set: { lastAckAt: at, lastAckSeq: sql`max(${stationLinks.lastAckSeq}, ${seq})` },
    })
    .returning({ lastAckSeq: stationLinks.lastAckSeq })
    .get().lastAckSeq
}

/** The highest seq this station's acks have durably covered (0 when none). */
export function ackedThrough(db: Db, stationId: number): number {
  return db.select({ n: stationLinks.lastAckSeq }).from(stationLinks).where(eq(stationLinks.stationId, stationId)).get()?.n ?? 0
}

export function markConnected(db: Db, stationId: number, at = Date.now()): void {
  db.insert(stationLinks)
    .values({ stationId, connectedAt: at, disconnectedAt: null })
    .onConflictDoUpdate({ target: stationLinks.stationId, set: { connectedAt: at, disconnectedAt: null } })
    .run()
}

export function markDisconnected(db: Db, stationId: number, at = Date.now()): void {
  db.update(stationLinks).set({ disconnectedAt: at }).where(eq(stationLinks.stationId, stationId)).run()
}

/** After a restart (or a crash) no connection survives: close whatever the log says is open. */
export function closeStaleLinks(db: Db, at = Date.now()): void {
  db.update(stationLinks).set({ disconnectedAt: at }).where(isNull(stationLinks.disconnectedAt)).run()
}

export function stationLinkList(db: Db): StationLink[] {
  return db.select().from(stationLinks).all()
}

/** Per station: how many messages are still unacked, and since when the oldest waits. */
export function pendingByStation(db: Db): { stationId: number; pending: number; oldestAt: number }[] {
  return db
    .select({
      stationId: dispatches.stationId,
      pending: sql<number>`count(*)`,
      oldestAt: sql<number>`min(${dispatches.createdAt})`,
    })
    .from(dispatches)
    .where(isNull(dispatches.ackedAt))
    .groupBy(dispatches.stationId)
    .all()
}

/** The newest message about each group: what the sender's delivery state is read from. */
export function latestForGroups(db: Db, groupIds: number[]): Map<number, Dispatch> {
  const out = new Map<number, Dispatch>()
  if (groupIds.length === 0) return out
  const rows = db
    .select()
    .from(dispatches)
    .where(inArray(dispatches.groupId, groupIds))
    .orderBy(asc(dispatches.groupId), desc(dispatches.seq))
    .all()
  for (const row of rows) if (!out.has(row.groupId!)) out.set(row.groupId!, row)
  return out
}
