/**
 * Where moderator feedback is kept: one interface, three stores. A JSONL file (file-store.ts, what
 * the service uses without REDIS_URL), Redis (redis-store.ts, shared by every replica) and the
 * process's memory (memory-store.ts, what buildApp uses when given no store: tests and embedding).
 * test/feedback/store.test.ts runs one suite against all three.
 *
 * A store keeps rows as it is given them: what a row may hold (a fingerprint, the text only when
 * the caller asked) is decided before, by the feedback service (service.ts). Each tenant's rows
 * are bounded: past `maxRowsPerTenant` its oldest go first.
 */
import type { FeedbackRow } from './row.js'

export interface FeedbackStoreOptions {
  /** Most rows kept per tenant (FEEDBACK_MAX_ROWS); past it the tenant's oldest go first. */
  maxRowsPerTenant?: number
}

export const DEFAULT_MAX_ROWS_PER_TENANT = 10_000

export interface FeedbackStore {
  readonly kind: 'file' | 'redis' | 'memory'
  /** Keep one row. Rejects when the store cannot be written (the route answers 503). */
  add(row: FeedbackRow): Promise<void>
  /**
   * The rows of one tenant, or of every tenant when `tenant` is undefined: oldest first within a
   * tenant. Rejects (before the first row) when the store cannot be read.
   */
  rows(tenant?: string): AsyncIterable<FeedbackRow>
  /**
   * The secret that keys fingerprints when TEMPLATE_SALT is not set: the first candidate ever
   * offered is kept (in the store, so it outlives the process where the store does) and answered
   * from then on.
   */
  sharedSecret(candidate: Buffer): Promise<Buffer>
  close(): Promise<void>
}

/** A store that cannot be reached or written: the route answers 503 with this message. */
export class FeedbackStoreError extends Error {
  readonly statusCode = 503
  constructor(what: 'written' | 'read') {
    super(`the feedback store cannot be ${what} right now: nothing was ${what === 'written' ? 'stored' : 'exported'}; try again (the operator's log says why)`)
  }
}

/** maxRowsPerTenant, checked: a positive whole number. */
export function checkMaxRows(options: FeedbackStoreOptions): number {
  const max = options.maxRowsPerTenant ?? DEFAULT_MAX_ROWS_PER_TENANT
  if (!Number.isInteger(max) || max < 1) throw new Error(`feedback store: maxRowsPerTenant must be a positive whole number, got ${max}`)
  return max
}
