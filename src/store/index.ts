/**
 * The template store the configuration asks for: the shared Redis when REDIS_URL is set, the
 * in-process store otherwise. src/server.ts calls this; tests build stores directly.
 */
import type { Config } from '../config.js'
import { MemoryTemplateStore } from './memory-store.js'
import { RedisTemplateStore } from './redis-store.js'
import type { TemplateStore } from './template-store.js'

export type TemplateStoreConfig = Pick<Config, 'REDIS_URL' | 'TEMPLATE_WINDOW_SECONDS' | 'TEMPLATE_MAX_ENTRIES'>

export function createTemplateStore(config: TemplateStoreConfig): TemplateStore {
  const bounds = { windowSeconds: config.TEMPLATE_WINDOW_SECONDS, maxEntries: config.TEMPLATE_MAX_ENTRIES }
  return config.REDIS_URL ? new RedisTemplateStore({ url: config.REDIS_URL, ...bounds }) : new MemoryTemplateStore(bounds)
}
