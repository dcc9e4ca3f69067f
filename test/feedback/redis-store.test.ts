// The Redis feedback store's own behaviour against a real redis-server: its keys, the exact bound,
// an export that pages, entries it did not write, and a Redis that is gone. The behaviour it shares
// with the other stores is in store.test.ts.
import t from 'tap'
import { Redis } from 'ioredis'
import { DEFAULT_FEEDBACK_PREFIX, RedisFeedbackStore } from '../../src/feedback/redis-store.js'
import { RedisServer, freePort, redisSkipReason } from '../store/redis-server.js'
import { collect, ids, row } from './helpers.js'

t.test('the Redis feedback store', { skip: redisSkipReason() }, async (t) => {
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const admin = new Redis(server.url)
  t.teardown(() => admin.quit())

  t.test('a capped stream per tenant, the set of tenants and the secret, and nothing else', async (t) => {
    const store = new RedisFeedbackStore({ url: server.url, maxRowsPerTenant: 3 })
    t.teardown(() => store.close())
    t.ok(await store.ready())
    t.ok(await store.ready(), 'and answers at once when already connected')
    t.equal(store.prefix, DEFAULT_FEEDBACK_PREFIX)
    for (let n = 1; n <= 5; n++) await store.add(row('name:acme', n))
    await store.add(row('shared', 1))
    await store.sharedSecret(Buffer.alloc(32, 3))
    t.same((await admin.keys('*')).sort(), ['authenticity:feedback:rows:name:acme', 'authenticity:feedback:rows:shared', 'authenticity:feedback:secret', 'authenticity:feedback:tenants'])
    t.equal(await admin.type('authenticity:feedback:rows:name:acme'), 'stream')
    t.equal(await admin.xlen('authenticity:feedback:rows:name:acme'), 3, 'exactly maxRowsPerTenant entries')
    t.same((await admin.smembers('authenticity:feedback:tenants')).sort(), ['name:acme', 'shared'])
    t.equal(await admin.ttl('authenticity:feedback:rows:name:acme'), -1, 'rows do not expire by time')
    const [[, fields]] = await admin.xrange('authenticity:feedback:rows:name:acme', '-', '+', 'COUNT', 1)
    t.same(fields, ['row', JSON.stringify(row('name:acme', 3))], 'each entry is the row as JSON')
  })

  t.test('an export pages through a long stream, in order', async (t) => {
    const store = new RedisFeedbackStore({ url: server.url, prefix: 'paging:' })
    t.teardown(() => store.close())
    t.ok(await store.ready())
    for (let n = 1; n <= 600; n++) await store.add(row('shared', n))
    t.same(ids(await collect(store.rows('shared'))), Array.from({ length: 600 }, (_, i) => `shared-${i + 1}`), 'more than two pages of 256, each row once')
  })

  t.test('entries that are not rows (written by hand) are skipped', async (t) => {
    const store = new RedisFeedbackStore({ url: server.url, prefix: 'hand:' })
    t.teardown(() => store.close())
    t.ok(await store.ready())
    await store.add(row('shared', 1))
    await admin.xadd('hand:rows:shared', '*', 'other', 'x')
    await admin.xadd('hand:rows:shared', '*', 'row', 'not json')
    await admin.xadd('hand:rows:shared', '*', 'row', JSON.stringify({ id: 'half a row' }))
    await admin.xadd('hand:rows:shared', '*', 'note', 'row')
    await store.add(row('shared', 2))
    t.same(ids(await collect(store.rows())), ['shared-1', 'shared-2'])
  })

  t.test('a Redis that is gone: writes and exports reject at once, and the store closes', async (t) => {
    const port = await freePort()
    const store = new RedisFeedbackStore({ url: `redis://127.0.0.1:${port}`, client: { connectTimeout: 200, retryStrategy: () => null } })
    t.equal(await store.ready(300), false, 'never connects')
    await t.rejects(store.add(row('shared', 1)))
    await t.rejects(collect(store.rows()))
    await t.rejects(store.sharedSecret(Buffer.alloc(32)))
    await store.close()
  })
})
