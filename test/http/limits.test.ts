import t from 'tap'
import { connect } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildApp } from '../../src/http/app.js'
import { describeWindow } from '../../src/http/plugins/limits.js'

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
  t.match(over.json(), { statusCode: 429, error: 'Too Many Requests', message: /at most 2 requests per 1 minute per API key; retry in/ })
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
  t.match(over.json().message, /per client address; retry in 1 second/)
  t.equal((await app.inject({ url: '/v1/signals', remoteAddress: '10.0.0.2' })).statusCode, 200, 'another address')
  t.equal((await app.inject({ url: '/v1/signals', remoteAddress: '2001:db8::1' })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/signals', remoteAddress: '2001:db8::2' })).statusCode, 429, 'IPv6 addresses count by /64')
})

t.test('no limit when max is 0 or none is configured', async (t) => {
  for (const limits of [{ rateLimit: { max: 0, windowMs: 1000 } }, {}]) {
    const app = await buildApp({ limits })
    for (let i = 0; i < 5; i++) t.equal((await app.inject({ url: '/v1/signals' })).statusCode, 200)
    t.notOk(app.hasDecorator('rateLimit'), 'the limiter is not even registered')
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
  const app = await buildApp({ logger, apiKeys: [KEY], limits: { rateLimit: { max: 1, windowMs: 60_000 } } })
  t.teardown(() => app.close())
  const secret = 'zq7-unique-marker-5512'
  const payload = { text: `Great post ${secret}!`, parent: `parent ${secret}` }
  t.equal((await app.inject({ method: 'POST', url: '/v1/score', payload })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/v1/score', headers: bearer(`${secret}-as-key`), payload })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: `/v1/score?key=${secret}`, payload })).statusCode, 401)
  await app.inject({ url: '/v1/signals', headers: bearer(KEY) })
  t.equal((await app.inject({ method: 'POST', url: '/v1/score', headers: bearer(KEY), payload })).statusCode, 429)
  t.ok(lines.length >= 5, 'requests were logged')
  t.notOk(lines.some((l) => l.includes(secret)), 'no log line holds the text')
  t.notOk(lines.some((l) => l.includes(KEY)), 'no log line holds the key')
  const rejected = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request rejected')
  t.same(rejected.map((l) => l.statusCode), [401, 401, 401, 429], 'each refusal is logged by code and status')

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
