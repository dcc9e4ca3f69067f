/**
 * Build the template memory from the configuration: a Redis store when REDIS_URL is set, the
 * in-process store otherwise. src/server.ts calls this; tests build stores directly.
 */
import type { Config } from '../config.js'
import { MemoryTemplateStore } from './memory-store.js'
import { RedisTemplateStore } from './redis-store.js'
import { TemplateMemory } from './template-memory.js'

export type TemplateMemoryConfig = Pick<Config, 'REDIS_URL' | 'TEMPLATE_WINDOW_SECONDS' | 'TEMPLATE_MAX_ENTRIES' | 'TEMPLATE_MIN_AUTHORS' | 'TEMPLATE_SALT'>

export function createTemplateMemory(config: TemplateMemoryConfig, now?: () => number): TemplateMemory {
  const bounds = { windowSeconds: config.TEMPLATE_WINDOW_SECONDS, maxEntries: config.TEMPLATE_MAX_ENTRIES }
  const store = config.REDIS_URL ? new RedisTemplateStore({ url: config.REDIS_URL, ...bounds }) : new MemoryTemplateStore(bounds)
  return new TemplateMemory(store, { minAuthors: config.TEMPLATE_MIN_AUTHORS, salt: config.TEMPLATE_SALT, now })
}
