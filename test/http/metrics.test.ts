import t from 'tap'
import { buildApp } from '../../src/http/app.js'
import { createMetrics } from '../../src/http/plugins/metrics.js'
import { createScorer } from '../../src/engine/score.js'
import { SIGNALS } from '../../src/signals/index.js'
import { loadModel } from '../../src/model/weights.js'
import { MemoryTemplateStore } from '../../src/store/memory-store.js'
import { CircuitBreakerStore } from '../../src/store/breaker.js'

/** The value of one sample line of the exposition, or undefined when absent. */
function sample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    const braces = line.match(/^[^{ ]+\{([^}]*)\}/)
    const have = braces ? braces[1].split(',') : []
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return undefined
}

t.test('GET /metrics: Prometheus text with requests by route and status and their latency', async (t) => {
  const app = await buildApp({ apiKeys: ['test-key-0123456789abcdef'] })
  t.teardown(() => app.close())
  await app.inject({ url: '/healthz' })
  await app.inject({ url: '/healthz' })
  await app.inject({ url: '/v1/signals' })
  await app.inject({ url: '/no/such/route/4711' })
  const res = await app.inject({ url: '/metrics' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/)
  const body = res.body
  t.equal(sample(body, 'authenticity_http_requests_total', { method: 'GET', route: '/healthz', status_code: '200' }), 2)
  t.equal(sample(body, 'authenticity_http_requests_total', { method: 'GET', route: '/v1/signals', status_code: '401' }), 1)
  t.equal(sample(body, 'authenticity_http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' }), 1, '404s share one label')
  t.notMatch(body, /4711/, 'a requested URL never becomes a label')
  t.equal(sample(body, 'authenticity_http_request_duration_seconds_count', { method: 'GET', route: '/healthz' }), 2)
  t.equal(sample(body, 'authenticity_http_request_duration_seconds_bucket', { method: 'GET', route: '/healthz', le: '+Inf' }), 2)
  t.ok(sample(body, 'process_resident_memory_bytes')! > 0, 'the process metrics are there')
  t.equal(sample(body, 'authenticity_template_store_entries'), 0, 'an empty template memory: 0')
})

t.test('every text the routes score counts: score histogram, labels and the signals that fired', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const score = (text: string) => app.inject({ method: 'POST', url: '/v1/score', payload: { text, kind: 'comment', remember: false } })
  const results = [(await score('Great post! Very timely.')).json(), (await score('Great post! Very timely.')).json(), (await score('ok')).json()]
  const batch = await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items: [{ id: 'a', text: 'Thanks for sharing!', kind: 'comment', remember: false }] } })
  t.equal(batch.statusCode, 200)
  const perspective = await app.inject({ method: 'POST', url: '/v1alpha1/comments:analyze', payload: { comment: { text: 'Great post! Very timely.' }, requestedAttributes: { TEMPLATED: {} }, doNotStore: true } })
  t.equal(perspective.statusCode, 200)
  t.equal(app.scoring.scorer.model.version, loadModel().version)
  const body = (await app.inject({ url: '/metrics' })).body
  t.equal(sample(body, 'authenticity_score_count'), 5, 'three single texts, one batch item, one Perspective comment')
  const sum = results.reduce((a, r) => a + r.score, 0) + batch.json().results[0].score + perspective.json().attributeScores.TEMPLATED.summaryScore.value
  t.ok(Math.abs(sample(body, 'authenticity_score_sum')! - sum) < 1e-3, 'the histogram holds the scores')
  t.equal(sample(body, 'authenticity_score_bucket', { le: '1' }), 5)
  t.equal(sample(body, 'authenticity_texts_scored_total', { label: 'insufficient' }), 1)
  t.ok(sample(body, 'authenticity_texts_scored_total', { label: results[0].label })! >= 2)
  t.ok(sample(body, 'authenticity_signal_fired_total', { signal: 'generic-praise' })! >= 4, 'generic-praise fired on each stock comment')
  t.equal(sample(body, 'authenticity_signal_fired_total', { signal: 'em-dash-density' }), undefined, 'a signal that never fired is absent')
  t.equal(sample(body, 'authenticity_http_requests_total', { method: 'POST', route: '/v1alpha1/comments:analyze', status_code: '200' }), 1, 'the route label is the path as called')
  const again = (await app.inject({ url: '/metrics' })).body
  t.equal(sample(again, 'authenticity_score_count'), 5, 'a scrape does not count twice')
})

t.test('the template store reports its size and errors through app.metrics', async (t) => {
  let size = 41
  let fail = false
  const store = new MemoryTemplateStore({ windowSeconds: 60, maxEntries: 10 })
  store.size = async () => {
    if (fail) throw new Error('redis down')
    return ++size
  }
  const app = await buildApp({ templateStore: store })
  t.teardown(() => app.close())
  app.metrics.templateStoreErrors.inc({ operation: 'lookup' })
  let body = (await app.inject({ url: '/metrics' })).body
  t.equal(sample(body, 'authenticity_template_store_entries'), 42)
  t.equal(sample(body, 'authenticity_template_store_errors_total', { operation: 'lookup' }), 1)
  fail = true
  body = (await app.inject({ url: '/metrics' })).body
  t.equal(sample(body, 'authenticity_template_store_entries'), 42, 'a failed read keeps the last size')
  t.equal(sample(body, 'authenticity_template_store_errors_total', { operation: 'size' }), 1, 'and counts as an error')
})

t.test('the circuit breaker in front of the store: its state and the operations it refused', async (t) => {
  const inner = new MemoryTemplateStore({ windowSeconds: 60, maxEntries: 10 })
  let down = false
  const lookup = inner.lookup.bind(inner)
  inner.lookup = async (...args) => {
    if (down) throw new Error('store down')
    return lookup(...args)
  }
  const store = new CircuitBreakerStore(inner, { failuresToOpen: 1, retryAfterMs: 60_000 })
  const app = await buildApp({ templateStore: store })
  t.teardown(() => app.close())
  const score = () => app.inject({ method: 'POST', url: '/v1/score', payload: { text: 'Great post! Very timely.' } })
  await score()
  let body = (await app.inject({ url: '/metrics' })).body
  t.equal(sample(body, 'authenticity_template_store_breaker_state'), 0, 'closed')
  t.equal(sample(body, 'authenticity_template_store_short_circuited_total', { operation: 'lookup' }), 0)
  down = true
  await score() // the lookup fails: open; its record is refused
  await score() // both refused
  body = (await app.inject({ url: '/metrics' })).body
  t.equal(sample(body, 'authenticity_template_store_breaker_state'), 2, 'open')
  t.equal(sample(body, 'authenticity_template_store_short_circuited_total', { operation: 'lookup' }), 1)
  t.equal(sample(body, 'authenticity_template_store_short_circuited_total', { operation: 'record' }), 2)
  t.equal(sample(body, 'authenticity_template_store_errors_total', { operation: 'lookup' }), 2, 'refused operations count as errors too')
  t.equal((await app.inject({ url: '/readyz' })).json().status, 'degraded', '/readyz: degraded while the breaker is open')
  const plainApp = await buildApp()
  t.teardown(() => plainApp.close())
  const plain = (await plainApp.inject({ url: '/metrics' })).body
  t.equal(sample(plain, 'authenticity_template_store_breaker_state'), 0, 'no breaker: 0')
  t.equal(sample(plain, 'authenticity_template_store_short_circuited_total', { operation: 'lookup' }), undefined)
})

t.test('each app has its own registry', async (t) => {
  const a = createMetrics()
  const b = createMetrics()
  a.observeScore(createScorer(loadModel(), SIGNALS).score({ text: 'Great post! Very timely.' }))
  t.equal(sample(await a.registry.metrics(), 'authenticity_score_count'), 1)
  t.equal(sample(await b.registry.metrics(), 'authenticity_score_count'), 0)
})
