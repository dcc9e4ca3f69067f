// The template memory through the API: repeated-template fires on the third author, not before;
// per tenant (API keys) and with anonymous submissions as one source; forgotten on DELETE; across two
// service instances sharing one real redis-server, which holds nothing a word list can be matched
// against; and Redis dying mid-run loses no request.
import t from 'tap'
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { buildApp } from '../../src/http/app.js'
import { readConfig } from '../../src/config.js'
import { BANDS, SIGNATURE_SIZE, bandKey, fingerprint, mix32, normalisedWords, type Signature } from '../../src/engine/fingerprint.js'
import { STOP_WORDS } from '../../src/lexicons/stopwords.js'
import { SIGNALS } from '../../src/signals/index.js'
import { MemoryTemplateStore } from '../../src/store/memory-store.js'
import { RedisTemplateStore } from '../../src/store/redis-store.js'
import { TenantKeys, UNAVAILABLE_WARNING } from '../../src/store/template-memory.js'
import { RedisServer, redisSkipReason } from '../store/redis-server.js'
import { CHILD_NODE_ARGS, childEnv } from '../child-env.js'
import { fixtureScorer } from './fixture-model.js'

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const POST = 'Will AI be LinkedIn’s downfall? The 2017 changes were survivable; this one may not be.'
const COMMENT = 'Insightful as always. The point about real relationships really resonated with me.'

interface Signal {
  id: string
  value: number
  contribution: number
  evidence: Array<{ start: number; end: number; text: string; note?: string }>
}

async function score(app: FastifyInstance, payload: object) {
  const res = await app.inject({ method: 'POST', url: '/v1/score', payload })
  return { status: res.statusCode, body: res.json() }
}
/** The repeated-template signal of an answer; the default answer (explain: fired) leaves it out when it found nothing. */
const repeated = (body: { signals: Signal[] }) => body.signals.find((s) => s.id === 'repeated-template') ?? ({ id: 'repeated-template', value: 0, evidence: [] } as unknown as Signal)


/** What Redis holds under a key (a string, a sorted set's members or a list's items), as bytes: keys and values may be binary. */
async function storedValues(admin: Redis, key: Buffer): Promise<Buffer[]> {
  const type = await admin.type(key)
  if (type === 'string') return [(await admin.getBuffer(key))!]
  if (type === 'zset') return admin.zrangeBuffer(key, 0, '-1')
  if (type === 'list') return admin.lrangeBuffer(key, 0, -1)
  throw new Error(`unexpected ${type} at ${printable(key)}`)
}

/** A key for a test message: printable ASCII as is, other bytes as \\xNN (a raw byte would make the TAP log binary). */
const printable = (key: Buffer) => [...key].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('')

t.test('the same comment from three authors: repeated-template fires on the third, not before', async (t) => {
  let now = T0
  // The fixture model: how far one repeat moves the label is a matter of weights, and these stay fixed.
  const app = await buildApp({
    scorer: fixtureScorer(),
    templateStore: new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 1000 }),
    templateMemory: { now: () => now },
  })
  t.teardown(() => app.close())
  const notRemembered = await score(app, { text: COMMENT, kind: 'comment', parent: POST, author: 'zed', remember: false })
  const first = await score(app, { text: COMMENT, kind: 'comment', parent: POST, author: 'ann' })
  now += 60_000
  const again = await score(app, { text: COMMENT, kind: 'comment', parent: POST, author: 'ann' })
  const second = await score(app, { text: COMMENT, kind: 'comment', parent: POST, author: 'ben' })
  now += 60_000
  const third = await score(app, { text: 'insightful as always — the point about REAL relationships really resonated with me 👏', kind: 'comment', parent: POST, author: 'cat' })
  for (const r of [notRemembered, first, again, second]) t.equal(repeated(r.body).value, 0, 'does not fire before the third source')
  const signal = repeated(third.body)
  t.ok(signal.value > 0 && signal.contribution > 0, 'fires on the third author, for a near-duplicate')
  t.equal(signal.evidence.length, 1)
  t.equal(signal.evidence[0].note, "the same text, or a near-duplicate, came from at least 3 distinct sources (this one included) within the template memory's window", 'no exact count, no date')
  t.ok(third.body.score > first.body.score, `the score rises: ${first.body.score} → ${third.body.score}`)
  t.equal(first.body.label, 'authentic')
  t.not(third.body.label, 'authentic', `an otherwise authentic comment from three accounts is ${third.body.label}`)
  now += 3600_000
  t.equal(repeated((await score(app, { text: COMMENT, author: 'dan' })).body).value, 0, 'a window later it is forgotten')
})

t.test('re-scoring an anonymous text five times never flags it; nor does one parent post', async (t) => {
  const text = 'Congrats on the new role, well deserved!'
  const app = await buildApp({ templateMemory: { minAuthors: 2 } })
  t.teardown(() => app.close())
  const anonymous = []
  for (let i = 0; i < 5; i++) anonymous.push(repeated((await score(app, { text })).body).value)
  t.same(anonymous, [0, 0, 0, 0, 0], 'five anonymous copies are one source, even at TEMPLATE_MIN_AUTHORS=2')
  t.equal(await app.scoring.memory.store.size(), 5, 'each was remembered')

  const threads = await buildApp()
  t.teardown(() => threads.close())
  const threaded = []
  for (let i = 0; i < 5; i++) threaded.push(repeated((await score(threads, { text, parent: POST })).body).value)
  t.same(threaded, [0, 0, 0, 0, 0], 'a comment without an author counts as its parent post: one source')
  t.equal(repeated((await score(threads, { text, parent: POST, author: 'ann' })).body).value, 0, 'the post and ann: two sources')
  t.ok(repeated((await score(threads, { text, parent: POST, author: 'ben' })).body).value > 0, 'distinct authors still add up: the post, ann and ben')
})

const KEYS = ['acme-key-one-0123456789', 'acme-key-two-0123456789', 'solo-key-0123456789abc']
/** API_KEYS as an operator writes it: two keys of the tenant `acme`, one key of its own. */
const API_KEYS = `acme:${KEYS[0]}, acme:${KEYS[1]}, ${KEYS[2]}`

async function tenantApp(options: Parameters<typeof buildApp>[0] = {}) {
  const config = readConfig({ API_KEYS })
  const app = await buildApp({ ...options, apiKeys: config.API_KEYS, templateMemory: { ...options.templateMemory, tenants: config.apiKeyTenants } })
  const as = (key: string | undefined) => ({
    score: async (payload: object) => {
      const res = await app.inject({ method: 'POST', url: '/v1/score', payload, headers: key ? { authorization: `Bearer ${key}` } : {} })
      return { status: res.statusCode, body: res.json() }
    },
    forget: async () => {
      const res = await app.inject({ method: 'DELETE', url: '/v1/templates', headers: key ? { authorization: `Bearer ${key}` } : {} })
      return { status: res.statusCode, body: res.json() }
    },
  })
  return { app, acme: as(KEYS[0]), acme2: as(KEYS[1]), solo: as(KEYS[2]), none: as(undefined) }
}

t.test("one tenant's submissions never change another tenant's score; keys of one name share a memory", async (t) => {
  const { app, acme, acme2, solo } = await tenantApp({ scorer: fixtureScorer() })
  t.teardown(() => app.close())
  const probe = { text: COMMENT, kind: 'comment', parent: POST, author: 'zed', remember: false }
  const before = await solo.score(probe)
  t.equal(before.status, 200)
  const acmeValues = []
  for (const author of ['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jon']) acmeValues.push(repeated((await acme.score({ ...probe, author, remember: true })).body).value)
  t.same(acmeValues.map((v) => v > 0), [false, false, true, true, true, true, true, true, true, true], 'acme poisons its own memory: fires from the third author on')
  const sameName = await acme2.score(probe)
  t.ok(repeated(sameName.body).value > 0, "acme's other key sees acme's memory")
  t.not(sameName.body.label, 'authentic')
  const after = await solo.score(probe)
  t.same(after.body, before.body, 'the other tenant gets exactly the answer it got before: same score, same signals')
  t.equal(repeated(after.body).value, 0)
  t.equal(before.body.label, 'authentic')
})

t.test('DELETE /v1/templates forgets the caller\'s tenant and nothing else', async (t) => {
  const { app, acme, acme2, solo, none } = await tenantApp()
  t.teardown(() => app.close())
  for (const author of ['ann', 'ben']) {
    await acme.score({ text: COMMENT, author })
    await solo.score({ text: COMMENT, author })
  }
  t.ok(repeated((await acme2.score({ text: COMMENT, author: 'cat', remember: false })).body).value > 0, 'acme: three sources with this one')
  const missing = await none.forget()
  t.equal(missing.status, 401, 'a key is needed')
  const forgotten = await acme2.forget()
  t.equal(forgotten.status, 200)
  t.same(forgotten.body, { removed: 2 }, "acme's two entries, deleted through acme's other key")
  t.equal(repeated((await acme.score({ text: COMMENT, author: 'cat', remember: false })).body).value, 0, 'acme starts afresh')
  t.ok(repeated((await solo.score({ text: COMMENT, author: 'cat', remember: false })).body).value > 0, 'the other tenant keeps its memory')
  t.same((await acme.forget()).body, { removed: 0 })
  t.equal(await app.scoring.memory.store.size(), 2)

  const open = await buildApp()
  t.teardown(() => open.close())
  const refused = await open.inject({ method: 'DELETE', url: '/v1/templates' })
  t.equal(refused.statusCode, 403)
  t.match(refused.json(), { statusCode: 403, error: 'Forbidden', message: /forgetting needs API keys/ })
})

t.test('a text without words is never remembered', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  for (const author of ['a', 'b', 'c', 'd']) t.equal(repeated((await score(app, { text: '👏👏👏', author })).body).value, 0)
  t.equal(await app.scoring.memory.store.size(), 0)
})

const skip = redisSkipReason()

t.test('two service instances sharing one redis-server', { skip }, async (t) => {
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const instance = async () => {
    const store = new RedisTemplateStore({ url: server.url, prefix: 'shared:', windowSeconds: 3600, maxEntries: 1000 })
    t.ok(await store.ready(), 'connected')
    const app = await buildApp({ templateStore: store, templateMemory: { salt: 'one-deployment-0123456789' } })
    t.teardown(() => app.close())
    return app
  }
  const [a, b] = [await instance(), await instance()]
  const ready = (await a.inject({ url: '/readyz' })).json()
  t.same(ready.templateMemory, { store: 'redis', status: 'ok' })
  t.equal(ready.status, 'ready')
  const secret = 'zq7-unique-marker-5150'
  const text = `Great insights ${secret}, thanks for sharing with the network.`
  const r1 = await score(a, { text, kind: 'comment', parent: POST, author: 'ann' })
  const r2 = await score(b, { text, kind: 'comment', parent: POST, author: 'ben' })
  const r3 = await score(a, { text, kind: 'comment', parent: POST, author: 'cat' })
  t.equal(repeated(r1.body).value, 0)
  t.equal(repeated(r2.body).value, 0)
  t.ok(repeated(r3.body).value > 0, 'the third author, on the first instance, sees the second instance’s record')

  // Only hashes in Redis: no key or value holds the text, a word of it, or an author.
  const admin = new Redis(server.url)
  t.teardown(() => admin.quit())
  const keys = await admin.keysBuffer('*')
  t.ok(keys.length > 0)
  for (const key of keys) {
    const values = await storedValues(admin, key)
    for (const needle of [secret, 'insights', 'ann', 'ben']) {
      t.notOk(key.includes(needle), `key ${printable(key)} holds no ${needle}`)
      for (const v of values) t.notOk(v.includes(needle), `value of ${printable(key)} holds no ${needle}`)
    }
  }
})

t.test('Redis killed mid-run: no request fails, /readyz says degraded, and the store is used again once Redis is back', { skip }, async (t) => {
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const store = new RedisTemplateStore({ url: server.url, prefix: 'crash:', windowSeconds: 3600, maxEntries: 1000 })
  t.ok(await store.ready())
  const lines: string[] = []
  const app = await buildApp({ templateStore: store, logger: { level: 'info', stream: { write: (l: string) => lines.push(l) } } })
  t.teardown(() => app.close())

  const statuses: number[] = []
  const warned: boolean[] = []
  const send = async (i: number) => {
    const route = i % 3
    const res =
      route === 0
        ? await app.inject({ method: 'POST', url: '/v1/score', payload: { text: `Request ${i} about the roadmap and the hiring plan.`, author: `u${i}` } })
        : route === 1
          ? await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items: [{ text: `Batch ${i}, first item.` }, { text: `Batch ${i}, second item.` }] } })
          : await app.inject({ method: 'POST', url: '/v1/threads', payload: { post: { text: `Thread ${i}` }, comments: [{ text: 'Great post!' }, { text: 'great post' }] } })
    statuses.push(res.statusCode)
    const body = res.json()
    const warnings: string[] = route === 0 ? body.warnings : route === 1 ? body.results[0].warnings : body.comments[0].warnings
    warned.push(warnings.includes(UNAVAILABLE_WARNING))
  }
  // Waves of concurrent requests; Redis dies during the third wave.
  for (let wave = 0; wave < 6; wave++) {
    const batch = Array.from({ length: 10 }, (_, k) => send(wave * 10 + k))
    if (wave === 2) await server.kill()
    await Promise.all(batch)
  }
  t.equal(statuses.length, 60)
  t.ok(statuses.every((s) => s === 200), 'every request answered 200')
  t.notOk(warned.slice(0, 20).some(Boolean), 'no warning while Redis was up')
  t.ok(warned.slice(30).every(Boolean), 'after the kill every answer says the memory was not checked')
  const degraded = (await app.inject({ url: '/readyz' })).json()
  t.equal(degraded.status, 'degraded')
  t.same(degraded.templateMemory, { store: 'redis', status: 'degraded' })
  const warnLines = lines.map((l) => JSON.parse(l)).filter((l) => /template memory unavailable/.test(l.msg))
  t.equal(warnLines.length, 1, 'logged once, not per request')

  await server.restart()
  t.ok(await store.ready(10_000), 'the client reconnects by itself')
  const readyAgain = (await app.inject({ url: '/readyz' })).json()
  t.equal(readyAgain.status, 'ready')
  t.same(readyAgain.templateMemory, { store: 'redis', status: 'ok' }, 'ready again without a restart of the app')
  const after = []
  for (const author of ['x', 'y', 'z']) after.push((await score(app, { text: COMMENT, author })).body)
  t.notOk(after[0].warnings.includes(UNAVAILABLE_WARNING))
  t.equal(repeated(after[1]).value, 0)
  t.ok(repeated(after[2]).value > 0, 'the restarted Redis is used: the third author fires')
  t.ok(lines.some((l) => /template memory available again/.test(l)))
  t.notOk(lines.some((l) => l.includes('roadmap') || l.includes('Great post')), 'no text in the logs')
})

t.test('two real service processes (src/server.ts) sharing one redis-server over HTTP', { skip }, async (t) => {
  const { spawn } = await import('node:child_process')
  const { freePort } = await import('../store/redis-server.js')
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const start = async (env: Record<string, string>) => {
    const port = await freePort()
    const child = spawn(process.execPath, [...CHILD_NODE_ARGS, 'src/server.ts'], {
      cwd: new URL('../../', import.meta.url).pathname,
      env: childEnv({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', REDIS_URL: server.url, ...env }),
      stdio: 'ignore',
    })
    t.teardown(() => {
      child.kill('SIGKILL')
    })
    const base = `http://127.0.0.1:${port}`
    const deadline = Date.now() + 30_000
    for (;;) {
      const ready = await fetch(`${base}/readyz`).then((r) => r.json() as Promise<{ status: string }>, () => undefined)
      if (ready?.status === 'ready') return base
      if (Date.now() > deadline) throw new Error(`the service on ${base} did not become ready`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const post = async (base: string, author: string, text = COMMENT) => {
    const res = await fetch(`${base}/v1/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, author }) })
    t.equal(res.status, 200)
    return repeated((await res.json()) as { signals: Signal[] }).value
  }
  // TEMPLATE_SALT set in both, and (the default) not set: then the secret is generated once and shared through Redis.
  const salted = await Promise.all([start({ TEMPLATE_SALT: 'shared-salt-0123456789' }), start({ TEMPLATE_SALT: 'shared-salt-0123456789' })])
  t.equal(await post(salted[0], 'ann'), 0)
  t.equal(await post(salted[1], 'ben'), 0)
  t.ok((await post(salted[1], 'cat')) > 0, 'the third author fires, across processes')
  const generated = await Promise.all([start({ TEMPLATE_SALT: '' }), start({ TEMPLATE_SALT: '' })])
  const text = 'So proud of this team, what a launch. Onwards and upwards!'
  t.equal(await post(generated[0], 'ann', text), 0)
  t.equal(await post(generated[1], 'ben', text), 0)
  t.ok((await post(generated[0], 'cat', text)) > 0, 'without TEMPLATE_SALT too: both processes use the secret kept in Redis')
  t.equal(await post(generated[0], 'dan'), 0, 'and the salted deployment’s entries do not match theirs')
  const admin = new Redis(server.url)
  t.teardown(() => admin.quit())
  t.equal((await admin.getBuffer('authenticity:tpl:secret'))?.length, 32, 'one generated secret of 32 bytes')
})

// ---------------------------------------------------------------------------------------------
// The dictionary attack of issue 11, against the bytes Redis holds. The attacker knows the code
// (it is public), so it rebuilds the MinHash of every word and word pair of a public word list and
// looks for those that give the stored values. Rebuilt here from src/engine/fingerprint.ts, and
// checked against fingerprint() so the attack is the real one.

/** FNV-1a over UTF-16 units, as fingerprint.ts hashes a word. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
const SEEDS = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, k) => mix32(0x9e3779b9 + Math.imul(k + 1, 0x632be5ab)))
const wordShingle = (w: string) => mix32(fnv1a(w))
const pairShingle = (a: string, b: string) => mix32((Math.imul(fnv1a(a), 0x27d4eb2f) ^ fnv1a(b)) + 0x165667b1)
const minhash = (shingle: number, k: number) => mix32(shingle ^ SEEDS[k]) & 0xffff

/** The attacker's word list: the service's own stop words and signal examples, common words and first names. */
function publicWordList(): string[] {
  const words = new Set([...STOP_WORDS].map((w) => w.replaceAll("'", '')))
  for (const s of SIGNALS) for (const e of [...s.examples.flagged, ...s.examples.clean]) for (const w of normalisedWords(typeof e === 'string' ? e : e.text)) words.add(w)
  const common = 'congrats congratulations deserved well done great post thanks sharing amazing proud team love this new role job insightful'
  const names = 'anna maria john james mary michael sarah david laura peter paul emma olivia liam noah sophia lucas mia ben chris alex kate tom'
  for (const w of `${common} ${names}`.split(' ')) words.add(w)
  return [...words]
}

/**
 * The shingles (words and ordered word pairs of the list) whose MinHash equals the observed value
 * at 3 or more of the 24 positions. A shingle of the text is the minimum at 24 / 6 = 4 positions on
 * average; 3 coincidences by chance are about 1 in 140 billion per shingle, so with 2 million
 * candidates a hit is a recovery. (At 2, chance gives about one false pair in 7 entries.)
 */
function dictionaryAttack(values: ArrayLike<number>, words: string[]): string[] {
  const found: string[] = []
  const test = (shingle: number, name: string) => {
    let hits = 0
    for (let k = 0; k < SIGNATURE_SIZE; k++) if (minhash(shingle, k) === values[k]) hits++
    if (hits >= 3) found.push(name)
  }
  for (const a of words) {
    test(wordShingle(a), a)
    for (const b of words) test(pairShingle(a, b), `${a} ${b}`)
  }
  return found
}

/** Of the 24 values, how many a shingle of `text` explains (its MinHash at that position equals the value). */
function explained(values: ArrayLike<number>, text: string): number {
  const words = normalisedWords(text)
  const shingles = [...words.map(wordShingle), ...words.slice(1).map((w, i) => pairShingle(words[i], w))]
  let n = 0
  for (let k = 0; k < SIGNATURE_SIZE; k++) if (shingles.some((s) => minhash(s, k) === values[k])) n++
  return n
}

/** The 24 values of an entry, read at `offset` (8 in the former 56-byte layout, 12 now). */
const valuesAt = (entry: Buffer, offset: number) => Array.from({ length: SIGNATURE_SIZE }, (_, k) => entry.readUInt16BE(offset + 2 * k))

/** The former author hash: SHA-256 of the salt (empty by default) and the author, first 32 bits. */
const formerAuthorHash = (author: string, salt = '') => createHash('sha256').update(salt).update('\u0000').update(`author\u0000${author}`).digest().readUInt32BE(0)

const SHORT_TEXT = 'Congrats Maria, well deserved!'

t.test('the attack is faithful: its MinHash is fingerprint()’s, and on a plain fingerprint it recovers the text', async (t) => {
  const words = normalisedWords(SHORT_TEXT)
  t.same(words, ['congrats', 'maria', 'well', 'deserved'])
  const shingles = [...words.filter((w) => !STOP_WORDS.has(w)).map(wordShingle), ...words.slice(1).map((w, i) => pairShingle(words[i], w))]
  const rebuilt = Array.from({ length: SIGNATURE_SIZE }, (_, k) => Math.min(...shingles.map((s) => mix32(s ^ SEEDS[k]))) & 0xffff)
  t.same(rebuilt, [...fingerprint(SHORT_TEXT)!], 'the attacker computes exactly what the service computes')

  // Before: what the former store wrote to Redis, a 56-byte entry with the plain values at offset 8.
  const former = Buffer.alloc(56)
  former.writeUInt32BE(T0 / 1000, 0)
  former.writeUInt32BE(formerAuthorHash('maria.k'), 4)
  fingerprint(SHORT_TEXT)!.forEach((v, k) => former.writeUInt16BE(v, 8 + 2 * k))
  const recovered = dictionaryAttack(valuesAt(former, 8), publicWordList())
  t.comment(`before: recovered from a former 56-byte entry: ${recovered.join(', ')}; values explained by the text's shingles: ${explained(valuesAt(former, 8), SHORT_TEXT)} of 24`)
  t.equal(explained(valuesAt(former, 8), SHORT_TEXT), 24)
  t.ok(recovered.includes('congrats maria') && recovered.includes('well deserved'), 'the former entries gave the text back as its word pairs')
  t.equal(former.readUInt32BE(4), formerAuthorHash('maria.k'), 'and an author guess was confirmed by hashing it')
})

t.test('Redis holds no plain fingerprint: the dictionary attack on every stored byte recovers nothing', { skip }, async (t) => {
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const admin = new Redis(server.url)
  t.teardown(() => admin.quit())
  const words = publicWordList()
  const plain = fingerprint(SHORT_TEXT)!
  const plainBandKeys = new Set(Array.from({ length: BANDS }, (_, b) => bandKey(plain, b).toString(36)))

  for (const [name, salt] of [['generated secret (no TEMPLATE_SALT)', undefined], ['TEMPLATE_SALT', 'a-deployment-salt-0123456789']] as const) {
    const prefix = salt === undefined ? 'generated:' : 'salted:'
    const store = new RedisTemplateStore({ url: server.url, prefix, windowSeconds: 3600, maxEntries: 1000 })
    t.ok(await store.ready())
    const app = await buildApp({ templateStore: store, templateMemory: { salt } })
    t.teardown(() => app.close())
    for (const author of ['maria.k', 'john', undefined]) await score(app, { text: SHORT_TEXT, author })

    const entries = (await admin.keys(`${prefix}e:*`)).sort()
    t.equal(entries.length, 3, `${name}: three entries`)
    const recovered: string[] = []
    const authorsConfirmed: string[] = []
    let explainedValues = 0
    for (const key of entries) {
      const entry = (await admin.getBuffer(key))!
      t.equal(entry.length, 60)
      // Whatever the layout, the attacker tries both places the values could be.
      for (const offset of [8, 12]) {
        recovered.push(...dictionaryAttack(valuesAt(entry, offset), words))
        explainedValues = Math.max(explainedValues, explained(valuesAt(entry, offset), SHORT_TEXT))
      }
      for (const guess of ['maria.k', 'maria', 'john']) if ([entry.readUInt32BE(4), entry.readUInt32BE(8)].includes(formerAuthorHash(guess, salt ?? ''))) authorsConfirmed.push(guess)
      const values = valuesAt(entry, 12)
      t.ok(values.filter((v, k) => v === plain[k]).length <= 2, `${name}: the stored values are not the plain ones`)
    }
    t.comment(`after, ${name}: recovered ${recovered.length} shingles from ${entries.length} entries; values explained by the text's shingles: at most ${explainedValues} of 24; author guesses confirmed: ${authorsConfirmed.length}`)
    t.same(recovered, [], `${name}: the word-pair attack recovers nothing`)
    t.ok(explainedValues <= 1, `${name}: even knowing the text, its shingles explain no more of the values than chance`)
    t.same(authorsConfirmed, [], `${name}: no author guess can be confirmed`)
    const members = (await Promise.all((await admin.keys(`${prefix}b:*`)).map((k) => admin.zrange(k, 0, '-1')))).flat()
    t.ok(members.length >= BANDS)
    t.notOk(members.some((m) => plainBandKeys.has(m.split(':')[1])), `${name}: no bucket member carries a band key of the plain fingerprint`)
    for (const key of await admin.keysBuffer(`${prefix}*`)) {
      const value = Buffer.concat(await storedValues(admin, key))
      for (const needle of ['maria', 'Maria', 'congrats', 'john']) t.notOk(key.includes(needle) || value.includes(needle), `${printable(key)} holds no "${needle}"`)
    }
  }

  // The limit, stated: the generated secret is in Redis too, and whoever reads it can key the word list.
  const secret = (await admin.getBuffer('generated:secret'))!
  t.equal(secret.length, 32)
  t.equal(await admin.exists('salted:secret'), 0, 'with TEMPLATE_SALT no secret is kept in Redis')
  const keys = TenantKeys.derive(secret, '')
  const entry = (await admin.getBuffer((await admin.keys('generated:e:*'))[0]))!
  const stored = valuesAt(entry, 12)
  const keyedHits = (shingle: number) => stored.filter((v, k) => keys.signature(Uint16Array.from({ length: SIGNATURE_SIZE }, (_, j) => minhash(shingle, j)) as Signature)[k] === v).length
  t.ok(keyedHits(pairShingle('congrats', 'maria')) >= 3, 'with the secret read from Redis, a guessed pair can be confirmed: set TEMPLATE_SALT')
})
