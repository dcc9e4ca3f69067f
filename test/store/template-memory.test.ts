import t from 'tap'
import { fingerprint, similarity, type Signature } from '../../src/engine/fingerprint.js'
import { MemoryTemplateStore } from '../../src/store/memory-store.js'
import { ForgetError, SECRET_REFRESH_MS, TemplateMemory, TenantKeys, UNAVAILABLE_WARNING } from '../../src/store/template-memory.js'
import type { Sightings, StoreHealth, TemplateStore } from '../../src/store/template-store.js'

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const TEMPLATE = fingerprint('Great post! Very timely.')!
const VARIANT = fingerprint('great post Bruce — very timely 👏')!
const SALT = 'deployment-a-0123456789'
const store = () => new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 1000 })

/** A store whose every operation fails while `down` is true, and that counts the secrets asked of it. */
class FlakyStore implements TemplateStore {
  readonly kind = 'redis' as const
  down = true
  secretReads = 0
  readonly inner = store()
  private check() {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
  }
  async lookup(s: Signature, now: number, tenant?: number): Promise<Sightings> {
    this.check()
    return this.inner.lookup(s, now, tenant)
  }
  async record(s: Signature, a: number, now: number, tenant?: number): Promise<void> {
    this.check()
    return this.inner.record(s, a, now, tenant)
  }
  async forget(tenant: number): Promise<number> {
    this.check()
    return this.inner.forget(tenant)
  }
  async sharedSecret(candidate: Buffer): Promise<Buffer> {
    this.check()
    this.secretReads++
    return this.inner.sharedSecret(candidate)
  }
  async size() {
    return this.inner.size()
  }
  health(): StoreHealth {
    return { store: 'redis', status: this.down ? 'degraded' : 'ok' }
  }
  async close() {}
}

t.test('namespaces: one without keys, one per key, one per key name', async (t) => {
  const memory = new TemplateMemory(store(), { tenants: { aaaaaaaaaaaa: 'acme', bbbbbbbbbbbb: 'acme' } })
  t.equal(memory.namespace(undefined), '')
  t.equal(memory.namespace(null), '')
  t.equal(memory.namespace('cccccccccccc'), 'key:cccccccccccc', 'a key without a name is a tenant of its own')
  t.equal(memory.namespace('aaaaaaaaaaaa'), 'name:acme')
  t.equal(memory.namespace('bbbbbbbbbbbb'), 'name:acme', 'two keys of one name share it')
  t.equal(memory.namespace('toString'), 'key:toString', 'only own entries of the map name a tenant')
})

t.test('sources are keyed HMACs: per secret, per tenant; anonymous submissions are one source', async (t) => {
  const a = TenantKeys.derive(Buffer.from(SALT), '')
  const again = TenantKeys.derive(Buffer.from(SALT), '')
  const otherSalt = TenantKeys.derive(Buffer.from('deployment-b-0123456789'), '')
  const otherTenant = TenantKeys.derive(Buffer.from(SALT), 'key:cccccccccccc')
  const alice = a.source('alice')
  t.ok(alice > 0 && alice <= 0xffffffff && Number.isInteger(alice))
  t.equal(again.source('alice'), alice, 'deterministic')
  t.equal(a.source('alice', 'some post'), alice, 'the author wins over the parent')
  t.not(a.source('bob'), alice)
  t.not(a.source(undefined, 'alice'), alice, 'an author and a parent with the same text are different sources')
  t.not(otherSalt.source('alice'), alice, 'another secret, another hash')
  t.not(otherTenant.source('alice'), alice, 'another tenant, another hash')
  t.equal(a.source(undefined), a.anonymous, 'no author, no parent: the anonymous source')
  t.equal(a.source(''), a.anonymous)
  t.equal(a.source(undefined, '   '), a.anonymous, 'a blank parent is no parent')
  t.not(a.anonymous, otherTenant.anonymous)
  t.not(a.tag, otherTenant.tag, 'each tenant tags its entries')
  t.ok(a.tag > 0 && a.anonymous > 0)
})

t.test('keyed signatures: equal values stay equal, and nothing else of the plain one shows', async (t) => {
  const a = TenantKeys.derive(Buffer.from(SALT), '')
  const b = TenantKeys.derive(Buffer.from(SALT), 'key:cccccccccccc')
  const keyed = a.signature(TEMPLATE)
  t.equal(a.signature(TEMPLATE), keyed, 'the same signature object is keyed once')
  t.same(a.signature(Uint16Array.from(TEMPLATE)), keyed, 'deterministic')
  t.equal(similarity(a.signature(VARIANT), keyed), similarity(VARIANT, TEMPLATE), 'near-duplicates stay near-duplicates, as near')
  const samePlace = TEMPLATE.filter((v, k) => keyed[k] === v).length
  t.ok(samePlace <= 1, `keyed values differ from the plain ones (${samePlace} of 24 equal by chance)`)
  t.ok(similarity(b.signature(TEMPLATE), keyed) < 0.1, 'another tenant keys the same text to other values')
})

t.test('recall counts distinct sources, this submission included, never twice; anonymous is one source', async (t) => {
  let now = T0
  const memory = new TemplateMemory(store(), { salt: SALT, now: () => now })
  t.same(await memory.recall(null, 'alice'), {}, 'no words, no fingerprint, no context')
  await memory.remember(null, 'alice') // nothing to remember
  t.equal(await memory.store.size(), 0)
  t.same(await memory.recall(TEMPLATE, 'alice'), { memory: { authors: 1, submissions: 0, since: null, minAuthors: 3 } })
  await memory.remember(TEMPLATE, 'alice')
  now += 1000
  t.same((await memory.recall(TEMPLATE, 'alice')).memory, { authors: 1, submissions: 1, since: new Date(T0).toISOString(), minAuthors: 3 }, 'the same author again')
  t.same((await memory.recall(TEMPLATE, 'bob')).memory?.authors, 2)
  for (let i = 0; i < 5; i++) await memory.remember(TEMPLATE, undefined)
  t.same((await memory.recall(TEMPLATE, undefined)).memory, { authors: 2, submissions: 6, since: new Date(T0).toISOString(), minAuthors: 3 }, 'alice and the anonymous source: five anonymous copies are one source')
  await memory.remember(TEMPLATE, undefined, 'a post')
  await memory.remember(TEMPLATE, undefined, 'a post')
  t.same((await memory.recall(VARIANT, 'carol')).memory?.authors, 4, 'alice, anonymous, the post (once) and carol, for a near-duplicate')
  t.same(memory.health(), { store: 'memory', status: 'ok' })
  await memory.close()
})

t.test('entries without a source (written by an older version) count as one source together', async (t) => {
  const memory = new TemplateMemory(store(), { salt: SALT, now: () => T0 })
  const keys = await memory.keys()
  for (let i = 0; i < 3; i++) await memory.store.record(keys.signature(TEMPLATE), 0, T0, keys.tag)
  t.same((await memory.recall(TEMPLATE, 'ann')).memory?.authors, 2, 'the three of them, and ann')
})

t.test('re-scoring one anonymous text five times never reaches the threshold', async (t) => {
  const memory = new TemplateMemory(store(), { minAuthors: 2 })
  const seen = []
  for (let i = 0; i < 5; i++) {
    seen.push((await memory.recall(TEMPLATE, undefined))!.memory!.authors)
    await memory.remember(TEMPLATE, undefined)
  }
  t.same(seen, [1, 1, 1, 1, 1], 'one source however often, even at a threshold of 2')
})

t.test('tenants never see each other: same text, same authors, separate counts', async (t) => {
  const shared = store()
  const memory = new TemplateMemory(shared, { salt: SALT, tenants: { aaaaaaaaaaaa: 'acme', bbbbbbbbbbbb: 'acme' } })
  for (const author of ['ann', 'ben', 'cat', 'dan']) await memory.remember(TEMPLATE, author, undefined, 'aaaaaaaaaaaa')
  t.equal((await memory.recall(TEMPLATE, 'eve', undefined, 'aaaaaaaaaaaa')).memory?.authors, 5)
  t.equal((await memory.recall(TEMPLATE, 'eve', undefined, 'bbbbbbbbbbbb')).memory?.authors, 5, 'another key of the same name shares the memory')
  t.same((await memory.recall(TEMPLATE, 'eve', undefined, 'cccccccccccc')).memory, { authors: 1, submissions: 0, since: null, minAuthors: 3 }, 'another key sees nothing')
  t.same((await memory.recall(TEMPLATE, 'eve')).memory?.submissions, 0, 'nor does a caller without a key')
  // The store itself finds nothing under another tenant's tag, even for the other tenant's keyed signature.
  const acme = await memory.keys('aaaaaaaaaaaa')
  const other = await memory.keys('cccccccccccc')
  t.equal((await shared.lookup(acme.signature(TEMPLATE), T0 + 1000, other.tag)).submissions, 0)
})

t.test('forget deletes one tenant and keeps the others; one at a time, one waiting per tenant', async (t) => {
  const memory = new TemplateMemory(store(), { salt: SALT })
  for (const author of ['ann', 'ben']) {
    await memory.remember(TEMPLATE, author, undefined, 'aaaaaaaaaaaa')
    await memory.remember(TEMPLATE, author, undefined, 'cccccccccccc')
  }
  let scans = 0
  const forget = memory.store.forget.bind(memory.store)
  memory.store.forget = (tag) => (scans++, forget(tag))
  const asks = Array.from({ length: 1000 }, () => memory.forget('aaaaaaaaaaaa'))
  t.same(await Promise.all(asks), Array(1000).fill(2), 'a thousand asks while one waits: one answer for all')
  t.equal(scans, 1, 'one scan of the store, not a thousand')
  t.equal(await memory.forget('aaaaaaaaaaaa'), 0, 'asked again once it ran: a forget of its own')
  t.equal((await memory.recall(TEMPLATE, 'cat', undefined, 'aaaaaaaaaaaa')).memory?.submissions, 0, 'forgotten')
  t.equal((await memory.recall(TEMPLATE, 'cat', undefined, 'cccccccccccc')).memory?.submissions, 2, 'the other tenant keeps its own')
  t.equal(await memory.store.size(), 2)

  const flaky = new FlakyStore()
  const logs: string[] = []
  const down = new TemplateMemory(flaky, { salt: SALT, logger: { warn: (o, m) => logs.push(`${m} ${JSON.stringify(o)}`), info: () => {} } })
  t.ok((await down.forget('aaaaaaaaaaaa').catch((e: unknown) => e)) instanceof ForgetError)
  const err = await down.forget(undefined).catch((e: ForgetError) => e)
  t.match(err, { statusCode: 503, message: /could not be reached: some entries may not have been forgotten; try again/ })
  t.match(logs[0], /forget failed.*ECONNREFUSED/)
  flaky.down = false
  t.equal(await down.forget('aaaaaaaaaaaa'), 0, 'a failed forget does not block the next')
})

t.test('the secret: TEMPLATE_SALT when set, else generated once and kept by the store', async (t) => {
  let now = T0
  const logs: string[] = []
  const logger = { warn: (_o: object, m: string) => logs.push(`warn ${m}`), info: (_o: object, m: string) => logs.push(`info ${m}`) }
  const flaky = new FlakyStore()
  flaky.down = false
  const salted = new TemplateMemory(flaky, { salt: SALT })
  await salted.remember(TEMPLATE, 'ann')
  t.equal(flaky.secretReads, 0, 'with a salt the store is not asked')
  t.equal((await salted.keys()).tag, TenantKeys.derive(Buffer.from(SALT), '').tag)

  const shared = new FlakyStore()
  shared.down = false
  const one = new TemplateMemory(shared, { now: () => now, logger })
  const two = new TemplateMemory(shared, { now: () => now })
  await Promise.all([one.remember(TEMPLATE, 'ann'), one.recall(TEMPLATE, 'ann'), one.remember(TEMPLATE, 'ben')])
  t.equal(shared.secretReads, 1, 'concurrent first uses read the secret once')
  t.match(logs, [/^info TEMPLATE_SALT is not set: the template memory is keyed with a secret generated once and kept in Redis.*set TEMPLATE_SALT/])
  t.equal((await two.recall(TEMPLATE, 'cat')).memory?.authors, 3, 'a second instance on the same store uses the same secret')
  t.not((await one.keys()).tag, TenantKeys.derive(Buffer.from(''), '').tag, 'not an empty secret')
  now += SECRET_REFRESH_MS - 1
  await one.recall(TEMPLATE, 'ann')
  t.equal(shared.secretReads, 2, 'cached until the refresh (the second instance read it once)')
  now += 1
  const before = await one.keys()
  t.equal(shared.secretReads, 3, 'read again after SECRET_REFRESH_MS')
  t.equal(await one.keys(), before, 'unchanged: the same keys')

  // The store loses its secret (a Redis without persistence restarted): the next instance to ask offers its own back.
  const inner = shared.inner as unknown as { secret: Buffer | undefined }
  const kept = inner.secret
  inner.secret = undefined
  now += SECRET_REFRESH_MS
  await one.recall(TEMPLATE, 'ann')
  t.same(inner.secret, kept, 'the secret in use is offered again')
  t.equal((await two.recall(TEMPLATE, 'dan')).memory?.authors, 3, 'so the entries written before still count (ann, ben, and dan)')

  // A store that now holds another secret wins, and the change is logged.
  inner.secret = Buffer.alloc(32, 7)
  now += SECRET_REFRESH_MS
  t.not((await one.keys()).tag, before.tag)
  t.match(logs.at(-1), /^warn template memory: the secret kept in the store changed/)

  const memoryLogs: string[] = []
  const local = new TemplateMemory(store(), { logger: { warn: () => {}, info: (_o, m) => memoryLogs.push(m) } })
  await local.remember(TEMPLATE, 'ann')
  t.match(memoryLogs, [/secret generated for this process/])
  const another = new TemplateMemory(store())
  t.not((await local.keys()).tag, (await another.keys()).tag, 'two in-process memories: two secrets')
})

t.test('minAuthors must be a positive integer', async (t) => {
  t.throws(() => new TemplateMemory(store(), { minAuthors: 0 }), /minAuthors must be a positive integer, got 0/)
  t.equal(new TemplateMemory(store(), { minAuthors: 5 }).minAuthors, 5)
})

t.test('a failing store: a warning instead of a context, one log line each way, every failure counted', async (t) => {
  const flaky = new FlakyStore()
  const logs: string[] = []
  const errors: string[] = []
  const memory = new TemplateMemory(flaky, {
    logger: { warn: (o, m) => logs.push(`warn ${m} ${JSON.stringify(o)}`), info: (o, m) => logs.push(`info ${m} ${JSON.stringify(o)}`) },
    onError: (operation) => errors.push(operation),
  })
  t.same(await memory.recall(TEMPLATE, 'alice'), { warning: UNAVAILABLE_WARNING }, 'the secret cannot be read either')
  await memory.remember(TEMPLATE, 'alice')
  t.same(await memory.recall(TEMPLATE, 'alice'), { warning: UNAVAILABLE_WARNING })
  t.same(errors, ['lookup', 'record', 'lookup'])
  t.equal(logs.length, 1, 'logged once while down')
  t.match(logs[0], /^warn template memory unavailable.*"store":"redis".*ECONNREFUSED/)
  t.same(memory.health(), { store: 'redis', status: 'degraded' })
  flaky.down = false
  await memory.remember(TEMPLATE, 'alice')
  t.same((await memory.recall(TEMPLATE, 'bob')).memory?.submissions, 1)
  t.match(logs, [/^warn template memory unavailable/, /^info TEMPLATE_SALT is not set/, /^info template memory available again/])
  flaky.down = true
  const quiet = new TemplateMemory(flaky, { salt: SALT }) // no logger, no counter: still no throw
  t.same(await quiet.recall(TEMPLATE, 'x'), { warning: UNAVAILABLE_WARNING })
  await quiet.remember(TEMPLATE, 'x')
  flaky.down = false
  await quiet.remember(TEMPLATE, 'x')
})
