// Author stats through the API (src/http/routes/authors.ts, src/scoring/service.ts): off unless
// AUTHOR_STATS=true; on, a /v1/score answer for a text with an author carries that author's stats
// and its score is byte for byte what it is with them off; GET /v1/authors/{author} answers them per
// tenant, zeros for an author not seen; DELETE /v1/templates deletes them; the account id reaches no log.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '../../src/http/app.js'
import { readConfig } from '../../src/config.js'
import { startServer } from '../../src/server.js'
import { createScorer } from '../../src/engine/score.js'
import { ScoringService } from '../../src/scoring/service.js'
import { threadEngine, type ScoringEngine } from '../../src/scoring/engine.js'
import { SIGNALS } from '../../src/signals/index.js'
import { createTemplateStore } from '../../src/store/index.js'
import { MemoryTemplateStore } from '../../src/store/memory-store.js'
import { RedisTemplateStore } from '../../src/store/redis-store.js'
import { TemplateMemory } from '../../src/store/template-memory.js'
import { RedisServer, redisSkipReason } from '../store/redis-server.js'
import { fixtureModel, fixtureScorer } from './fixture-model.js'

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const SALT = 'authors-http-test-salt-0123'
const WINDOW = 7 * 86_400
const ON = { authorStats: { windowSeconds: WINDOW }, salt: SALT }
const TEMPLATE = 'Great post! Very timely.'
const SPECIFIC = 'We moved the support rota to four days in March and first-reply time dropped from 9 to 6 hours.'
const KEY_A = 'authors-key-a-0123456789'
const KEY_B = 'authors-key-b-0123456789'

const stats = (texts: number, templated: number, windowSeconds = WINDOW) => ({ share: texts === 0 ? 0 : Math.round((templated / texts) * 10_000) / 10_000, texts, templated, windowSeconds })

async function app(t: Test, options: AppOptions = {}): Promise<FastifyInstance> {
  const built = await buildApp({ templateStore: new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 1000 }), ...options })
  t.teardown(() => built.close())
  return built
}

const bearer = (key?: string) => (key ? { authorization: `Bearer ${key}` } : {})

async function score(built: FastifyInstance, payload: object, key?: string) {
  const res = await built.inject({ method: 'POST', url: '/v1/score', payload, headers: bearer(key) })
  return { status: res.statusCode, body: res.json(), payload: res.payload }
}

async function authorStats(built: FastifyInstance, author: string, key?: string) {
  const res = await built.inject({ method: 'GET', url: `/v1/authors/${encodeURIComponent(author)}`, headers: bearer(key) })
  return { status: res.statusCode, body: res.json() }
}

/** The same scorer with every weight 0: no text is ever labeled templated, whatever fires. */
function weightlessScorer() {
  const model = fixtureModel()
  for (const weight of Object.values(model.weights)) weight.weight = 0
  return createScorer(model, SIGNALS)
}

t.test('configuration: off by default; AUTHOR_STATS, AUTHOR_STATS_WINDOW and AUTHOR_STATS_MAX_AUTHORS read and checked', async (t) => {
  const defaults = readConfig({})
  t.equal(defaults.AUTHOR_STATS, false, 'off unless asked for')
  t.equal(defaults.AUTHOR_STATS_WINDOW, 604_800, '7 days, in seconds')
  t.equal(defaults.AUTHOR_STATS_MAX_AUTHORS, 100_000)
  const set = readConfig({ AUTHOR_STATS: 'true', AUTHOR_STATS_WINDOW: '24 hours', AUTHOR_STATS_MAX_AUTHORS: '5000' })
  t.same([set.AUTHOR_STATS, set.AUTHOR_STATS_WINDOW, set.AUTHOR_STATS_MAX_AUTHORS], [true, 86_400, 5000])
  t.equal(readConfig({ AUTHOR_STATS: '' }).AUTHOR_STATS, false, 'empty (compose files): off')
  t.equal(readConfig({ AUTHOR_STATS: 'false' }).AUTHOR_STATS, false)
  t.throws(() => readConfig({ AUTHOR_STATS: 'yes' }), /AUTHOR_STATS: must be true or false/)
  t.throws(() => readConfig({ AUTHOR_STATS_WINDOW: '5 minutes' }), /AUTHOR_STATS_WINDOW: a duration from 1 hour to 366 days, such as "7 days" or "24 hours"/)
  t.throws(() => readConfig({ AUTHOR_STATS_WINDOW: '400 days' }), /AUTHOR_STATS_WINDOW: a duration from 1 hour to 366 days/)
  t.throws(() => readConfig({ AUTHOR_STATS_WINDOW: 'soon' }), /AUTHOR_STATS_WINDOW/)
  t.throws(() => readConfig({ AUTHOR_STATS_MAX_AUTHORS: '0' }), /AUTHOR_STATS_MAX_AUTHORS: a whole number of authors from 1 to 10000000/)
  const store = createTemplateStore(readConfig({ AUTHOR_STATS_MAX_AUTHORS: '7' })) as MemoryTemplateStore
  t.equal(store.authorStats.maxAuthors, 7, 'the in-process store keeps at most that many authors')
  await store.close()
})

t.test('startServer turns author stats on with AUTHOR_STATS=true, over AUTHOR_STATS_WINDOW', async (t) => {
  const base = { ...readConfig({}), PORT: 0, LOG_LEVEL: 'silent' as const, SCORING_THREADS: 0 }
  const on = await startServer({ ...base, AUTHOR_STATS: true, AUTHOR_STATS_WINDOW: 7200 })
  t.teardown(() => on.close())
  t.same(await authorStats(on, 'x'), { status: 200, body: stats(0, 0, 7200) })
  const off = await startServer(base)
  t.teardown(() => off.close())
  t.equal((await authorStats(off, 'x')).status, 403)
})

t.test('off: GET /v1/authors/{author} answers 403 saying how to turn it on, and /v1/score answers carry no author', async (t) => {
  const built = await app(t, { templateMemory: { salt: SALT } })
  const res = await authorStats(built, 'x')
  t.equal(res.status, 403)
  t.same(res.body, {
    statusCode: 403,
    error: 'Forbidden',
    message: 'author stats are off: the operator turns them on with AUTHOR_STATS=true (and AUTHOR_STATS_WINDOW, default 7 days); see "Author stats" in the README',
  })
  const scored = await score(built, { text: TEMPLATE, author: 'x' })
  t.equal(scored.status, 200)
  t.notOk('author' in scored.body)
  t.equal(await built.scoring.memory.store.forgetAuthors!(0), 0, 'and nothing was counted')
})

t.test('the score is the same with author stats on or off; only the answers with an author carry them', async (t) => {
  let now = T0
  const off = await app(t, { templateMemory: { salt: SALT, now: () => now } })
  const on = await app(t, { templateMemory: { ...ON, now: () => now } })
  // A template from four accounts (repeated-template fires from the third), a specific text, one without an author.
  const sequence = [
    { text: TEMPLATE, kind: 'comment', author: 'ann' },
    { text: TEMPLATE, kind: 'comment', author: 'ben' },
    { text: 'great post — very timely 👏', kind: 'comment', author: 'cat' },
    { text: TEMPLATE, kind: 'comment', author: 'ann' },
    { text: SPECIFIC, author: 'ann' },
    { text: TEMPLATE, kind: 'comment' },
  ]
  for (const explain of ['full', 'fired', 'none']) {
    for (const payload of sequence) {
      now += 1000
      const plain = await score(off, { ...payload, explain })
      const counted = await score(on, { ...payload, explain })
      t.equal(plain.status, 200)
      t.notOk('author' in plain.body, 'off: no author field')
      t.equal('author' in counted.body, payload.author !== undefined, 'on: the field exactly when the text names an author')
      const { author, ...rest } = counted.body
      t.same(rest, plain.body, `${explain}: everything but the author field is the same`)
      t.equal(JSON.stringify(rest), plain.payload, 'byte for byte')
      if (author) t.same(Object.keys(author), ['share', 'texts', 'templated', 'windowSeconds'])
    }
  }
  const ann = (await authorStats(on, 'ann')).body
  t.equal(ann.texts, 9, "three rounds of ann's three texts")
})

t.test('what counts as templated: labeled so, or matching a repeated template; remember: false reads without counting', async (t) => {
  let now = T0
  const built = await app(t, { scorer: fixtureScorer(), templateMemory: { ...ON, now: () => now } })
  const first = await score(built, { text: TEMPLATE, kind: 'comment', author: 'ann' })
  t.equal(first.body.label, 'templated', 'stock praise, by the fixture model')
  t.same(first.body.author, stats(1, 1), 'counted, this text included')
  now += 1000
  const specific = await score(built, { text: SPECIFIC, author: 'ann' })
  t.not(specific.body.label, 'templated')
  t.same(specific.body.author, stats(2, 1))
  now += 1000
  const probe = await score(built, { text: TEMPLATE, kind: 'comment', author: 'ann', remember: false })
  t.same(probe.body.author, stats(2, 1), 'remember: false: the stats as they were, this text not counted')
  t.same((await authorStats(built, 'ann')).body, stats(2, 1))
  t.notOk('author' in (await score(built, { text: SPECIFIC, author: '' })).body, 'an empty author is no author')

  // No weight at all: nothing is labeled templated, so only a repeated template counts.
  const weightless = await app(t, { scorer: weightlessScorer(), templateMemory: { ...ON, now: () => now } })
  const labels = []
  for (const author of ['ann', 'ben', 'cat']) {
    now += 1000
    const res = await score(weightless, { text: SPECIFIC, author, explain: 'full' })
    labels.push(res.body.label)
    const fired = res.body.signals.find((s: { id: string }) => s.id === 'repeated-template').value > 0
    t.equal(res.body.author.templated, fired ? 1 : 0, `${author}: templated exactly when repeated-template fired`)
  }
  t.same(labels, ['authentic', 'authentic', 'authentic'])
  t.same((await authorStats(weightless, 'cat')).body, stats(1, 1), 'the third account to send it: a repeated template')
  t.same((await authorStats(weightless, 'ann')).body, stats(1, 0), 'the first was not one yet')
})

t.test('batches and threads count their texts too', async (t) => {
  const built = await app(t, { templateMemory: ON })
  const batch = await built.inject({
    method: 'POST',
    url: '/v1/score/batch',
    payload: { items: [{ text: TEMPLATE, author: 'dan' }, { text: SPECIFIC, author: 'dan' }, { text: SPECIFIC, author: 'eve', remember: false }] },
  })
  t.equal(batch.statusCode, 200)
  t.equal((await authorStats(built, 'dan')).body.texts, 2)
  t.equal((await authorStats(built, 'eve')).body.texts, 0, 'remember: false counts nothing')
  const thread = await built.inject({
    method: 'POST',
    url: '/v1/threads',
    payload: { post: { text: SPECIFIC, author: 'dan' }, comments: [{ text: TEMPLATE, author: 'eve' }, { text: TEMPLATE }] },
  })
  t.equal(thread.statusCode, 200)
  t.equal((await authorStats(built, 'dan')).body.texts, 3, "the thread's post")
  t.equal((await authorStats(built, 'eve')).body.texts, 1, 'a comment')
})

t.test('GET /v1/authors/{author}: zeros for an author not seen; any id up to 256 characters, percent-encoded; 400 beyond', async (t) => {
  const built = await app(t, { templateMemory: ON })
  t.same(await authorStats(built, 'nobody'), { status: 200, body: stats(0, 0) })
  const odd = 'acct/42?x=1#frag Zoë 🙂'
  await score(built, { text: SPECIFIC, author: odd })
  t.same(await authorStats(built, odd), { status: 200, body: stats(1, 0) }, 'slashes, query characters, spaces and emoji, as the caller sent them')
  t.same((await authorStats(built, 'acct')).body, stats(0, 0), 'a prefix of it is another author')
  const longest = '🙂'.repeat(128) // 256 UTF-16 units, 1,536 characters percent-encoded
  await score(built, { text: SPECIFIC, author: longest })
  t.same(await authorStats(built, longest), { status: 200, body: stats(1, 0) })
  const tooLong = await authorStats(built, 'a'.repeat(257))
  t.same(tooLong, { status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'params.author: must be at most 256 characters, as in POST /v1/score' } })
  const empty = await built.inject({ method: 'GET', url: '/v1/authors/' })
  t.equal(empty.statusCode, 400)
  t.match(empty.json().message, /params\.author: must name an author/)
})

t.test('per tenant: two keys, one author id, two authors; a key is needed; forgetting deletes the stats', async (t) => {
  const built = await app(t, { apiKeys: [KEY_A, KEY_B], templateMemory: ON })
  for (let i = 0; i < 3; i++) await score(built, { text: TEMPLATE, kind: 'comment', author: 'x' }, KEY_A)
  await score(built, { text: SPECIFIC, author: 'x' }, KEY_B)
  t.equal((await authorStats(built, 'x', KEY_A)).body.texts, 3)
  t.equal((await authorStats(built, 'x', KEY_B)).body.texts, 1)
  t.equal((await authorStats(built, 'x')).status, 401, 'without a key')
  const forgotten = await built.inject({ method: 'DELETE', url: '/v1/templates', headers: bearer(KEY_A) })
  t.equal(forgotten.statusCode, 200)
  t.same((await authorStats(built, 'x', KEY_A)).body, stats(0, 0), "forgotten with the key's templates")
  t.equal((await authorStats(built, 'x', KEY_B)).body.texts, 1, "the other key's are kept")
})

t.test('a store that fails: /v1/score still answers (without author), GET answers 503 saying to try again', async (t) => {
  const store = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 1000 })
  const fail = async () => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
  }
  store.countAuthor = fail
  store.authorCounts = fail
  const built = await app(t, { templateStore: store, templateMemory: ON })
  const scored = await score(built, { text: TEMPLATE, author: 'x' })
  t.equal(scored.status, 200)
  t.notOk('author' in scored.body, 'no stats, and no failed request')
  const res = await authorStats(built, 'x')
  t.same(res, { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'the template memory could not be reached: author stats are unavailable for now; try again' } })
  const metrics = await built.inject({ url: '/metrics' })
  t.match(metrics.payload, /authenticity_template_store_errors_total\{operation="author"\} 2/, 'both failures counted')
})

t.test('the account id never reaches the log', async (t) => {
  const lines: string[] = []
  const built = await app(t, { templateMemory: ON, logger: { level: 'trace', stream: { write: (l: string) => lines.push(l) } } })
  const RAW = 'acct-RAW-5520-zoë'
  await score(built, { text: TEMPLATE, author: RAW })
  await authorStats(built, RAW)
  await authorStats(built, RAW + 'x'.repeat(300))
  t.ok(lines.length >= 3, 'the requests were logged')
  for (const needle of [RAW, encodeURIComponent(RAW), 'RAW-5520']) t.notOk(lines.some((l) => l.includes(needle)), `no log line holds ${needle}`)
  t.ok(lines.some((l) => l.includes('"route":"/v1/authors/:author"')), 'the route is logged by its pattern')
})

t.test('with the shared Redis: counted through /v1/score, answered by GET, forgotten by DELETE', { skip: redisSkipReason() }, async (t) => {
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const store = new RedisTemplateStore({ url: server.url, prefix: 'authors-http:', windowSeconds: 3600, maxEntries: 1000 })
  await store.ready()
  const built = await app(t, { apiKeys: [KEY_A], templateStore: store, templateMemory: ON })
  t.same((await score(built, { text: TEMPLATE, kind: 'comment', author: 'x' }, KEY_A)).body.author?.texts, 1)
  t.same((await score(built, { text: SPECIFIC, author: 'x' }, KEY_A)).body.author?.texts, 2)
  t.equal((await authorStats(built, 'x', KEY_A)).body.texts, 2)
  await built.inject({ method: 'DELETE', url: '/v1/templates', headers: bearer(KEY_A) })
  t.same((await authorStats(built, 'x', KEY_A)).body, stats(0, 0))
  t.equal((await store.redis.keys('authors-http:a:*')).length, 0, 'no author key left')
})

t.test('the scoring service: a request that gave up counts no author', async (t) => {
  const memory = new TemplateMemory(new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 100 }), ON)
  const scorer = fixtureScorer()
  const inner = threadEngine(scorer)
  const controller = new AbortController()
  // The request gives up just as its last text is scored: the score is there, the author is not counted.
  const engine: ScoringEngine = {
    concurrency: 1,
    close: () => inner.close(),
    score: async (input) => {
      const result = await inner.score(input)
      controller.abort()
      return result
    },
  }
  const service = new ScoringService({ scorer, engine, memory })
  const scored = await service.scoreMany([{ text: TEMPLATE, author: 'x' }], { signal: controller.signal })
  t.equal(scored.length, 1)
  t.notOk('author' in scored[0], 'no author stats in the answer')
  t.same(await memory.authorStats('x'), stats(0, 0), 'and none counted')
  await t.rejects(service.score({ text: TEMPLATE, author: 'x' }, { signal: controller.signal }), { name: 'AbortError' }, 'one text: the request itself stops')
  t.same(await memory.authorStats('x'), stats(0, 0))
  const counted = await new ScoringService({ scorer, memory }).scoreMany([{ text: TEMPLATE, author: 'x' }, { text: SPECIFIC }])
  t.same(counted.map((s) => s.author), [stats(1, 1), undefined], 'scoreMany hands the stats back per text')
})
