/**
 * The template memory as the HTTP layer uses it: look a text's fingerprint up before scoring (the
 * answer becomes the document's `memory` context, read by the repeated-template signal), remember
 * the submission after scoring, and forget a tenant's submissions on request.
 *
 * Per tenant. With API keys each key is a tenant (or, with `API_KEYS=name:key`, every key of that
 * name is one); without keys the service is one tenant. A tenant only ever sees its own
 * submissions, so no caller can raise another's scores.
 *
 * A source to count. Distinct sources are distinct authors; without an author, the parent post;
 * without either, "anonymous", which is ONE source per tenant: scoring the same anonymous text again
 * and again never makes it a template.
 *
 * Keyed, so the store cannot be read back. Everything handed to the store is keyed with HMAC-SHA256
 * under a per-tenant key, itself HMAC(secret, tenant):
 * - each of the 24 MinHash values becomes the first 16 bits of AES-128(value key, position and
 *   value), the value key being HMAC(tenant key, "values"). Equal values stay equal, so near-duplicates are still found, but without the key a value says
 *   nothing about which word or word pair it came from: a word list is no help;
 * - the source is 32 bits of HMAC(tenant key, "author"/"parent", name), never 0;
 * - the tenant tag (what forget() deletes by) is 32 bits of HMAC(tenant key, "tag").
 * The secret is TEMPLATE_SALT when set. Without it, one is generated: 32 random bytes offered to the
 * store, which keeps the first it was offered (Redis: SET NX under its prefix, then read back, so
 * every instance sharing the Redis uses the same; in-process: per process, as the memory itself).
 * Anyone who can read the whole Redis can read that generated secret too: set TEMPLATE_SALT to keep
 * a copy of Redis unreadable. The secret is read again every SECRET_REFRESH_MS (and offered again,
 * so a Redis that lost it gets it back from the first instance that asks).
 *
 * Author stats (AUTHOR_STATS, author-stats.ts), when constructed with `authorStats`: per tenant and
 * per author, the texts scored in a rolling window and how many were templated. The author is kept
 * as 64 bits of HMAC(tenant key, "author-stats", author), never as sent; forget() deletes them
 * with the tenant's submissions.
 *
 * Only the clock reading and the store live here; the score stays a pure function of its input.
 * A store that fails (Redis down) never fails a request: the lookup answers no context and a
 * warning, the record is skipped, and the transition is logged once each way.
 */
import { createCipheriv, createHmac, randomBytes, type Cipher } from 'node:crypto'
import { isRepeatedTemplate, type TemplateSightings } from '../engine/document.js'
import { SIGNATURE_SIZE, type Signature } from '../engine/fingerprint.js'
import type { StoreHealth, TemplateStore } from './template-store.js'
import { checkWindow, type AuthorCounts, type AuthorStats } from './author-stats.js'

export interface TemplateMemoryOptions {
  /** Distinct sources that make a template (TEMPLATE_MIN_AUTHORS, default 3). */
  minAuthors?: number
  /** The deployment's secret (TEMPLATE_SALT); empty or absent: generated and kept by the store. */
  salt?: string
  /**
   * The tenant name of each API key id that has one (API_KEYS `name:key`, config.apiKeyTenants):
   * keys of one name share a memory. A key without a name is a tenant of its own.
   */
  tenants?: Readonly<Record<string, string>>
  /** The clock, in milliseconds since the epoch (tests inject one). */
  now?: () => number
  /** Where the store's outages and recoveries are logged (the app's logger). */
  logger?: MemoryLogger
  /** Called on each failed store operation (/metrics counts them). */
  onError?: (operation: MemoryOperation) => void
  /**
   * Keep author stats over this window (AUTHOR_STATS=true, AUTHOR_STATS_WINDOW); absent: none are
   * kept, counted or answered. The store must keep them (both stores here do).
   */
  authorStats?: { windowSeconds: number }
}

/** The memory's store operations, as onError and /metrics name them. */
export type MemoryOperation = 'lookup' | 'record' | 'author'

/** The part of a pino logger the memory writes to. */
export interface MemoryLogger {
  warn(obj: object, msg: string): void
  info(obj: object, msg: string): void
}

export const DEFAULT_MIN_AUTHORS = 3

export const UNAVAILABLE_WARNING = 'template memory unavailable: repeated-template was not checked for this text'

/** How often a generated secret is read from the store again, in ms. */
export const SECRET_REFRESH_MS = 60_000

/** Bytes of a generated secret. */
const SECRET_BYTES = 32

/** Domain of the tenant keys: another use of the same secret never yields the same key. */
const TENANT_KEY_DOMAIN = 'authenticity-service template memory v2\u0000'

export interface Recall {
  /** The context for the scorer; undefined when the store could not be read. */
  memory?: TemplateSightings
  /** Set when the store could not be read. */
  warning?: string
}

/** Author stats the store could not answer: the route answers 503 with this message. */
export class AuthorStatsError extends Error {
  readonly statusCode = 503
  constructor() {
    super('the template memory could not be reached: author stats are unavailable for now; try again')
  }
}

/** A forget() that the store could not finish: the route answers 503 with this message. */
export class ForgetError extends Error {
  readonly statusCode = 503
  constructor() {
    super('the template memory could not be reached: some entries may not have been forgotten; try again')
  }
}

/** AES's block size, in bytes. */
const BLOCK = 16

/** The first 32 bits of a digest, never 0 (0 means "none" to the stores). */
/* c8 ignore next -- a digest whose first 32 bits are all 0 (1 in 2^32) cannot be found to test */
const u32 = (digest: Buffer): number => digest.readUInt32BE(0) || 1

/**
 * One tenant's keys: how its submissions look to the store. Exported for the tests, which check
 * what reaches the store against what a word list can rebuild.
 */
export class TenantKeys {
  /** The tag of the tenant's entries (forget deletes by it). */
  readonly tag: number
  /** The source of every submission with neither an author nor a parent post. */
  readonly anonymous: number
  /** Keyed signatures by plain one: recall and remember key the same signature object once. */
  private readonly keyed = new WeakMap<Signature, Signature>()
  /** AES-128 under a key of the tenant's own, one block per value (see signature()). */
  private readonly values: Cipher

  constructor(private readonly key: Buffer) {
    this.tag = u32(this.mac('tag'))
    this.anonymous = u32(this.mac('anonymous'))
    // ECB on distinct one-block inputs is a keyed pseudo-random permutation of each block; without
    // padding every update() answers exactly the blocks it was given, so one cipher serves every call.
    this.values = createCipheriv('aes-128-ecb', this.mac('values').subarray(0, 16), null).setAutoPadding(false)
  }

  /** The tenant's key for `tenant` (a namespace, see TemplateMemory.namespace) under `secret`. */
  static derive(secret: Buffer, tenant: string): TenantKeys {
    return new TenantKeys(createHmac('sha256', secret).update(TENANT_KEY_DOMAIN).update(tenant).digest())
  }

  /**
   * The author as the author stats keep it: 64 bits of HMAC under the tenant's key, in hex, in a
   * domain of its own (not the source above, and wider: at 32 bits a tenant of 100,000 authors
   * would likely have two merged; at 64 bits, among a million, the chance is 1 in 37 million).
   */
  author(author: string): string {
    return this.mac(`author-stats\u0000${author}`).subarray(0, 8).toString('hex')
  }

  /** Who a submission counts as: the author, else the parent post, else the tenant's one anonymous source. */
  source(author: string | undefined, parent?: string): number {
    if (author !== undefined && author !== '') return u32(this.mac(`author\u0000${author}`))
    if (parent !== undefined && parent.trim() !== '') return u32(this.mac(`parent\u0000${parent}`))
    return this.anonymous
  }

  /**
   * The signature as stored: value k becomes the first 16 bits of AES(tenant's value key, block of
   * k and the value), so two signatures share a value where they shared it before (bar a 1 in
   * 65,536 chance of a new coincidence) and the similarity and LSH bands work as on the plain
   * values, while without the key a value says nothing of the one it came from. All 24 blocks in
   * one call: 24 HMACs took about a tenth of a /v1/score request's CPU time (npm run bench).
   */
  signature(plain: Signature): Signature {
    const known = this.keyed.get(plain)
    if (known !== undefined) return known
    const blocks = Buffer.alloc(SIGNATURE_SIZE * BLOCK)
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      blocks[k * BLOCK] = k
      blocks.writeUInt16BE(plain[k], k * BLOCK + 1)
    }
    const out = this.values.update(blocks)
    const keyed = new Uint16Array(SIGNATURE_SIZE)
    for (let k = 0; k < SIGNATURE_SIZE; k++) keyed[k] = out.readUInt16BE(k * BLOCK)
    this.keyed.set(plain, keyed)
    return keyed
  }

  private mac(text: string): Buffer {
    return createHmac('sha256', this.key).update(text).digest()
  }
}

export class TemplateMemory {
  readonly minAuthors: number
  private readonly salt: Buffer | undefined
  private readonly tenants: Readonly<Record<string, string>>
  private readonly now: () => number
  private available = true
  private readonly logger: MemoryLogger | undefined
  private readonly onError: ((operation: MemoryOperation) => void) | undefined
  /** The author stats' window in seconds; undefined: author stats are off. */
  readonly authorWindowSeconds: number | undefined
  /** The generated secret and when it was last read from the store. */
  private generated: { secret: Buffer; readAtMs: number } | undefined
  private reading: Promise<Buffer> | undefined
  /** Tenant keys by namespace, for the current secret (as many as tenants: the configured keys). */
  private keyCache = new Map<string, TenantKeys>()
  private keyCacheSecret: Buffer | undefined
  /** forget() calls run one at a time: each may scan the whole store. */
  private forgetting: Promise<unknown> = Promise.resolve()
  /** The forget waiting its turn, per tenant (null: the shared memory). */
  private readonly forgetsWaiting = new Map<string | null, Promise<number>>()

  constructor(
    readonly store: TemplateStore,
    options: TemplateMemoryOptions = {},
  ) {
    this.minAuthors = options.minAuthors ?? DEFAULT_MIN_AUTHORS
    if (!Number.isInteger(this.minAuthors) || this.minAuthors < 1) throw new Error(`template memory: minAuthors must be a positive integer, got ${this.minAuthors}`)
    this.salt = options.salt ? Buffer.from(options.salt, 'utf8') : undefined
    this.tenants = options.tenants ?? {}
    this.now = options.now ?? Date.now
    this.logger = options.logger
    this.onError = options.onError
    this.authorWindowSeconds = options.authorStats === undefined ? undefined : checkWindow(options.authorStats.windowSeconds)
    if (this.authorWindowSeconds !== undefined && (typeof store.countAuthor !== 'function' || typeof store.authorCounts !== 'function')) {
      throw new Error(`template memory: author stats are on but the ${store.kind} store keeps none`)
    }
  }

  /**
   * The memory namespace of a caller: '' without API keys (one tenant), else its key's tenant name
   * or, for a key without one, the key id. The prefixes keep a name from ever equalling a key id.
   */
  namespace(tenant: string | null | undefined): string {
    if (tenant === undefined || tenant === null || tenant === '') return ''
    const name = Object.hasOwn(this.tenants, tenant) ? this.tenants[tenant] : undefined
    return name === undefined ? `key:${tenant}` : `name:${name}`
  }

  /** The keys of a caller's tenant (`tenant`: the request's API key id, none without keys). */
  async keys(tenant?: string | null): Promise<TenantKeys> {
    const secret = await this.secret()
    if (this.keyCacheSecret !== secret) {
      this.keyCache = new Map()
      this.keyCacheSecret = secret
    }
    const namespace = this.namespace(tenant)
    let keys = this.keyCache.get(namespace)
    if (keys === undefined) {
      keys = TenantKeys.derive(secret, namespace)
      this.keyCache.set(namespace, keys)
    }
    return keys
  }

  /**
   * What this tenant saw of this fingerprint before, as the scorer's context. `authors` counts the
   * distinct sources, this submission's included; anonymous submissions are one source.
   */
  async recall(signature: Signature | null, author: string | undefined, parent?: string, tenant?: string): Promise<Recall> {
    if (signature === null) return {}
    let seen
    let me
    try {
      const keys = await this.keys(tenant)
      seen = await this.store.lookup(keys.signature(signature), this.now(), keys.tag)
      me = keys.source(author, parent)
    } catch (err) {
      this.failed('lookup', err)
      return { warning: UNAVAILABLE_WARNING }
    }
    this.succeeded()
    const sources = new Set(seen.authors)
    // Entries without a source (a store filled by an older version): together one source, like anonymous ones now.
    if (seen.anonymous > 0) sources.add(0)
    sources.add(me)
    return {
      memory: {
        authors: sources.size,
        submissions: seen.submissions,
        since: seen.sinceMs === null ? null : new Date(seen.sinceMs).toISOString(),
        minAuthors: this.minAuthors,
      },
    }
  }

  /** Remember a scored submission in its tenant's memory (keyed values only). Never throws. */
  async remember(signature: Signature | null, author: string | undefined, parent?: string, tenant?: string): Promise<void> {
    if (signature === null) return
    try {
      const keys = await this.keys(tenant)
      await this.store.record(keys.signature(signature), keys.source(author, parent), this.now(), keys.tag)
      this.succeeded()
    } catch (err) {
      this.failed('record', err)
    }
  }

  /**
   * Whether a recalled text matches a repeated template: near-duplicates came before from at least
   * minAuthors sources, this one included, which is when the repeated-template signal fires.
   */
  repeated(recall: Recall): boolean {
    return isRepeatedTemplate(recall.memory)
  }

  /**
   * The author stats of `author` in the caller's tenant, counting one more text first when
   * `templated` is given (true: it was templated). Throws AuthorStatsError when the store fails,
   * and an Error when author stats are off (callers check authorWindowSeconds first).
   */
  async authorStats(author: string, tenant?: string | null, templated?: boolean): Promise<AuthorStats> {
    const windowSeconds = this.authorWindowSeconds
    if (windowSeconds === undefined) throw new Error('template memory: author stats are off (AUTHOR_STATS)')
    let counts: AuthorCounts
    try {
      const keys = await this.keys(tenant)
      const hashed = keys.author(author)
      counts =
        templated === undefined
          ? await this.store.authorCounts!(keys.tag, hashed, this.now(), windowSeconds)
          : await this.store.countAuthor!(keys.tag, hashed, templated, this.now(), windowSeconds)
    } catch (err) {
      this.failed('author', err)
      throw new AuthorStatsError()
    }
    this.succeeded()
    const { texts, templated: templatedTexts } = counts
    return { share: texts === 0 ? 0 : Math.round((templatedTexts / texts) * 10_000) / 10_000, texts, templated: templatedTexts, windowSeconds }
  }

  /**
   * Delete every submission this tenant made (and entries of an older store layout), and its
   * author stats (whether or not they are on now: stats kept before are deleted too): answers how
   * many entries went. One forget at a time (each scans the whole store), and at most one waiting
   * per tenant: a tenant that asks again while its forget waits gets that one's answer, so no key
   * can queue scans by the thousand. Throws ForgetError when the store fails.
   */
  async forget(tenant?: string | null): Promise<number> {
    const waiting = this.forgetsWaiting.get(tenant ?? null)
    if (waiting !== undefined) return waiting
    const run = this.forgetting.then(async () => {
      this.forgetsWaiting.delete(tenant ?? null)
      try {
        const keys = await this.keys(tenant)
        const removed = await this.store.forget(keys.tag)
        await this.store.forgetAuthors?.(keys.tag)
        return removed
      } catch (err) {
        this.logger?.warn({ store: this.store.kind, err: (err as Error).message }, 'template memory: forget failed')
        throw new ForgetError()
      }
    })
    this.forgetsWaiting.set(tenant ?? null, run)
    this.forgetting = run.catch(() => {})
    return run
  }

  health(): StoreHealth {
    return this.store.health()
  }

  close(): Promise<void> {
    return this.store.close()
  }

  /** TEMPLATE_SALT, else the generated secret the store keeps, read again every SECRET_REFRESH_MS. */
  private async secret(): Promise<Buffer> {
    if (this.salt !== undefined) return this.salt
    const generated = this.generated
    if (generated !== undefined && this.now() - generated.readAtMs < SECRET_REFRESH_MS) return generated.secret
    this.reading ??= this.readSecret(generated?.secret).finally(() => {
      this.reading = undefined
    })
    return this.reading
  }

  private async readSecret(current: Buffer | undefined): Promise<Buffer> {
    const secret = await this.store.sharedSecret(current ?? randomBytes(SECRET_BYTES))
    if (current === undefined) {
      this.logger?.info(
        { store: this.store.kind },
        this.store.kind === 'redis'
          ? 'TEMPLATE_SALT is not set: the template memory is keyed with a secret generated once and kept in Redis, which whoever reads Redis can read; set TEMPLATE_SALT to keep a copy of Redis unreadable'
          : 'TEMPLATE_SALT is not set: the template memory is keyed with a secret generated for this process',
      )
    } else if (!secret.equals(current)) {
      this.logger?.warn({ store: this.store.kind }, 'template memory: the secret kept in the store changed (the store lost it and another instance set a new one); entries written before no longer match')
    }
    // Keep the same Buffer while the secret is unchanged, so the key cache stays valid.
    const kept = current !== undefined && secret.equals(current) ? current : secret
    this.generated = { secret: kept, readAtMs: this.now() }
    return kept
  }

  private failed(operation: MemoryOperation, err: unknown): void {
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
