/**
 * Moderator feedback, between the route and the store: it fingerprints the text, decides what a
 * row keeps (the text only when the caller asked), and turns a store that fails into a 503.
 *
 * The fingerprint. HMAC-SHA256 of the text, folded (Unicode NFKC, lower case, runs of white space
 * as one space, trimmed), under a key of the tenant's own, HMAC-SHA256(secret, domain ‖ tenant);
 * its first 128 bits in hex. So:
 * - the same text sent again by the same tenant, however cased or spaced, has the same
 *   fingerprint: a later judgement can be matched to an earlier one, and a caller that keeps the
 *   fingerprint of an answer can send it instead of the text;
 * - without the secret, a fingerprint cannot be checked against a guessed text ("Great post!"),
 *   and two tenants' fingerprints of one text differ, so rows of two tenants cannot be linked.
 * The secret is TEMPLATE_SALT when set; otherwise one generated once and kept by the store
 * (FEEDBACK_FILE.key, or `secret` under the Redis prefix), which whoever reads the store can read
 * too: set TEMPLATE_SALT to keep a copy of the store unmatchable. Changing TEMPLATE_SALT changes
 * every fingerprint from then on. The folding is deliberately plain (no look-alike letters, no
 * punctuation folding), so a fingerprint does not move when the engine's normalisation does.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import type { Kind } from '../engine/document.js'
import { FeedbackStoreError, type FeedbackStore } from './store.js'
import type { Expected, FeedbackRow } from './row.js'

export interface FeedbackServiceOptions {
  /** The deployment's secret (TEMPLATE_SALT); absent: generated and kept by the store. */
  salt?: string
  /** The clock (tests inject one). */
  now?: () => number
  /** Row ids (tests inject them). */
  newId?: () => string
  /** Where store failures are logged (never a text, never a row). */
  logger?: { warn(obj: object, msg: string): void }
}

/** What a caller sends (the route's validated body). */
export interface Submission {
  text?: string
  fingerprint?: string
  expected: Expected
  kind: Kind
  reason?: string
  storeText: boolean
}

/** What was stored, as the route answers it. */
export interface Stored {
  id: string
  fingerprint: string
  expected: Expected
  kind: Kind
  reason?: string
  storedText: boolean
  time: string
}

/** The tenant of a caller without API keys: the one shared tenant. */
export const SHARED_TENANT = 'shared'

/** Domain of the tenant keys: another use of the same secret never yields the same key. */
const KEY_DOMAIN = 'authenticity-service feedback v1\u0000'

/** Bytes of a generated secret. */
const SECRET_BYTES = 32

/** The feedback tenant of a template-memory namespace (TemplateMemory.namespace): '' is the shared one. */
export function feedbackTenant(namespace: string): string {
  return namespace === '' ? SHARED_TENANT : namespace
}

/** The text as fingerprinted: NFKC, lower case, white space runs as one space, trimmed. */
export function foldForFingerprint(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().split(/\s+/u).join(' ')
}

export class FeedbackService {
  private readonly salt: Buffer | undefined
  private readonly now: () => number
  private readonly newId: () => string
  private readonly logger: FeedbackServiceOptions['logger']
  private secret: Promise<Buffer> | undefined
  /** Tenant keys by tenant: as many as tenants (the configured keys and names). */
  private readonly keys = new Map<string, Buffer>()

  constructor(
    readonly store: FeedbackStore,
    options: FeedbackServiceOptions = {},
  ) {
    this.salt = options.salt ? Buffer.from(options.salt, 'utf8') : undefined
    this.now = options.now ?? Date.now
    this.newId = options.newId ?? randomUUID
    this.logger = options.logger
  }

  /** The fingerprint of `text` for `tenant` (see the file's header). */
  async fingerprint(tenant: string, text: string): Promise<string> {
    let key = this.keys.get(tenant)
    if (key === undefined) {
      key = createHmac('sha256', await this.deploymentSecret()).update(KEY_DOMAIN).update(tenant).digest()
      this.keys.set(tenant, key)
    }
    return createHmac('sha256', key).update(foldForFingerprint(text)).digest().subarray(0, 16).toString('hex')
  }

  /** Store one piece of feedback: the text only with `storeText`. Throws a 503 error when the store fails. */
  async submit(tenant: string, submission: Submission): Promise<Stored> {
    const { text, expected, kind, reason, storeText } = submission
    let row: FeedbackRow
    try {
      const fingerprint = text === undefined ? submission.fingerprint! : await this.fingerprint(tenant, text)
      row = {
        id: this.newId(),
        tenant,
        time: new Date(this.now()).toISOString(),
        expected,
        fingerprint,
        kind,
        ...(reason === undefined ? {} : { reason }),
        ...(storeText && text !== undefined ? { text } : {}),
      }
      await this.store.add(row)
    } catch (err) {
      this.failed('write', err)
      throw new FeedbackStoreError('written')
    }
    const { tenant: _tenant, text: kept, ...stored } = row
    return { ...stored, storedText: kept !== undefined }
  }

  /**
   * The rows of one tenant, or of all when `tenant` is undefined, oldest first per tenant. The
   * first row is read before this answers, so a store that cannot be read is a 503, not an
   * answer cut short; a failure after that ends the export early (the connection is closed).
   */
  async export(tenant?: string): Promise<AsyncIterable<FeedbackRow>> {
    const rows = this.store.rows(tenant)[Symbol.asyncIterator]()
    let first: IteratorResult<FeedbackRow>
    try {
      first = await rows.next()
    } catch (err) {
      this.failed('read', err)
      throw new FeedbackStoreError('read')
    }
    return (async function* () {
      for (let next = first; !next.done; next = await rows.next()) yield next.value
    })()
  }

  close(): Promise<void> {
    return this.store.close()
  }

  /** TEMPLATE_SALT, else the secret the store keeps (asked once; asked again after a failure). */
  private deploymentSecret(): Promise<Buffer> {
    if (this.salt !== undefined) return Promise.resolve(this.salt)
    this.secret ??= this.store.sharedSecret(randomBytes(SECRET_BYTES)).catch((err: unknown) => {
      this.secret = undefined
      throw err
    })
    return this.secret
  }

  private failed(operation: 'write' | 'read', err: unknown): void {
    this.logger?.warn({ store: this.store.kind, err: (err as Error).message }, `feedback store: ${operation} failed`)
  }
}
