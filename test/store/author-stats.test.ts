// Author stats (src/store/author-stats.ts, redis-author-stats.ts) through the template memory, one
// suite against both stores: the in-process store and a real redis-server. Per tenant, over a
// rolling window read from the memory's clock, deleted with the tenant's templates, and in Redis
// as keyed hashes only: the account id never appears in a key or a value.
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { fingerprint } from '../../src/engine/fingerprint.js'
import { AUTHOR_BUCKETS, MemoryAuthorStats, bucketSeconds } from '../../src/store/author-stats.js'
import { CircuitBreakerStore } from '../../src/store/breaker.js'
import { MemoryTemplateStore } from '../../src/store/memory-store.js'
import { RedisTemplateStore } from '../../src/store/redis-store.js'
import { AuthorStatsError, TemplateMemory, type TemplateMemoryOptions } from '../../src/store/template-memory.js'
import type { TemplateStore } from '../../src/store/template-store.js'
import { RedisServer, redisSkipReason } from './redis-server.js'

/** A whole hour: the start of a bucket of a one-day window (buckets of an hour). */
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const DAY_SECONDS = 86_400
const HOUR_MS = 3_600_000
const SALT = 'author-stats-test-salt-0123'
/** Two API key ids: two tenants. */
const A = 'aaaaaaaaaaaa'
const B = 'bbbbbbbbbbbb'
const TEMPLATE = fingerprint('Great post! Very timely.')!

type Make = (t: Test) => Promise<TemplateStore>

/** A memory over `store` with author stats on (a one-day window) and a clock the test moves. */
function memoryOver(store: TemplateStore, clock: { now: number }, options: TemplateMemoryOptions = {}) {
  return new TemplateMemory(store, { salt: SALT, now: () => clock.now, authorStats: { windowSeconds: DAY_SECONDS }, ...options })
}

/** The template store part of `store` alone: a store that keeps no author stats. */
function withoutAuthorStats(store: MemoryTemplateStore): TemplateStore {
  return {
    kind: store.kind,
    lookup: (...args) => store.lookup(...args),
    record: (...args) => store.record(...args),
    forget: (tenant) => store.forget(tenant),
    sharedSecret: (candidate) => store.sharedSecret(candidate),
    size: () => store.size(),
    health: () => store.health(),
    close: () => store.close(),
  }
}

const counts = (texts: number, templated: number) => ({ share: texts === 0 ? 0 : Math.round((templated / texts) * 10_000) / 10_000, texts, templated, windowSeconds: DAY_SECONDS })

function suite(name: string, make: Make, skip: string | false = false) {
  t.test(`${name} store`, { skip }, async (t) => {
    t.test('counts texts and templated ones per author, this text included; zeros for an author never seen', async (t) => {
      const clock = { now: T0 }
      const memory = memoryOver(await make(t), clock)
      t.same(await memory.authorStats('x', A), counts(0, 0), 'unknown: zeros')
      t.same(await memory.authorStats('x', A, true), counts(1, 1), 'the text just counted is in the answer')
      clock.now += 60_000
      t.same(await memory.authorStats('x', A, false), counts(2, 1))
      t.same(await memory.authorStats('x', A, true), counts(3, 2))
      t.same(await memory.authorStats('x', A), counts(3, 2), 'a read counts nothing')
      t.equal((await memory.authorStats('x', A)).share, 0.6667, 'the share, rounded to 4 decimals')
      t.same(await memory.authorStats('y', A), counts(0, 0), 'another author of the same tenant: apart')
    })

    t.test("per tenant: tenant A's author x and tenant B's author x are counted apart", async (t) => {
      const clock = { now: T0 }
      const memory = memoryOver(await make(t), clock)
      for (let i = 0; i < 3; i++) await memory.authorStats('x', A, true)
      await memory.authorStats('x', B, false)
      t.same(await memory.authorStats('x', A), counts(3, 3))
      t.same(await memory.authorStats('x', B), counts(1, 0))
      t.same(await memory.authorStats('x'), counts(0, 0), 'nor does a caller without a key see either')
    })

    t.test('the window: a text counts for at most windowSeconds and at least one bucket less', async (t) => {
      const clock = { now: T0 }
      const memory = memoryOver(await make(t), clock)
      const bucketMs = bucketSeconds(DAY_SECONDS) * 1000
      t.equal(bucketMs, HOUR_MS, 'a one-day window has 24 buckets of an hour')
      await memory.authorStats('x', A, true) // at the start of a bucket
      clock.now = T0 + bucketMs - 1
      await memory.authorStats('x', A, false) // at its last millisecond
      clock.now = T0 + 12 * HOUR_MS
      await memory.authorStats('x', A, false)
      t.same(await memory.authorStats('x', A), counts(3, 1), 'half a window later: all three')
      clock.now = T0 + DAY_SECONDS * 1000 - 1
      t.same(await memory.authorStats('x', A), counts(3, 1), 'the first text at the last moment of its window')
      clock.now = T0 + DAY_SECONDS * 1000
      t.same(await memory.authorStats('x', A), counts(1, 0), 'a window after the first two: both gone (the second after 23 hours, one bucket less than the window)')
      clock.now = T0 + 12 * HOUR_MS + DAY_SECONDS * 1000
      t.same(await memory.authorStats('x', A), counts(0, 0), 'and the third a window after it')
      t.same(await memory.authorStats('x', A, true), counts(1, 1), 'counting starts again')
    })

    t.test("forget deletes the tenant's author stats with its templates; other tenants keep theirs", async (t) => {
      const clock = { now: T0 }
      const memory = memoryOver(await make(t), clock)
      await memory.remember(TEMPLATE, 'x', undefined, A)
      await memory.authorStats('x', A, true)
      await memory.authorStats('y', A, true)
      await memory.authorStats('x', B, true)
      t.equal(await memory.forget(A), 1, 'answers the template entries, as before')
      t.same(await memory.authorStats('x', A), counts(0, 0))
      t.same(await memory.authorStats('y', A), counts(0, 0))
      t.same(await memory.authorStats('x', B), counts(1, 1))
      t.equal(await memory.store.forgetAuthors!(12345), 0, 'a tag with no authors: nothing to delete')
    })

    t.test('author stats kept before are deleted by forget even when they are off now', async (t) => {
      const store = await make(t)
      const clock = { now: T0 }
      await memoryOver(store, clock).authorStats('x', A, true)
      const off = new TemplateMemory(store, { salt: SALT, now: () => clock.now })
      t.equal(off.authorWindowSeconds, undefined)
      await off.forget(A)
      t.same(await memoryOver(store, clock).authorStats('x', A), counts(0, 0))
      await t.rejects(off.authorStats('x', A), /author stats are off/, 'off: nothing is answered')
    })

    t.test('an odd clock: a count in an earlier bucket than the last one is counted too', async (t) => {
      const clock = { now: T0 + 2 * HOUR_MS }
      const memory = memoryOver(await make(t), clock)
      await memory.authorStats('x', A, true)
      clock.now = T0 // another replica's clock, an hour behind
      t.same(await memory.authorStats('x', A, false), counts(2, 1))
    })
  })
}

suite('in-process', async () => new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 1000 }))

let server: RedisServer | undefined
let prefixes = 0
suite(
  'Redis',
  async (t) => {
    server ??= await RedisServer.start()
    const store = new RedisTemplateStore({ url: server.url, prefix: `authors${++prefixes}:`, windowSeconds: 3600, maxEntries: 1000 })
    t.teardown(() => store.close())
    await store.ready()
    return store
  },
  redisSkipReason(),
)
t.teardown(() => server?.kill())

/** Every key under `prefix` with what it holds, all as bytes (keys and values may be binary). */
async function everything(admin: Redis, prefix: string): Promise<Array<{ key: Buffer; type: string; values: Buffer[] }>> {
  const keys: Buffer[] = []
  let cursor = '0'
  do {
    const [next, found] = await admin.scanBuffer(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    cursor = next.toString()
    keys.push(...found)
  } while (cursor !== '0')
  const out = []
  for (const key of keys) {
    const type = await admin.type(key)
    let values: Buffer[]
    if (type === 'string') values = [(await admin.getBuffer(key))!]
    else if (type === 'hash') values = (await admin.callBuffer('HGETALL', key)) as Buffer[]
    else if (type === 'zset') values = await admin.zrangeBuffer(key, 0, '-1')
    else if (type === 'list') values = await admin.lrangeBuffer(key, 0, -1)
    else throw new Error(`unexpected ${type} key`)
    out.push({ key, type, values })
  }
  return out
}

/** A Redis template store under `prefix` on the shared server, and a plain client to look inside; both closed after the test. */
async function redisStore(t: Test, prefix: string) {
  server ??= await RedisServer.start()
  const store = new RedisTemplateStore({ url: server.url, prefix, windowSeconds: 3600, maxEntries: 1000 })
  const admin = new Redis(server.url)
  t.teardown(async () => {
    await store.close()
    admin.disconnect()
  })
  await store.ready()
  return { store, admin }
}

t.test('Redis holds the author as a keyed hash only: never the account id, in no key and no value', { skip: redisSkipReason() }, async (t) => {
  const prefix = 'privacy:'
  const { store, admin } = await redisStore(t, prefix)
  const clock = { now: T0 }
  const memory = memoryOver(store, clock)
  const RAW = 'acct:Zoë-RAW-7781'
  await memory.remember(TEMPLATE, RAW, undefined, A)
  await memory.authorStats(RAW, A, true)
  await memory.authorStats(RAW, B, false)
  const held = await everything(admin, prefix)
  const authorKeys = held.filter((h) => h.type === 'hash')
  t.equal(authorKeys.length, 2, 'one hash per tenant and author')
  for (const needle of [RAW, 'RAW-7781', 'Zoë', 'acct']) {
    const bytes = Buffer.from(needle, 'utf8')
    for (const { key, values } of held) {
      t.notOk(key.includes(bytes), `no key holds ${JSON.stringify(needle)}`)
      t.notOk(values.some((v) => v.includes(bytes)), `no value holds ${JSON.stringify(needle)}`)
    }
  }
  const keysA = await memory.keys(A)
  const expected = `${prefix}a:${keysA.tag.toString(16).padStart(8, '0')}:${keysA.author(RAW)}`
  t.ok(authorKeys.some((h) => h.key.toString() === expected), 'the key: the prefix, the tenant tag and 64 bits of the keyed hash')
  t.match(keysA.author(RAW), /^[0-9a-f]{16}$/)
  t.not(keysA.author(RAW), (await memory.keys(B)).author(RAW), 'another tenant hashes the same author apart')
  const fields = held.find((h) => h.key.toString() === expected)!.values.map((v) => v.toString())
  const bucket = String(Math.floor(T0 / 1000 / bucketSeconds(DAY_SECONDS)))
  t.same(fields, [bucket, '1', `${bucket}t`, '1'], 'bucket index → texts, and the templated count beside it')
})

t.test('Redis: old buckets are pruned and a key expires one window after its last count', { skip: redisSkipReason() }, async (t) => {
  const { store, admin } = await redisStore(t, 'expiry:')
  const clock = { now: T0 }
  const memory = memoryOver(store, clock)
  const key = async () => {
    const keys = await memory.keys(A)
    return `expiry:a:${keys.tag.toString(16).padStart(8, '0')}:${keys.author('x')}`
  }
  for (let h = 0; h < 30; h++) {
    clock.now = T0 + h * HOUR_MS
    await memory.authorStats('x', A, h % 2 === 0)
  }
  const fields = await admin.hkeys(await key())
  const texts = fields.filter((f) => !f.endsWith('t')).map(Number)
  t.equal(texts.length, AUTHOR_BUCKETS, 'thirty hours of counts: the last 24 buckets are kept, the older pruned')
  t.equal(Math.min(...texts), Math.floor(clock.now / HOUR_MS) - AUTHOR_BUCKETS + 1)
  const ttl = await admin.ttl(await key())
  t.ok(ttl > AUTHOR_BUCKETS * 3600 - 60 && ttl <= AUTHOR_BUCKETS * 3600, `expires a window after the last count (${ttl} s)`)
  clock.now += DAY_SECONDS * 1000
  t.same(await memory.authorStats('x', A), counts(0, 0))
  t.equal(await admin.exists(await key()), 0, 'a read that finds nothing in the window leaves an empty hash, which Redis deletes')
})

t.test('in-process: past maxAuthors the least recently counted author goes; expired authors go at the next count', async (t) => {
  const store = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 100, maxAuthors: 3 })
  const clock = { now: T0 }
  const memory = memoryOver(store, clock)
  for (const author of ['a', 'b', 'c']) await memory.authorStats(author, A, true)
  await memory.authorStats('a', A, false) // a is now the most recently counted
  await memory.authorStats('d', A, true) // past 3: b goes
  t.equal(store.authorStats.size, 3)
  t.same(await memory.authorStats('b', A), counts(0, 0), 'b, the least recently counted, was evicted')
  t.same(await memory.authorStats('a', A), counts(2, 1), 'a, counted again, was kept')
  t.same(await memory.authorStats('c', A), counts(1, 1))
  clock.now += DAY_SECONDS * 1000 + HOUR_MS
  await memory.authorStats('e', A, false)
  t.equal(store.authorStats.size, 1, 'the three whose window ended went at this count')
  clock.now += HOUR_MS
  await memory.authorStats('f', A, false)
  clock.now += DAY_SECONDS * 1000
  t.same(await memory.authorStats('f', A), counts(0, 0))
  t.equal(store.authorStats.size, 1, 'a read that finds nothing in the window drops the author (e is left for the next count)')
  t.throws(() => new MemoryAuthorStats(0), /maxAuthors must be a positive integer, got 0/)
  t.throws(() => new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 100, maxAuthors: 1.5 }), /maxAuthors must be a positive integer/)
})

t.test('in-process: should two tenants ever hash an author alike, neither reads the other\'s counts', async (t) => {
  const stats = new MemoryAuthorStats(10)
  const same = '0123456789abcdef'
  t.same(stats.count(1, same, true, T0, DAY_SECONDS), { texts: 1, templated: 1 })
  t.same(stats.read(2, same, T0, DAY_SECONDS), { texts: 0, templated: 0 }, "tenant 2 does not see tenant 1's counts")
  t.same(stats.count(2, same, false, T0, DAY_SECONDS), { texts: 1, templated: 0 }, "counted afresh, not on top of tenant 1's")
  t.same(stats.read(1, same, T0, DAY_SECONDS), { texts: 0, templated: 0 }, "the later tenant's replace the earlier's")
  t.equal(stats.forget(1), 0)
  t.equal(stats.forget(2), 1)
})

t.test('the memory refuses what it cannot do, and says so', async (t) => {
  const store = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 100 })
  t.throws(() => new TemplateMemory(store, { authorStats: { windowSeconds: 0 } }), /windowSeconds must be a positive integer, got 0/)
  t.throws(() => new TemplateMemory(withoutAuthorStats(store), { authorStats: { windowSeconds: 60 } }), /author stats are on but the memory store keeps none/)
  const plain = new TemplateMemory(withoutAuthorStats(store), { salt: SALT })
  await plain.remember(TEMPLATE, 'x', undefined, A)
  t.equal(await plain.forget(A), 1, 'a store without author stats forgets its templates as before')
  const off = new TemplateMemory(store, { salt: SALT })
  t.equal(off.authorWindowSeconds, undefined, 'off unless asked for')
})

t.test('a store that fails: AuthorStatsError (503) with a message, counted and logged like the other operations', async (t) => {
  const store = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 100 })
  let down = true
  const countAuthor = store.countAuthor.bind(store)
  store.countAuthor = async (...args) => {
    if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
    return countAuthor(...args)
  }
  const errors: string[] = []
  const logs: string[] = []
  const memory = new TemplateMemory(store, {
    salt: SALT,
    authorStats: { windowSeconds: DAY_SECONDS },
    onError: (operation) => errors.push(operation),
    logger: { warn: (_o, m) => logs.push(`warn ${m}`), info: (_o, m) => logs.push(`info ${m}`) },
  })
  const err = await memory.authorStats('x', A, true).catch((e: unknown) => e)
  t.ok(err instanceof AuthorStatsError)
  t.match(err, { statusCode: 503, message: 'the template memory could not be reached: author stats are unavailable for now; try again' })
  t.same(errors, ['author'])
  t.match(logs, [/^warn template memory unavailable/])
  down = false
  t.equal((await memory.authorStats('x', A, true)).texts, 1)
  t.match(logs, [/^warn template memory unavailable/, /^info template memory available again/])
})

t.test('behind the circuit breaker: counts and reads go through it, forgetting past it', async (t) => {
  const inner = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 100 })
  const breaker = new CircuitBreakerStore(inner, { timeoutMs: 1000, failuresToOpen: 1, retryAfterMs: 60_000 })
  t.teardown(() => breaker.close())
  const clock = { now: T0 }
  const memory = memoryOver(breaker, clock)
  t.same(await memory.authorStats('x', A, true), counts(1, 1))
  t.same(await memory.authorStats('x', A), counts(1, 1))
  t.equal(await memory.forget(A), 0)
  t.same(await memory.authorStats('x', A), counts(0, 0), 'forgotten through the breaker')
  t.notOk('author' in breaker.shortCircuited, 'no author operation refused yet: no such label')
  inner.authorCounts = async () => {
    throw new Error('boom')
  }
  await t.rejects(memory.authorStats('x', A), { message: /author stats are unavailable/ })
  await t.rejects(memory.authorStats('x', A), { message: /author stats are unavailable/ }, 'the breaker is open now')
  t.equal(breaker.shortCircuited.author, 1, 'refused author operations are counted under their own label')
  t.equal(breaker.shortCircuited.lookup, 0)

  // A store without author stats behind a breaker: asked anyway, it says so; forgetting has nothing to do.
  const bare = new CircuitBreakerStore(withoutAuthorStats(new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 100 })), { timeoutMs: 1000 })
  t.teardown(() => bare.close())
  await t.rejects(bare.countAuthor(1, 'ab', true, T0, 60), /the memory store behind the breaker keeps no author stats \(no countAuthor\)/)
  await t.rejects(bare.authorCounts(1, 'ab', T0, 60), /no authorCounts/)
  t.equal(await bare.forgetAuthors(1), 0)
})

t.test('repeated: a recall matches a repeated template when repeated-template would fire', async (t) => {
  const memory = new TemplateMemory(new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 100 }))
  const recall = (authors: number, submissions: number, minAuthors = 3) => ({ memory: { authors, submissions, since: null, minAuthors } })
  t.equal(memory.repeated({}), false, 'nothing recalled (no words, or the store failed)')
  t.equal(memory.repeated(recall(3, 2)), true, 'three sources, this one included')
  t.equal(memory.repeated(recall(2, 1)), false, 'fewer sources than TEMPLATE_MIN_AUTHORS')
  t.equal(memory.repeated(recall(1, 9)), false, 'one source again and again')
  t.equal(memory.repeated(recall(1, 0, 1)), false, 'the first submission, whatever the threshold')
})
