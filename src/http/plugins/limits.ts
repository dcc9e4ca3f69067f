/**
 * Limits that keep the service up under load and abuse:
 * - rate limits with @fastify/rate-limit: `max` requests per `windowMs` per API key (per client
 *   address when the request carries no key: keys off, or an `open` route), on every route that is
 *   not `open` (see auth.ts); over the limit is a 429 with Retry-After, in the one error envelope;
 * - load shedding with @fastify/under-pressure: while the event loop lags more than
 *   `maxEventLoopDelayMs` (mean over a sample interval), requests get a 503 with Retry-After,
 *   except /healthz (a busy process is alive: an orchestrator must not kill it) and /metrics (an
 *   overload is when its numbers matter most). /readyz does shed, so a load balancer moves traffic
 *   to other replicas.
 *
 * Register after auth.ts (a request's key id must be known when its limit is counted) and before
 * the routes (the rate limiter attaches itself to routes as they are added).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import underPressure from '@fastify/under-pressure'
import { routeAccess } from './auth.js'

export interface LimitsOptions {
  /** Requests per window per key or client address; absent, or `max` 0: no rate limit. */
  rateLimit?: { max: number; windowMs: number }
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
  return request.apiKeyId !== null ? `key:${request.apiKeyId}` : `ip:${normalizeIP(request.ip)}`
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
  const limit = options.rateLimit
  if (limit && limit.max > 0) {
    const window = describeWindow(limit.windowMs)
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.windowMs,
      keyGenerator: limitKey,
      allowList: (request) => routeAccess(request) === 'open',
      errorResponseBuilder: (request, context) =>
        new LimitError(
          429,
          'ERR_RATE_LIMITED',
          `rate limit exceeded: at most ${context.max} requests per ${window} per ${request.apiKeyId !== null ? 'API key' : 'client address'}; retry in ${context.after}`,
        ),
    })
  }
}

export default fp(limits, { name: 'authenticity-limits', fastify: '5.x', dependencies: ['authenticity-auth'] })
