/**
 * Configuration from the environment, validated: the one place that reads process.env for the
 * service. A bad value stops start-up with a message naming the variable.
 */
import { createHash } from 'node:crypto'
import { isIP } from 'node:net'
import { z } from 'zod'
import { availableParallelism } from 'node:os'
import { DEFAULT_MAX_REQUEST_CHARS } from './scoring/request.js'

/** Shortest accepted API key: a guessable key is no key. */
export const MIN_KEY_CHARS = 16

/** One entry of API_KEYS: a key, or `name:key` to put the key in a named tenant. */
export interface ApiKeyEntry {
  key: string
  /** The tenant whose template memory the key shares with the other keys of that name; none: the key is a tenant of its own. */
  tenant?: string
}

/** A tenant name: letters, digits, '.', '_' and '-', at most 64 (it appears in no answer and no log). */
const TENANT_NAME = /^[A-Za-z0-9._-]{1,64}$/

/**
 * API_KEYS as written: comma-separated entries, each a key or `name:key`, split at the first colon
 * (so a key that holds a colon must be given a name). Answers the entries and what is wrong with
 * them, by entry number: a message never quotes a key, nor a name (it may be half a key).
 */
export function parseApiKeys(list: string): { entries: ApiKeyEntry[]; problems: string[] } {
  const entries: ApiKeyEntry[] = []
  const problems: string[] = []
  const tenantOf = new Map<string, { tenant: string | undefined; entry: number }>()
  const written = list.split(',').map((e) => e.trim()).filter((e) => e !== '')
  written.forEach((text, i) => {
    const n = i + 1
    const colon = text.indexOf(':')
    const tenant = colon < 0 ? undefined : text.slice(0, colon).trim()
    const key = colon < 0 ? text : text.slice(colon + 1).trim()
    if (tenant !== undefined && !TENANT_NAME.test(tenant)) {
      problems.push(`entry ${n} is not a key nor name:key: the tenant name before the first ":" must be 1 to 64 letters, digits, ".", "_" or "-"`)
      return
    }
    if (key.length < MIN_KEY_CHARS) {
      problems.push(`each key must be at least ${MIN_KEY_CHARS} characters (e.g. openssl rand -hex 32): entry ${n}'s key is shorter`)
      return
    }
    const earlier = tenantOf.get(key)
    if (earlier !== undefined && earlier.tenant !== tenant) {
      problems.push(`entries ${earlier.entry} and ${n} give one key two different tenants`)
      return
    }
    tenantOf.set(key, { tenant, entry: n })
    entries.push(tenant === undefined ? { key } : { key, tenant })
  })
  return { entries, problems }
}

/** The id of an API key as src/http/plugins/auth.ts gives it to a request (request.apiKeyId): the first 12 hex digits of its SHA-256. */
export function apiKeyId(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12)
}

/** The tenant name of each named key, by key id: what the template memory needs to put keys of one name in one namespace. */
export function apiKeyTenants(entries: readonly ApiKeyEntry[]): Record<string, string> {
  const tenants: Record<string, string> = {}
  for (const { key, tenant } of entries) if (tenant !== undefined) tenants[apiKeyId(key)] = tenant
  return tenants
}

/**
 * What is wrong with ADMIN_API_KEYS, by entry number (a message never quotes a key): each admin key
 * must be one of API_KEYS' keys, so it passes the key check and has a tenant like any other.
 */
export function adminKeyProblems(adminKeys: readonly string[], apiKeys: readonly string[]): string[] {
  const known = new Set(apiKeys)
  return adminKeys.flatMap((key, i) =>
    known.has(key) ? [] : [`entry ${i + 1} is not one of the keys of API_KEYS: an admin key must also be an API key (list it in API_KEYS too, named or not)`],
  )
}

/** Milliseconds per unit word of a duration. */
const UNIT_MS: Record<string, number> = {}
for (const [ms, words] of [
  [1, ['', 'ms', 'millisecond', 'milliseconds']],
  [1000, ['s', 'sec', 'secs', 'second', 'seconds']],
  [60_000, ['m', 'min', 'mins', 'minute', 'minutes']],
  [3_600_000, ['h', 'hr', 'hrs', 'hour', 'hours']],
  [86_400_000, ['d', 'day', 'days']],
] as const) for (const w of words) UNIT_MS[w] = ms

/** "1 minute", "30s", "2 hours", "500 ms" or a bare number of milliseconds; undefined when unreadable. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  const perUnit = m ? UNIT_MS[m[2].toLowerCase()] : undefined
  if (m === null || perUnit === undefined) return undefined
  const ms = Math.round(Number(m[1]) * perUnit)
  return ms >= 1 ? ms : undefined
}

/** A whole number from `min` to `max`, read from text, with a message that says what is expected. */
function wholeNumber(min: number, max: number, unit: string) {
  const expected = `a whole number of ${unit} from ${min} to ${max}`
  return z.coerce.number({ error: expected }).int({ error: expected }).min(min, { error: expected }).max(max, { error: expected })
}

/** Fastify's trustProxy option: trust no proxy, every proxy, or the proxies at these addresses. */
export type TrustProxy = boolean | string[]

/** Names proxy-addr (Fastify's) accepts for address ranges. */
const TRUST_PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** An address, an address/prefix (CIDR) or an IPv4 address/netmask. */
function isAddressOrRange(entry: string): boolean {
  const slash = entry.indexOf('/')
  if (slash < 0) return isIP(entry) !== 0
  const version = isIP(entry.slice(0, slash))
  const suffix = entry.slice(slash + 1)
  if (version === 0) return false
  if (/^\d{1,3}$/.test(suffix)) return Number(suffix) <= (version === 4 ? 32 : 128)
  return version === 4 && isIP(suffix) === 4
}

/**
 * TRUST_PROXY as Fastify takes it: '' or `false` → false, `true` → true, else a comma-separated
 * list of addresses, CIDR ranges and proxy-addr's range names. A string answer says what is wrong.
 *
 * A hop count is refused rather than passed on: since 5.12.1 Fastify trusts no proxy when given a
 * number (a count cannot tell the proxy from a client that writes X-Forwarded-For itself), so
 * `1` would quietly put every client behind the proxy in one bucket again.
 */
export function parseTrustProxy(text: string): TrustProxy | string {
  const value = text.trim().toLowerCase()
  if (value === '' || value === 'false') return false
  if (value === 'true') return true
  const entries = value.split(',').map((e) => e.trim())
  if (entries.length === 1 && /^\d+$/.test(value)) {
    return 'a hop count is not supported (Fastify trusts no proxy given a number, since a count cannot tell the proxy from a client): name the proxy by its address or CIDR range instead, e.g. 10.213.77.10 or uniquelocal'
  }
  const bad = entries.filter((e) => !TRUST_PROXY_RANGES.has(e) && !isAddressOrRange(e))
  if (bad.length > 0) {
    return `not an address or CIDR range: ${bad.slice(0, 3).map((e) => JSON.stringify(e.slice(0, 60))).join(', ')}; expected true, false, or a comma-separated list of addresses and CIDR ranges (also loopback, linklocal, uniquelocal)`
  }
  return entries
}

const ConfigSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  // Template memory (src/store/): in-process by default, a shared Redis when REDIS_URL is set.
  REDIS_URL: z
    .union([z.literal(''), z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')])
    .optional()
    .transform((url) => url || undefined),
  TEMPLATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
  TEMPLATE_MAX_ENTRIES: z.coerce.number().int().positive().default(1_000_000),
  TEMPLATE_MIN_AUTHORS: z.coerce.number().int().positive().default(3),
  /**
   * The secret that keys what the template memory stores (fingerprints, authors, tenants), at
   * least MIN_KEY_CHARS characters; empty: one is generated (shared through Redis with REDIS_URL,
   * else random per process, see src/store/template-memory.ts).
   */
  TEMPLATE_SALT: z
    .string()
    .optional()
    .transform((salt) => salt || undefined)
    .refine((salt) => salt === undefined || salt.length >= MIN_KEY_CHARS, {
      message: `must be at least ${MIN_KEY_CHARS} characters (e.g. openssl rand -hex 32), or empty to have a secret generated`,
    }),
  /**
   * Author stats (src/store/author-stats.ts): per tenant and hashed author, texts scored and
   * templated ones in a rolling window; data about accounts, so off unless set to `true`.
   */
  AUTHOR_STATS: z.enum(['true', 'false', ''], { error: 'must be true or false' }).default('false').transform((on) => on === 'true'),
  /** The author stats' rolling window, in seconds: a duration from 1 hour to 366 days ("7 days", "24 hours"). */
  AUTHOR_STATS_WINDOW: z
    .string()
    .default('7 days')
    .transform((s, ctx) => {
      const ms = parseDurationMs(s)
      if (ms === undefined || ms < 3_600_000 || ms > 366 * 86_400_000) ctx.addIssue({ code: 'custom', message: 'a duration from 1 hour to 366 days, such as "7 days" or "24 hours"' })
      return Math.round((ms ?? 0) / 1000)
    }),
  /** Most authors the in-process store keeps stats for; past it the least recently counted go first (Redis: bounded by expiry). */
  AUTHOR_STATS_MAX_AUTHORS: wholeNumber(1, 10_000_000, 'authors').default(100_000),
  /** Longest wait for one template store operation (Redis); past it the text is scored without the memory (src/store/breaker.ts). */
  TEMPLATE_STORE_TIMEOUT_MS: wholeNumber(1, 60_000, 'milliseconds').default(150),
  /** Failed template store operations in a row that open the circuit breaker: then the store is not asked at all. */
  TEMPLATE_STORE_BREAKER_FAILURES: wholeNumber(1, 1000, 'failures').default(5),
  /** How long the open breaker waits before it tries the store again (once; success closes it). */
  TEMPLATE_STORE_BREAKER_RETRY_MS: wholeNumber(100, 3_600_000, 'milliseconds').default(5000),
  /**
   * Comma-separated API keys, each a key or `name:key` (parseApiKeys); empty: the service is open
   * (see src/http/plugins/auth.ts). Parsed to the keys; the names are in `apiKeyTenants`.
   */
  API_KEYS: z
    .string()
    .default('')
    .transform((list, ctx) => {
      const { entries, problems } = parseApiKeys(list)
      for (const message of problems) ctx.addIssue({ code: 'custom', message })
      return entries.map((e) => e.key)
    }),
  /**
   * Units per RATE_LIMIT_WINDOW per API key (or client address): a text scored is 1 unit (a batch of
   * N items N, a thread 1 + its comments), any other request 1; 0 turns rate limiting off.
   */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(1000),
  RATE_LIMIT_WINDOW: z
    .string()
    .default('1 minute')
    .transform((s, ctx) => {
      const ms = parseDurationMs(s)
      if (ms === undefined) ctx.addIssue({ code: 'custom', message: 'a duration such as "1 minute", "30 seconds" or "500 ms"' })
      return ms ?? 0
    }),
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For), Fastify's trustProxy:
   * `false` (default: the socket's peer is the client), a comma-separated list of the proxies'
   * addresses and CIDR ranges (also `loopback`, `linklocal`, `uniquelocal`; docker-compose.yml
   * names its nginx), or `true` (any peer: only where nothing reaches the service but proxies
   * that overwrite the header). Rate limits count by the address it yields.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const trust = parseTrustProxy(text)
      if (typeof trust === 'string') ctx.addIssue({ code: 'custom', message: trust })
      return typeof trust === 'string' ? false : trust
    }),
  /** Shed load (503) while the event loop lags more than this (mean over a second); 0 turns it off. */
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(200),
  /** Socket inactivity and whole-request timeout; 0 turns them off. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** Worker threads that score (src/scoring/engine.ts); 0 scores in the thread that answers HTTP. Default: one per core. */
  SCORING_THREADS: z.coerce.number().int().min(0).max(64).default(availableParallelism()),
  /** Characters of text (texts and parent posts, in code points) one request may hold: a batch or a thread. */
  MAX_REQUEST_CHARS: z.coerce.number().int().min(1000).default(DEFAULT_MAX_REQUEST_CHARS),
  /** On SIGTERM, in-flight requests get this long to finish before the process exits anyway (code 1). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  // ---- The stream worker (`authenticity worker`, src/worker/): needs REDIS_URL ----
  /** The input stream; the default names share one hash tag, so a Redis Cluster puts them in one slot. */
  STREAM_IN: z.string().min(1).default('{authenticity}:in'),
  /** Where results go: entries { source, result | error }. */
  STREAM_OUT: z.string().min(1).default('{authenticity}:out'),
  /** Where entries delivered more than STREAM_MAX_DELIVERIES times go, with the reason; empty: `<STREAM_IN>:dead`. */
  STREAM_DEAD: z.string().default(''),
  STREAM_GROUP: z.string().min(1).default('authenticity'),
  /** This worker's name in the group; empty: host name and process id. */
  STREAM_CONSUMER: z.string().default(''),
  /** Entries a worker reads (and claims) at a time: it reads no more than it scores before reading again. */
  STREAM_BATCH: z.coerce.number().int().min(1).max(1000).default(32),
  /** Result and dead-letter streams are trimmed to about this many entries; 0: never trimmed. */
  STREAM_MAX_LEN: z.coerce.number().int().min(0).default(1_000_000),
  /** How long an entry may sit with a silent consumer (a dead worker) before another claims it. */
  STREAM_CLAIM_IDLE_MS: z.coerce.number().int().min(100).default(30_000),
  /** Deliveries after which an entry still without a result goes to the dead-letter stream. */
  STREAM_MAX_DELIVERIES: z.coerce.number().int().min(1).default(5),
  /** The worker's health listener (GET /healthz, GET /metrics); 0: none. */
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  // ---- Moderator feedback (POST /v1/feedback, src/feedback/) ----
  /** The JSONL file feedback is kept in without REDIS_URL; created (0600, with its folder) on the first feedback. */
  FEEDBACK_FILE: z.string().min(1).default('./data/feedback.jsonl'),
  /** Most feedback rows kept per tenant; past it the tenant's oldest go first. */
  FEEDBACK_MAX_ROWS: wholeNumber(1, 10_000_000, 'rows').default(10_000),
  /**
   * Comma-separated API keys that may export feedback (GET /v1/feedback/export), each one of
   * API_KEYS' keys (checked by readConfig); empty: nobody may.
   */
  ADMIN_API_KEYS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((k) => k.trim()).filter((k) => k !== '')),
})

export type Config = z.infer<typeof ConfigSchema> & {
  /** Derived from API_KEYS, not a variable of its own: the tenant name of each named key, by key id (apiKeyTenants). */
  apiKeyTenants: Readonly<Record<string, string>>
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`invalid configuration: ${problems}`)
  }
  const admins = adminKeyProblems(result.data.ADMIN_API_KEYS, result.data.API_KEYS)
  if (admins.length > 0) throw new Error(`invalid configuration: ${admins.map((p) => `ADMIN_API_KEYS: ${p}`).join('; ')}`)
  return { ...result.data, apiKeyTenants: apiKeyTenants(parseApiKeys(env.API_KEYS ?? '').entries) }
}
