// The Redis store's own behaviour against a real redis-server: what it writes, how it bounds it,
// and how it fails and recovers. The behaviour it shares with the memory store is in template-store.test.ts.
import t from 'tap'
import { Redis } from 'ioredis'
import { BANDS, bandKey, fingerprint, type Signature } from '../../src/engine/fingerprint.js'
import { bucketOf } from '../../src/store/template-store.js'
import { RedisTemplateStore } from '../../src/store/redis-store.js'
import { RedisServer, freePort, redisSkipReason } from './redis-server.js'

const sig = (text: string): Signature => fingerprint(text)!
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const TEMPLATE = sig('Great post! Very timely.')

const skip = redisSkipReason()

t.test('the Redis store', { skip }, async (t) => {
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const admin = new Redis(server.url)
  t.teardown(() => admin.quit())

  t.test('keeps 60-byte entries, band sets and copies lists, with expiries, and nothing else', async (t) => {
    const store = new RedisTemplateStore({ url: server.url, prefix: 'layout:', windowSeconds: 600, maxEntries: 100 })
    t.teardown(() => store.close())
    t.ok(await store.ready())
    t.ok(await store.ready(), 'and answers at once when already connected')
    await store.record(TEMPLATE, 7, T0, 0xc0ffee01)
    const keys = (await admin.keys('layout:*')).sort()
    const buckets = keys.filter((k) => /^layout:b:\d+$/.test(k))
    t.ok(buckets.length >= 1 && buckets.length <= BANDS, `one bucket set per band, shared when two bands hash alike (${buckets.length})`)
    t.equal(keys.length, 2 + buckets.length, 'seq, one entry, the bucket sets')
    t.ok(keys.includes('layout:seq') && keys.includes('layout:e:1'))
    t.ok(buckets.every((k) => Number(k.slice('layout:b:'.length)) < store.buckets))
    t.equal(store.buckets, 256, 'about 8 band keys per bucket at maxEntries (100 × 12 / 8, to a power of 2)')
    const entry = (await admin.getBuffer('layout:e:1'))!
    t.equal(entry.length, 60)
    t.same([entry.readUInt32BE(0), entry.readUInt32BE(4), entry.readUInt32BE(8)], [T0 / 1000, 7, 0xc0ffee01], 'time, author, tenant, then the values')
    const ttl = await admin.pttl('layout:e:1')
    t.ok(ttl > 590_000 && ttl <= 600_000, `the entry expires with the window (${ttl} ms)`)
    for (const key of keys.filter((k) => k.startsWith('layout:b:'))) {
      // one member per band in this bucket: two bands of one entry may share a bucket
      for (const member of await admin.zrange(key, 0, '-1')) t.match(member, /^1:[0-9a-z]+$/, 'the id and the band key')
      t.ok((await admin.pttl(key)) > 590_000)
    }
    t.equal(await store.size(), 1)
    // A second copy: a list of the copies, and only the newest keeps bucket members. Its key is the
    // prefix, "c:", then the tenant tag and the values as the entry holds them.
    await store.record(TEMPLATE, 8, T0 + 1000, 0xc0ffee01)
    const copiesKey = Buffer.alloc(52)
    copiesKey.writeUInt32BE(0xc0ffee01, 0)
    for (let k = 0; k < 24; k++) copiesKey.writeUInt16BE(TEMPLATE[k], 4 + 2 * k)
    const listKey = Buffer.concat([Buffer.from('layout:c:'), copiesKey])
    const copies = await admin.lrangeBuffer(listKey, 0, -1)
    t.same(copies.map((c) => [c.length, c.readDoubleBE(0), c.readUInt32BE(8), c.readUInt32BE(12)]), [[16, 2, T0 / 1000 + 1, 8], [16, 1, T0 / 1000, 7]], 'id, time, author, newest first')
    const listTtl = await admin.pttl(listKey)
    t.ok(listTtl > 590_000 && listTtl <= 600_000, `the list expires with the window (${listTtl} ms)`)
    t.equal((await admin.keys('layout:*')).length, 4 + buckets.length, 'seq, two entries, the list, the bucket sets')
    for (const key of buckets) for (const member of await admin.zrange(key, 0, '-1')) t.match(member, /^2:/, 'the newest copy only')
    t.same((await store.lookup(TEMPLATE, T0 + 2000, 0xc0ffee01)).authors.sort(), [7, 8])
  })

  t.test('trims: at most maxEntries entries, bucket sets to ids within them and to 4 × maxScan ids', async (t) => {
    const store = new RedisTemplateStore({ url: server.url, prefix: 'trim:', windowSeconds: 600, maxEntries: 5, maxScan: 3 })
    t.teardown(() => store.close())
    t.ok(await store.ready())
    for (let i = 0; i < 12; i++) await store.record(TEMPLATE, i + 1, T0 + i)
    t.equal((await admin.keys('trim:e:*')).length, 5, 'the 5 newest entries')
    // A bucket holds one member per band that hashes to it: usually one per entry, sometimes two.
    const members = async (key: string) => (await admin.zrange(key, 0, '-1')).map((m) => Number(m.split(':')[0]))
    for (const key of await admin.keys('trim:b:*')) {
      const ids = await members(key)
      t.ok(ids.length <= 12 && ids.every((id) => id >= 8) && ids.at(-1) === 12, `ids within maxEntries: ${ids}`)
    }
    t.equal(await store.size(), 5)
    const seen = await store.lookup(TEMPLATE, T0 + 100)
    t.same([...seen.authors].sort((a, b) => a - b), [10, 11, 12], 'the newest maxScan')
    // Exact copies: only the newest keeps bucket members; the copies list holds the newest maxScan.
    for (const key of await admin.keys('trim:b:*')) t.same(await members(key), (await members(key)).map(() => 12), `only the newest copy: ${await members(key)}`)
    // Twelve near-duplicates that differ in the last value only: bands 0 to 10 share their band keys.
    const wide = new RedisTemplateStore({ url: server.url, prefix: 'wide:', windowSeconds: 600, maxEntries: 100, maxScan: 1 })
    t.teardown(() => wide.close())
    t.ok(await wide.ready())
    const near = (i: number) => {
      const s = Uint16Array.from(TEMPLATE)
      s[23] = i
      return s
    }
    for (let i = 0; i < 12; i++) await wide.record(near(i), i + 1, T0 + i)
    const band0 = `wide:b:${bucketOf(0, bandKey(TEMPLATE, 0)) & (wide.buckets - 1)}`
    const band0Ids = (await admin.zrange(band0, 0, '-1')).filter((m) => m.endsWith(`:${bandKey(TEMPLATE, 0).toString(36)}`)).map((m) => Number(m.split(':')[0]))
    t.same(band0Ids, [9, 10, 11, 12], 'a bucket keeps the newest 4 × maxScan members')
    t.same((await wide.lookup(near(11), T0 + 100)).authors, [12], 'the newest maxScan match')
  })

  t.test('an entry that is not 60 bytes is ignored; a key of the wrong type is an error', async (t) => {
    const store = new RedisTemplateStore({ url: server.url, prefix: 'odd:', windowSeconds: 600, maxEntries: 100 })
    t.teardown(() => store.close())
    t.ok(await store.ready())
    const near = Uint16Array.from(TEMPLATE)
    near[0] ^= 1
    await store.record(TEMPLATE, 1, T0)
    await store.record(near, 2, T0)
    await admin.set('odd:e:1', 'not an entry')
    t.same((await store.lookup(TEMPLATE, T0)).authors, [2], 'the near-duplicate only')
    await admin.set('odd:seq', 'x')
    await t.rejects(store.record(TEMPLATE, 3, T0), /not an integer/)
    t.equal(store.health().status, 'degraded', 'a failed command marks the store degraded')
    await admin.del('odd:seq')
    await store.record(TEMPLATE, 3, T0)
    t.equal(store.health().status, 'ok', 'and the next success clears it')
    const band = `odd:b:${bucketOf(0, bandKey(TEMPLATE, 0)) & (store.buckets - 1)}`
    await admin.del(band)
    await admin.set(band, 'not a sorted set')
    await t.rejects(store.lookup(TEMPLATE, T0), /WRONGTYPE/)
  })

  t.test('forget deletes a tenant\'s entries and their bucket members, and entries of the former layout', async (t) => {
    const prefix = 'f*[o]?\\:' // glob characters in the prefix match only themselves
    const store = new RedisTemplateStore({ url: server.url, prefix, windowSeconds: 600, maxEntries: 100 })
    const near = new RedisTemplateStore({ url: server.url, prefix: 'f*[o]?\\:x', windowSeconds: 600, maxEntries: 100 })
    t.teardown(() => store.close())
    t.teardown(() => near.close())
    t.ok((await store.ready()) && (await near.ready()))
    /** A KEYS pattern that matches `text` literally, then `*`. */
    const literally = (text: string) => `${[...text].map((c) => ('*?[]\\'.includes(c) ? `\\${c}` : c)).join('')}*`
    await near.record(TEMPLATE, 9, T0, 1) // another prefix that the pattern would match if unescaped
    for (let i = 1; i <= 3; i++) await store.record(TEMPLATE, i, T0, 1)
    await store.record(TEMPLATE, 4, T0, 2)
    // An entry as the former version wrote it: time, author, plain values; and its bucket members.
    await store.record(TEMPLATE, 5, T0, 1)
    const legacy = Buffer.alloc(56)
    legacy.writeUInt32BE(T0 / 1000, 0)
    legacy.writeUInt32BE(5, 4)
    for (let k = 0; k < 24; k++) legacy.writeUInt16BE(TEMPLATE[k], 8 + 2 * k)
    await admin.set(`${prefix}e:5`, legacy)
    await admin.set(`${prefix}e:6`, 'not an entry')
    t.equal((await admin.keysBuffer(literally(`${prefix}c:`))).length, 1, "tenant 1's copies list")
    t.equal(await store.forget(1), 5, 'three entries of tenant 1, one of the former layout, one unreadable')
    t.same((await admin.keys(literally(`${prefix}e:`))).sort(), [`${prefix}e:4`], "tenant 2's entry is left")
    const members = (await Promise.all((await admin.keys(literally(`${prefix}b:`))).map((k) => admin.zrange(k, 0, '-1')))).flat()
    t.ok(members.length > 0 && members.every((m) => m.startsWith('4:')), `only tenant 2's bucket members are left (${members.length})`)
    t.same((await store.lookup(TEMPLATE, T0, 2)).authors, [4])
    t.equal((await store.lookup(TEMPLATE, T0, 1)).submissions, 0)
    t.equal(await store.forget(1), 0)
    t.equal((await admin.keys(literally('f*[o]?\\:xe:'))).length, 1, 'the other prefix is untouched')
    t.equal(await admin.get(`${prefix}seq`), '5', 'the counter stays: ids are never reused')
    const lists = await admin.keysBuffer(literally(`${prefix}c:`))
    t.same(lists, [], "tenant 1's copies list is gone")
  })

  t.test("forget deletes the tenant's copies lists and no other", async (t) => {
    const store = new RedisTemplateStore({ url: server.url, prefix: 'fc:', windowSeconds: 600, maxEntries: 100 })
    t.teardown(() => store.close())
    t.ok(await store.ready())
    for (const tenant of [1, 2]) for (const author of [1, 2]) await store.record(TEMPLATE, author, T0, tenant)
    t.equal((await admin.keysBuffer('fc:c:*')).length, 2)
    t.equal(await store.forget(1), 2)
    t.same((await admin.keysBuffer('fc:c:*')).map((k) => k.readUInt32BE(5)), [2], "tenant 2's list is left")
    t.same((await store.lookup(TEMPLATE, T0, 2)).authors.sort(), [1, 2])
  })

  t.test('sharedSecret: SET NX under the prefix, then read back; the first offered wins', async (t) => {
    const a = new RedisTemplateStore({ url: server.url, prefix: 'secret:', windowSeconds: 600, maxEntries: 100 })
    const b = new RedisTemplateStore({ url: server.url, prefix: 'secret:', windowSeconds: 600, maxEntries: 100 })
    t.teardown(() => a.close())
    t.teardown(() => b.close())
    t.ok((await a.ready()) && (await b.ready()))
    const [one, two] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)]
    const got = await Promise.all([a.sharedSecret(one), b.sharedSecret(two)])
    t.same(got[0], got[1], 'both instances use the same')
    t.same(await admin.getBuffer('secret:secret'), got[0])
    t.equal(await admin.pttl('secret:secret'), -1, 'no expiry')
    await a.forget(123)
    t.ok(await admin.exists('secret:secret'), 'forget leaves the secret')
    await admin.del('secret:secret')
    t.same(await b.sharedSecret(two), two, 'lost (a Redis without persistence restarted): the next offer is kept')
  })

  t.test('Redis down: commands fail at once, health is degraded, and it reconnects by itself', async (t) => {
    const port = await freePort()
    const store = new RedisTemplateStore({ url: `redis://127.0.0.1:${port}`, prefix: 'down:', windowSeconds: 600, maxEntries: 100 })
    t.teardown(() => store.close())
    t.equal(await store.ready(300), false, 'nothing listens yet')
    t.same(store.health(), { store: 'redis', status: 'degraded' })
    const started = Date.now()
    await t.rejects(store.lookup(TEMPLATE, T0))
    await t.rejects(store.record(TEMPLATE, 1, T0))
    await t.rejects(store.size())
    await t.rejects(store.forget(1))
    await t.rejects(store.sharedSecret(Buffer.alloc(32)))
    t.ok(Date.now() - started < 500, `failed fast (${Date.now() - started} ms)`)
    await store.close() // closing a store that never connected is fine
  })

  t.test('killed mid-run and restarted on the same port: the store comes back without a new client', async (t) => {
    const own = await RedisServer.start()
    t.teardown(() => own.kill())
    const store = new RedisTemplateStore({ url: own.url, prefix: 'crash:', windowSeconds: 600, maxEntries: 100 })
    t.teardown(() => store.close())
    t.ok(await store.ready())
    await store.record(TEMPLATE, 1, T0)
    await own.kill()
    await t.rejects(store.lookup(TEMPLATE, T0))
    t.equal(store.health().status, 'degraded')
    await own.restart()
    t.ok(await store.ready(10_000), 'the client reconnects by itself (its ready event)')
    t.equal(store.health().status, 'ok', 'healthy again after the restart')
    t.same((await store.lookup(TEMPLATE, T0)).submissions, 0, 'a fresh Redis (no persistence) holds nothing')
    await store.record(TEMPLATE, 2, T0)
    t.same((await store.lookup(TEMPLATE, T0)).authors, [2])
  })
})
