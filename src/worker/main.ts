/**
 * `authenticity worker`: the stream worker (stream-worker.ts) as a process. It scores with the same
 * engine, template memory and tenant rules as the HTTP service, built from the same configuration,
 * answers GET /healthz and GET /metrics on a small listener of its own (WORKER_PORT), and on
 * SIGTERM or SIGINT finishes and acknowledges the batch in hand, then exits.
 */
import { createServer, type Server } from 'node:http'
import { hostname } from 'node:os'
import { Redis } from 'ioredis'
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import { pathToFileURL } from 'node:url'
import { readConfig, type Config } from '../config.js'
import { createScorer } from '../engine/score.js'
import { createApiKeys } from '../http/plugins/auth.js'
import { loadModel } from '../model/weights.js'
import { ScoringService } from '../scoring/service.js'
import { threadEngine } from '../scoring/engine.js'
import { SIGNALS } from '../signals/index.js'
import { createTemplateStore } from '../store/index.js'
import { TemplateMemory } from '../store/template-memory.js'
import { StreamWorker, type Outcome } from './stream-worker.js'

/**
 * Texts a worker has in hand at once: one is scored while the others wait on the template memory.
 * Measured with scripts/bench-worker.ts: 1 in flight, each text waits for its lookup and its record
 * in turn (about 800 texts/s of comments); see docs/BENCHMARKS.md for the figure with 16.
 */
const IN_FLIGHT = 16

export interface RunningWorker {
  worker: StreamWorker
  /** The health listener's port (null without one). */
  port: number | null
  /** Stops reading, answers the batch in hand, closes the connections and the listener. */
  close(): Promise<void>
}

/** The metrics of one worker process, in a registry of its own. */
function workerMetrics(worker: () => StreamWorker) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const entries = new Counter({
    name: 'authenticity_stream_entries_total',
    help: 'Stream entries this worker answered, by outcome: processed (a result), invalid (an error result), deadLettered, failed (left pending, to be claimed again)',
    labelNames: ['outcome'],
    registers: [registry],
  })
  for (const outcome of ['processed', 'invalid', 'deadLettered', 'failed']) entries.inc({ outcome }, 0)
  const backlog = async (gauge: 'pending' | 'lag') => (await worker().backlog())[gauge]
  new Gauge({
    name: 'authenticity_stream_pending',
    help: "Entries delivered to the group's workers and not yet answered",
    registers: [registry],
    async collect() {
      this.set(await backlog('pending'))
    },
  })
  new Gauge({
    name: 'authenticity_stream_lag',
    help: 'Entries in the input stream not yet delivered to any worker of the group',
    registers: [registry],
    async collect() {
      this.set(await backlog('lag'))
    },
  })
  return { registry, count: (outcome: Outcome, n: number) => entries.inc({ outcome }, n) }
}

/** GET /healthz and GET /metrics; anything else is a 404. */
function healthListener(registry: Registry): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]
    if (request.method === 'GET' && path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')
      return
    }
    if (request.method === 'GET' && path === '/metrics') {
      registry
        .metrics()
        .then((text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text))
        .catch((err: Error) => response.writeHead(503, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${err.message}\n`))
      return
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('the worker answers GET /healthz and GET /metrics\n')
  })
}

/** One JSON line per event on stderr, as pino writes them; never a submitted text. */
const log = {
  info: (obj: object, msg: string) => process.stderr.write(`${JSON.stringify({ level: 'info', time: Date.now(), msg, ...obj })}\n`),
  warn: (obj: object, msg: string) => process.stderr.write(`${JSON.stringify({ level: 'warn', time: Date.now(), msg, ...obj })}\n`),
  error: (obj: object, msg: string) => process.stderr.write(`${JSON.stringify({ level: 'error', time: Date.now(), msg, ...obj })}\n`),
}

export async function startWorker(config: Config): Promise<RunningWorker> {
  if (!config.REDIS_URL) throw new Error('the stream worker needs REDIS_URL: the streams live in Redis')
  const store = createTemplateStore(config)
  const memory = new TemplateMemory(store, {
    minAuthors: config.TEMPLATE_MIN_AUTHORS,
    salt: config.TEMPLATE_SALT,
    tenants: config.apiKeyTenants,
    logger: log,
    // As the API counts them (src/server.ts): data about accounts, kept only when asked for.
    authorStats: config.AUTHOR_STATS ? { windowSeconds: config.AUTHOR_STATS_WINDOW } : undefined,
  })
  // Scored on this thread (start one worker per core), with up to IN_FLIGHT texts in hand, so the
  // template memory's round trips to Redis overlap the scoring of other texts.
  const scorer = createScorer(loadModel(), SIGNALS)
  const scoring = new ScoringService({ scorer, engine: { ...threadEngine(scorer), concurrency: IN_FLIGHT }, memory })
  const redis = new Redis(config.REDIS_URL)
  let worker: StreamWorker | undefined
  const metrics = workerMetrics(() => worker!)
  worker = new StreamWorker({
    redis,
    scoring,
    apiKeys: createApiKeys(config.API_KEYS),
    input: config.STREAM_IN,
    output: config.STREAM_OUT,
    dead: config.STREAM_DEAD || `${config.STREAM_IN}:dead`,
    group: config.STREAM_GROUP,
    consumer: config.STREAM_CONSUMER || `${hostname()}-${process.pid}`,
    batch: config.STREAM_BATCH,
    maxLen: config.STREAM_MAX_LEN,
    claimIdleMs: config.STREAM_CLAIM_IDLE_MS,
    maxDeliveries: config.STREAM_MAX_DELIVERIES,
    logger: log,
    onOutcome: metrics.count,
  })
  await worker.ensureGroup()
  let listener: Server | undefined
  if (config.WORKER_PORT > 0) {
    listener = healthListener(metrics.registry)
    await new Promise<void>((resolve, reject) => listener!.once('error', reject).listen(config.WORKER_PORT, config.HOST, () => resolve()))
  }
  const running = worker.run()
  log.info({ stream: config.STREAM_IN, group: config.STREAM_GROUP, port: listener ? (listener.address() as { port: number }).port : null }, 'stream worker started')
  return {
    worker,
    port: listener ? (listener.address() as { port: number }).port : null,
    async close() {
      await worker.stop()
      await running
      await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()))
      await scoring.close() // and the template memory's store
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}

/** startWorker, and on SIGTERM or SIGINT: finish the batch in hand, acknowledge it, exit 0. */
export async function runWorker(config: Config): Promise<RunningWorker> {
  const running = await startWorker(config)
  const stop = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'stream worker stopping: answering the entries in hand')
    running.close().then(
      () => process.exit(0),
      /* c8 ignore next -- a close that fails (Redis gone at that very moment) */
      (err: Error) => (log.error({ err: err.message }, 'stream worker stopped uncleanly'), process.exit(1)),
    )
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  return running
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runWorker(readConfig()).catch((err: Error) => {
    process.stderr.write(`authenticity worker failed to start: ${err.message}\n`)
    process.exit(1)
  })
}
