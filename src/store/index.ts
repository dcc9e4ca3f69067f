/**
 * The template store the configuration asks for: the shared Redis when REDIS_URL is set, behind a
 * circuit breaker (breaker.ts) so a hung Redis costs a short timeout and then nothing; the
 * in-process store otherwise. src/server.ts calls this; tests build stores directly.
 */
import type { Config } from '../config.js'
import { CircuitBreakerStore } from './breaker.js'
import { MemoryTemplateStore } from './memory-store.js'
import { RedisTemplateStore } from './redis-store.js'
import type { TemplateStore } from './template-store.js'

export type TemplateStoreConfig = Pick<
  Config,
  'REDIS_URL' | 'TEMPLATE_WINDOW_SECONDS' | 'TEMPLATE_MAX_ENTRIES' | 'TEMPLATE_STORE_TIMEOUT_MS' | 'TEMPLATE_STORE_BREAKER_FAILURES' | 'TEMPLATE_STORE_BREAKER_RETRY_MS'
> &
  Partial<Pick<Config, 'AUTHOR_STATS_MAX_AUTHORS'>>

export function createTemplateStore(config: TemplateStoreConfig): TemplateStore {
  const bounds = { windowSeconds: config.TEMPLATE_WINDOW_SECONDS, maxEntries: config.TEMPLATE_MAX_ENTRIES }
  // Author stats in the process are bounded by a count of authors; in Redis by expiry alone.
  if (!config.REDIS_URL) return new MemoryTemplateStore({ ...bounds, maxAuthors: config.AUTHOR_STATS_MAX_AUTHORS })
  return new CircuitBreakerStore(new RedisTemplateStore({ url: config.REDIS_URL, ...bounds }), {
    timeoutMs: config.TEMPLATE_STORE_TIMEOUT_MS,
    failuresToOpen: config.TEMPLATE_STORE_BREAKER_FAILURES,
    retryAfterMs: config.TEMPLATE_STORE_BREAKER_RETRY_MS,
  })
}
