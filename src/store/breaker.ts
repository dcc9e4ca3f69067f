/**
 * A circuit breaker in front of a template store (opossum), so a store that hangs costs a text a
 * short timeout at most, and nothing once the breaker has opened.
 *
 * Why: a Redis that is dead refuses at once, but one that hangs (SIGSTOP, a stalled network, a
 * blocking command on the server) keeps the connection open and lets every command wait for the
 * client's own timeout. Each text waited twice (lookup, then record) and a service that answered
 * 50 requests/s answered 3–4 while Redis was stopped.
 *
 * How:
 * - every operation (lookup, record, size, sharedSecret, and the author stats' count and read) gets `timeoutMs`; past it, it counts as failed and
 *   rejects, so the template memory scores the text without it and says so on the answer (the
 *   store's own command keeps running in the background until the client's timeout drops it);
 * - `failuresToOpen` failed operations in a row open the breaker (a hang fails everything), and so
 *   does opossum's rule for a flaky store: more than half of at least 20 operations failed within
 *   the last 10 seconds;
 * - while open, operations reject at once (short-circuited) and health() says `degraded`;
 * - after `retryAfterMs` the breaker half-opens and tries the store once with a cheap size() read
 *   of its own, so it recovers without waiting for traffic: success closes it, failure opens it for
 *   another `retryAfterMs`. Calls that come while the trial runs are short-circuited.
 *
 * The breaker wraps any TemplateStore; src/store/index.ts puts it in front of Redis (the in-process
 * store cannot hang). forget() and forgetAuthors() go past it: an operator's scan may take seconds and should wait for
 * the store, not be cut at a scoring timeout. /metrics shows the breaker's state and
 * short-circuited calls (src/http/plugins/metrics.ts).
 */
import CircuitBreaker from 'opossum'
import type { Signature } from '../engine/fingerprint.js'
import type { Sightings, StoreHealth, StoreKind, TemplateStore } from './template-store.js'
import type { AuthorCounts } from './author-stats.js'

export interface BreakerOptions {
  /** Longest wait for one store operation, in ms (TEMPLATE_STORE_TIMEOUT_MS). */
  timeoutMs: number
  /** Failed operations in a row that open the breaker (TEMPLATE_STORE_BREAKER_FAILURES). */
  failuresToOpen: number
  /** How long the breaker stays open before it tries the store again, in ms (TEMPLATE_STORE_BREAKER_RETRY_MS). */
  retryAfterMs: number
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = { timeoutMs: 150, failuresToOpen: 5, retryAfterMs: 5000 }

/** `half-open`: one trial operation is under way; the others are short-circuited until it ends. */
export type BreakerState = 'closed' | 'half-open' | 'open'

export type StoreOperation = 'lookup' | 'record' | 'size' | 'secret' | 'author'

/** The rolling window of opossum's failure-rate rule, and the operations it needs to judge. */
const RATE_WINDOW_MS = 10_000
const RATE_MIN_CALLS = 20

/** An operation the breaker refused or cut short; `code` is opossum's (EOPENBREAKER, ETIMEDOUT). */
export class StoreUnavailableError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

type Operation = () => Promise<unknown>

export class CircuitBreakerStore implements TemplateStore {
  readonly kind: StoreKind
  private readonly breaker: CircuitBreaker<[Operation], unknown>
  private readonly options: BreakerOptions
  private failuresInARow = 0
  private readonly rejected: Record<Exclude<StoreOperation, 'author'>, number> = { lookup: 0, record: 0, size: 0, secret: 0 }
  /** Author stats operations refused, apart: they appear in shortCircuited (and /metrics) once one was, as only deployments with AUTHOR_STATS have them. */
  private rejectedAuthor = 0

  constructor(
    /** The store behind the breaker (tests reach it to wait for a connection). */
    readonly store: TemplateStore,
    options: Partial<BreakerOptions> = {},
  ) {
    const o = { ...DEFAULT_BREAKER_OPTIONS, ...options }
    for (const [name, value] of Object.entries(o)) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`template store breaker: ${name} must be a positive integer, got ${value}`)
    }
    this.options = o
    this.kind = store.kind
    this.breaker = new CircuitBreaker((operation: Operation) => operation(), {
      name: `template-store-${store.kind}`,
      timeout: o.timeoutMs,
      resetTimeout: o.retryAfterMs,
      errorThresholdPercentage: 50,
      volumeThreshold: RATE_MIN_CALLS,
      rollingCountTimeout: RATE_WINDOW_MS,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    })
    this.breaker.on('success', () => {
      this.failuresInARow = 0
    })
    this.breaker.on('failure', () => {
      if (++this.failuresInARow >= o.failuresToOpen && this.breaker.closed) this.breaker.open()
    })
    this.breaker.on('close', () => {
      this.failuresInARow = 0
    })
    // The trial is the breaker's own cheap read, so a store that came back is found without traffic.
    this.breaker.on('halfOpen', () => {
      this.breaker.fire(() => this.store.size()).catch(() => {})
    })
  }

  get breakerState(): BreakerState {
    if (this.breaker.closed) return 'closed'
    return this.breaker.halfOpen ? 'half-open' : 'open'
  }

  /** Operations refused while the breaker was open or half-open, by operation, since start. */
  get shortCircuited(): Readonly<Partial<Record<StoreOperation, number>>> {
    return this.rejectedAuthor === 0 ? this.rejected : { ...this.rejected, author: this.rejectedAuthor }
  }

  lookup(signature: Signature, nowMs: number, tenant?: number): Promise<Sightings> {
    return this.run('lookup', () => this.store.lookup(signature, nowMs, tenant))
  }

  record(signature: Signature, author: number, nowMs: number, tenant?: number): Promise<void> {
    return this.run('record', () => this.store.record(signature, author, nowMs, tenant))
  }

  size(): Promise<number> {
    return this.run('size', () => this.store.size())
  }

  /** Past the breaker: an operator's request, long by nature (a scan), and worth the wait. */
  forget(tenant: number): Promise<number> {
    return this.store.forget(tenant)
  }

  countAuthor(tenant: number, author: string, templated: boolean, nowMs: number, windowSeconds: number): Promise<AuthorCounts> {
    return this.run('author', () => this.authorStore('countAuthor').countAuthor!(tenant, author, templated, nowMs, windowSeconds))
  }

  authorCounts(tenant: number, author: string, nowMs: number, windowSeconds: number): Promise<AuthorCounts> {
    return this.run('author', () => this.authorStore('authorCounts').authorCounts!(tenant, author, nowMs, windowSeconds))
  }

  /** Past the breaker, as forget() (it is part of forgetting a tenant); a store without author stats has none to forget. */
  async forgetAuthors(tenant: number): Promise<number> {
    return this.store.forgetAuthors ? this.store.forgetAuthors(tenant) : 0
  }

  /** Through the breaker like a lookup: whoever asks for the secret must not hang on the store either. */
  sharedSecret(candidate: Buffer): Promise<Buffer> {
    return this.run('secret', () => this.store.sharedSecret(candidate))
  }

  /** Degraded while the breaker is not closed, else as the store says. */
  health(): StoreHealth {
    return this.breaker.closed ? this.store.health() : { store: this.kind, status: 'degraded' }
  }

  async close(): Promise<void> {
    this.breaker.shutdown()
    await this.store.close()
  }

  private async run<T>(operation: StoreOperation, call: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(call)) as T
    } catch (err) {
      throw this.explain(operation, err as Error & { code?: string })
    }
  }

  /** The store behind, which must keep author stats for them to be asked of it. */
  private authorStore(method: 'countAuthor' | 'authorCounts'): TemplateStore {
    if (typeof this.store[method] !== 'function') throw new Error(`template store: the ${this.store.kind} store behind the breaker keeps no author stats (no ${method})`)
    return this.store
  }

  /** opossum's own errors, reworded for the log; the store's errors as they are. */
  private explain(operation: StoreOperation, err: Error & { code?: string }): Error {
    if (!CircuitBreaker.isOurError(err)) return err
    if (err.code === 'EOPENBREAKER') {
      if (operation === 'author') this.rejectedAuthor++
      else this.rejected[operation]++
      return new StoreUnavailableError(err.code, `template store ${operation} not tried: the circuit breaker is open after failures (the store is tried again every ${this.options.retryAfterMs} ms)`)
    }
    if (err.code === 'ETIMEDOUT') return new StoreUnavailableError(err.code, `template store ${operation} timed out after ${this.options.timeoutMs} ms`)
    // ESHUTDOWN: an operation after close() (the breaker has no capacity limit, so no ESEMLOCKED)
    return new StoreUnavailableError(err.code as string, `template store ${operation} failed: ${err.message}`)
  }
}
