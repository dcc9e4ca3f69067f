/**
 * Limits that keep the service up under load and abuse:
 * - rate limits that count work, not requests: `max` units per `windowMs` per API key (per client
 *   address when the request carries no key: keys off, or an `open` route), on every route that is
 *   not `open` (see auth.ts). A text scored is one unit: /v1/score and a Perspective call 1, a batch
 *   of N items N, a thread 1 + its comments; any other request 1. A request that needs more units
 *   than are left is a 429 in the one error envelope, saying the limit and when to retry, with
 *   Retry-After and X-RateLimit-Limit/-Remaining/-Reset; it costs nothing. A request refused for a
 *   missing or invalid API key costs its client address 1 unit, so a flood of wrong keys ends in
 *   429s too. The client address is request.ip: behind a proxy, what TRUST_PROXY lets Fastify read
 *   from X-Forwarded-For;
 * - load shedding with @fastify/under-pressure: while the event loop lags more than
 *   `maxEventLoopDelayMs` (mean over a sample interval), requests get a 503 with Retry-After,
 *   except /healthz (a busy process is alive: an orchestrator must not kill it) and /metrics (an
 *   overload is when its numbers matter most). /readyz does shed, so a load balancer moves traffic
 *   to other replicas.
 *
 * The counter is our own (UnitLimiter below): @fastify/rate-limit counts one per request, its
 * stores increment by one and its hook runs before the body that says how many texts there are is
 * read. Counts live in the process, like its default store: each replica counts for itself.
 *
 * Register after auth.ts (a request's key id must be known when its units are counted).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { normalizeIP } from '@fastify/rate-limit'
import underPressure from '@fastify/under-pressure'
import { routeAccess } from './auth.js'

export interface LimitsOptions {
  /** Units per window per key or client address; absent, or `max` 0: no rate limit. */
  rateLimit?: {
    max: number
    windowMs: number
    /** The clock, in ms (tests inject one; default Date.now). */
    now?: () => number
  }
  /** Load shedding; absent, or `maxEventLoopDelayMs` 0: none. */
  underPressure?: {
    maxEventLoopDelayMs: number
    /** How often the event loop delay is sampled (default 1000 ms). */
    sampleIntervalMs?: number
    /** The Retry-After of a 503 (default 10 s). */
    retryAfterSeconds?: number
  }
}

/** Routes that answer even when the service sheds load. */
const NEVER_SHED = new Set(['/healthz', '/metrics'])

/** "1 minute", "30 seconds", "250 ms": the window as people write it. */
export function describeWindow(ms: number): string {
  const units: Array<[number, string]> = [[3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']]
  for (const [size, name] of units) {
    if (ms % size === 0) return ms === size ? `1 ${name}` : `${ms / size} ${name}s`
  }
  return `${ms} ms`
}

class LimitError extends Error {
  readonly statusCode: number
  readonly code: string
  constructor(statusCode: number, code: string, message: string) {
    super(message)
    this.statusCode = statusCode
    this.code = code
  }
}

/** The bucket a request counts against: its API key's id, else its address (IPv6 by /64). */
export function limitKey(request: FastifyRequest): string {
  return request.apiKeyId !== null ? `key:${request.apiKeyId}` : addressKey(request)
}

const addressKey = (request: FastifyRequest) => `ip:${normalizeIP(request.ip)}`

/** The number of elements of `body[field]` when it is an array, else 0 (the schema will refuse the body). */
function countOf(body: unknown, field: string): number {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined
  return Array.isArray(value) ? value.length : 0
}

/** Units per route that scores more than one text; every other request costs 1. */
const TEXTS_PER_REQUEST: Record<string, (body: unknown) => number> = {
  '/v1/score/batch': (body) => countOf(body, 'items'),
  '/v1/threads': (body) => 1 + countOf(body, 'comments'),
}

/** What a request costs: one unit per text it asks to score, at least 1. */
export function unitsOf(route: string | undefined, body: unknown): number {
  const texts = route === undefined ? undefined : TEXTS_PER_REQUEST[route]
  return Math.max(1, texts ? texts(body) : 1)
}

/** What the limiter decided for a bucket. */
export interface LimitDecision {
  /** Whether the units were taken. */
  allowed: boolean
  /** Units left in the window after this decision. */
  remaining: number
  /** Milliseconds until the window ends and the bucket is full again. */
  resetMs: number
}

/** Buckets kept at most; past it the least recently used go first (a new client starts full). */
export const MAX_BUCKETS = 50_000

/**
 * Units per bucket in a fixed window that starts with the bucket's first request (the way
 * @fastify/rate-limit's store counts), taken all at once or not at all. Synchronous, so two
 * requests of one client cannot both take the last units.
 */
export class UnitLimiter {
  private readonly buckets = new Map<string, { used: number; startMs: number }>()

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxBuckets = MAX_BUCKETS,
  ) {}

  /** Take `units` from `key`'s bucket when that many are left. */
  take(key: string, units: number): LimitDecision {
    const bucket = this.bucket(key)
    const allowed = bucket.used + units <= this.max
    if (allowed) bucket.used += units
    return { allowed, remaining: this.max - bucket.used, resetMs: bucket.startMs + this.windowMs - this.now() }
  }

  /** The bucket as it stands, without taking anything. */
  peek(key: string): LimitDecision {
    const bucket = this.bucket(key)
    return { allowed: bucket.used < this.max, remaining: this.max - bucket.used, resetMs: bucket.startMs + this.windowMs - this.now() }
  }

  private bucket(key: string): { used: number; startMs: number } {
    const now = this.now()
    let bucket = this.buckets.get(key)
    if (bucket !== undefined) this.buckets.delete(key)
    if (bucket === undefined || now >= bucket.startMs + this.windowMs) bucket = { used: 0, startMs: now }
    this.buckets.set(key, bucket) // last in the map: the most recently used
    if (this.buckets.size > this.maxBuckets) this.buckets.delete(this.buckets.keys().next().value as string)
    return bucket
  }
}

async function limits(app: FastifyInstance, options: LimitsOptions) {
  const pressure = options.underPressure
  if (pressure && pressure.maxEventLoopDelayMs > 0) {
    const retryAfter = pressure.retryAfterSeconds ?? 10
    await app.register(underPressure, {
      maxEventLoopDelay: pressure.maxEventLoopDelayMs,
      sampleInterval: pressure.sampleIntervalMs,
      retryAfter,
      async pressureHandler(request, reply) {
        if (NEVER_SHED.has(request.routeOptions.url ?? '')) return
        reply.header('retry-after', retryAfter)
        throw new LimitError(
          503,
          'ERR_OVERLOADED',
          `the service is overloaded (event loop delay over ${pressure.maxEventLoopDelayMs} ms): retry in ${retryAfter} seconds`,
        )
      },
    })
  }
  if (!options.rateLimit || options.rateLimit.max <= 0) return
  const { max, windowMs, now } = options.rateLimit
  const limiter = new UnitLimiter(max, windowMs, now)
  const rule = `at most ${max} ${max === 1 ? 'unit' : 'units'} per ${describeWindow(windowMs)}`
  const UNITS = "a unit is a text scored: each batch item, a thread's post and each of its comments; any other request is 1"

  /** The rate-limit headers of every limited answer, and Retry-After on a refusal. */
  function answer(reply: FastifyReply, decision: LimitDecision): void {
    const resetSeconds = Math.max(1, Math.ceil(decision.resetMs / 1000))
    reply.header('x-ratelimit-limit', max)
    reply.header('x-ratelimit-remaining', decision.remaining)
    reply.header('x-ratelimit-reset', resetSeconds)
    if (!decision.allowed) reply.header('retry-after', resetSeconds)
  }
  const retryIn = (decision: LimitDecision) => describeWindow(Math.max(1, Math.ceil(decision.resetMs / 1000)) * 1000)
  const who = (request: FastifyRequest) => (request.apiKeyId !== null ? 'API key' : 'client address')
  const refuse = (message: string) => new LimitError(429, 'ERR_RATE_LIMITED', `rate limit exceeded: ${message}`)

  // A refused key costs its address a unit; once the address has none left, the answer is a 429.
  app.onKeyRefused((request, reply) => {
    const decision = limiter.take(addressKey(request), 1)
    answer(reply, decision)
    if (!decision.allowed) {
      throw refuse(`${rule} per client address, and each request refused for its API key counts 1; retry in ${retryIn(decision)}`)
    }
  })
  // An empty bucket is refused before the body is read.
  app.addHook('onRequest', async (request, reply) => {
    if (routeAccess(request) === 'open') return
    const decision = limiter.peek(limitKey(request))
    if (decision.allowed) return
    answer(reply, decision)
    throw refuse(`${rule} per ${who(request)}, and none are left; retry in ${retryIn(decision)} (${UNITS})`)
  })
  // A request refused before validation (a body that is not JSON, too large, of another type) costs
  // a unit too: reading and parsing up to 5 MB is work. Refusals for the key (401, charged above) and
  // for the limit itself (429) cost nothing more.
  const charged = new WeakSet<FastifyRequest>()
  app.addHook('onResponse', async (request, reply) => {
    if (charged.has(request) || reply.statusCode === 401 || reply.statusCode === 429) return
    if (request.routeOptions.url === undefined || routeAccess(request) === 'open') return
    limiter.take(limitKey(request), 1)
  })
  // Parsed, not yet validated: the body says how many texts the request holds, and a body the
  // schema refuses has cost its unit.
  app.addHook('preValidation', async (request, reply) => {
    if (routeAccess(request) === 'open') return
    charged.add(request)
    const units = unitsOf(request.routeOptions.url, request.body)
    const decision = limiter.take(limitKey(request), units)
    answer(reply, decision)
    if (decision.allowed) return
    if (units > max) throw refuse(`${rule} per ${who(request)}, and this request needs ${units}: send at most ${max} texts per request (${UNITS})`)
    throw refuse(`${rule} per ${who(request)}; this request needs ${units} and ${decision.remaining} ${decision.remaining === 1 ? 'is' : 'are'} left; retry in ${retryIn(decision)} (${UNITS})`)
  })
}

export default fp(limits, { name: 'authenticity-limits', fastify: '5.x', dependencies: ['authenticity-auth'] })
