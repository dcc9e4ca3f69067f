/**
 * buildApp: the HTTP application as plugins and routes. It never listens; src/server.ts does.
 * Tests build it and call app.inject().
 */
import { STATUS_CODES } from 'node:http'
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { createScorer, type Scorer } from '../engine/score.js'
import { ScoringService } from '../scoring/service.js'
import { poolEngine, threadEngine } from '../scoring/engine.js'
import { SIGNALS } from '../signals/index.js'
import { loadModel } from '../model/weights.js'
import api from './routes/api.js'
import batch from './routes/batch.js'
import threads from './routes/threads.js'
import templates from './routes/templates.js'
import authors, { MAX_AUTHOR_PARAM_CHARS } from './routes/authors.js'
import feedbackRoutes from './routes/feedback.js'
import { FeedbackService } from '../feedback/service.js'
import { MemoryFeedbackStore } from '../feedback/memory-store.js'
import type { FeedbackStore } from '../feedback/store.js'
import { MemoryTemplateStore } from '../store/memory-store.js'
import { TemplateMemory, type TemplateMemoryOptions } from '../store/template-memory.js'
import type { TemplateStore } from '../store/template-store.js'
import health from './routes/health.js'
import perspective from './routes/perspective.js'
import playground from './routes/playground.js'
import auth from './plugins/auth.js'
import docs from './plugins/docs.js'
import limits, { type LimitsOptions } from './plugins/limits.js'
import metrics from './plugins/metrics.js'
import drain from './plugins/drain.js'
import deadline, { isDeadlineError } from './plugins/deadline.js'

export interface AppOptions {
  /** The scorer to serve; by default the registry's signals with the committed weights. */
  scorer?: Scorer
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimitBytes?: number
  /**
   * Where the template memory keeps its fingerprints (src/store/); by default an in-process store
   * with the default bounds. server.ts builds it from the configuration (Redis when REDIS_URL is
   * set). The app closes it.
   */
  templateStore?: TemplateStore
  /** The template memory's rules (sources that make a template, salt, clock); the app adds its logger and metrics. */
  templateMemory?: Omit<TemplateMemoryOptions, 'logger' | 'onError'>
  /** Fastify's logger option (pino); off by default so tests stay quiet. */
  logger?: FastifyServerOptions['logger']
  /** API keys; when any is given, /v1 routes need one (src/http/plugins/auth.ts). Default: none, open. */
  apiKeys?: readonly string[]
  /** Rate limits and load shedding (src/http/plugins/limits.ts). Default: neither. */
  limits?: LimitsOptions
  /** Socket inactivity and whole-request timeout in ms (Fastify's connectionTimeout and requestTimeout); 0: none. */
  requestTimeoutMs?: number
  /** Fastify's trustProxy (TRUST_PROXY): which proxies' X-Forwarded-For to believe for request.ip. Default: none. */
  trustProxy?: FastifyServerOptions['trustProxy']
  /** Worker threads that score (src/scoring/engine.ts); 0 or absent: in this thread (tests). server.ts passes SCORING_THREADS. */
  scoringThreads?: number
  /** Characters of text one batch or thread may hold (MAX_REQUEST_CHARS). */
  maxRequestChars?: number
  /**
   * Where moderator feedback is kept (src/feedback/); by default in the process (tests). server.ts
   * builds it from the configuration: Redis when REDIS_URL is set, else FEEDBACK_FILE. The app closes it.
   */
  feedbackStore?: FeedbackStore
  /** API keys that may export feedback (ADMIN_API_KEYS); none: nobody may. */
  adminApiKeys?: readonly string[]
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024

declare module 'fastify' {
  interface FastifyInstance {
    /** prepare → recall → score → remember, with this app's template memory and metrics. */
    scoring: ScoringService & { readonly memory: TemplateMemory }
  }
}

/** One readable sentence per schema issue, naming the field ("body.text: ..."). */
/** A 400 for a body that cannot be used as it is, with what to fix. */
class BodyError extends Error {
  readonly statusCode = 400
  readonly code = 'BAD_JSON_BODY'
}

/**
 * The JSON body, parsed with messages that say what to fix: where the syntax breaks, and a
 * "__proto__" or "constructor.prototype" key (refused, as Fastify's parser does, against prototype
 * pollution) named as such rather than as invalid JSON. The reviver, which costs a call per value,
 * runs only when such a key may be there (escaped keys included).
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new BodyError('body is empty: send a JSON object')
  const suspicious = text.includes('__proto__') || text.includes('prototype') || text.includes('\\u')
  try {
    return suspicious ? JSON.parse(text, refuseProtoKeys) : JSON.parse(text)
  } catch (err) {
    if (err instanceof BodyError) throw err
    throw new BodyError(`body is not valid JSON (${(err as Error).message}): send one JSON object`)
  }
}

function refuseProtoKeys(this: unknown, key: string, value: unknown): unknown {
  if (key === '__proto__') throw new BodyError('body has a "__proto__" key, which is refused: remove it')
  if (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype')) {
    throw new BodyError('body has a "constructor.prototype" key, which is refused: remove it')
  }
  return value
}

function describeValidation(error: FastifyError & { validation: NonNullable<FastifyError['validation']> }): string {
  const where = error.validationContext
  return error.validation
    .map((v) => {
      // The field as the caller wrote it ("items.3.kind"); the body itself is "body".
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.')
      return `${path ? (where === 'body' ? path : `${where}.${path}`) : where}: ${v.message}`
    })
    .join('; ')
}

export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    // Receiving a request, or idling between requests, may take up to the timeout; once a request
    // is read, its answer has a deadline of its own (plugins/deadline.ts), which suspends the
    // socket's idle timer so nothing cuts a request that is being scored.
    connectionTimeout: options.requestTimeoutMs ?? 0,
    requestTimeout: options.requestTimeoutMs ?? 0,
    requestIdHeader: 'x-request-id',
    trustProxy: options.trustProxy ?? false,
    // Path parameters past 100 characters would be a 404: an author id (GET /v1/authors/{author}) may be 256, percent-encoded.
    routerOptions: { maxParamLength: MAX_AUTHOR_PARAM_CHARS },
    // Fastify's own request lines are replaced by the one onResponse line below.
    logController: new LogController({ disableRequestLogging: true }),
  })
  // JSON only: a text/plain body is a 415 that says so, not a schema error.
  app.removeContentTypeParser('text/plain')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string))
    } catch (err) {
      done(err as Error, undefined)
    }
  })
  const store = options.templateStore ?? new MemoryTemplateStore({ windowSeconds: 7 * 24 * 3600, maxEntries: 1_000_000 })
  await app.register(metrics, { templateStore: store })
  const memory = new TemplateMemory(store, {
    ...options.templateMemory,
    logger: app.log,
    onError: (operation) => app.metrics.templateStoreErrors.inc({ operation }),
  })
  const scorer = options.scorer ?? createScorer(loadModel(), SIGNALS)
  const engine = options.scoringThreads ? poolEngine(scorer, options.scoringThreads) : threadEngine(scorer)
  const scoring = new ScoringService({ scorer, engine, memory, onScored: app.metrics.observeScore, maxRequestChars: options.maxRequestChars })
  app.decorate('scoring', scoring as ScoringService & { memory: TemplateMemory })
  app.addHook('onClose', async () => app.scoring.close())
  // Before the routes: the limiter attaches itself to routes as they are added, after the key check.
  await app.register(auth, { apiKeys: options.apiKeys })
  await app.register(limits, options.limits ?? {})
  await app.register(drain)
  await app.register(deadline, { timeoutMs: options.requestTimeoutMs })

  // One log line per request: id, route, status and duration; never the body.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    )
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDeadlineError(error)) {
      request.log.warn({ timeoutMs: options.requestTimeoutMs }, 'request past its deadline: stopped scoring, answered 503')
      app.metrics.deadlineExceeded.inc()
      return reply.code(503).send({
        statusCode: 503,
        error: STATUS_CODES[503],
        message: `the request took longer than REQUEST_TIMEOUT_MS (${options.requestTimeoutMs} ms) and was stopped; texts looked up before the deadline were remembered (sent again, they count no new source), the rest were not: send fewer texts per request`,
      })
    }
    if (error.name === 'AbortError' && request.deadline?.aborted) {
      request.log.info('client left before its answer: stopped scoring')
      return reply.code(503).send({ statusCode: 503, error: STATUS_CODES[503], message: 'client left' })
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.code(400).send({ statusCode: 400, error: STATUS_CODES[400], message: describeValidation(error) })
    }
    // 4xx as they are; 503 too (overload, see plugins/limits.ts); any other failure is a bare 500.
    const status = error.statusCode && ((error.statusCode >= 400 && error.statusCode < 500) || error.statusCode === 503) ? error.statusCode : 500
    if (status === 500) {
      request.log.error({ err: error }, 'request failed')
      return reply.code(500).send({ statusCode: 500, error: STATUS_CODES[500], message: 'Internal Server Error' })
    }
    let message = error.message
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = `request body is larger than the limit of ${request.routeOptions.bodyLimit} bytes`
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') message = `unsupported content type ${JSON.stringify(request.headers['content-type'])}: send JSON with Content-Type: application/json`
    request.log.info({ code: error.code, statusCode: status }, 'request rejected')
    return reply.code(status).send({ statusCode: status, error: STATUS_CODES[status], message })
  })

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ statusCode: 404, error: STATUS_CODES[404], message: `no route ${request.method} ${request.url.split('?')[0]}: see /docs` }),
  )

  await app.register(docs, { scorer })
  await app.register(health)
  await app.register(api)
  await app.register(batch)
  await app.register(threads)
  await app.register(templates)
  await app.register(authors)
  // Fingerprints are keyed with the deployment's secret, TEMPLATE_SALT, as the template memory is.
  await app.register(feedbackRoutes, { feedback: new FeedbackService(options.feedbackStore ?? new MemoryFeedbackStore(), { salt: options.templateMemory?.salt, logger: app.log }), adminApiKeys: options.adminApiKeys })
  await app.register(perspective)
  await app.register(playground)
  return app
}
