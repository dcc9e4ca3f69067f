/**
 * Author stats in the shared Redis (author-stats.ts has the model): one hash per tenant and author,
 * `<prefix>a:<tenant tag, 8 hex digits>:<author hash, 16 hex digits>`, whose fields are time
 * buckets: `<bucket index>` holds the texts counted in that bucket, `<bucket index>t` the templated
 * ones among them. The key names nothing but keyed hashes and the values are counts, so what Redis
 * holds says nothing about which account it is without the deployment's secret.
 *
 * Bounded by time alone: every count prunes the buckets that left the window (at most
 * AUTHOR_BUCKETS buckets, two fields each, stay) and pushes the key's expiry to when its newest
 * count leaves the window, so an account that stops posting leaves Redis one window after its
 * last text. A tenant's keys share a prefix, so forgetting them is a SCAN over that pattern.
 */
import type { Redis } from 'ioredis'
import { AUTHOR_BUCKETS, bucketIndex, bucketSeconds, checkWindow, type AuthorCounts } from './author-stats.js'

/**
 * Count (when ARGV[2] is '1') and sum one author's buckets. KEYS: the author's hash. ARGV: the
 * current bucket index, '1' to count a text, '1' when it is templated, AUTHOR_BUCKETS, the expiry
 * in seconds. Prunes the buckets older than the window on the way; answers { texts, templated }.
 * Reads prune too: what no longer counts is deleted whoever asks.
 */
const AUTHOR_LUA = `
local current = tonumber(ARGV[1])
local oldest = current - tonumber(ARGV[4]) + 1
if ARGV[2] == '1' then
  redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
  if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[1], ARGV[1] .. 't', 1) end
  redis.call('EXPIRE', KEYS[1], ARGV[5])
end
local fields = redis.call('HGETALL', KEYS[1])
local texts, templated, stale = 0, 0, {}
for i = 1, #fields, 2 do
  local name = fields[i]
  local isTemplated = string.byte(name, -1) == 116
  local bucket = tonumber(isTemplated and string.sub(name, 1, -2) or name)
  if bucket < oldest then
    stale[#stale + 1] = name
  elseif isTemplated then
    templated = templated + tonumber(fields[i + 1])
  else
    texts = texts + tonumber(fields[i + 1])
  end
end
if #stale > 0 then redis.call('HDEL', KEYS[1], unpack(stale)) end
return { texts, templated }
`

interface AuthorCommands {
  authorStats(key: string, current: number, count: string, templated: string, buckets: number, expirySeconds: number): Promise<[number, number]>
}

export class RedisAuthorStats {
  /**
   * `redis`: the template store's client; `prefix`: the keys' prefix (`<store prefix>a:`);
   * `pattern`: the same as a SCAN MATCH pattern (escaped where the prefix holds glob characters).
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly pattern: string,
  ) {
    redis.defineCommand('authorStats', { numberOfKeys: 1, lua: AUTHOR_LUA })
  }

  count(tenant: number, author: string, templated: boolean, nowMs: number, windowSeconds: number): Promise<AuthorCounts> {
    return this.run(tenant, author, nowMs, windowSeconds, templated)
  }

  read(tenant: number, author: string, nowMs: number, windowSeconds: number): Promise<AuthorCounts> {
    return this.run(tenant, author, nowMs, windowSeconds, null)
  }

  /** Delete the tenant's author keys, a SCAN round (1,000 keys) at a time; answers how many went. */
  async forget(tenant: number): Promise<number> {
    let cursor = '0'
    let removed = 0
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', `${this.pattern}${tag(tenant)}:*`, 'COUNT', 1000)
      cursor = next
      const keys = [...new Set(found)]
      if (keys.length > 0) removed += await this.redis.unlink(...keys)
    } while (cursor !== '0')
    return removed
  }

  /** One script call; `templated` null: read only. */
  private async run(tenant: number, author: string, nowMs: number, windowSeconds: number, templated: boolean | null): Promise<AuthorCounts> {
    const window = checkWindow(windowSeconds)
    // Until the newest bucket leaves the window: AUTHOR_BUCKETS bucket lengths from now at most.
    const expirySeconds = AUTHOR_BUCKETS * bucketSeconds(window)
    const commands = this.redis as unknown as AuthorCommands
    const [texts, templatedTexts] = await commands.authorStats(`${this.prefix}${tag(tenant)}:${author}`, bucketIndex(nowMs, window), templated === null ? '0' : '1', templated ? '1' : '0', AUTHOR_BUCKETS, expirySeconds)
    return { texts, templated: templatedTexts }
  }
}

/** A tenant tag as it appears in the keys: 8 hex digits. */
const tag = (tenant: number): string => (tenant >>> 0).toString(16).padStart(8, '0')
