// The feedback settings: FEEDBACK_FILE, FEEDBACK_MAX_ROWS and ADMIN_API_KEYS, read and checked by
// readConfig, and the store the configuration asks for (src/feedback/index.ts).
import t from 'tap'
import { readConfig } from '../../src/config.js'
import { createFeedbackStore } from '../../src/feedback/index.js'
import { FileFeedbackStore } from '../../src/feedback/file-store.js'
import { RedisFeedbackStore } from '../../src/feedback/redis-store.js'
import { freePort } from '../store/redis-server.js'

const KEY = 'admin-key-0123456789abcdef'

t.test('defaults: a JSONL file under ./data, 10,000 rows per tenant, nobody may export', async (t) => {
  const config = readConfig({})
  t.equal(config.FEEDBACK_FILE, './data/feedback.jsonl')
  t.equal(config.FEEDBACK_MAX_ROWS, 10_000)
  t.same(config.ADMIN_API_KEYS, [])
})

t.test('read from the environment', async (t) => {
  const config = readConfig({ FEEDBACK_FILE: '/var/lib/authenticity/feedback.jsonl', FEEDBACK_MAX_ROWS: '500', API_KEYS: `ops:${KEY}, other-key-0123456789`, ADMIN_API_KEYS: ` ${KEY} ,, ` })
  t.equal(config.FEEDBACK_FILE, '/var/lib/authenticity/feedback.jsonl')
  t.equal(config.FEEDBACK_MAX_ROWS, 500)
  t.same(config.ADMIN_API_KEYS, [KEY], 'comma-separated, trimmed, blanks dropped; a named key is named by its key')
})

t.test('a bad setting stops start-up with a message naming the variable, never quoting a key', async (t) => {
  t.throws(() => readConfig({ FEEDBACK_MAX_ROWS: '0' }), /FEEDBACK_MAX_ROWS: a whole number of rows from 1 to 10000000/)
  t.throws(() => readConfig({ FEEDBACK_FILE: '' }), /FEEDBACK_FILE/)
  const err = (() => {
    try {
      readConfig({ ADMIN_API_KEYS: KEY })
    } catch (e) {
      return e as Error
    }
  })()
  t.match(err?.message, /^invalid configuration: ADMIN_API_KEYS: entry 1 is not one of the keys of API_KEYS: an admin key must also be an API key/)
  t.notMatch(err?.message, /admin-key/, 'the key is not in the message')
})

t.test('the store: the JSONL file without REDIS_URL, Redis with it', async (t) => {
  const file = createFeedbackStore(readConfig({ FEEDBACK_FILE: '/tmp/never-written/feedback.jsonl', FEEDBACK_MAX_ROWS: '7' }))
  t.ok(file instanceof FileFeedbackStore)
  t.equal((file as FileFeedbackStore).path, '/tmp/never-written/feedback.jsonl')
  await file.close()
  const redis = createFeedbackStore(readConfig({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }))
  t.ok(redis instanceof RedisFeedbackStore)
  t.equal(redis.kind, 'redis')
  await redis.close()
})
