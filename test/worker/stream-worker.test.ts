/**
 * The stream worker against a real redis-server: entries in, one result per entry out, invalid
 * entries answered with an error, at-most-once results and memory records, claiming and
 * dead-lettering, API keys, metrics. The crash test with two worker processes is in
 * stream-worker-processes.test.ts.
 */
import t from 'tap'
import { Redis } from 'ioredis'
import { RedisServer, redisSkipReason } from '../store/redis-server.js'
import { until } from './until.js'
import { StreamWorker, type StreamWorkerOptions } from '../../src/worker/stream-worker.js'
import { startWorker } from '../../src/worker/main.js'
import { ScoringService } from '../../src/scoring/service.js'
import { threadEngine, type ScoringEngine } from '../../src/scoring/engine.js'
import { createScorer } from '../../src/engine/score.js'
import { loadModel } from '../../src/model/weights.js'
import { SIGNALS } from '../../src/signals/index.js'
import { createApiKeys } from '../../src/http/plugins/auth.js'
import { MemoryTemplateStore } from '../../src/store/memory-store.js'
import { TemplateMemory } from '../../src/store/template-memory.js'
import { readConfig } from '../../src/config.js'

const skip = redisSkipReason()
const scorer = createScorer(loadModel(), SIGNALS)

let server: RedisServer
let redis: Redis
let round = 0
t.before(async () => {
  if (skip) return
  server = await RedisServer.start()
  redis = new Redis(server.url)
})
t.teardown(async () => {
  if (skip) return
  await redis.quit()
  await server.kill()
})

/** Fresh stream names per test, so the tests share one server without sharing streams. */
function names() {
  round++
  return { input: `{t${round}}:in`, output: `{t${round}}:out`, dead: `{t${round}}:in:dead`, group: 'g' }
}

function worker(over: Partial<StreamWorkerOptions> & ReturnType<typeof names>, memory?: TemplateMemory) {
  const scoring = new ScoringService({ scorer, memory })
  const client = new Redis(server.url)
  const w = new StreamWorker({ redis: client, scoring, apiKeys: createApiKeys([]), consumer: 'c1', batch: 8, maxLen: 0, claimIdleMs: 60_000, maxDeliveries: 5, blockMs: 50, ...over })
  return { w, close: async () => (await w.stop(), await scoring.close(), await client.quit()) }
}

type Results = Array<{ source: string; result?: Record<string, unknown>; error?: string }>

async function results(stream: string): Promise<Results> {
  const entries = (await redis.xrange(stream, '-', '+')) as Array<[string, string[]]>
  return entries.map(([, f]) => {
    const m: Record<string, string> = {}
    for (let i = 0; i < f.length; i += 2) m[f[i]] = f[i + 1]
    return { source: m.source, result: m.result ? JSON.parse(m.result) : undefined, error: m.error, ...(m.reason ? { reason: m.reason } : {}) }
  })
}


t.test('entries added before the first worker are scored; each gets one result, an invalid one an error saying what to fix', { skip }, async (t) => {
  const n = names()
  const add = (fields: string[]) => redis.xadd(n.input, '*', ...fields)
  const ids = [
    await add(['body', JSON.stringify({ text: 'Great post Bruce! Very timely.', kind: 'comment', parent: 'Will AI be LinkedIn’s downfall?' })]),
    await add(['body', JSON.stringify({ text: 'Great post!', explain: 'none' })]),
    await add(['body', '{"text": ']),
    await add(['body', JSON.stringify({ txet: 'typo' })]),
    await add(['other', 'x']),
  ]
  const { w, close } = worker(n)
  const running = w.run()
  const out = await until('5 results', () => results(n.output), (r) => r.length === 5)
  await close()
  await running
  t.same(out.map((r) => r.source), ids, 'one result per entry, in order, keyed by the entry id')
  t.equal(out[0].result!.label, 'templated')
  t.same(Object.keys(out[1].result!), ['score', 'label', 'dimensions', 'warnings', 'model'], "the entry's explain level is kept")
  t.match(out[2].error, /^body is not valid JSON/)
  t.match(out[3].error, /unknown field "txet" \(did you mean "text"\?\)/)
  t.match(out[4].error, /no "body" field/)
  t.same(await redis.xpending(n.input, n.group), [0, null, null, null], 'everything acknowledged')
})

t.test('a result is written once: an entry answered by one worker is not answered again by the one it was claimed from', { skip }, async (t) => {
  const n = names()
  const id = await redis.xadd(n.input, '*', 'body', JSON.stringify({ text: 'Thanks for sharing, very insightful.' }))
  // A first consumer reads the entry and goes silent (a slow or dead worker).
  await redis.xgroup('CREATE', n.input, n.group, '0', 'MKSTREAM')
  await redis.xreadgroup('GROUP', n.group, 'slow', 'COUNT', 1, 'STREAMS', n.input, '>')
  const { w, close } = worker({ ...n, claimIdleMs: 100 })
  await new Promise((r) => setTimeout(r, 150))
  await w.claimIdle()
  t.same((await results(n.output)).map((r) => r.source), [id], 'the claimed entry is answered by the other worker')
  // The slow one finishes later and tries to answer too: nothing is written.
  const late = await (w as unknown as { options: { redis: Redis } }).options.redis.streamAnswer(n.input, n.output, n.group, id!, 'result', '{}', 0)
  t.equal(late, 0)
  t.equal((await results(n.output)).length, 1, 'still one result')
  await close()
})

t.test('an entry scored a second time is remembered by the template memory once', { skip }, async (t) => {
  const n = names()
  const store = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 1000 })
  const memory = new TemplateMemory(store, { salt: 'a-salt-long-enough-for-the-test-0001' })
  const first = await redis.xadd(n.input, '*', 'body', JSON.stringify({ text: 'Completely agree with every word of this post, thanks for writing it.', author: 'a1' }))
  const second = await redis.xadd(n.input, '*', 'body', JSON.stringify({ text: 'Our build moved to a monorepo last week and CI time halved.', author: 'a2' }))
  // The first entry was scored and remembered before (its worker died before answering).
  await redis.set(`${n.input}:remembered:${first}`, '1')
  const { w, close } = worker(n, memory)
  const running = w.run()
  await until('2 results', () => results(n.output), (r) => r.length === 2)
  await close()
  await running
  t.equal(await store.size(), 1, 'only the entry not remembered before was remembered')
  t.equal(await redis.exists(`${n.input}:remembered:${second}`), 1, 'and its marker is set')
})

t.test('with author stats on, an entry with an author is counted once, and its result carries the stats as /v1/score does', { skip }, async (t) => {
  const n = names()
  const store = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 1000 })
  const memory = new TemplateMemory(store, { salt: 'a-salt-long-enough-for-the-test-0003', authorStats: { windowSeconds: 7 * 86_400 } })
  const redelivered = await redis.xadd(n.input, '*', 'body', JSON.stringify({ text: 'Great post! Very timely.', kind: 'comment', author: 'acct-1' }))
  await redis.xadd(n.input, '*', 'body', JSON.stringify({ text: 'Great post! Very timely.', kind: 'comment', author: 'acct-1' }))
  await redis.xadd(n.input, '*', 'body', JSON.stringify({ text: 'Our build moved to a monorepo last week and CI time halved.', author: 'acct-1' }))
  await redis.xadd(n.input, '*', 'body', JSON.stringify({ text: 'No author on this one, so nothing is counted for anyone.' }))
  // The first entry was counted before (its worker died before answering): not again.
  await redis.set(`${n.input}:remembered:${redelivered}`, '1')
  const { w, close } = worker(n, memory)
  const running = w.run()
  const out = await until('4 results', () => results(n.output), (r) => r.length === 4)
  await close()
  await running
  t.match(out[0].result!.author, { windowSeconds: 7 * 86_400 }, 'a result with an author carries the stats')
  t.notOk('author' in out[3].result!, 'a result without an author has no author field')
  t.same(Object.keys(out[1].result!).at(-1), 'author', 'last, as in the /v1/score answer')
  const stats = await memory.authorStats('acct-1')
  t.equal(stats.texts, 2, 'two texts counted: the redelivered entry is not counted twice')
  t.equal(stats.templated, 1, 'the stock comment is counted as templated')
})

t.test('an entry whose scoring keeps failing goes to the dead-letter stream with the reason; the others are answered', { skip }, async (t) => {
  const n = names()
  // Fault injection at the engine: the text "poison" always fails to score.
  const base = threadEngine(scorer)
  const failing: ScoringEngine = { ...base, score: async (input, signal) => (input.text === 'poison' ? Promise.reject(new Error('engine failure')) : base.score(input, signal)) }
  const scoring = new ScoringService({ scorer, engine: failing })
  const client = new Redis(server.url)
  const outcomes: Record<string, number> = {}
  const w = new StreamWorker({
    redis: client, scoring, apiKeys: createApiKeys([]), ...n, consumer: 'c1', batch: 8, maxLen: 100, claimIdleMs: 100, maxDeliveries: 2, blockMs: 50,
    onOutcome: (o, k) => (outcomes[o] = (outcomes[o] ?? 0) + k),
  })
  const poison = await redis.xadd(n.input, '*', 'body', JSON.stringify({ text: 'poison' }))
  const fine = (await redis.xadd(n.input, '*', 'body', JSON.stringify({ text: 'A specific comment about the 2017 change to the feed.' })))!
  const running = w.run()
  const dead = await until('a dead letter', () => results(n.dead), (r) => r.length === 1)
  await w.stop()
  await running
  await scoring.close()
  await client.quit()
  t.equal(dead[0].source, poison)
  t.match((dead[0] as unknown as { reason: string }).reason, /delivered 3 times without a result \(more than STREAM_MAX_DELIVERIES, 2\): scoring failed: engine failure/)
  t.same((await results(n.output)).map((r) => r.source), [fine], 'the other entry was answered')
  t.same(await redis.xpending(n.input, n.group), [0, null, null, null], 'nothing left pending')
  t.equal(outcomes.deadLettered, 1)
  t.ok(outcomes.failed >= 2, 'the failures were counted')
  t.equal(outcomes.processed, 1)
})

t.test('with API keys an entry needs a valid key, and is scored in its tenant', { skip }, async (t) => {
  const n = names()
  const store = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 1000 })
  const memory = new TemplateMemory(store, { salt: 'a-salt-long-enough-for-the-test-0002' })
  const { w, close } = worker({ ...n, apiKeys: createApiKeys(['key-one']) }, memory)
  const body = JSON.stringify({ text: 'Great post! Very timely.' })
  await redis.xadd(n.input, '*', 'body', body)
  await redis.xadd(n.input, '*', 'body', body, 'key', 'wrong')
  await redis.xadd(n.input, '*', 'body', body, 'key', 'key-one')
  const running = w.run()
  const out = await until('3 results', () => results(n.output), (r) => r.length === 3)
  await close()
  await running
  t.match(out[0].error, /add a "key" field/)
  t.match(out[1].error, /not valid/)
  t.equal(out[2].result!.label, 'templated')
  t.equal(await store.size(), 1, 'only the keyed entry was remembered')
})

t.test('backlog: pending entries and lag', { skip }, async (t) => {
  const n = names()
  for (let i = 0; i < 5; i++) await redis.xadd(n.input, '*', 'body', '{"text":"x"}')
  const { w, close } = worker(n)
  await w.ensureGroup()
  await w.ensureGroup() // an existing group is kept
  t.same(await w.backlog(), { pending: 0, lag: 5 })
  await redis.xreadgroup('GROUP', n.group, 'other', 'COUNT', 2, 'STREAMS', n.input, '>')
  t.same(await w.backlog(), { pending: 2, lag: 3 })
  await close()
})

t.test('startWorker: the health listener answers /healthz and /metrics, and the worker scores', { skip }, async (t) => {
  const n = names()
  const config = readConfig({ REDIS_URL: server.url, STREAM_IN: n.input, STREAM_OUT: n.output, STREAM_GROUP: n.group, WORKER_PORT: '0', HOST: '127.0.0.1', TEMPLATE_SALT: 'a-salt-long-enough-for-the-test-0003' })
  // WORKER_PORT 0 means no listener; take a free one from the OS through a second start instead.
  const quiet = await startWorker(config)
  t.equal(quiet.port, null, 'WORKER_PORT=0: no listener')
  await quiet.close()
  const { freePort } = await import('../store/redis-server.js')
  const running = await startWorker({ ...config, WORKER_PORT: await freePort() })
  t.teardown(() => running.close())
  await redis.xadd(n.input, '*', 'body', JSON.stringify({ text: 'Great post! Very timely.' }))
  await until('a result', () => results(n.output), (r) => r.length === 1)
  const base = `http://127.0.0.1:${running.port}`
  t.same(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' })
  const metrics = await (await fetch(`${base}/metrics`)).text()
  t.match(metrics, /authenticity_stream_entries_total\{outcome="processed"\} 1/)
  t.match(metrics, /authenticity_stream_pending 0/)
  t.match(metrics, /authenticity_stream_lag 0/)
  t.equal((await fetch(`${base}/other`)).status, 404)
  await t.rejects(startWorker({ ...config, REDIS_URL: undefined }), /needs REDIS_URL/)
})
