/**
 * The feedback store the configuration asks for: Redis when REDIS_URL is set (beside the template
 * memory, shared by every replica), else the JSONL file FEEDBACK_FILE. src/server.ts calls this;
 * tests build stores directly.
 */
import type { Config } from '../config.js'
import { FileFeedbackStore } from './file-store.js'
import { RedisFeedbackStore } from './redis-store.js'
import type { FeedbackStore } from './store.js'

export type FeedbackStoreConfig = Pick<Config, 'REDIS_URL' | 'FEEDBACK_FILE' | 'FEEDBACK_MAX_ROWS'>

export function createFeedbackStore(config: FeedbackStoreConfig): FeedbackStore {
  const bound = { maxRowsPerTenant: config.FEEDBACK_MAX_ROWS }
  return config.REDIS_URL ? new RedisFeedbackStore({ url: config.REDIS_URL, ...bound }) : new FileFeedbackStore({ path: config.FEEDBACK_FILE, ...bound })
}
