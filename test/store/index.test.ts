import t from 'tap'
import { readConfig } from '../../src/config.js'
import { createTemplateStore } from '../../src/store/index.js'

t.test('template memory settings: defaults and environment', async (t) => {
  const defaults = readConfig({})
  t.equal(defaults.REDIS_URL, undefined)
  t.equal(defaults.TEMPLATE_WINDOW_SECONDS, 604_800, '7 days')
  t.equal(defaults.TEMPLATE_MAX_ENTRIES, 1_000_000)
  t.equal(defaults.TEMPLATE_MIN_AUTHORS, 3)
  t.equal(defaults.TEMPLATE_SALT, undefined)
  const set = readConfig({ REDIS_URL: 'redis://cache:6379/2', TEMPLATE_WINDOW_SECONDS: '60', TEMPLATE_MAX_ENTRIES: '10', TEMPLATE_MIN_AUTHORS: '2', TEMPLATE_SALT: 's' })
  t.equal(set.REDIS_URL, 'redis://cache:6379/2')
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
