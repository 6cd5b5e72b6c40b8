import type { OutboxRow } from './queries'

/** One batch for Meilisearch: documents to put, and postings no longer searchable to remove. */
export interface OutboxBatch<D> {
  upserts: D[]
  deletes: number[]
}

/** Where queued changes live (SQLite in the app; a fake in tests). */
export interface OutboxStore<D> {
  read(limit: number): OutboxRow[]
  /** The current state of these postings, as documents or deletions. */
  batch(rows: OutboxRow[]): OutboxBatch<D>
  ack(rows: OutboxRow[]): void
  fail(rows: OutboxRow[], error: string): void
}

/** Applies a batch and resolves only once the engine reports its tasks succeeded. */
export interface OutboxSink<D> {
  apply(batch: OutboxBatch<D>): Promise<void>
}

export type DrainOutcome = { sent: number; failed?: undefined } | { sent: number; failed: Error }

/**
 * Sends queued changes batch by batch until the outbox is empty or a batch fails. A
 * row is acknowledged only after its batch succeeded, and only if unchanged since it
 * was read, so an outage (or a crash mid-batch) leaves everything queued for the next
 * attempt: delivery is at-least-once, and documents are idempotent upserts.
 */
export async function drainOutbox<D>(store: OutboxStore<D>, sink: OutboxSink<D>, batchSize: number): Promise<DrainOutcome> {
  let sent = 0
  for (;;) {
    const rows = store.read(batchSize)
    if (rows.length === 0) return { sent }
    try {
      await sink.apply(store.batch(rows))
    } catch (error) {
      const failed = error instanceof Error ? error : new Error(String(error))
      store.fail(rows, failed.message)
      return { sent, failed }
    }
    store.ack(rows)
    sent += rows.length
  }
}

/** Next wait after `failures` consecutive failed drains: 0.5 s doubling up to 30 s. */
export function backoffMs(failures: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, failures - 1))
}
