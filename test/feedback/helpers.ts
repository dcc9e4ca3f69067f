// Test helpers for the feedback tests: rows to store, and reading a store's rows back.
import type { FeedbackRow } from '../../src/feedback/row.js'

/** A row of `tenant`, numbered so order can be checked. */
export function row(tenant: string, n: number, extra: Partial<FeedbackRow> = {}): FeedbackRow {
  return {
    id: `${tenant}-${n}`,
    tenant,
    time: new Date(Date.UTC(2026, 0, 5, 9, 0, n % 60)).toISOString(),
    expected: n % 2 === 0 ? 'templated' : 'authentic',
    fingerprint: n.toString(16).padStart(32, '0'),
    kind: 'comment',
    ...extra,
  }
}

export async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const r of rows) out.push(r)
  return out
}

export const ids = (rows: FeedbackRow[]) => rows.map((r) => r.id)
