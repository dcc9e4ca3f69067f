import t from 'tap'
import { parseDurationMs, readConfig } from '../src/config.js'

t.test('access and limit settings: defaults', async (t) => {
  const config = readConfig({})
  t.same(config.API_KEYS, [], 'no keys: the service is open')
  t.equal(config.RATE_LIMIT_MAX, 1000)
  t.equal(config.RATE_LIMIT_WINDOW, 60_000)
  t.equal(config.MAX_EVENT_LOOP_DELAY_MS, 200)
  t.equal(config.REQUEST_TIMEOUT_MS, 10_000)
  t.equal(config.SHUTDOWN_TIMEOUT_MS, 10_000)
})

t.test('access and limit settings: read from the environment', async (t) => {
  const config = readConfig({
    API_KEYS: ' first-key-0123456789 ,, second-key-0123456789 ',
    RATE_LIMIT_MAX: '0',
    RATE_LIMIT_WINDOW: '30 seconds',
    MAX_EVENT_LOOP_DELAY_MS: '0',
    REQUEST_TIMEOUT_MS: '2500',
    SHUTDOWN_TIMEOUT_MS: '3000',
  })
  t.same(config.API_KEYS, ['first-key-0123456789', 'second-key-0123456789'], 'comma-separated, trimmed, blanks dropped')
  t.equal(config.RATE_LIMIT_MAX, 0)
  t.equal(config.RATE_LIMIT_WINDOW, 30_000)
  t.equal(config.MAX_EVENT_LOOP_DELAY_MS, 0)
  t.equal(config.REQUEST_TIMEOUT_MS, 2500)
  t.equal(config.SHUTDOWN_TIMEOUT_MS, 3000)
})

t.test('a bad setting stops start-up with a message naming the variable', async (t) => {
  t.throws(() => readConfig({ API_KEYS: 'short' }), /API_KEYS: each key must be at least 16 characters/)
  t.throws(() => readConfig({ RATE_LIMIT_WINDOW: 'soon' }), /RATE_LIMIT_WINDOW: a duration such as "1 minute"/)
  t.throws(() => readConfig({ RATE_LIMIT_MAX: '-1' }), /RATE_LIMIT_MAX/)
  t.throws(() => readConfig({ REQUEST_TIMEOUT_MS: 'ten' }), /REQUEST_TIMEOUT_MS/)
  t.throws(() => readConfig({ SHUTDOWN_TIMEOUT_MS: '0' }), /SHUTDOWN_TIMEOUT_MS/)
})

t.test('parseDurationMs reads durations as people write them', async (t) => {
  t.equal(parseDurationMs('1 minute'), 60_000)
  t.equal(parseDurationMs('30s'), 30_000)
  t.equal(parseDurationMs('2 hours'), 7_200_000)
  t.equal(parseDurationMs('1 day'), 86_400_000)
  t.equal(parseDurationMs('500 ms'), 500)
  t.equal(parseDurationMs('1.5 min'), 90_000)
  t.equal(parseDurationMs(' 250 '), 250, 'a bare number is milliseconds')
  t.equal(parseDurationMs('0'), undefined, 'a window must be positive')
  t.equal(parseDurationMs('1 fortnight'), undefined)
  t.equal(parseDurationMs('minute'), undefined)
})
