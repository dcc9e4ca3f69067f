/**
 * Optional API keys. With keys configured, every route whose `access` is `key` needs
 * `Authorization: Bearer <key>` and answers 401 in the one error envelope without it; routes with
 * `access: 'key-or-query'` also take `?key=<key>`, the way Perspective clients send theirs. Without
 * keys the service is open. Probes, metrics, docs and the playground are `open` either way.
 *
 * Which routes need a key: a route's `config.access` when it sets one, else `key` for every route
 * under /v1 (/v1/score, /v1alpha1/...), else `open`. Routes that cannot declare `access` (another
 * plugin's) can call `app.apiKeys.authorize(request, access)` themselves.
 *
 * Keys are compared as SHA-256 digests with crypto.timingSafeEqual, against every configured key
 * without stopping at the first match, so the time taken says nothing about how much of a guess
 * was right or which key matched. Keys never reach a log: a request carries only the key's id (the
 * first 12 hex digits of its digest), which is what rate limits count by. A refused request counts
 * toward its client address (limits.ts listens through `app.onKeyRefused`), so guessing keys, or
 * flooding the service with bad ones, ends in 429s.
 */
import { hash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorSchema } from '../schemas.js'

/** Who may call a route when API keys are configured. */
export type Access = 'open' | 'key' | 'key-or-query'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route when API_KEYS is set (default: `key` under /v1, else `open`). */
    access?: Access
  }
  interface FastifyInstance {
    apiKeys: ApiKeys
    /**
     * Adds a listener the key check calls for each request it refuses, before the 401: limits.ts
     * counts refusals per client address. A listener may throw an error of its own (a 429), which
     * is then the answer instead.
     */
    onKeyRefused(listener: KeyRefusalListener): void
  }
  interface FastifyRequest {
    /** Id of the valid API key the request presented (a digest prefix, never the key); null without one. */
    apiKeyId: string | null
  }
}

export interface ApiKeys {
  /** Whether keys are configured; without keys every route is open. */
  readonly enabled: boolean
  /** The id of the configured key equal to `candidate`, else undefined; constant time in the candidate. */
  verify(candidate: string | undefined): string | undefined
  /**
   * Throws a 401 error (the error handler answers it in the envelope) unless `access` is `open`, keys
   * are off, or the request presents a valid key; sets `request.apiKeyId` on success.
   */
  authorize(request: FastifyRequest, access: Access): void
}

/** Called with a request whose key was missing or invalid; may throw to answer otherwise. */
export type KeyRefusalListener = (request: FastifyRequest, reply: FastifyReply) => void

export interface AuthOptions {
  /** The accepted keys (API_KEYS); empty or missing: the service is open. */
  apiKeys?: readonly string[]
}

// One-shot: half the cost of a createHash object (about 1.3 against 3 µs, measured ad hoc), on every request.
const digest = (key: string) => hash('sha256', key, 'buffer')

/** The access a route asks for: its `config.access`, else `key` under /v1, else `open`. */
export function accessOf(config: { access?: Access } | undefined, url: string | undefined): Access {
  if (config?.access) return config.access
  return url !== undefined && url.startsWith('/v1') ? 'key' : 'open'
}

/** The access the route of `request` asks for (`open` for a 404). */
export const routeAccess = (request: FastifyRequest): Access => accessOf(request.routeOptions.config, request.routeOptions.url)

/** OpenAPI security schemes of the routes that take a key (the document shows them whether keys are on or not). */
export const SECURITY_SCHEMES = {
  bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key, needed only when the service runs with API_KEYS set.' },
  queryKey: { type: 'apiKey', in: 'query', name: 'key', description: 'The same key as ?key=, for Perspective clients (only where the route says so).' },
} as const

/** The key a request presents: the Bearer token, or with `query` also the `key` query parameter. */
export function presentedKey(request: FastifyRequest, query: boolean): string | undefined {
  const header = request.headers.authorization
  if (typeof header === 'string') {
    const space = header.indexOf(' ')
    if (space > 0 && header.slice(0, space).toLowerCase() === 'bearer') return header.slice(space + 1).trim()
  }
  if (query) {
    const key = (request.query as Record<string, unknown> | undefined)?.key
    if (typeof key === 'string') return key
  }
  return undefined
}

class UnauthorizedError extends Error {
  readonly statusCode = 401
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** The key check on its own, for use outside Fastify (and by the plugin below). */
export function createApiKeys(keys: readonly string[] = []): ApiKeys {
  const digests = [...new Set(keys.filter((k) => k !== ''))].map(digest)
  const ids = digests.map((d) => d.toString('hex').slice(0, 12))
  const enabled = digests.length > 0
  function verify(candidate: string | undefined): string | undefined {
    if (!enabled || candidate === undefined || candidate === '') return undefined
    const d = digest(candidate)
    let match = -1
    // Every key is compared, even after a match: the time does not tell which one matched.
    for (let i = 0; i < digests.length; i++) if (timingSafeEqual(d, digests[i]) && match < 0) match = i
    return match < 0 ? undefined : ids[match]
  }
  function authorize(request: FastifyRequest, access: Access): void {
    if (!enabled || access === 'open') return
    const candidate = presentedKey(request, access === 'key-or-query')
    const how = access === 'key-or-query' ? 'Authorization: Bearer <key> or ?key=<key>' : 'Authorization: Bearer <key>'
    if (candidate === undefined) throw new UnauthorizedError('ERR_API_KEY_MISSING', `this route needs an API key: send ${how}`)
    const id = verify(candidate)
    if (id === undefined) throw new UnauthorizedError('ERR_API_KEY_INVALID', 'the API key is not valid')
    request.apiKeyId = id
  }
  return { enabled, verify, authorize }
}

async function auth(app: FastifyInstance, options: AuthOptions) {
  const apiKeys = createApiKeys(options.apiKeys)
  const refusalListeners: KeyRefusalListener[] = []
  app.decorate('apiKeys', apiKeys)
  app.decorate('onKeyRefused', (listener: KeyRefusalListener) => {
    refusalListeners.push(listener)
  })
  app.decorateRequest('apiKeyId', null)
  // The OpenAPI document says which routes take a key, so Swagger UI offers "Authorize" for them,
  // and that they may refuse a request (401, 429 from limits.ts, 503) in the route's error shape
  // (its 400's, else the one envelope); an open route says it needs none (`security: []`).
  app.addHook('onRoute', (route) => {
    const access = accessOf(route.config, route.url)
    const schema = route.schema as { security?: unknown; response?: Record<string, unknown> } | undefined
    if (schema === undefined) return
    if (access === 'open') {
      schema.security ??= []
      return
    }
    schema.security ??= access === 'key-or-query' ? [{ bearerAuth: [] }, { queryKey: [] }] : [{ bearerAuth: [] }]
    const response = schema.response
    if (response) for (const status of [401, 429, 503]) response[status] ??= response[400] ?? ErrorSchema
  })
  if (!apiKeys.enabled) return
  app.addHook('onRequest', async (request, reply) => {
    try {
      apiKeys.authorize(request, routeAccess(request))
    } catch (err) {
      for (const listener of refusalListeners) listener(request, reply)
      // RFC 6750: say the scheme; name the error only when a key was sent and refused.
      reply.header('www-authenticate', (err as UnauthorizedError).code === 'ERR_API_KEY_INVALID' ? 'Bearer error="invalid_token"' : 'Bearer')
      throw err
    }
  })
}

export default fp(auth, { name: 'authenticity-auth', fastify: '5.x' })
