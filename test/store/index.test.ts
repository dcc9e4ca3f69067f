import t from 'tap'
import { readConfig } from '../../src/config.js'
import { createTemplateStore } from '../../src/store/index.js'
import { fingerprint } from '../../src/engine/fingerprint.js'
import { TemplateMemory } from '../../src/store/template-memory.js'
import { RedisServer, redisSkipReason } from './redis-server.js'

t.test('template memory settings: defaults and environment', async (t) => {
  const defaults = readConfig({})
  t.equal(defaults.REDIS_URL, undefined)
  t.equal(defaults.TEMPLATE_WINDOW_SECONDS, 604_800, '7 days')
  t.equal(defaults.TEMPLATE_MAX_ENTRIES, 1_000_000)
  t.equal(defaults.TEMPLATE_MIN_AUTHORS, 3)
  t.equal(defaults.TEMPLATE_SALT, undefined)
  const set = readConfig({ REDIS_URL: 'redis://cache:6379/2', TEMPLATE_WINDOW_SECONDS: '60', TEMPLATE_MAX_ENTRIES: '10', TEMPLATE_MIN_AUTHORS: '2', TEMPLATE_SALT: 'a-salt-of-16-chars+' })
  t.equal(set.REDIS_URL, 'redis://cache:6379/2')
  t.equal(set.TEMPLATE_SALT, 'a-salt-of-16-chars+')
  t.equal(readConfig({ TEMPLATE_SALT: '' }).TEMPLATE_SALT, undefined, 'an empty TEMPLATE_SALT (compose files) means none: one is generated')
  t.throws(() => readConfig({ TEMPLATE_SALT: 'short' }), /TEMPLATE_SALT: must be at least 16 characters \(e\.g\. openssl rand -hex 32\), or empty to have a secret generated/)
  t.equal(set.TEMPLATE_WINDOW_SECONDS, 60)
  t.equal(readConfig({ REDIS_URL: '' }).REDIS_URL, undefined, 'an empty REDIS_URL (compose files) means none')
  t.throws(() => readConfig({ REDIS_URL: 'http://cache:6379' }), /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/)
  t.throws(() => readConfig({ TEMPLATE_MIN_AUTHORS: '0' }), /TEMPLATE_MIN_AUTHORS/)
})

t.test('createTemplateStore: in-process without REDIS_URL, Redis with it', async (t) => {
  const local = createTemplateStore(readConfig({ TEMPLATE_MAX_ENTRIES: '50' }))
  t.equal(local.kind, 'memory')
  await local.close()
  // Port 1 refuses at once: the store is built and reports itself degraded instead of failing start-up.
  const shared = createTemplateStore(readConfig({ REDIS_URL: 'redis://127.0.0.1:1' }))
  t.equal(shared.kind, 'redis')
  t.same(shared.health(), { store: 'redis', status: 'degraded' })
  await shared.close()
})

t.test('as src/server.ts builds it: Redis behind the breaker, a generated secret shared, forget per tenant', { skip: redisSkipReason() }, async (t) => {
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const config = readConfig({ REDIS_URL: server.url, TEMPLATE_WINDOW_SECONDS: '600', TEMPLATE_MAX_ENTRIES: '100' })
  const [a, b] = [new TemplateMemory(createTemplateStore(config)), new TemplateMemory(createTemplateStore(config))]
  t.teardown(() => a.close())
  t.teardown(() => b.close())
  const inner = (a.store as unknown as { store: { ready(): Promise<boolean> } }).store
  t.ok(await inner.ready(), 'connected')
  const text = fingerprint('Congrats on the launch, well deserved!')!
  await a.remember(text, 'ann', undefined, 'aaaaaaaaaaaa')
  await b.remember(text, 'ben', undefined, 'aaaaaaaaaaaa')
  await b.remember(text, 'cat', undefined, 'cccccccccccc')
  t.equal((await a.recall(text, 'dan', undefined, 'aaaaaaaaaaaa')).memory?.authors, 3, 'the two instances share the secret through Redis: ann, ben, dan')
  t.equal(await a.forget('aaaaaaaaaaaa'), 2, 'through the breaker')
  t.equal((await b.recall(text, 'dan', undefined, 'aaaaaaaaaaaa')).memory?.submissions, 0)
  t.equal((await b.recall(text, 'dan', undefined, 'cccccccccccc')).memory?.submissions, 1, 'the other tenant keeps its entry')
})
