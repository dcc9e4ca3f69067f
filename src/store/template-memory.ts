/**
 * The template memory as the HTTP layer uses it: hash the author, look a text's fingerprint up
 * before scoring (the answer becomes the document's `memory` context, read by the
 * repeated-template signal), and remember the submission after scoring.
 *
 * Only the clock reading and the store live here; the score stays a pure function of its input.
 * A store that fails (Redis down) never fails a request: the lookup answers no context and a
 * warning, the record is skipped, and the transition is logged once each way.
 */
import { createHash } from 'node:crypto'
import type { TemplateSightings } from '../engine/document.js'
import type { Signature } from '../engine/fingerprint.js'
import type { StoreHealth, TemplateStore } from './template-store.js'

export interface TemplateMemoryOptions {
  /** Distinct sources that make a template (TEMPLATE_MIN_AUTHORS, default 3). */
  minAuthors?: number
  /** Per-deployment secret mixed into the author hashes (TEMPLATE_SALT), so they cannot be matched across deployments. */
  salt?: string
  /** The clock, in milliseconds since the epoch (tests inject one). */
  now?: () => number
  /** Where the store's outages and recoveries are logged (the app's logger). */
  logger?: MemoryLogger
  /** Called on each failed store operation (/metrics counts them). */
  onError?: (operation: 'lookup' | 'record') => void
}

/** The part of a pino logger the memory writes to. */
export interface MemoryLogger {
  warn(obj: object, msg: string): void
  info(obj: object, msg: string): void
}

export const DEFAULT_MIN_AUTHORS = 3

export const UNAVAILABLE_WARNING = 'template memory unavailable: repeated-template was not checked for this text'

export interface Recall {
  /** The context for the scorer; undefined when the store could not be read. */
  memory?: TemplateSightings
  /** Set when the store could not be read. */
  warning?: string
}

export class TemplateMemory {
  readonly minAuthors: number
  private readonly salt: string
  private readonly now: () => number
  private available = true
  private readonly logger: MemoryLogger | undefined
  private readonly onError: ((operation: 'lookup' | 'record') => void) | undefined

  constructor(
    readonly store: TemplateStore,
    options: TemplateMemoryOptions = {},
  ) {
    this.minAuthors = options.minAuthors ?? DEFAULT_MIN_AUTHORS
    if (!Number.isInteger(this.minAuthors) || this.minAuthors < 1) throw new Error(`template memory: minAuthors must be a positive integer, got ${this.minAuthors}`)
    this.salt = options.salt ?? ''
    this.now = options.now ?? Date.now
    this.logger = options.logger
    this.onError = options.onError
  }

  /**
   * Who a submission counts as: SHA-256 of the salt and the author, cut to 32 bits (never 0).
   * Without an author, a comment counts as its parent post's (hashed the same way), so scoring a
   * thread again does not make its comments look repeated, while one template under many posts
   * still adds up. Without either: 0, and every such submission counts as a source of its own.
   */
  source(author: string | undefined, parent?: string): number {
    let name: string
    if (author !== undefined && author !== '') name = `author\u0000${author}`
    else if (parent !== undefined && parent.trim() !== '') name = `parent\u0000${parent}`
    else return 0
    const digest = createHash('sha256').update(this.salt).update('\u0000').update(name).digest()
    /* c8 ignore next -- a hash whose first 32 bits are all 0 (1 in 2^32) cannot be found to test */
    return digest.readUInt32BE(0) || 1
  }

  /** What was seen of this fingerprint before, as the scorer's context. */
  async recall(signature: Signature | null, author: string | undefined, parent?: string, _tenant?: string): Promise<Recall> {
    if (signature === null) return {}
    let seen
    try {
      seen = await this.store.lookup(signature, this.now())
    } catch (err) {
      this.failed('lookup', err)
      return { warning: UNAVAILABLE_WARNING }
    }
    this.succeeded()
    const me = this.source(author, parent)
    const distinct = seen.authors.length + (me !== 0 && !seen.authors.includes(me) ? 1 : 0)
    return {
      memory: {
        authors: distinct + seen.anonymous + (me === 0 ? 1 : 0),
        submissions: seen.submissions,
        since: seen.sinceMs === null ? null : new Date(seen.sinceMs).toISOString(),
        minAuthors: this.minAuthors,
      },
    }
  }

  /** Remember a scored submission (hashes only). Never throws. */
  async remember(signature: Signature | null, author: string | undefined, parent?: string, _tenant?: string): Promise<void> {
    if (signature === null) return
    try {
      await this.store.record(signature, this.source(author, parent), this.now())
      this.succeeded()
    } catch (err) {
      this.failed('record', err)
    }
  }

  health(): StoreHealth {
    return this.store.health()
  }

  close(): Promise<void> {
    return this.store.close()
  }

  private failed(operation: 'lookup' | 'record', err: unknown): void {
    this.onError?.(operation)
    if (!this.available) return
    this.available = false
    this.logger?.warn({ store: this.store.kind, err: (err as Error).message }, 'template memory unavailable: scoring without repeated-template until the store is back')
  }

  private succeeded(): void {
    if (this.available) return
    this.available = true
    this.logger?.info({ store: this.store.kind }, 'template memory available again')
  }
}
