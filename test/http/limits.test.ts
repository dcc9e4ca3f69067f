import t from 'tap'
import { connect } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildApp } from '../../src/http/app.js'
import { UnitLimiter, describeWindow, unitsOf } from '../../src/http/plugins/limits.js'
import { parseTrustProxy, readConfig } from '../../src/config.js'
import { startServer } from '../../src/server.js'

const KEY = 'test-key-0123456789abcdef'
const OTHER = 'other-key-0123456789abcdef'
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

/** Blocks the event loop, as a CPU-bound burst would. */
function busyWait(ms: number) {
  const end = performance.now() + ms
  while (performance.now() < end);
}

/** Resolves true once `check()` holds, false if it does not within `timeoutMs` (checked every few ms). */
async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = performance.now() + timeoutMs; !check(); ) {
    if (performance.now() > deadline) return false
    await sleep(5)
  }
  return true
}

/**
 * Blocks the loop until the app's sampler (every sampleIntervalMs) reports the lag, then sends the
 * requests at once. On a loaded machine one burst can be averaged away, or the next sample can come
 * before the requests do; then it lags and sends again, a few times.
 */
async function whileLagging<T>(app: FastifyInstance, send: () => Promise<T>, answered: (sent: T) => boolean): Promise<T> {
  let sent: T | undefined
  for (let attempt = 0; attempt < 5; attempt++) {
    busyWait(400)
    if (!(await until(() => app.isUnderPressure(), 1000))) continue
    sent = await send()
    if (answered(sent)) break
  }
  if (sent === undefined) throw new Error('the app never reported the lag')
  return sent
}

t.test('describeWindow writes the window as people do', async (t) => {
  t.equal(describeWindow(60_000), '1 minute')
  t.equal(describeWindow(30_000), '30 seconds')
  t.equal(describeWindow(7_200_000), '2 hours')
  t.equal(describeWindow(1000), '1 second')
  t.equal(describeWindow(250), '250 ms')
})

t.test('over the rate limit: 429 with Retry-After, in the one envelope, per API key', async (t) => {
  const app = await buildApp({ apiKeys: [KEY, OTHER], limits: { rateLimit: { max: 2, windowMs: 60_000 } } })
  t.teardown(() => app.close())
  for (let i = 0; i < 2; i++) {
    const ok = await app.inject({ url: '/v1/signals', headers: bearer(KEY) })
    t.equal(ok.statusCode, 200)
    t.equal(ok.headers['x-ratelimit-limit'], '2')
  }
  const over = await app.inject({ method: 'POST', url: '/v1/score', headers: bearer(KEY), payload: { text: 'Great post!' } })
  t.equal(over.statusCode, 429)
  t.same(Object.keys(over.json()).sort(), ['error', 'message', 'statusCode'])
  t.match(over.json(), { statusCode: 429, error: 'Too Many Requests', message: /^rate limit exceeded: at most 2 units per 1 minute per API key, and none are left; retry in (1 minute|\d+ seconds?) \(a unit is a text scored/ })
  const retryAfter = Number(over.headers['retry-after'])
  t.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After: ${over.headers['retry-after']}`)
  t.equal((await app.inject({ url: '/v1/signals', headers: bearer(OTHER) })).statusCode, 200, 'another key has its own budget')
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'probes are never limited')
  t.equal((await app.inject({ url: '/metrics' })).statusCode, 200)
  const noKey = await app.inject({ url: '/v1/signals' })
  t.equal(noKey.statusCode, 401, 'a request without a key is refused before it counts')
})

t.test('without keys the limit is per client address', async (t) => {
  const app = await buildApp({ limits: { rateLimit: { max: 1, windowMs: 1000 } } })
  t.teardown(() => app.close())
  t.equal((await app.inject({ url: '/v1/signals', remoteAddress: '10.0.0.1' })).statusCode, 200)
  const over = await app.inject({ url: '/v1/signals', remoteAddress: '10.0.0.1' })
  t.equal(over.statusCode, 429)
  t.match(over.json().message, /at most 1 unit per 1 second per client address, and none are left; retry in 1 second/)
  t.equal((await app.inject({ url: '/v1/signals', remoteAddress: '10.0.0.2' })).statusCode, 200, 'another address')
  t.equal((await app.inject({ url: '/v1/signals', remoteAddress: '2001:db8::1' })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/signals', remoteAddress: '2001:db8::2' })).statusCode, 429, 'IPv6 addresses count by /64')
})

t.test('a request refused before validation (not JSON, another content type, too large) costs its unit too', async (t) => {
  const app = await buildApp({ limits: { rateLimit: { max: 3, windowMs: 60_000 } } })
  t.teardown(() => app.close())
  const from = { remoteAddress: '10.0.0.9' }
  const json = { 'content-type': 'application/json' }
  t.equal((await app.inject({ ...from, method: 'POST', url: '/v1/score', headers: json, payload: '{"text": ' })).statusCode, 400)
  t.equal((await app.inject({ ...from, method: 'POST', url: '/v1/score', headers: { 'content-type': 'text/plain' }, payload: 'hello' })).statusCode, 415)
  t.equal((await app.inject({ ...from, method: 'POST', url: '/v1/score', headers: json, payload: JSON.stringify({ text: 'x'.repeat(2_000_000) }) })).statusCode, 413)
  const over = await app.inject({ ...from, method: 'POST', url: '/v1/score', payload: { text: 'A fine comment about the launch.' } })
  t.equal(over.statusCode, 429, 'three refused bodies used the three units')
})

/** `n` distinct short texts as batch items, not remembered. */
const items = (n: number, prefix = 'item') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, text: `Short note number ${i} about the ${prefix} we shipped.`, remember: false }))

t.test('the limit counts texts: a batch of 100 costs 100 units, a thread 1 + its comments, anything else 1', async (t) => {
  let clock = 1_000_000
  const app = await buildApp({ apiKeys: [KEY], limits: { rateLimit: { max: 150, windowMs: 60_000, now: () => clock } } })
  t.teardown(() => app.close())
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: bearer(KEY), payload })

  const hundred = await post('/v1/score/batch', { items: items(100) })
  t.equal(hundred.statusCode, 200)
  t.equal(hundred.json().results.length, 100)
  t.equal(hundred.headers['x-ratelimit-limit'], '150')
  t.equal(hundred.headers['x-ratelimit-remaining'], '50', 'the batch of 100 took 100 units')
  t.equal(hundred.headers['x-ratelimit-reset'], '60')

  const over = await post('/v1/score/batch', { items: items(51) })
  t.equal(over.statusCode, 429, 'one text more than is left: refused')
  t.same(Object.keys(over.json()).sort(), ['error', 'message', 'statusCode'])
  t.match(over.json(), {
    statusCode: 429,
    error: 'Too Many Requests',
    message: /^rate limit exceeded: at most 150 units per 1 minute per API key; this request needs 51 and 50 are left; retry in 1 minute \(a unit is a text scored: each batch item, a thread's post and each of its comments; any other request is 1\)$/,
  })
  t.equal(over.headers['retry-after'], '60')
  t.equal(over.headers['x-ratelimit-remaining'], '50', 'a refused request costs nothing')

  const thread = await post('/v1/threads', { post: { text: 'We moved the release to Friday.' }, comments: items(9, 'comment').map(({ id, text }) => ({ id, text })), remember: false })
  t.equal(thread.statusCode, 200)
  t.equal(thread.headers['x-ratelimit-remaining'], '40', 'a thread of 9 comments: 10 units')
  const perspective = await post('/v1alpha1/comments:analyze', { comment: { text: 'Great post! Very timely.' }, requestedAttributes: { TEMPLATED: {} }, doNotStore: true })
  t.equal(perspective.statusCode, 200)
  t.equal(perspective.headers['x-ratelimit-remaining'], '39', 'a Perspective call: 1')
  const single = await post('/v1/score', { text: 'Great post! Very timely.', remember: false })
  t.equal(single.headers['x-ratelimit-remaining'], '38', 'a /v1/score: 1')
  const invalid = await post('/v1/score/batch', { items: 'not a list' })
  t.equal(invalid.statusCode, 400)
  t.equal(invalid.headers['x-ratelimit-remaining'], '37', 'a body the schema refuses still costs its unit')

  t.equal((await post('/v1/score/batch', { items: items(36) })).headers['x-ratelimit-remaining'], '1')
  t.match((await post('/v1/score/batch', { items: items(2) })).json().message, /this request needs 2 and 1 is left/)
  t.equal((await post('/v1/score', { text: 'Great post!', remember: false })).statusCode, 200, 'exactly what is left')
  const empty = await post('/v1/score', { text: 'Great post!' })
  t.equal(empty.statusCode, 429, 'an empty bucket is refused before the body is read')
  t.match(empty.json().message, /at most 150 units per 1 minute per API key, and none are left; retry in 1 minute/)
  clock += 30_000
  t.match((await post('/v1/score', { text: 'Great post!' })).json().message, /retry in 30 seconds/, 'the window counts down')

  const tooBig = await app.inject({ method: 'POST', url: '/v1/score/batch', headers: bearer(OTHER_ALLOWED), payload: { items: items(1) } })
  t.equal(tooBig.statusCode, 401, 'sanity: an unknown key is still a 401')
  clock += 30_000
  t.equal((await post('/v1/score/batch', { items: items(100) })).headers['x-ratelimit-remaining'], '50', 'a new window starts full')
  const whole = await post('/v1/score/batch', { items: items(151) })
  t.equal(whole.statusCode, 429)
  t.match(whole.json().message, /at most 150 units per 1 minute per API key, and this request needs 151: send at most 150 texts per request/)
})

const OTHER_ALLOWED = 'not-a-configured-key-0123456789'

t.test('unitsOf: one unit per text a request asks to score, at least 1', async (t) => {
  t.equal(unitsOf('/v1/score/batch', { items: [1, 2, 3] }), 3)
  t.equal(unitsOf('/v1/score/batch', { items: [] }), 1, 'an empty batch (a 400) still costs 1')
  t.equal(unitsOf('/v1/score/batch', { items: 'x' }), 1)
  t.equal(unitsOf('/v1/score/batch', null), 1)
  t.equal(unitsOf('/v1/threads', { post: {}, comments: [1, 2] }), 3)
  t.equal(unitsOf('/v1/threads', { post: {} }), 1)
  t.equal(unitsOf('/v1/score', { text: 'x' }), 1)
  t.equal(unitsOf('/v1alpha1/comments::analyze', { comment: { text: 'x' } }), 1)
  t.equal(unitsOf('/v1/signals', undefined), 1)
  t.equal(unitsOf(undefined, undefined), 1)
})

t.test('UnitLimiter: all or nothing, a fixed window per bucket, and a bounded number of buckets', async (t) => {
  let clock = 0
  const limiter = new UnitLimiter(10, 1000, () => clock, 2)
  t.same(limiter.take('a', 7), { allowed: true, remaining: 3, resetMs: 1000 })
  t.same(limiter.take('a', 4), { allowed: false, remaining: 3, resetMs: 1000 }, 'not enough left: nothing taken')
  clock = 400
  t.same(limiter.peek('a'), { allowed: true, remaining: 3, resetMs: 600 })
  t.same(limiter.take('a', 3), { allowed: true, remaining: 0, resetMs: 600 })
  t.equal(limiter.peek('a').allowed, false)
  clock = 1000
  t.same(limiter.take('a', 10), { allowed: true, remaining: 0, resetMs: 1000 }, 'the window ended: full again')
  limiter.take('b', 10)
  limiter.take('a', 0) // a is now the most recently used
  limiter.take('c', 1) // a third bucket: b, the least recently used, goes
  t.equal(limiter.peek('a').remaining, 0, 'a is kept')
  t.equal(limiter.peek('b').remaining, 10, 'b was dropped and starts full')
})

t.test('TRUST_PROXY: behind a trusted proxy each X-Forwarded-For client has its own bucket; without it they share one', async (t) => {
  const limits = { rateLimit: { max: 1, windowMs: 60_000 } }
  const proxy = '10.213.77.10'
  const via = (app: FastifyInstance, xff: string, remoteAddress = proxy) => app.inject({ url: '/v1/signals', remoteAddress, headers: { 'x-forwarded-for': xff } })

  const trusting = await buildApp({ limits, trustProxy: [proxy] })
  t.teardown(() => trusting.close())
  t.equal((await via(trusting, '203.0.113.1')).statusCode, 200)
  t.equal((await via(trusting, '203.0.113.2')).statusCode, 200, 'another client behind the proxy: its own bucket')
  t.equal((await via(trusting, '203.0.113.1')).statusCode, 429, 'the first client again: its bucket is empty')
  t.equal((await via(trusting, '198.51.100.9, 203.0.113.2')).statusCode, 429, 'an address the client wrote in front of the one the proxy appended changes nothing')
  t.equal((await via(trusting, '203.0.113.3', '198.51.100.7')).statusCode, 200, 'a peer that is not the proxy is the client')
  t.equal((await via(trusting, '203.0.113.4', '198.51.100.7')).statusCode, 429, 'and cannot pick its bucket with X-Forwarded-For')

  const plain = await buildApp({ limits })
  t.teardown(() => plain.close())
  t.equal((await via(plain, '203.0.113.1')).statusCode, 200)
  t.equal((await via(plain, '203.0.113.2')).statusCode, 429, 'without TRUST_PROXY every client behind the proxy shares its bucket')
})

t.test('TRUST_PROXY from the environment to the listening server', async (t) => {
  t.equal(readConfig({}).TRUST_PROXY, false, 'off by default')
  t.equal(readConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY, false)
  t.equal(readConfig({ TRUST_PROXY: ' TRUE ' }).TRUST_PROXY, true)
  t.same(readConfig({ TRUST_PROXY: '10.213.77.10, 172.16.0.0/12,fc00::/7, uniquelocal, 10.0.0.0/255.0.0.0' }).TRUST_PROXY, ['10.213.77.10', '172.16.0.0/12', 'fc00::/7', 'uniquelocal', '10.0.0.0/255.0.0.0'])
  t.throws(() => readConfig({ TRUST_PROXY: '1' }), /TRUST_PROXY: a hop count is not supported .*name the proxy by its address or CIDR range/)
  t.throws(() => readConfig({ TRUST_PROXY: 'nginx, 10.0.0.0/33, 10.0.0.1' }), /TRUST_PROXY: not an address or CIDR range: "nginx", "10.0.0.0\/33"; expected true, false, or a comma-separated list/)
  for (const bad of ['::1/129', 'x/8', '10.0.0.1/abc', '10.0.0.1,', '10.0.0.1/::']) t.type(parseTrustProxy(bad), 'string', bad)

  const app = await startServer({ ...readConfig({ TRUST_PROXY: '127.0.0.1', RATE_LIMIT_MAX: '1' }), PORT: 0, LOG_LEVEL: 'silent' })
  t.teardown(() => app.close())
  const { port } = app.server.address() as { port: number }
  const get = (client: string) => fetch(`http://127.0.0.1:${port}/v1/signals`, { headers: { 'x-forwarded-for': client } })
  t.equal((await get('203.0.113.1')).status, 200)
  t.equal((await get('203.0.113.2')).status, 200, 'the proxy (127.0.0.1) is trusted: separate buckets')
  t.equal((await get('203.0.113.1')).status, 429)
})

t.test('no limit when max is 0 or none is configured', async (t) => {
  for (const limits of [{ rateLimit: { max: 0, windowMs: 1000 } }, {}]) {
    const app = await buildApp({ limits })
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ url: '/v1/signals' })
      t.equal(res.statusCode, 200)
      t.equal(res.headers['x-ratelimit-limit'], undefined, 'no limit, no rate-limit headers')
    }
    await app.close()
  }
})

t.test('while the event loop lags: 503 with Retry-After, except /healthz and /metrics', async (t) => {
  const app = await buildApp({ limits: { underPressure: { maxEventLoopDelayMs: 20, sampleIntervalMs: 100, retryAfterSeconds: 7 } } })
  t.teardown(() => app.close())
  await app.ready()
  t.equal((await app.inject({ url: '/v1/signals' })).statusCode, 200, 'no lag, no shedding')
  const [shed, health, metrics, ready, unknown] = await whileLagging(
    app,
    () =>
      Promise.all([
        app.inject({ url: '/v1/signals' }),
        app.inject({ url: '/healthz' }),
        app.inject({ url: '/metrics' }),
        app.inject({ url: '/readyz' }),
        app.inject({ url: '/no/such/route' }),
      ]),
    ([first]) => first.statusCode === 503,
  )
  t.equal(shed.statusCode, 503)
  t.equal(shed.headers['retry-after'], '7')
  t.same(Object.keys(shed.json()).sort(), ['error', 'message', 'statusCode'])
  t.match(shed.json(), { statusCode: 503, error: 'Service Unavailable', message: 'the service is overloaded (event loop delay over 20 ms): retry in 7 seconds' })
  t.equal(ready.statusCode, 503, '/readyz sheds, so a load balancer moves traffic away')
  t.equal(unknown.statusCode, 503, 'so does everything else')
  t.equal(health.statusCode, 200, '/healthz answers: the process is alive')
  t.equal(metrics.statusCode, 200, '/metrics answers: an overload is when it matters')
  t.ok(await until(() => !app.isUnderPressure(), 5000), 'the next samples find no lag')
  t.equal((await app.inject({ url: '/v1/signals' })).statusCode, 200, 'back to normal once the loop keeps up')
})

t.test('REQUEST_TIMEOUT_MS: a client that stops sending mid-request is cut off', async (t) => {
  const app = await buildApp({ requestTimeoutMs: 300 })
  t.teardown(() => app.close())
  t.equal(app.server.requestTimeout, 300, 'the whole request must arrive in time')
  t.equal(app.server.timeout, 300, 'and the socket must not idle longer')
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const started = performance.now()
  const elapsed = await new Promise<number>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('POST /v1/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"text": "')
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(performance.now() - started))
    socket.resume()
  })
  t.ok(elapsed >= 250 && elapsed < 5000, `closed after ${Math.round(elapsed)} ms`)
  const defaults = await buildApp()
  t.equal(defaults.server.timeout, 0, 'no timeout unless configured')
  await defaults.close()
})

t.test('auth failures, 429 and 503 leave no submitted text and no key in the logs', async (t) => {
  const lines: string[] = []
  const logger = { level: 'trace', stream: { write: (l: string) => lines.push(l) } }
  const app = await buildApp({ logger, apiKeys: [KEY], limits: { rateLimit: { max: 3, windowMs: 60_000 } } })
  t.teardown(() => app.close())
  const secret = 'zq7-unique-marker-5512'
  const payload = { text: `Great post ${secret}!`, parent: `parent ${secret}` }
  t.equal((await app.inject({ method: 'POST', url: '/v1/score', payload })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/v1/score', headers: bearer(`${secret}-as-key`), payload })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: `/v1/score?key=${secret}`, payload })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/v1/score', headers: bearer(`${secret}-as-key`), payload })).statusCode, 429, 'the address has spent its units on refused keys')
  for (let i = 0; i < 3; i++) await app.inject({ url: '/v1/signals', headers: bearer(KEY) })
  t.equal((await app.inject({ method: 'POST', url: '/v1/score', headers: bearer(KEY), payload })).statusCode, 429)
  t.ok(lines.length >= 5, 'requests were logged')
  t.notOk(lines.some((l) => l.includes(secret)), 'no log line holds the text')
  t.notOk(lines.some((l) => l.includes(KEY)), 'no log line holds the key')
  const rejected = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request rejected')
  t.same(rejected.map((l) => l.statusCode), [401, 401, 401, 429, 429], 'each refusal is logged by code and status')

  const lagLines: string[] = []
  const lagging = await buildApp({
    logger: { level: 'trace', stream: { write: (l: string) => lagLines.push(l) } },
    limits: { underPressure: { maxEventLoopDelayMs: 20, sampleIntervalMs: 100 } },
  })
  t.teardown(() => lagging.close())
  await lagging.ready()
  const shed = await whileLagging(lagging, () => lagging.inject({ method: 'POST', url: '/v1/score', payload }), (res) => res.statusCode === 503)
  t.equal(shed.statusCode, 503)
  t.notOk(lagLines.some((l) => l.includes(secret)), 'nor when shedding load')
})
