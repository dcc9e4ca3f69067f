/**
 * Feedback kept in the process only: what buildApp uses when it is given no store (tests, the
 * OpenAPI script, embedding). Gone when the process ends; the service itself (src/server.ts) always
 * passes a file or Redis store.
 */
import { checkMaxRows, type FeedbackStore, type FeedbackStoreOptions } from './store.js'
import type { FeedbackRow } from './row.js'

export class MemoryFeedbackStore implements FeedbackStore {
  readonly kind = 'memory' as const
  private readonly maxRows: number
  /** Rows by tenant, oldest first; tenants in the order they first sent feedback. */
  private readonly byTenant = new Map<string, FeedbackRow[]>()
  private secret: Buffer | undefined

  constructor(options: FeedbackStoreOptions = {}) {
    this.maxRows = checkMaxRows(options)
  }

  async add(row: FeedbackRow): Promise<void> {
    const rows = this.byTenant.get(row.tenant) ?? this.byTenant.set(row.tenant, []).get(row.tenant)!
    rows.push(row)
    if (rows.length > this.maxRows) rows.splice(0, rows.length - this.maxRows)
  }

  async *rows(tenant?: string): AsyncIterable<FeedbackRow> {
    const tenants = tenant === undefined ? [...this.byTenant.keys()] : [tenant]
    // A copy: rows added while the export runs are not part of it.
    for (const t of tenants) yield* [...(this.byTenant.get(t) ?? [])]
  }

  async sharedSecret(candidate: Buffer): Promise<Buffer> {
    this.secret ??= candidate
    return this.secret
  }

  async close(): Promise<void> {}
}
