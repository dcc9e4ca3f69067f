/**
 * Author stats (AUTHOR_STATS): per tenant and per hashed author, how many texts were scored in a
 * rolling window and how many of them were templated. What one comment cannot show, an account
 * can: a bot posts stock comments all day, a person now and then.
 *
 * The window is cut into AUTHOR_BUCKETS time buckets of equal length, counted by their index
 * (whole bucket lengths since the epoch), so both stores keep at most that many counters per
 * author and a count leaves the window a bucket at a time: a text counts for at least
 * `windowSeconds − bucketSeconds` and at most `windowSeconds` (the bucket length is the window
 * divided by AUTHOR_BUCKETS, rounded up to whole seconds). Both stores keep only the author's
 * keyed hash (TenantKeys.author in template-memory.ts), the tenant's tag and the counts.
 *
 * This file holds what both stores share and the in-process store's part (MemoryAuthorStats);
 * Redis's is redis-author-stats.ts.
 */

import { z } from 'zod'

/**
 * An author's stats as answers carry them (GET /v1/authors/{author}, and `author` on a /v1/score
 * answer): report only, never part of a score.
 */
export const AuthorStatsSchema = z
  .object({
    share: z.number().min(0).max(1).describe('`templated` / `texts`, rounded to 4 decimals; 0 when `texts` is 0.'),
    texts: z.number().int().min(0).describe("The author's texts scored within the window (those sent with `remember: false` are not counted)."),
    templated: z
      .number()
      .int()
      .min(0)
      .describe('Of those, the texts labeled `templated` or matching a repeated template (near-duplicates from at least TEMPLATE_MIN_AUTHORS sources, when repeated-template fires).'),
    windowSeconds: z.number().int().min(1).describe('The rolling window (AUTHOR_STATS_WINDOW); a text counts for at least 23/24 of it and at most all of it.'),
  })
  .describe(
    "An account's recent pattern, from the texts scored with this `author` by the caller's tenant within the window. Report only: it never enters a text's score. Kept as a keyed hash of the author and counts per time bucket (AUTHOR_STATS=true).",
  )

export type AuthorStats = z.infer<typeof AuthorStatsSchema>

/** Buckets per window: the counters kept per author, and the window's resolution (1/24 of it). */
export const AUTHOR_BUCKETS = 24

/** Authors the in-process store keeps by default (AUTHOR_STATS_MAX_AUTHORS). */
export const DEFAULT_MAX_AUTHORS = 100_000

/** What a store counts for an author within the window. */
export interface AuthorCounts {
  /** Texts scored. */
  texts: number
  /** Of those, texts labeled `templated` or matching a repeated template. */
  templated: number
}

/** Seconds per bucket for a window. */
export const bucketSeconds = (windowSeconds: number): number => Math.ceil(windowSeconds / AUTHOR_BUCKETS)

/** The index of the bucket that holds `nowMs`. */
export const bucketIndex = (nowMs: number, windowSeconds: number): number => Math.floor(nowMs / 1000 / bucketSeconds(windowSeconds))

/** Validate a window, so a bad value fails where it is configured rather than in a request. */
export function checkWindow(windowSeconds: number): number {
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) throw new Error(`author stats: windowSeconds must be a positive integer, got ${windowSeconds}`)
  return windowSeconds
}

/**
 * The in-process author stats: a Map from the author's hash to the author's tenant tag and live
 * buckets, as one flat list: [tag, then (bucket index, texts, templated) per bucket], at most
 * AUTHOR_BUCKETS buckets.
 *
 * Keyed by the author's hash alone, which is already the tenant's (keyed with the tenant's key),
 * with the tag in the value: a key made of tag and hash is a concatenated string, which V8 keeps as
 * two, and with lists grown by push an author took 400 bytes; as it is, about 120 (README, "Author
 * stats"). Should two tenants' hashes ever be equal (1 in 2^64), the tags tell them apart: one
 * tenant never reads another's counts, and the later one's replace the earlier one's.
 *
 * Bounded twice, like the template store's ring: an author counted again moves to the end of the
 * Map, so the Map runs from the least recently counted author to the most; past `maxAuthors` the
 * first goes, and every count also drops the authors at the front whose newest bucket has left the
 * window, so an account that stopped posting is gone at the first count after its window ends.
 */
export class MemoryAuthorStats {
  private readonly authors = new Map<string, number[]>()

  constructor(readonly maxAuthors: number = DEFAULT_MAX_AUTHORS) {
    if (!Number.isInteger(maxAuthors) || maxAuthors < 1) throw new Error(`author stats: maxAuthors must be a positive integer, got ${maxAuthors}`)
  }

  /** Authors held (expired ones count until the next count drops them). */
  get size(): number {
    return this.authors.size
  }

  /** Count one scored text of `author` (a keyed hash) in `tenant`, and answer the counts in the window, this text included. */
  count(tenant: number, author: string, templated: boolean, nowMs: number, windowSeconds: number): AuthorCounts {
    const current = bucketIndex(nowMs, checkWindow(windowSeconds))
    const oldest = current - AUTHOR_BUCKETS + 1
    const entry = withCurrent(this.held(tenant, author), tenant >>> 0, oldest, current)
    let at = 1
    while (entry[at] !== current) at += 3
    entry[at + 1]++
    if (templated) entry[at + 2]++
    // Deleted and set again: the Map's order is the order of the authors' latest counts.
    this.authors.delete(author)
    this.authors.set(author, entry)
    this.evict(oldest)
    return sum(entry)
  }

  /** The counts of `author` in `tenant` within the window; zeros for an author not counted in it. */
  read(tenant: number, author: string, nowMs: number, windowSeconds: number): AuthorCounts {
    const held = this.held(tenant, author)
    if (held === undefined) return { texts: 0, templated: 0 }
    const oldest = bucketIndex(nowMs, checkWindow(windowSeconds)) - AUTHOR_BUCKETS + 1
    if (!hasStale(held, oldest)) return sum(held)
    const entry = live(held, oldest)
    // Nothing left in the window: the author goes now rather than at a later count.
    if (entry.length === 1) this.authors.delete(author)
    else this.authors.set(author, entry)
    return sum(entry)
  }

  /** Delete every author of `tenant`; answers how many went. */
  forget(tenant: number): number {
    const tag = tenant >>> 0
    let removed = 0
    for (const [author, entry] of this.authors) {
      if (entry[0] !== tag) continue
      this.authors.delete(author)
      removed++
    }
    return removed
  }

  /** The entry of `author` when it is `tenant`'s. */
  private held(tenant: number, author: string): number[] | undefined {
    const entry = this.authors.get(author)
    return entry !== undefined && entry[0] === tenant >>> 0 ? entry : undefined
  }

  /**
   * Past maxAuthors, the least recently counted go; then the front authors with nothing left in the
   * window. The author just counted is last and live, so this stops at it at the latest.
   */
  private evict(oldest: number): void {
    for (;;) {
      const [author, entry] = this.authors.entries().next().value!
      if (this.authors.size <= this.maxAuthors && newestBucket(entry) >= oldest) return
      this.authors.delete(author)
    }
  }
}

/**
 * The entry `held` with its buckets from `oldest` on and one for `current` (counts 0) when it has
 * none: `held` itself when nothing in it is stale and `current` is there (an active author, counted
 * in place), else a new list exactly as long as it holds (a list grown by push keeps spare room).
 */
function withCurrent(held: number[] | undefined, tag: number, oldest: number, current: number): number[] {
  if (held === undefined) return [tag, current, 0, 0]
  let found = false
  for (let at = 1; at < held.length; at += 3) if (held[at] === current) found = true
  if (found && !hasStale(held, oldest)) return held
  const kept = live(held, oldest)
  if (!found) kept.push(current, 0, 0)
  return kept.slice()
}

function hasStale(entry: number[], oldest: number): boolean {
  for (let at = 1; at < entry.length; at += 3) if (entry[at] < oldest) return true
  return false
}

/** The entry with its buckets from `oldest` on, as a new list. */
function live(entry: number[], oldest: number): number[] {
  const kept = [entry[0]]
  for (let at = 1; at < entry.length; at += 3) if (entry[at] >= oldest) kept.push(entry[at], entry[at + 1], entry[at + 2])
  return kept
}

function newestBucket(entry: number[]): number {
  let newest = -Infinity
  for (let at = 1; at < entry.length; at += 3) newest = Math.max(newest, entry[at])
  return newest
}

function sum(entry: number[]): AuthorCounts {
  let texts = 0
  let templated = 0
  for (let at = 1; at < entry.length; at += 3) {
    texts += entry[at + 1]
    templated += entry[at + 2]
  }
  return { texts, templated }
}
