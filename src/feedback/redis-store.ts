/**
 * Feedback in Redis (REDIS_URL): shared by every replica, beside the template memory.
 *
 * Keys, under a prefix (default `authenticity:feedback:`):
 * - `rows:<tenant>`: a stream per tenant, one entry per row (field `row`, the row as JSON), capped
 *   at `maxRowsPerTenant` entries (XADD MAXLEN: the oldest go first).
 * - `tenants`: the set of tenants that have rows, for the export of every tenant.
 * - `secret`: the secret that keys fingerprints when TEMPLATE_SALT is not set (SET NX: the first
 *   replica's stays), no expiry.
 * Nothing expires by time: a row stays until its tenant's newer rows push it out, or an operator
 * deletes the tenant's stream (see the README, Moderator feedback).
 *
 * The client fails fast as the template store's does (REDIS_CLIENT_OPTIONS): no queue while
 * disconnected, short timeouts, so a dead Redis is a prompt 503, not a hung request.
 */
import { Redis, type RedisOptions } from 'ioredis'
import { REDIS_CLIENT_OPTIONS, redisReady } from '../store/redis-store.js'
import { FeedbackRowSchema, type FeedbackRow } from './row.js'
import { checkMaxRows, type FeedbackStore, type FeedbackStoreOptions } from './store.js'

export interface RedisFeedbackStoreOptions extends FeedbackStoreOptions {
  /** redis://[user:password@]host:port[/db] */
  url: string
  /** Key prefix, so several deployments (or tests) can share one Redis. */
  prefix?: string
  /** Overrides of the client options (tests shorten the timeouts). */
  client?: RedisOptions
}

export const DEFAULT_FEEDBACK_PREFIX = 'authenticity:feedback:'

/** Stream entries read per round trip by an export. */
const PAGE_ROWS = 256

export class RedisFeedbackStore implements FeedbackStore {
  readonly kind = 'redis' as const
  readonly redis: Redis
  readonly prefix: string
  private readonly maxRows: number

  constructor(options: RedisFeedbackStoreOptions) {
    this.maxRows = checkMaxRows(options)
    this.prefix = options.prefix ?? DEFAULT_FEEDBACK_PREFIX
    this.redis = new Redis(options.url, { ...REDIS_CLIENT_OPTIONS, ...options.client })
    // Failures surface as rejected commands (a 503); an unhandled 'error' event would crash the process.
    this.redis.on('error', () => {})
  }

  /** The stream of a tenant's rows. */
  streamKey(tenant: string): string {
    return `${this.prefix}rows:${tenant}`
  }

  /** Resolves true once connected, false after `timeoutMs` without a connection. */
  async ready(timeoutMs = 5000): Promise<boolean> {
    return redisReady(this.redis, timeoutMs)
  }

  async add(row: FeedbackRow): Promise<void> {
    const replies = await this.redis
      .multi()
      .xadd(this.streamKey(row.tenant), 'MAXLEN', this.maxRows, '*', 'row', JSON.stringify(row))
      .sadd(`${this.prefix}tenants`, row.tenant)
      .exec()
    /* c8 ignore next -- exec() answers null only when a WATCHed key changed, and nothing is watched */
    for (const [err] of replies ?? []) if (err) throw err
  }

  async *rows(tenant?: string): AsyncIterable<FeedbackRow> {
    const tenants = tenant === undefined ? (await this.redis.smembers(`${this.prefix}tenants`)).sort() : [tenant]
    for (const t of tenants) {
      // Paged by entry id, which rows added meanwhile (newer ids) or trimmed (older) cannot shift.
      let start = '-'
      for (;;) {
        const page = await this.redis.xrange(this.streamKey(t), start, '+', 'COUNT', PAGE_ROWS)
        for (const [, fields] of page) {
          const row = readRow(fields)
          if (row !== undefined) yield row
        }
        if (page.length < PAGE_ROWS) break
        start = `(${page[page.length - 1][0]}`
      }
    }
  }

  async sharedSecret(candidate: Buffer): Promise<Buffer> {
    const key = `${this.prefix}secret`
    await this.redis.set(key, candidate, 'NX')
    const secret = await this.redis.getBuffer(key)
    /* c8 ignore next -- deleted between the SET and the GET (a FLUSHALL at that very moment) */
    if (secret === null || secret.length === 0) throw new Error('feedback store: the shared secret was deleted while it was read')
    return secret
  }

  async close(): Promise<void> {
    if (this.redis.status !== 'ready') return this.redis.disconnect()
    try {
      await this.redis.quit()
      /* c8 ignore next 3 -- QUIT fails only when the connection drops at that very moment */
    } catch {
      this.redis.disconnect()
    }
  }
}

/** A stream entry's row; undefined for an entry that is not one (written by hand). */
function readRow(fields: string[]): FeedbackRow | undefined {
  const at = fields.indexOf('row')
  if (at < 0 || at % 2 !== 0) return undefined
  try {
    const parsed = FeedbackRowSchema.safeParse(JSON.parse(fields[at + 1]))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}
