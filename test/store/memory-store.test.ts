import t from 'tap'
import { readFileSync } from 'node:fs'
import { BANDS, NEAR_DUPLICATE_SIMILARITY, SIGNATURE_SIZE, bandKey, fingerprint, similarity, type Signature } from '../../src/engine/fingerprint.js'
import { MAX_MEMORY_ENTRIES, MemoryTemplateStore } from '../../src/store/memory-store.js'

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

t.test('bad bounds are refused at construction', async (t) => {
  t.throws(() => new MemoryTemplateStore({ windowSeconds: 0, maxEntries: 10 }), /windowSeconds must be a positive integer, got 0/)
  t.throws(() => new MemoryTemplateStore({ windowSeconds: 10, maxEntries: 1.5 }), /maxEntries must be a positive integer/)
  t.throws(() => new MemoryTemplateStore({ windowSeconds: 10, maxEntries: 10, maxScan: -1 }), /maxScan/)
  t.throws(() => new MemoryTemplateStore({ windowSeconds: 10, maxEntries: MAX_MEMORY_ENTRIES + 1 }), /at most \d+ in memory/)
})

t.test('the arrays are reserved at maxEntries once: filling the store never copies them, and every entry stays findable', async (t) => {
  const store = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 5000 })
  const reserved = store.bytes
  t.ok(reserved >= 5000 * 117, `${reserved} bytes reserved for 5,000 entries`)
  const r = rng(7)
  const word = () => Math.floor(r() * 1e9).toString(36)
  const texts = Array.from({ length: 5000 }, () => Array.from({ length: 8 }, word).join(' '))
  texts.forEach((text, i) => store.recordNow(fingerprint(text)!, i + 1, T0 + i))
  t.equal(store.bytes, reserved, 'no array was replaced')
  t.equal(await store.size(), 5000)
  for (const i of [0, 1, 2500, 4998, 4999]) {
    const seen = store.lookupNow(fingerprint(texts[i])!, T0 + 5000)
    t.ok(seen.authors.includes(i + 1), `entry ${i} is found once the store is full`)
  }
})

t.test('a full store uses about 113 bytes per entry plus the indexes', async (t) => {
  const store = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 100_000 })
  const r = rng(1)
  const s = new Uint16Array(SIGNATURE_SIZE)
  for (let i = 0; i < 100_000; i++) {
    for (let k = 0; k < SIGNATURE_SIZE; k++) s[k] = (r() * 65536) | 0
    store.recordNow(s, i + 1, T0)
  }
  const perEntry = store.bytes / 100_000
  t.ok(perEntry < 150, `${perEntry.toFixed(1)} bytes per entry`)
})

t.test('a template stored 10,000 times: one place in the index, its newest maxScan copies counted', async (t) => {
  const store = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 20_000, maxScan: 128 })
  const r = rng(7)
  const template = Uint16Array.from({ length: SIGNATURE_SIZE }, () => (r() * 65536) | 0)
  const other = Uint16Array.from({ length: SIGNATURE_SIZE }, () => (r() * 65536) | 0)
  const near = Uint16Array.from(template)
  near[0] ^= 1 // a near-duplicate: 23 of 24 values equal
  // Copies of one template from 50 authors over 10,000 s, the near-duplicate and another text in between.
  for (let i = 0; i < 10_000; i++) {
    store.recordNow(template, 1 + (i % 50), T0 + i * 1000)
    if (i % 1000 === 0) store.recordNow(near, 999, T0 + i * 1000)
    if (i % 7 === 0) store.recordNow(other, 998, T0 + i * 1000)
  }
  const now = T0 + 10_000 * 1000
  const seen = store.lookupNow(template, now)
  t.equal(seen.submissions, 128, 'the newest maxScan matches count')
  t.equal(seen.authors.length, 50)
  t.equal(seen.sinceMs, (T0 + 9_872 * 1000 - ((T0 + 9_872 * 1000) % 1000)), 'the oldest of the newest 128: 128 seconds back')
  t.equal(store.lookupNow(other, now).submissions, 128)
  // Another tenant's copy is a group of its own, and the first tenant's count is unchanged.
  store.recordNow(template, 1, now, 5)
  t.equal(store.lookupNow(template, now, 5).submissions, 1)
  t.equal(store.lookupNow(template, now).submissions, 128)
  // Outside the window of most copies: only those within it count.
  const later = T0 + (10_000 + 3600 - 100) * 1000
  const recent = store.lookupNow(template, later)
  t.equal(recent.submissions, 99, 'the copies newer than the window start: the last 99 s')
  // Forgetting the tenant takes every copy; a new copy starts again from one.
  t.equal(store.forgetNow(0), 10_000 + 10 + Math.ceil(10_000 / 7))
  t.equal(store.lookupNow(template, now).submissions, 0)
  store.recordNow(template, 1, now)
  t.equal(store.lookupNow(template, now).submissions, 1)
})

/**
 * The reference the ring buffer must agree with: a plain list of the newest maxEntries entries.
 * Within the window, each band's newest maxScan distinct signatures (of a tenant) with the query's band
 * key are candidates, each with all its copies; the candidates with an estimated similarity at the
 * threshold are matches; the newest maxScan count.
 */
/** A forgotten entry keeps its place in the ring until overwritten (as an id keeps its place in Redis), and is never seen. */
type Entry = { sig: Signature; author: number; time: number; tenant: number; forgotten?: boolean }

function bruteForce(entries: Entry[], query: Signature, nowMs: number, windowSeconds: number, maxScan: number, tenant: number) {
  const cutoff = Math.floor(nowMs / 1000) - windowSeconds
  // Another tenant's entries are candidates too (they take a band's maxScan places) but never match.
  const live = entries.map((e, i) => ({ ...e, i })).filter((e) => !e.forgotten && Math.floor(e.time / 1000) > cutoff).reverse()
  const copiesOf = (e: Entry) => `${e.tenant}:${e.sig.join(',')}`
  const candidates = new Set<string>()
  for (let b = 0; b < BANDS; b++) {
    const distinct = [...new Set(live.filter((e) => bandKey(e.sig, b) === bandKey(query, b)).map(copiesOf))]
    for (const key of distinct.slice(0, maxScan)) candidates.add(key)
  }
  const matches = live.filter((e) => candidates.has(copiesOf(e)) && e.tenant === tenant && similarity(e.sig, query) >= NEAR_DUPLICATE_SIMILARITY).slice(0, maxScan)
  return {
    submissions: matches.length,
    authors: [...new Set(matches.filter((m) => m.author !== 0).map((m) => m.author))].sort((a, b) => a - b),
    anonymous: matches.filter((m) => m.author === 0).length,
  }
}

t.test('the ring buffer and its chains agree with a plain list through filling, wrap-around, expiry and forgetting', async (t) => {
  const r = rng(42)
  // Few distinct base signatures, and mutations of them, so chains are long and buckets shared.
  const bases = Array.from({ length: 12 }, () => Uint16Array.from({ length: SIGNATURE_SIZE }, () => (r() * 65536) | 0))
  const mutate = (base: Signature) => {
    const s = Uint16Array.from(base)
    const changes = Math.floor(r() * 16)
    for (let c = 0; c < changes; c++) s[Math.floor(r() * SIGNATURE_SIZE)] = (r() * 4) | 0
    return s
  }
  for (const [maxEntries, windowSeconds, maxScan] of [[7, 50, 1000], [1500, 400, 1000], [300, 100_000, 5]] as const) {
    const store = new MemoryTemplateStore({ windowSeconds, maxEntries, maxScan })
    const entries: Entry[] = []
    let now = T0
    let disagreements = 0
    let forgotten = 0
    for (let step = 0; step < 4000; step++) {
      now += Math.floor(r() * 1500)
      const sig = mutate(bases[Math.floor(r() * bases.length)])
      const tenant = Math.floor(r() * 3)
      const dice = r()
      if (dice < 0.005) {
        const removed = store.forgetNow(tenant)
        const gone = entries.filter((e) => !e.forgotten && e.tenant === tenant)
        for (const e of gone) e.forgotten = true
        if (removed !== gone.length) disagreements++
        forgotten += removed
      } else if (dice < 0.7) {
        const author = r() < 0.2 ? 0 : 1 + Math.floor(r() * 20)
        store.recordNow(sig, author, now, tenant)
        entries.push({ sig, author, time: now, tenant })
        if (entries.length > maxEntries) entries.shift()
      } else {
        const got = store.lookupNow(sig, now, tenant)
        const want = bruteForce(entries, sig, now, windowSeconds, maxScan, tenant)
        const same = got.submissions === want.submissions && got.anonymous === want.anonymous && JSON.stringify([...got.authors].sort((a, b) => a - b)) === JSON.stringify(want.authors)
        if (!same) disagreements++
      }
    }
    t.equal(disagreements, 0, `maxEntries ${maxEntries}, window ${windowSeconds} s, maxScan ${maxScan}: no disagreement (${forgotten} entries forgotten on the way)`)
    t.equal(await store.size(), entries.filter((e) => !e.forgotten).length)
  }
})

t.test('on real short texts, whose common words crowd the buckets, lookups agree with a plain list', async (t) => {
  // Every short text of the comment-like dev files, in file order: what the store meets in service,
  // with the same words (and the same few-word replies) in many texts.
  const dir = new URL('../../../shared/data/dev/', import.meta.url)
  const texts: string[] = []
  for (const file of ['youtube-comments.jsonl', 'tweets.jsonl', 'headlines.jsonl', 'reddit-aita.jsonl', 'grid-reddit.jsonl']) {
    for (const line of readFileSync(new URL(file, dir), 'utf8').split('\n')) {
      if (line.trim() === '') continue
      const text = (JSON.parse(line) as { text: string }).text
      if (text.length <= 300) texts.push(text)
    }
  }
  const signatures = texts.map((text) => fingerprint(text)).filter((s): s is Signature => s !== null)
  t.ok(signatures.length > 5000, `${signatures.length} texts`)
  for (const maxScan of [128, 8]) {
    const maxEntries = 4000
    const store = new MemoryTemplateStore({ windowSeconds: 86_400, maxEntries, maxScan })
    const entries: Entry[] = []
    let disagreements = 0
    let compared = 0
    let found = 0
    signatures.forEach((sig, i) => {
      const time = T0 + i * 1000
      if (i % 40 === 0) {
        const got = store.lookupNow(sig, time)
        const want = bruteForce(entries, sig, time, 86_400, maxScan, 0)
        compared++
        if (want.submissions > 0) found++
        if (got.submissions !== want.submissions || JSON.stringify([...got.authors].sort((a, b) => a - b)) !== JSON.stringify(want.authors)) disagreements++
      }
      store.recordNow(sig, 1 + (i % 300), time)
      entries.push({ sig, author: 1 + (i % 300), time, tenant: 0 })
      if (entries.length > maxEntries) entries.shift()
    })
    t.ok(found > 0, `maxScan ${maxScan}: ${found} of ${compared} lookups find near-duplicates`)
    t.equal(disagreements, 0, `maxScan ${maxScan}: ${compared} lookups, no disagreement`)
  }
})
