// One suite, both stores: the in-process store and a real redis-server must answer alike.
import t from 'tap'
import { fingerprint, type Signature } from '../../src/engine/fingerprint.js'
import { MemoryTemplateStore } from '../../src/store/memory-store.js'
import { RedisTemplateStore } from '../../src/store/redis-store.js'
import type { TemplateStore, TemplateStoreOptions } from '../../src/store/template-store.js'
import { RedisServer, redisSkipReason } from './redis-server.js'

const sig = (text: string): Signature => fingerprint(text)!
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const HOUR = 3600 * 1000

const TEMPLATE = sig('Great post! Very timely.')
const VARIANTS = ['great post — very timely 👏', 'GREAT POST, VERY TIMELY!!!', 'Great post... very timely 🙌🙌', 'Great post Bruce! Very timely.'].map(sig)
const SPECIFIC = sig('We moved the support rota to four days in March and first-reply time dropped from 9 to 6 hours.')

type Make = (options: TemplateStoreOptions) => Promise<TemplateStore>

function suite(name: string, make: Make, skip: string | false = false) {
  t.test(`${name} store`, { skip }, async (t) => {
    t.test('nothing is seen before the first record', async (t) => {
      const store = await make({ windowSeconds: 3600, maxEntries: 100 })
      t.same(await store.lookup(TEMPLATE, T0), { submissions: 0, authors: [], anonymous: 0, sinceMs: null })
      t.same(store.health(), { store: store.kind, status: 'ok' })
      t.equal(await store.size(), 0)
    })

    t.test('near-duplicates are counted with their distinct authors and the oldest time', async (t) => {
      const store = await make({ windowSeconds: 3600, maxEntries: 100 })
      await store.record(TEMPLATE, 11, T0)
      await store.record(VARIANTS[0], 22, T0 + 1000)
      await store.record(VARIANTS[1], 22, T0 + 2000)
      await store.record(VARIANTS[2], 0, T0 + 3000)
      await store.record(SPECIFIC, 33, T0 + 4000)
      t.equal(await store.size(), 5)
      const seen = await store.lookup(VARIANTS[3], T0 + 5000)
      t.equal(seen.submissions, 4, 'the template and its variants, not the specific comment')
      t.same([...seen.authors].sort(), [11, 22])
      t.equal(seen.anonymous, 1)
      t.equal(seen.sinceMs, T0)
      const specific = await store.lookup(SPECIFIC, T0 + 5000)
      t.same(specific, { submissions: 1, authors: [33], anonymous: 0, sinceMs: T0 + 4000 })
      t.same(await store.lookup(sig('Completely unrelated words about sourdough starters'), T0), { submissions: 0, authors: [], anonymous: 0, sinceMs: null })
    })

    t.test('entries older than the window do not count', async (t) => {
      const store = await make({ windowSeconds: 3600, maxEntries: 100 })
      await store.record(TEMPLATE, 1, T0)
      await store.record(TEMPLATE, 2, T0 + 2 * HOUR)
      const seen = await store.lookup(TEMPLATE, T0 + 2 * HOUR + 1000)
      t.same(seen, { submissions: 1, authors: [2], anonymous: 0, sinceMs: T0 + 2 * HOUR })
      t.same((await store.lookup(TEMPLATE, T0 + 4 * HOUR)).submissions, 0, 'all gone a window later')
      t.same((await store.lookup(TEMPLATE, T0 + 1000)).submissions, 2, 'both within the window seen from just after the first')
    })

    t.test('past maxEntries the oldest entries are dropped first', async (t) => {
      const store = await make({ windowSeconds: 3600, maxEntries: 3 })
      await store.record(TEMPLATE, 1, T0)
      await store.record(SPECIFIC, 2, T0 + 1)
      await store.record(TEMPLATE, 3, T0 + 2)
      t.same((await store.lookup(TEMPLATE, T0 + 10)).authors.sort(), [1, 3])
      await store.record(SPECIFIC, 4, T0 + 3) // drops author 1's entry
      t.same((await store.lookup(TEMPLATE, T0 + 10)).authors, [3])
      await store.record(SPECIFIC, 5, T0 + 4) // drops author 2's
      t.same((await store.lookup(SPECIFIC, T0 + 10)).authors.sort(), [4, 5])
      await store.record(SPECIFIC, 6, T0 + 5) // drops author 3's
      t.same((await store.lookup(TEMPLATE, T0 + 10)).submissions, 0)
      t.equal(await store.size(), 3)
    })

    t.test('a lookup reads at most maxScan matching entries, the newest', async (t) => {
      const store = await make({ windowSeconds: 3600, maxEntries: 100, maxScan: 4 })
      for (let i = 1; i <= 10; i++) await store.record(TEMPLATE, i, T0 + i * 1000)
      const seen = await store.lookup(TEMPLATE, T0 + 20_000)
      t.equal(seen.submissions, 4)
      t.same([...seen.authors].sort((a, b) => a - b), [7, 8, 9, 10])
      t.equal(seen.sinceMs, T0 + 7000)
    })

    t.test('each band gives its newest maxScan candidates, and the newest maxScan matches of all bands count', async (t) => {
      const store = await make({ windowSeconds: 3600, maxEntries: 100, maxScan: 1 })
      const a = Uint16Array.from(TEMPLATE)
      a[0] ^= 1 // differs from the template in band 0 only
      const b = Uint16Array.from(TEMPLATE)
      b[2] ^= 1 // in band 1 only
      await store.record(a, 1, T0)
      await store.record(b, 2, T0 + 1000)
      // band 0 offers b (a differs there), every other band offers b too, and band 1 offers a: two matches, one counted
      t.same(await store.lookup(TEMPLATE, T0 + 2000), { submissions: 1, authors: [2], anonymous: 0, sinceMs: T0 + 1000 })
    })

    t.test('a tenant tag: lookups see only their own tag, forget deletes one tag and nothing else', async (t) => {
      const store = await make({ windowSeconds: 3600, maxEntries: 100 })
      await store.record(TEMPLATE, 1, T0, 0xaaaa0001)
      await store.record(VARIANTS[0], 2, T0 + 1000, 0xaaaa0001)
      await store.record(TEMPLATE, 3, T0 + 2000, 0xbbbb0002)
      await store.record(SPECIFIC, 4, T0 + 3000, 0xaaaa0001)
      await store.record(TEMPLATE, 5, T0 + 4000)
      t.same([...(await store.lookup(TEMPLATE, T0 + 5000, 0xaaaa0001)).authors].sort(), [1, 2])
      t.same((await store.lookup(TEMPLATE, T0 + 5000, 0xbbbb0002)).authors, [3])
      t.same((await store.lookup(TEMPLATE, T0 + 5000)).authors, [5], 'no tag is tag 0')
      t.equal(await store.forget(0xaaaa0001), 3)
      t.equal(await store.forget(0xaaaa0001), 0, 'nothing left to forget')
      t.equal((await store.lookup(TEMPLATE, T0 + 5000, 0xaaaa0001)).submissions, 0)
      t.equal((await store.lookup(SPECIFIC, T0 + 5000, 0xaaaa0001)).submissions, 0)
      t.same((await store.lookup(TEMPLATE, T0 + 5000, 0xbbbb0002)).authors, [3], 'the other tenant keeps its entry')
      t.same((await store.lookup(TEMPLATE, T0 + 5000)).authors, [5])
      await store.record(TEMPLATE, 6, T0 + 6000, 0xaaaa0001)
      t.same((await store.lookup(TEMPLATE, T0 + 7000, 0xaaaa0001)).authors, [6], 'and records again after forgetting')
      t.same((await store.lookup(TEMPLATE, T0 + 7000, 0xbbbb0002)).authors, [3])
    })

    t.test('sharedSecret keeps the first candidate offered', async (t) => {
      const store = await make({ windowSeconds: 3600, maxEntries: 10 })
      const first = Buffer.alloc(32, 1)
      t.same(await store.sharedSecret(first), first)
      t.same(await store.sharedSecret(Buffer.alloc(32, 2)), first)
    })

    t.test('an author hash keeps all 32 bits', async (t) => {
      const store = await make({ windowSeconds: 3600, maxEntries: 10 })
      await store.record(TEMPLATE, 0xfffffffe, T0)
      t.same((await store.lookup(TEMPLATE, T0)).authors, [0xfffffffe])
    })
  })
}

suite('memory', async (options) => new MemoryTemplateStore(options))

const skip = redisSkipReason()
let server: RedisServer | undefined
let prefixes = 0
suite(
  'redis',
  async (options) => {
    server ??= await RedisServer.start()
    const store = new RedisTemplateStore({ url: server.url, prefix: `suite${++prefixes}:`, ...options })
    t.teardown(() => store.close())
    if (!(await store.ready())) throw new Error(`could not connect to ${server.url}`)
    return store
  },
  skip,
)
t.teardown(() => server?.kill())

t.test('the two stores agree on a long random run with wrap-around and expiry', { skip }, async (t) => {
  server ??= await RedisServer.start()
  const options = { windowSeconds: 300, maxEntries: 40 }
  const memory = new MemoryTemplateStore(options)
  const redis = new RedisTemplateStore({ url: server.url, prefix: 'agree:', ...options })
  t.teardown(() => redis.close())
  if (!(await redis.ready())) throw new Error(`could not connect to ${server.url}`)
  let seed = 9
  const r = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296)
  const words = ['great', 'post', 'very', 'timely', 'thanks', 'for', 'sharing', 'so', 'true', 'love', 'this', 'insightful']
  const text = () => Array.from({ length: 2 + Math.floor(r() * 5) }, () => words[Math.floor(r() * words.length)]).join(' ')
  let now = T0
  let disagreements = 0
  let forgets = 0
  for (let step = 0; step < 800; step++) {
    now += Math.floor(r() * 20_000)
    const s = sig(text())
    const tenant = 1 + Math.floor(r() * 2)
    const dice = r()
    if (dice < 0.02) {
      // The counts may differ: the in-process store still holds expired entries, Redis has let them go.
      await memory.forget(tenant)
      await redis.forget(tenant)
      forgets++
    } else if (dice < 0.6) {
      const author = Math.floor(r() * 6)
      await memory.record(s, author, now, tenant)
      await redis.record(s, author, now, tenant)
    } else {
      const [a, b] = [await memory.lookup(s, now, tenant), await redis.lookup(s, now, tenant)]
      const norm = (x: typeof a) => JSON.stringify({ ...x, authors: [...x.authors].sort() })
      if (norm(a) !== norm(b)) disagreements++
    }
  }
  t.equal(disagreements, 0)
  t.ok(forgets > 5, `with ${forgets} forgets on the way`)
})
