// The circuit breaker in front of the template store (src/store/breaker.ts): its rules on a store
// that hangs when told to, then the whole service against a real redis-server stopped with SIGSTOP
// (hung, not dead) and resumed with SIGCONT.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildApp } from '../../src/http/app.js'
import { readConfig } from '../../src/config.js'
import { fingerprint, type Signature } from '../../src/engine/fingerprint.js'
import { CircuitBreakerStore } from '../../src/store/breaker.js'
import { createTemplateStore } from '../../src/store/index.js'
import { MemoryTemplateStore } from '../../src/store/memory-store.js'
import { RedisTemplateStore } from '../../src/store/redis-store.js'
import { UNAVAILABLE_WARNING } from '../../src/store/template-memory.js'
import { RedisServer, redisSkipReason } from './redis-server.js'

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const TEMPLATE: Signature = fingerprint('Great post! Very timely.')!

/** An in-process store that can be made to hang (every operation waits until resumed) or to fail. */
class HangingStore extends MemoryTemplateStore {
  hung = false
  failing = false
  /** Operations that reached this store. */
  calls = 0
  private waiting: Array<() => void> = []
  constructor() {
    super({ windowSeconds: 600, maxEntries: 100 })
  }
  resume(): void {
    this.hung = false
    for (const go of this.waiting.splice(0)) go()
  }
  private async gate(): Promise<void> {
    this.calls++
    if (this.failing) throw new Error('store refused')
    if (this.hung) await new Promise<void>((resolve) => this.waiting.push(resolve))
  }
  override async lookup(...args: Parameters<MemoryTemplateStore['lookup']>) {
    await this.gate()
    return super.lookup(...args)
  }
  override async record(...args: Parameters<MemoryTemplateStore['record']>) {
    await this.gate()
    return super.record(...args)
  }
  override async size() {
    await this.gate()
    return super.size()
  }
}

/** Resolves true once `check()` holds, false after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = performance.now() + timeoutMs; !check(); ) {
    if (performance.now() > deadline) return false
    await sleep(2)
  }
  return true
}

t.test('a store that hangs: timeouts, then open after failures in a row, fail fast, a trial, closed again', async (t) => {
  const inner = new HangingStore()
  const store = new CircuitBreakerStore(inner, { timeoutMs: 50, failuresToOpen: 3, retryAfterMs: 200 })
  t.teardown(() => store.close())
  t.equal(store.kind, 'memory', 'it is the store it wraps')
  await store.record(TEMPLATE, 1, T0, 7)
  t.same((await store.lookup(TEMPLATE, T0, 7)).authors, [1], 'operations pass through, the tenant too')
  t.equal((await store.lookup(TEMPLATE, T0, 8)).submissions, 0)
  t.equal(await store.size(), 1)
  t.equal(store.breakerState, 'closed')
  t.same(store.health(), { store: 'memory', status: 'ok' })

  inner.hung = true
  let started = performance.now()
  await t.rejects(store.lookup(TEMPLATE, T0), { code: 'ETIMEDOUT', message: 'template store lookup timed out after 50 ms' })
  const waited = performance.now() - started
  // Not before the timeout; and the store never answers, so only the timeout could end the wait.
  t.ok(waited >= 45, `cut at the timeout (${Math.round(waited)} ms)`)
  await t.rejects(store.record(TEMPLATE, 2, T0), { code: 'ETIMEDOUT' })
  t.equal(store.breakerState, 'closed', 'two failures in a row: still closed')
  await t.rejects(store.lookup(TEMPLATE, T0), { code: 'ETIMEDOUT' })
  t.equal(store.breakerState, 'open', 'the third opens it')
  t.same(store.health(), { store: 'memory', status: 'degraded' }, 'degraded while open')

  const reached = inner.calls
  await t.rejects(store.lookup(TEMPLATE, T0), { code: 'EOPENBREAKER', message: /template store lookup not tried: the circuit breaker is open after failures \(the store is tried again every 200 ms\)/ })
  await t.rejects(store.record(TEMPLATE, 3, T0), { code: 'EOPENBREAKER' })
  await t.rejects(store.size(), { code: 'EOPENBREAKER' })
  t.equal(inner.calls, reached, 'while open, operations fail at once: none reaches the store')
  t.same(store.shortCircuited, { lookup: 1, record: 1, size: 1, secret: 0 })

  t.ok(await until(() => store.breakerState === 'half-open', 1000), 'after the pause it tries the store once')
  await t.rejects(store.lookup(TEMPLATE, T0), { code: 'EOPENBREAKER' }, 'calls during the trial are short-circuited')
  t.ok(await until(() => store.breakerState === 'open', 1000), 'the trial (the breaker\'s own size read) timed out: open again')

  inner.resume()
  t.ok(await until(() => store.breakerState === 'closed', 1000), 'the next trial answers: closed, without any traffic')
  t.same(store.health(), { store: 'memory', status: 'ok' })
  t.same((await store.lookup(TEMPLATE, T0, 7)).authors, [1], 'and the store is asked again')
})

t.test('errors of the store count as failures and pass through as they are; a success resets the count', async (t) => {
  const inner = new HangingStore()
  const store = new CircuitBreakerStore(inner, { timeoutMs: 1000, failuresToOpen: 2, retryAfterMs: 60_000 })
  t.teardown(() => store.close())
  inner.failing = true
  await t.rejects(store.lookup(TEMPLATE, T0), { message: 'store refused' })
  inner.failing = false
  await store.lookup(TEMPLATE, T0)
  inner.failing = true
  await t.rejects(store.record(TEMPLATE, 1, T0), { message: 'store refused' })
  t.equal(store.breakerState, 'closed', 'fail, succeed, fail: never two in a row')
  await t.rejects(store.size(), { message: 'store refused' })
  t.equal(store.breakerState, 'open')
  t.same(await Promise.allSettled([store.sharedSecret(Buffer.from('x'))]).then(([r]) => (r as PromiseRejectedResult).reason.code), 'EOPENBREAKER', 'the shared secret waits on no open breaker either')
  t.equal(store.shortCircuited.secret, 1)
  inner.failing = false
  t.equal(await store.forget(0), 0, 'forget goes past the breaker: an operator waits for the store')
})

t.test('options are checked; a closed breaker refuses', async (t) => {
  t.throws(() => new CircuitBreakerStore(new HangingStore(), { timeoutMs: 0 }), /template store breaker: timeoutMs must be a positive integer, got 0/)
  t.throws(() => new CircuitBreakerStore(new HangingStore(), { failuresToOpen: 1.5 }), /failuresToOpen/)
  const store = new CircuitBreakerStore(new HangingStore())
  await store.close()
  await t.rejects(store.lookup(TEMPLATE, T0), { code: 'ESHUTDOWN', message: /template store lookup failed: The circuit has been shutdown/ })
})

t.test('the breaker settings: defaults, environment, and messages that name the variable', async (t) => {
  const defaults = readConfig({})
  t.equal(defaults.TEMPLATE_STORE_TIMEOUT_MS, 150)
  t.equal(defaults.TEMPLATE_STORE_BREAKER_FAILURES, 5)
  t.equal(defaults.TEMPLATE_STORE_BREAKER_RETRY_MS, 5000)
  const set = readConfig({ TEMPLATE_STORE_TIMEOUT_MS: '80', TEMPLATE_STORE_BREAKER_FAILURES: '3', TEMPLATE_STORE_BREAKER_RETRY_MS: '2000' })
  t.same([set.TEMPLATE_STORE_TIMEOUT_MS, set.TEMPLATE_STORE_BREAKER_FAILURES, set.TEMPLATE_STORE_BREAKER_RETRY_MS], [80, 3, 2000])
  t.throws(() => readConfig({ TEMPLATE_STORE_TIMEOUT_MS: 'fast' }), /TEMPLATE_STORE_TIMEOUT_MS: a whole number of milliseconds from 1 to 60000/)
  t.throws(() => readConfig({ TEMPLATE_STORE_TIMEOUT_MS: '0' }), /TEMPLATE_STORE_TIMEOUT_MS: a whole number of milliseconds from 1 to 60000/)
  t.throws(() => readConfig({ TEMPLATE_STORE_BREAKER_FAILURES: '2.5' }), /TEMPLATE_STORE_BREAKER_FAILURES: a whole number of failures from 1 to 1000/)
  t.throws(() => readConfig({ TEMPLATE_STORE_BREAKER_RETRY_MS: '50' }), /TEMPLATE_STORE_BREAKER_RETRY_MS: a whole number of milliseconds from 100 to 3600000/)
  const local = createTemplateStore(readConfig({}))
  t.notOk(local instanceof CircuitBreakerStore, 'the in-process store cannot hang: no breaker')
  await local.close()
})

/** `count` distinct texts (words drawn from a small vocabulary by index, so no two are near-duplicates). */
function distinctTexts(count: number): string[] {
  const words = 'river garden ticket window rocket violin pepper harbor candle mirror planet orange bridge saddle tunnel meadow copper lantern falcon marble walnut desert pillow thunder basket'.split(' ')
  return Array.from({ length: count }, (_, i) => {
    const picked = Array.from({ length: 9 }, (_, k) => words[(i * 7 + k * k * 13 + ((i * (k + 3)) % 17)) % words.length])
    return `Note ${i}: the ${picked.join(' ')} and ${i % 97} more.`
  })
}

const skip = redisSkipReason()

t.test('a real redis-server stopped with SIGSTOP: once the breaker opens the service answers at full speed, and recovers after SIGCONT', { skip }, async (t) => {
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const admin = new Redis(server.url)
  t.teardown(() => admin.disconnect())
  const pid = Number(/process_id:(\d+)/.exec(await admin.info('server'))![1])
  let stopped = false
  // A failed assertion must not leave redis-server stopped (kill() would wait on it forever otherwise).
  t.teardown(() => {
    if (stopped) process.kill(pid, 'SIGCONT')
  })

  const retryAfterMs = 1000
  const store = createTemplateStore(readConfig({ REDIS_URL: server.url, TEMPLATE_STORE_BREAKER_RETRY_MS: String(retryAfterMs) })) as CircuitBreakerStore
  t.ok(store instanceof CircuitBreakerStore, 'REDIS_URL: Redis behind the breaker')
  t.ok(await (store.store as RedisTemplateStore).ready())
  const app = await buildApp({ templateStore: store })
  t.teardown(() => app.close())

  const texts = distinctTexts(5000)
  let next = 0
  let warned = 0
  let answered = 0
  const scoreOne = async (target: FastifyInstance) => {
    const res = await target.inject({ method: 'POST', url: '/v1/score', payload: { text: texts[next++ % texts.length], kind: 'comment' } })
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`)
    answered++
    if ((res.json().warnings as string[]).includes(UNAVAILABLE_WARNING)) warned++
  }
  /** Requests per second over `ms`, from `concurrency` clients sending one after another. */
  const throughput = async (ms: number, concurrency = 4) => {
    const before = answered
    const started = performance.now()
    const end = started + ms
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await scoreOne(app)
    }))
    return ((answered - before) * 1000) / (performance.now() - started)
  }
  const metric = async (name: string) => {
    const line = (await app.inject({ url: '/metrics' })).body.split('\n').find((l) => l.startsWith(name))
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
  }

  await throughput(500) // warm-up: the scorer's lazy parts, the JIT
  warned = 0
  const healthy = await throughput(3000)
  t.equal(warned, 0, 'Redis healthy: every text was checked against the memory')
  t.equal(await metric('authenticity_template_store_breaker_state'), 0)
  t.equal(await store.size(), answered, 'and remembered (one entry per text)')

  process.kill(pid, 'SIGSTOP')
  stopped = true
  const stoppedAt = performance.now()
  // Load continues while the breaker finds out.
  const load = throughput(3000)
  t.ok(await until(() => store.breakerState === 'open', 3000), 'the breaker opens under load')
  const openAfterMs = performance.now() - stoppedAt
  await load
  warned = 0
  const answeredBefore = answered
  const hung = await throughput(3000)
  const ratio = hung / healthy
  t.comment(`healthy ${healthy.toFixed(0)} req/s; SIGSTOPped, breaker open ${hung.toFixed(0)} req/s (${(100 * ratio).toFixed(1)}%); open ${openAfterMs.toFixed(0)} ms after SIGSTOP`)
  t.ok(ratio >= 0.95, `a stopped Redis costs under 5% of throughput once the breaker is open (${(100 * ratio).toFixed(1)}%)`)
  t.equal(warned, answered - answeredBefore, 'every answer while stopped says the memory was not checked')
  const readyWhileHung = (await app.inject({ url: '/readyz' })).json()
  t.equal(readyWhileHung.status, 'degraded')
  t.same(readyWhileHung.templateMemory, { store: 'redis', status: 'degraded' })
  t.ok((await metric('authenticity_template_store_breaker_state'))! >= 1, '/metrics: open (2) or trying (1)')
  t.ok((await metric('authenticity_template_store_short_circuited_total{operation="lookup"}'))! > 100, '/metrics: lookups short-circuited')
  t.ok((await metric('authenticity_template_store_short_circuited_total{operation="record"}'))! > 100, '/metrics: records short-circuited')

  process.kill(pid, 'SIGCONT')
  stopped = false
  const resumedAt = performance.now()
  t.ok(await until(() => store.breakerState === 'closed', retryAfterMs + 2000), 'closed again once Redis answers a trial')
  const recoveredAfterMs = performance.now() - resumedAt
  t.comment(`closed ${recoveredAfterMs.toFixed(0)} ms after SIGCONT (the breaker retries every ${retryAfterMs} ms)`)
  t.ok(recoveredAfterMs <= retryAfterMs + 1000, `recovered within a retry pause (${recoveredAfterMs.toFixed(0)} ms)`)
  warned = 0
  const back = await throughput(1000)
  t.equal(warned, 0, 'after SIGCONT every text is checked against the memory again')
  t.ok(back > 0)
  t.same((await app.inject({ url: '/readyz' })).json().templateMemory, { store: 'redis', status: 'ok' })
  t.equal(await metric('authenticity_template_store_breaker_state'), 0)
})
