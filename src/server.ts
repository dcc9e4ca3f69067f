/**
 * The one place that reads the environment, creates the logger, listens and exits.
 */
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import closeWithGrace from 'close-with-grace'
import { buildApp } from './http/app.js'
import { readConfig, type Config } from './config.js'
import { createTemplateStore } from './store/index.js'
import { createFeedbackStore } from './feedback/index.js'

/** What close-with-grace runs on a signal or a crash: say why in the log, then close the app (it drains). */
export function onShutdown(app: FastifyInstance) {
  return async ({ signal, err }: { signal?: string; err?: Error }) => {
    if (err) app.log.error({ err }, 'shutting down after an unexpected error')
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    await app.close()
  }
}

export async function startServer(config: Config = readConfig()): Promise<FastifyInstance> {
  const app = await buildApp({
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    // Behind a proxy (TRUST_PROXY), request.ip is the client's address as the proxy reports it: rate limits count by it.
    trustProxy: config.TRUST_PROXY,
    apiKeys: config.API_KEYS,
    limits: {
      rateLimit: { max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW },
      underPressure: { maxEventLoopDelayMs: config.MAX_EVENT_LOOP_DELAY_MS },
    },
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    scoringThreads: config.SCORING_THREADS,
    maxRequestChars: config.MAX_REQUEST_CHARS,
    // In-process, or the shared Redis when REDIS_URL is set (src/store/).
    templateStore: createTemplateStore(config),
    templateMemory: {
      minAuthors: config.TEMPLATE_MIN_AUTHORS,
      salt: config.TEMPLATE_SALT,
      tenants: config.apiKeyTenants,
      // Data about accounts: kept only when the operator asks for it (src/store/author-stats.ts).
      authorStats: config.AUTHOR_STATS ? { windowSeconds: config.AUTHOR_STATS_WINDOW } : undefined,
    },
    // Moderator feedback: Redis when REDIS_URL is set, else the JSONL file FEEDBACK_FILE (src/feedback/).
    feedbackStore: createFeedbackStore(config),
    adminApiKeys: config.ADMIN_API_KEYS,
    logger: {
      level: config.LOG_LEVEL,
      // Submitted text never reaches the log: requests are logged by id, route, status and time only.
      redact: ['req.body', 'body', 'text', 'parent'],
    },
  })
  // SIGTERM or SIGINT: stop accepting connections, let in-flight requests finish (new requests on
  // open connections get a 503), exit 0. A crash closes the same way and exits 1, and so does a
  // shutdown still running after SHUTDOWN_TIMEOUT_MS.
  const grace = closeWithGrace(
    {
      delay: config.SHUTDOWN_TIMEOUT_MS,
      logger: app.log,
      // Past the grace period: say what is cut (by route, never by content), then exit 1.
      onTimeout: (delay: number) => app.log.error({ delayMs: delay, cut: app.inFlight() }, `killed by timeout (${delay}ms): ${app.inFlight().length} request(s) cut unanswered`),
    },
    onShutdown(app),
  )
  app.addHook('onClose', async () => grace.uninstall())
  await app.listen({ host: config.HOST, port: config.PORT })
  return app
}

/* c8 ignore start -- entry point when run directly; tests call startServer() */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  startServer().catch((err: Error) => {
    process.stderr.write(`authenticity-service failed to start: ${err.message}\n`)
    process.exit(1)
  })
}
/* c8 ignore stop */
