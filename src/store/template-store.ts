/**
 * The template memory's store: what was scored recently, as fingerprints and hashed authors only,
 * never text. One interface, two implementations: in the process's memory (memory-store.ts, the
 * default) and in Redis (redis-store.ts, shared by every replica). test/store/template-store.test.ts
 * runs one suite against both.
 *
 * An entry is (MinHash signature, source hash, tenant tag, time). The template memory
 * (template-memory.ts) hands the store only values keyed with the deployment's secret and the
 * tenant: the signature, the source and the tag are HMACs, so the store holds nothing a word list
 * can be matched against. A lookup counts the entries of the same tenant within the window that are
 * near-duplicates of a signature: they share an LSH band and their estimated similarity reaches
 * NEAR_DUPLICATE_SIMILARITY (src/engine/fingerprint.ts). The store is bounded twice: entries older
 * than the window are not counted and are dropped, and past `maxEntries` the oldest go first.
 *
 * A store that wraps another (the circuit breaker, breaker.ts) forwards every member below, the
 * `tenant` arguments included.
 *
 * Both stores also keep author stats (AUTHOR_STATS, author-stats.ts): per tenant tag and keyed
 * author hash, counts per time bucket, apart from the entries.
 */
import { NEAR_DUPLICATE_SIMILARITY, SIGNATURE_SIZE, mix32, type Signature } from '../engine/fingerprint.js'
import type { AuthorCounts } from './author-stats.js'

export interface TemplateStoreOptions {
  /** How long an entry counts, in seconds (TEMPLATE_WINDOW_SECONDS). */
  windowSeconds: number
  /** Most entries kept; past it the oldest are dropped first (TEMPLATE_MAX_ENTRIES). */
  maxEntries: number
  /**
   * Most entries a lookup considers per LSH band and most matches it counts, newest first. A
   * template seen more often is reported as seen this many times: the signal's value stops growing
   * at 7 × TEMPLATE_MIN_AUTHORS sources, far below.
   */
  maxScan?: number
}

export const DEFAULT_MAX_SCAN = 128

/** What a lookup found: near-duplicates within the window, newest first up to `maxScan`. */
export interface Sightings {
  /** Matching entries. */
  submissions: number
  /** The distinct author hashes among them. */
  authors: number[]
  /** Matching entries that named no author. */
  anonymous: number
  /** Time of the oldest matching entry, in milliseconds since the epoch; null when none. */
  sinceMs: number | null
}

export type StoreKind = 'memory' | 'redis'

export interface StoreHealth {
  store: StoreKind
  /** `degraded`: the store cannot be reached; scoring goes on without the template memory. */
  status: 'ok' | 'degraded'
}

export interface TemplateStore {
  readonly kind: StoreKind
  /**
   * Near-duplicates of `signature` recorded with the same `tenant` tag within the window ending at
   * `nowMs`. Rejects when the store is unreachable.
   */
  lookup(signature: Signature, nowMs: number, tenant?: number): Promise<Sightings>
  /**
   * Remember one submission: its signature, its author hash (0: none), its time and its tenant tag
   * (a 32-bit keyed hash of the tenant; 0, the default, for a store used without a template memory).
   * Rejects when the store is unreachable.
   */
  record(signature: Signature, author: number, nowMs: number, tenant?: number): Promise<void>
  /**
   * Delete every entry recorded with the `tenant` tag (and entries of an older layout this version
   * cannot read); answers how many were deleted. Rejects when the store is unreachable (some entries
   * may then be left: calling again finishes the job).
   */
  forget(tenant: number): Promise<number>
  /**
   * The deployment's secret for keying what is stored, when no TEMPLATE_SALT is configured: the one
   * already kept by the store, else `candidate`, kept from now on. Redis keeps it under its prefix
   * (SET NX, then read back), so every instance sharing the store uses the same; the in-process
   * store keeps the first candidate for the life of the process.
   */
  sharedSecret(candidate: Buffer): Promise<Buffer>
  /** Entries held (Redis: an upper bound, as expired entries leave by themselves); read by /metrics. */
  size(): Promise<number>
  /**
   * Author stats (author-stats.ts): count one scored text of `author` (a keyed hash, never the
   * account id) in the tenant with tag `tenant`, and answer the counts within the window ending at
   * `nowMs`, this text included. Optional, like the two below: a store without them keeps no
   * author stats (both stores here have them). Rejects when the store is unreachable.
   */
  countAuthor?(tenant: number, author: string, templated: boolean, nowMs: number, windowSeconds: number): Promise<AuthorCounts>
  /** The counts of `author` within the window, without counting anything; zeros for an author not seen in it. */
  authorCounts?(tenant: number, author: string, nowMs: number, windowSeconds: number): Promise<AuthorCounts>
  /** Delete every author's counts of the tenant with tag `tenant`; answers how many authors went. */
  forgetAuthors?(tenant: number): Promise<number>
  health(): StoreHealth
  close(): Promise<void>
}

/** Accumulates the matching entries into Sightings; shared by both stores so they count alike. */
export class SightingsTally {
  private readonly distinct = new Set<number>()
  private anonymous = 0
  private submissions = 0
  private oldest = Infinity

  /** Count a matching entry (time in seconds). */
  add(timeSeconds: number, author: number): void {
    this.submissions++
    if (author === 0) this.anonymous++
    else this.distinct.add(author)
    if (timeSeconds < this.oldest) this.oldest = timeSeconds
  }

  result(): Sightings {
    return {
      submissions: this.submissions,
      authors: [...this.distinct],
      anonymous: this.anonymous,
      sinceMs: this.submissions === 0 ? null : this.oldest * 1000,
    }
  }
}

/** Equal signature values from which a stored entry is a near-duplicate of a query (the threshold, in values). */
export const MIN_EQUAL_VALUES = Math.ceil(NEAR_DUPLICATE_SIMILARITY * SIGNATURE_SIZE)

/** The hash that spreads (band, band key) pairs over a store's buckets; mask it to the bucket count. */
export const bucketOf = (band: number, key: number): number => mix32(key + band)

/**
 * How far a lookup reads into a band's bucket, in units of maxScan: a bucket holds the entries of
 * several band keys (about 6 on average in memory, 8 in Redis, at maxEntries), so a band's newest maxScan
 * candidates sit within its bucket's newest BUCKET_SCANS × maxScan entries unless a neighbour is
 * crowded. Redis keeps that many ids per bucket.
 */
export const BUCKET_SCANS = 4

/** Entry times are whole seconds (32 bits last until 2106). */
export const toSeconds = (ms: number) => Math.floor(ms / 1000)

/** Validate store options, so a bad bound fails at start-up rather than in a request. */
export function checkOptions(options: TemplateStoreOptions): Required<TemplateStoreOptions> {
  const maxScan = options.maxScan ?? DEFAULT_MAX_SCAN
  for (const [name, value] of Object.entries({ windowSeconds: options.windowSeconds, maxEntries: options.maxEntries, maxScan })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`template store: ${name} must be a positive integer, got ${value}`)
  }
  return { windowSeconds: options.windowSeconds, maxEntries: options.maxEntries, maxScan }
}
