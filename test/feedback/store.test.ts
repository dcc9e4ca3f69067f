// One suite against the three feedback stores: the JSONL file (in a temp dir), a real redis-server
// and the process's memory. What each keeps on disk or in Redis is in file-store.test.ts and
// redis-store.test.ts.
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileFeedbackStore } from '../../src/feedback/file-store.js'
import { MemoryFeedbackStore } from '../../src/feedback/memory-store.js'
import { RedisFeedbackStore } from '../../src/feedback/redis-store.js'
import type { FeedbackStore } from '../../src/feedback/store.js'
import { RedisServer, redisSkipReason } from '../store/redis-server.js'
import { collect, ids, row } from './helpers.js'

type Make = (name: string, maxRowsPerTenant?: number) => Promise<FeedbackStore>

function suite(kind: string, make: Make, options: { skip?: string | false } = {}) {
  t.test(`the ${kind} feedback store`, { skip: options.skip }, async (t) => {
    t.test('keeps rows as given, per tenant: a tenant reads its own rows only, oldest first', async (t) => {
      const store = await make('tenants')
      t.teardown(() => store.close())
      t.same(await collect(store.rows('name:acme')), [], 'nothing before the first row')
      t.same(await collect(store.rows()), [])
      await store.add(row('name:acme', 1, { text: 'Great post!', reason: 'stock praise' }))
      await store.add(row('key:0123456789ab', 2))
      await store.add(row('name:acme', 3, { kind: 'post' }))
      const acme = await collect(store.rows('name:acme'))
      t.same(acme, [row('name:acme', 1, { text: 'Great post!', reason: 'stock praise' }), row('name:acme', 3, { kind: 'post' })], 'every field back as it went in')
      t.same(ids(await collect(store.rows('key:0123456789ab'))), ['key:0123456789ab-2'], "tenant B never sees A's rows")
      t.same(await collect(store.rows('shared')), [], 'nor does a tenant without rows')
      const all = await collect(store.rows())
      t.same(ids(all).sort(), ['key:0123456789ab-2', 'name:acme-1', 'name:acme-3'], 'every tenant: each row once')
      t.same(ids(all.filter((r) => r.tenant === 'name:acme')), ['name:acme-1', 'name:acme-3'], 'oldest first within a tenant')
    })

    t.test("bounds each tenant: past maxRowsPerTenant the tenant's oldest go, others' stay", async (t) => {
      const store = await make('bounded', 3)
      t.teardown(() => store.close())
      for (let n = 1; n <= 5; n++) await store.add(row('shared', n))
      await store.add(row('name:other', 1))
      t.same(ids(await collect(store.rows('shared'))), ['shared-3', 'shared-4', 'shared-5'], 'the newest 3')
      t.same(ids(await collect(store.rows('name:other'))), ['name:other-1'])
      for (let n = 6; n <= 12; n++) await store.add(row('shared', n))
      t.same(ids(await collect(store.rows('shared'))).slice(-3), ['shared-10', 'shared-11', 'shared-12'], 'still the newest, in order')
      t.ok((await collect(store.rows('shared'))).length <= 4, 'at most a tenth (rounded up) over the bound at any time')
    })

    t.test('keeps the first secret offered', async (t) => {
      const store = await make('secret')
      t.teardown(() => store.close())
      const first = Buffer.alloc(32, 1)
      t.same(await store.sharedSecret(first), first)
      t.same(await store.sharedSecret(Buffer.alloc(32, 2)), first, 'a later candidate is ignored')
    })

    t.test('refuses a bound that is not a positive whole number', async (t) => {
      await t.rejects(make('bad', 0), /maxRowsPerTenant must be a positive whole number, got 0/)
    })
  })
}

suite('memory', async (_name, maxRowsPerTenant) => new MemoryFeedbackStore({ maxRowsPerTenant }))

const dir = mkdtempSync(join(tmpdir(), 'feedback-store-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
suite('file', async (name, maxRowsPerTenant) => new FileFeedbackStore({ path: join(dir, name, 'feedback.jsonl'), maxRowsPerTenant }))

const skip = redisSkipReason()
let server: RedisServer | undefined
suite(
  'Redis',
  async (name, maxRowsPerTenant) => {
    server ??= await RedisServer.start()
    const store = new RedisFeedbackStore({ url: server.url, prefix: `suite:${name}:`, maxRowsPerTenant })
    if (!(await store.ready())) throw new Error(`redis-server at ${server.url} did not answer`)
    return store
  },
  { skip },
)
t.teardown(() => server?.kill())
