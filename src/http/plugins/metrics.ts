/**
 * GET /metrics in the Prometheus text format (prom-client), from a registry of the app's own (never
 * prom-client's global one, so two apps in one process, as in tests, never share counts):
 * - authenticity_http_requests_total{method,route,status_code} and
 *   authenticity_http_request_duration_seconds{method,route}: every response, by route pattern
 *   (`unmatched` for 404s, so a scan of random URLs cannot blow up the label set);
 * - authenticity_score (histogram), authenticity_texts_scored_total{label} and
 *   authenticity_signal_fired_total{signal}: every text the app's scoring service scores, whichever
 *   route asked (the service calls `observeScore`);
 * - authenticity_template_store_entries (read from the store given as the plugin's option at each
 *   scrape; 0 without one) and authenticity_template_store_errors_total{operation};
 * - authenticity_template_store_breaker_state (0 closed, 1 half-open, 2 open; 0 without a breaker)
 *   and authenticity_template_store_short_circuited_total{operation}: operations the open breaker
 *   refused without asking the store (they count as errors too);
 * - the process's own metrics (RSS, heap, event loop lag, GC), prom-client's defaults.
 *
 * /metrics is open like the probes: it holds counts and timings, never text or keys, and everything
 * it says per signal a client already reads in its own answers. Keep the port private, or filter
 * /metrics at the proxy, where traffic volumes are not for everyone.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { ScoreResult } from '../../engine/score.js'

/** What the template store tells /metrics: read at each scrape. */
export interface TemplateStoreProbe {
  /** How many fingerprints the store holds now. */
  size(): number | Promise<number>
  /** The state of the circuit breaker in front of the store (src/store/breaker.ts); absent: no breaker. */
  readonly breakerState?: 'closed' | 'half-open' | 'open'
  /** Operations the breaker refused, by operation, since start; absent: no breaker. */
  readonly shortCircuited?: Readonly<Record<string, number>>
}

/** The breaker's state as a number, so an alert reads `> 0`: closed 0, half-open 1, open 2. */
export const BREAKER_STATE_VALUES = { closed: 0, 'half-open': 1, open: 2 } as const

export interface Metrics {
  readonly registry: Registry
  /** Requests stopped at their deadline (REQUEST_TIMEOUT_MS) and answered 503. */
  readonly deadlineExceeded: Counter<string>
  /** Counts one scored text: its score, its label and the signals that fired. */
  observeScore(result: ScoreResult): void
  /** The template store counts its failed operations here: `app.metrics.templateStoreErrors.inc({ operation: 'lookup' })`. */
  readonly templateStoreErrors: Counter<'operation'>
  /** Counts one response (the plugin's onResponse hook calls it). */
  observeResponse(method: string, route: string, statusCode: number, seconds: number): void
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

/** Request latency buckets in seconds: the scorer answers in a millisecond or two, a batch in more. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
const SCORE_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1]

export function createMetrics(templateStore?: TemplateStoreProbe): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const requests = new Counter({
    name: 'authenticity_http_requests_total',
    help: 'HTTP responses by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'authenticity_http_request_duration_seconds',
    help: 'Time from the request to the response, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const scores = new Histogram({
    name: 'authenticity_score',
    help: 'Scores of the texts scored (0 authentic … 1 templated).',
    buckets: SCORE_BUCKETS,
    registers: [registry],
  })
  const labels = new Counter({
    name: 'authenticity_texts_scored_total',
    help: 'Texts scored, by label.',
    labelNames: ['label'] as const,
    registers: [registry],
  })
  // Thirty signals per text: counted in a plain map, handed to prom-client only when scraped.
  const fired = new Map<string, number>()
  new Counter({
    name: 'authenticity_signal_fired_total',
    help: 'Texts on which each signal measured something (a value other than 0).',
    labelNames: ['signal'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const [signal, n] of fired) this.inc({ signal }, n)
    },
  })
  // A scrape collects every metric at once; the error counter waits for this scrape's size read, so
  // a failed read (a rejected promise from Redis) is counted in the same scrape.
  let sizeRead: Promise<void> = Promise.resolve()
  new Gauge({
    name: 'authenticity_template_store_entries',
    help: 'Fingerprints held by the template store (0 without one).',
    registers: [registry],
    collect() {
      if (templateStore === undefined) return this.set(0)
      sizeRead = (async () => {
        try {
          this.set(await templateStore.size())
        } catch {
          templateStoreErrors.inc({ operation: 'size' })
        }
      })()
      return sizeRead
    },
  })
  const templateStoreErrors = new Counter({
    name: 'authenticity_template_store_errors_total',
    help: 'Failed operations of the template store, by operation.',
    labelNames: ['operation'] as const,
    registers: [registry],
    collect: () => sizeRead,
  })
  new Gauge({
    name: 'authenticity_template_store_breaker_state',
    help: 'State of the circuit breaker in front of the template store: 0 closed, 1 half-open (trying the store), 2 open (not asking it).',
    registers: [registry],
    collect() {
      this.set(BREAKER_STATE_VALUES[templateStore?.breakerState ?? 'closed'])
    },
  })
  new Counter({
    name: 'authenticity_template_store_short_circuited_total',
    help: 'Template store operations refused by the open circuit breaker, by operation.',
    labelNames: ['operation'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const [operation, n] of Object.entries(templateStore?.shortCircuited ?? {})) this.inc({ operation }, n)
    },
  })
  const deadlineExceeded = new Counter({
    name: 'authenticity_requests_past_deadline_total',
    help: 'Requests stopped at their deadline (REQUEST_TIMEOUT_MS) and answered 503.',
    registers: [registry],
  })
  const metrics: Metrics = {
    registry,
    deadlineExceeded,
    templateStoreErrors,
    observeResponse(method, route, statusCode, seconds) {
      requests.inc({ method, route, status_code: statusCode })
      duration.observe({ method, route }, seconds)
    },
    observeScore(result) {
      scores.observe(result.score)
      labels.inc({ label: result.label })
      for (const s of result.signals) if (s.value !== 0) fired.set(s.id, (fired.get(s.id) ?? 0) + 1)
    },
  }
  return metrics
}

async function metricsPlugin(app: FastifyInstance, options: { templateStore?: TemplateStoreProbe }) {
  const metrics = createMetrics(options.templateStore)
  app.decorate('metrics', metrics)
  app.addHook('onResponse', async (request, reply) => {
    // A literal colon is declared doubled ("comments::analyze"); the label shows the path as called.
    const route = request.routeOptions.url?.replaceAll('::', ':') ?? 'unmatched'
    metrics.observeResponse(request.method, route, reply.statusCode, reply.elapsedTime / 1000)
  })
  app.get('/metrics', { schema: { hide: true }, config: { access: 'open' } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType)
    return metrics.registry.metrics()
  })
}

export default fp(metricsPlugin, { name: 'authenticity-metrics', fastify: '5.x' })
