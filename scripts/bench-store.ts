/**
 * `npm run bench:store`: the template memory's numbers, written to bench/template-store.json.
 *
 * 1. Memory of the in-process store holding 1,000,000 fingerprints (target ≤ 150 MB).
 * 2. Lookups per second, half of them hits: the in-process store full with 1,000,000 entries; a
 *    real redis-server (started here on a free port of 127.0.0.1; skipped when redis-server is not
 *    installed) full with 100,000, one lookup at a time and 32 in flight; and Redis's memory.
 * 3. Texts per second over real HTTP on loopback: the service in a child process (src/server.ts,
 *    in-process store), the same texts sent one per request to /v1/score and 100 per request to
 *    /v1/score/batch, by autocannon.
 *
 * Options: --quick (smaller counts and shorter runs, for a smoke test).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { createServer } from 'node:net'
import v8 from 'node:v8'
import vm from 'node:vm'
import autocannon from 'autocannon'
import { Redis } from 'ioredis'
import { fingerprint, normalisedWords, type Signature } from '../src/engine/fingerprint.js'
import { MemoryTemplateStore } from '../src/store/memory-store.js'
import { RedisTemplateStore } from '../src/store/redis-store.js'

const quick = process.argv.includes('--quick')
const ENTRIES = quick ? 100_000 : 1_000_000
const REDIS_ENTRIES = quick ? 10_000 : 100_000
const LOOKUPS = quick ? 20_000 : 200_000
const HTTP_SECONDS = quick ? 3 : 10
const ROOT = new URL('../', import.meta.url)

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void
const log = (line: string) => process.stderr.write(`${line}\n`)
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

/**
 * Deterministic comment-like texts: 5 to 40 words drawn by their frequency in the dev data
 * (../shared/data/dev), so common words collide in the LSH buckets as they do in real comments.
 */
const vocabulary = (() => {
  const counts = new Map<string, number>()
  const dir = new URL('../../shared/data/dev/', import.meta.url)
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(new URL(file, dir), 'utf8').split('\n')) {
      if (line.trim() === '') continue
      for (const w of normalisedWords((JSON.parse(line) as { text: string }).text)) counts.set(w, (counts.get(w) ?? 0) + 1)
    }
  }
  const words = [...counts.keys()].sort()
  const cumulative = new Float64Array(words.length)
  let total = 0
  words.forEach((w, i) => (cumulative[i] = total += counts.get(w)!))
  return { words, cumulative, total }
})()

function* texts(seed: number): Generator<string> {
  let s = seed
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return s / 4294967296
  }
  const pick = () => {
    const x = next() * vocabulary.total
    let lo = 0
    let hi = vocabulary.words.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (vocabulary.cumulative[mid] <= x) lo = mid + 1
      else hi = mid
    }
    return vocabulary.words[lo]
  }
  for (;;) yield Array.from({ length: 5 + Math.floor(next() * 36) }, pick).join(' ')
}

function signatures(count: number, seed: number): Signature[] {
  const out: Signature[] = []
  const it = texts(seed)
  for (let i = 0; i < count; i++) out.push(fingerprint(it.next().value as string)!)
  return out
}

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000)

async function memoryStore() {
  signatures(1000, 5) // warm up: compiled code and caches belong to the baseline, not to the store
  gc()
  const before = process.memoryUsage()
  const store = new MemoryTemplateStore({ windowSeconds: 7 * 24 * 3600, maxEntries: ENTRIES })
  const it = texts(1)
  const now = Date.now()
  const started = performance.now()
  const sample: Signature[] = []
  for (let i = 0; i < ENTRIES; i++) {
    const s = fingerprint(it.next().value as string)!
    if (i % (ENTRIES / 1000) === 0) sample.push(s)
    store.recordNow(s, (i % 50_000) + 1, now)
  }
  const fillMs = performance.now() - started
  gc()
  const after = process.memoryUsage()
  const heldBytes = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers)
  const memory = {
    entries: await store.size(),
    typedArraysMB: mb(store.bytes),
    heapPlusArrayBuffersMB: mb(heldBytes),
    targetMB: 150,
    recordsPerSecondIncludingFingerprinting: perSecond(ENTRIES, fillMs),
  }
  // No RSS here: this process's RSS moves by tens of MB as V8 returns the vocabulary's pages, either way.
  // npm run bench measures the RSS of a process holding the engine and a full store, in a child of its own.
  log(`in-process store, ${ENTRIES} fingerprints: ${memory.heapPlusArrayBuffersMB} MB (typed arrays ${memory.typedArraysMB} MB)`)

  const misses = signatures(sample.length, 99)
  const queries = Array.from({ length: LOOKUPS }, (_, i) => (i % 2 ? sample[i % sample.length] : misses[i % misses.length]))
  let hits = 0
  let t0 = performance.now()
  for (const q of queries) hits += store.lookupNow(q, now).submissions > 0 ? 1 : 0
  const syncPerSecond = perSecond(LOOKUPS, performance.now() - t0)
  t0 = performance.now()
  for (const q of queries) await store.lookup(q, now)
  const asyncPerSecond = perSecond(LOOKUPS, performance.now() - t0)
  log(`in-process lookups/s: ${syncPerSecond} (sync), ${asyncPerSecond} (awaited); ${hits} of ${LOOKUPS} found`)
  return { memory, lookups: { entries: ENTRIES, queries: LOOKUPS, halfHits: true, perSecond: syncPerSecond, perSecondAwaited: asyncPerSecond } }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function startRedis(): Promise<{ url: string; child: ChildProcess } | null> {
  const port = await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] })
  const ok = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false))
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('Ready to accept connections') && resolve(true))
  })
  return ok ? { url: `redis://127.0.0.1:${port}`, child } : null
}

async function inParallel(count: number, concurrency: number, op: (i: number) => Promise<unknown>) {
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await op(next++)
  }))
}

async function redisStore() {
  const redis = await startRedis()
  if (redis === null) {
    log('redis-server not found: the Redis store was NOT measured')
    return { skipped: 'redis-server not installed' }
  }
  try {
    // Full: maxEntries = the entries written, so the bucket sets hold what they hold in production.
    const store = new RedisTemplateStore({ url: redis.url, windowSeconds: 7 * 24 * 3600, maxEntries: REDIS_ENTRIES })
    await store.ready()
    const admin = new Redis(redis.url)
    const memoryBefore = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1])
    const sigs = signatures(REDIS_ENTRIES, 1)
    const now = Date.now()
    let t0 = performance.now()
    await inParallel(REDIS_ENTRIES, 32, (i) => store.record(sigs[i], (i % 50_000) + 1, now))
    const recordsPerSecond = perSecond(REDIS_ENTRIES, performance.now() - t0)
    const memoryAfter = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1])
    const misses = signatures(1000, 99)
    const queries = Array.from({ length: LOOKUPS / 10 }, (_, i) => (i % 2 ? sigs[(i * 97) % sigs.length] : misses[i % misses.length]))
    t0 = performance.now()
    for (const q of queries) await store.lookup(q, now)
    const sequential = perSecond(queries.length, performance.now() - t0)
    t0 = performance.now()
    await inParallel(queries.length, 32, (i) => store.lookup(queries[i], now))
    const concurrent = perSecond(queries.length, performance.now() - t0)
    log(`redis: ${REDIS_ENTRIES} records at ${recordsPerSecond}/s (32 in flight), ${mb(memoryAfter - memoryBefore)} MB in Redis; lookups/s ${sequential} (one at a time), ${concurrent} (32 in flight)`)
    // A spam campaign: one template stored once, then 10,000 times by distinct authors (exact copies share one candidate).
    const template = signatures(1, 7)[0]
    const lookupUs = async () => {
      const rounds = quick ? 200 : 2000
      t0 = performance.now()
      for (let i = 0; i < rounds; i++) await store.lookup(template, now)
      return Math.round(((performance.now() - t0) * 1000) / rounds)
    }
    await store.record(template, 1, now)
    const onceUs = await lookupUs()
    await inParallel(9_999, 32, (i) => store.record(template, i + 2, now))
    const tenThousandUs = await lookupUs()
    log(`redis: a template stored once: ${onceUs} µs per lookup; stored 10,000 times: ${tenThousandUs} µs`)
    await admin.quit()
    await store.close()
    return {
      entries: REDIS_ENTRIES,
      recordsPerSecond32InFlight: recordsPerSecond,
      redisUsedMemoryMB: mb(memoryAfter - memoryBefore),
      bytesPerEntry: Math.round((memoryAfter - memoryBefore) / REDIS_ENTRIES),
      lookupsPerSecondOneAtATime: sequential,
      lookupsPerSecond32InFlight: concurrent,
      lookupUsTemplateStoredOnce: onceUs,
      lookupUsTemplateStored10000Times: tenThousandUs,
    }
  } finally {
    redis.child.kill('SIGKILL')
  }
}

async function http() {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT.pathname,
    // No rate limit and no load shedding: the bench measures the scoring, not the limits.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0', REDIS_URL: '', API_KEYS: '' },
    stdio: 'ignore',
  })
  try {
    const base = `http://127.0.0.1:${port}`
    for (let i = 0; i < 300; i++) {
      if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break
      await new Promise((r) => setTimeout(r, 100))
    }
    const it = texts(7)
    const pool = Array.from({ length: 20_000 }, () => `${it.next().value as string}. Thanks for sharing this!`)
    let cursor = 0
    const run = async (path: string, connections: number, body: () => string) =>
      autocannon({
        url: base,
        connections,
        duration: HTTP_SECONDS,
        requests: [{ method: 'POST', path, headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: body() }) }],
      })
    const warm = await run('/v1/score', 4, () => JSON.stringify({ text: pool[cursor++ % pool.length] }))
    void warm
    const single = await run('/v1/score', 8, () => JSON.stringify({ text: pool[cursor++ % pool.length] }))
    const BATCH = 100
    const batch = await run('/v1/score/batch', 4, () => JSON.stringify({ items: Array.from({ length: BATCH }, () => ({ text: pool[cursor++ % pool.length] })) }))
    const result = {
      oneByOne: { connections: 8, requestsPerSecond: Math.round(single.requests.average), textsPerSecond: Math.round(single.requests.average), p99Ms: single.latency.p99, non2xx: single.non2xx },
      batch: { itemsPerRequest: BATCH, connections: 4, requestsPerSecond: Math.round(batch.requests.average * 10) / 10, textsPerSecond: Math.round(batch.requests.average * BATCH), p99Ms: batch.latency.p99, non2xx: batch.non2xx },
    }
    log(`HTTP texts/s: one by one ${result.oneByOne.textsPerSecond}, in batches of ${BATCH} ${result.batch.textsPerSecond}`)
    return result
  } finally {
    child.kill('SIGKILL')
  }
}

const results = {
  command: `npm run bench:store${quick ? ' -- --quick' : ''}`,
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  inProcess: await memoryStore(),
  redis: await redisStore(),
  http: await http(),
}
const out = new URL(`bench/template-store${quick ? '-quick' : ''}.json`, ROOT)
mkdirSync(new URL('bench/', ROOT), { recursive: true })
writeFileSync(out, JSON.stringify(results, null, 2) + '\n')
log(`wrote ${out.pathname}`)
process.exit(0)
