/**
 * The shared template store: one Redis for every replica of the service (REDIS_URL).
 *
 * Keys, under a prefix (default `authenticity:tpl:`):
 * - `seq`: a counter; each recorded entry takes the next id.
 * - `e:<id>`: the entry, 60 bytes: time (seconds, u32), author hash (u32, 0 = none), tenant tag
 *   (u32), the 24 16-bit signature values, all keyed by the template memory (no plain fingerprint).
 *   Entries of the former 56-byte layout (no tenant, plain values) are ignored, and forget() deletes
 *   them. It expires when it leaves the window (PX), and the entry `maxEntries` ids older
 *   is deleted when a new one is written, so at most `maxEntries` entries exist.
 * - `b:<bucket>`: a sorted set of `<id>:<band key>`, scored by id: the entries with an LSH band
 *   key that hashes to the bucket (the in-memory store's bucket function). A fixed number of
 *   buckets, about 8 band keys each when the store is full, keeps Redis's per-key overhead off the
 *   per-entry cost (one set per band key would cost 12 keys per entry: 1.8 kB instead of 0.6 kB).
 *   Each write trims the set to its newest BUCKET_SCANS × maxScan members and to ids within
 *   `maxEntries`, and pushes its expiry to the end of the window.
 * - `c:<tenant tag and signature, 52 raw bytes>`: once a signature is recorded again by the same
 *   tenant, a list of its exact copies, newest first, at most maxScan: 16 bytes each, id (double),
 *   time and author (u32). Only the newest copy keeps its members in the bucket sets (a record
 *   removes the previous copy's), so a template stored ten thousand times costs a lookup one
 *   candidate and one LRANGE, not a candidate per copy and band (npm run bench:store, "stored
 *   10,000 times": 1.7 ms before, about 1.5 × a template stored once now). It expires with the
 *   window of its newest copy. A text recorded once has no list.
 * - `secret`: the deployment's secret when TEMPLATE_SALT is not set (sharedSecret), no expiry.
 * - `a:<tenant tag>:<author hash>`: author stats (AUTHOR_STATS), a hash of time buckets per author
 *   that expires one window after its last count (redis-author-stats.ts).
 *
 * Both operations are Lua scripts: one round trip each, atomic. A lookup takes, per band, the
 * newest `maxScan` distinct signatures with the query's band key (the in-memory store's
 * candidates), keeps the near-duplicates of the same tenant and answers their copies; the service
 * counts the newest maxScan with the same code as the in-memory store (SightingsTally). Written for a single Redis (or a primary with replicas), not Redis
 * Cluster: the scripts compute entry keys from ids.
 *
 * Failure: the client never queues commands while disconnected and gives each command a short
 * timeout, so a dead Redis makes lookups and records reject at once (the caller scores without the
 * memory); it reconnects by itself with backoff, and health() says `degraded` until it has.
 */
import { Redis, type RedisOptions } from 'ioredis'
import { BANDS, SIGNATURE_SIZE, bandKey, type Signature } from '../engine/fingerprint.js'
import { BUCKET_SCANS, MIN_EQUAL_VALUES, SightingsTally, bucketOf, checkOptions, toSeconds, type Sightings, type StoreHealth, type TemplateStore, type TemplateStoreOptions } from './template-store.js'
import type { AuthorCounts } from './author-stats.js'
import { RedisAuthorStats } from './redis-author-stats.js'

export interface RedisTemplateStoreOptions extends TemplateStoreOptions {
  /** redis://[user:password@]host:port[/db] */
  url: string
  /** Key prefix, so several deployments (or tests) can share one Redis. */
  prefix?: string
  /** Overrides of the ioredis options below (tests shorten the timeouts). */
  client?: RedisOptions
}

/** Fail fast when Redis is away: the score must not wait for the memory. */
export const REDIS_CLIENT_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 1000,
  commandTimeout: 500,
  // Reconnect forever, backing off to one attempt every 2 s.
  retryStrategy: (attempt: number) => Math.min(100 * attempt, 2000),
}

const ENTRY_BYTES = 12 + 2 * SIGNATURE_SIZE
/** The former layout: time, author, plain signature values (no tenant). */
const LEGACY_ENTRY_BYTES = 8 + 2 * SIGNATURE_SIZE

/**
 * Record one entry. KEYS: seq, the entry's copies list, then the bucket of each band (a bucket may
 * repeat). ARGV: the entry key prefix, the entry, the window in ms, maxEntries, the ids a bucket
 * keeps, maxScan, the entry's time and author, then the band keys. A bucket's members are
 * "<id>:<band key>", scored by id. The previous copy of the same tenant and signature (the newest
 * member of the first band's bucket with its band key whose entry is the same after the author)
 * leaves the buckets, and the copies list starts with it: the newest copy stands for them all.
 */
const RECORD_LUA = `
local id = redis.call('INCR', KEYS[1])
local windowMs, maxEntries, bucketCap, maxScan = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local exact = string.sub(ARGV[2], 9)
local previous, candidates = nil, 0
for _, member in ipairs(redis.call('ZREVRANGE', KEYS[3], 0, -1)) do
  if candidates >= maxScan then break end
  local sep = string.find(member, ':', 1, true)
  if string.sub(member, sep + 1) == ARGV[9] then
    candidates = candidates + 1
    local other = string.sub(member, 1, sep - 1)
    local entry = redis.call('GET', ARGV[1] .. other)
    if entry and string.sub(entry, 9) == exact then
      previous = other
      if redis.call('EXISTS', KEYS[2]) == 0 then
        redis.call('RPUSH', KEYS[2], struct.pack('>dI4I4', tonumber(other), struct.unpack('>I4', entry), struct.unpack('>I4', entry, 5)))
      end
      break
    end
  end
end
redis.call('SET', ARGV[1] .. id, ARGV[2], 'PX', windowMs)
local oldest = id - maxEntries
if oldest > 0 then redis.call('UNLINK', ARGV[1] .. oldest) end
if previous then
  redis.call('LPUSH', KEYS[2], struct.pack('>dI4I4', id, tonumber(ARGV[7]), tonumber(ARGV[8])))
  redis.call('LTRIM', KEYS[2], 0, maxScan - 1)
  redis.call('PEXPIRE', KEYS[2], windowMs)
end
for i = 3, #KEYS do
  if previous then redis.call('ZREM', KEYS[i], previous .. ':' .. ARGV[6 + i]) end
  redis.call('ZADD', KEYS[i], id, id .. ':' .. ARGV[6 + i])
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(bucketCap + 1))
  if oldest > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', oldest) end
  redis.call('PEXPIRE', KEYS[i], windowMs)
end
return id
`

/**
 * The matches of a lookup. KEYS: seq, then the bucket of each band. ARGV: the entry key prefix,
 * maxEntries, maxScan, the copies key prefix, the equal values that make a near-duplicate, the
 * query (tenant tag and signature, as an entry's bytes 9 to 60), then the query's band keys. For
 * each band, the newest maxScan members of its bucket with the query's band key (and an id within
 * maxEntries of the counter) are candidates; a candidate of the query's tenant with at least that
 * many equal values matches, and answers its copies (16 bytes each: id, time, author), or itself
 * when it has no copies list (a text recorded once). Answers the highest id past maxEntries (ids at
 * or below it are gone), then the copies; the service drops those and the expired ones, keeps each
 * id once and counts the newest maxScan.
 */
const LOOKUP_LUA = `
local floor = tonumber(redis.call('GET', KEYS[1]) or '0') - tonumber(ARGV[2])
local maxScan, minEqual, query = tonumber(ARGV[3]), tonumber(ARGV[5]), ARGV[6]
local tenant, q = string.sub(query, 1, 4), { string.byte(query, 5, 52) }
local seen, out = {}, { tostring(floor) }
for i = 2, #KEYS do
  local key, candidates = ARGV[5 + i], 0
  for _, member in ipairs(redis.call('ZREVRANGE', KEYS[i], 0, -1)) do
    if candidates >= maxScan then break end
    local sep = string.find(member, ':', 1, true)
    if string.sub(member, sep + 1) == key then
      local id = tonumber(string.sub(member, 1, sep - 1))
      if id > floor then
        candidates = candidates + 1
        if not seen[id] then
          seen[id] = true
          local entry = redis.call('GET', ARGV[1] .. id)
          if entry and #entry == 60 and string.sub(entry, 9, 12) == tenant then
            local equal = 24
            if string.sub(entry, 9) ~= query then
              equal = 0
              local e = { string.byte(entry, 13, 60) }
              for k = 1, 47, 2 do
                if e[k] == q[k] and e[k + 1] == q[k + 1] then equal = equal + 1 end
              end
            end
            if equal >= minEqual then
              local copies = redis.call('LRANGE', ARGV[4] .. string.sub(entry, 9), 0, maxScan - 1)
              if #copies == 0 then
                out[#out + 1] = struct.pack('>dI4I4', id, struct.unpack('>I4', entry), struct.unpack('>I4', entry, 5))
              end
              for _, copy in ipairs(copies) do out[#out + 1] = copy end
            end
          end
        end
      end
    end
  end
end
return out
`

/** The two scripts as ioredis defines them on the client (defineCommand adds a *Buffer variant). */
interface TemplateCommands {
  templateRecord(...args: Array<string | number | Buffer>): Promise<number>
  /** The oldest live id, then the matches' copies (see LOOKUP_LUA). */
  templateLookupBuffer(...args: Array<string | number | Buffer>): Promise<Buffer[]>
}

export class RedisTemplateStore implements TemplateStore {
  readonly kind = 'redis' as const
  readonly redis: Redis
  private readonly prefix: string
  private readonly windowSeconds: number
  private readonly maxEntries: number
  private readonly maxScan: number
  private readonly mask: number
  /** The last command failed; cleared by a success or a reconnection. */
  private failing = false
  private readonly authorStats: RedisAuthorStats

  constructor(options: RedisTemplateStoreOptions) {
    const o = checkOptions(options)
    this.windowSeconds = o.windowSeconds
    this.maxEntries = o.maxEntries
    this.maxScan = o.maxScan
    this.prefix = options.prefix ?? 'authenticity:tpl:'
    this.mask = bucketCount(this.maxEntries) - 1
    this.redis = new Redis(options.url, { ...REDIS_CLIENT_OPTIONS, ...options.client })
    this.redis.defineCommand('templateRecord', { numberOfKeys: 2 + BANDS, lua: RECORD_LUA })
    this.redis.defineCommand('templateLookup', { numberOfKeys: 1 + BANDS, lua: LOOKUP_LUA })
    this.authorStats = new RedisAuthorStats(this.redis, this.key('a:'), globEscape(this.key('a:')))
    // Connection errors surface as rejected commands and as health(); an unhandled 'error' event would crash the process.
    this.redis.on('error', () => {})
    this.redis.on('ready', () => {
      this.failing = false
    })
  }

  /** Resolves true once connected, false after `timeoutMs` without a connection. */
  async ready(timeoutMs = 5000): Promise<boolean> {
    return redisReady(this.redis, timeoutMs)
  }

  /** Sorted sets of band buckets: about KEYS_PER_BUCKET band keys each when the store is full. */
  get buckets(): number {
    return this.mask + 1
  }

  async lookup(signature: Signature, nowMs: number, tenant = 0): Promise<Sightings> {
    return this.guard(async () => {
      const query = encode(signature, 0, 0, tenant).subarray(8)
      const [floor, ...copies] = await this.scripts.templateLookupBuffer(this.key('seq'), ...this.bucketKeys(signature), this.key('e:'), this.maxEntries, this.maxScan, this.key('c:'), MIN_EQUAL_VALUES, query, ...bandKeys(signature))
      const oldestId = Number(floor.toString())
      const cutoff = toSeconds(nowMs) - this.windowSeconds
      const live = new Map<number, Buffer>()
      for (const copy of copies) {
        const id = copy.readDoubleBE(0)
        if (id > oldestId && copy.readUInt32BE(8) > cutoff) live.set(id, copy)
      }
      const tally = new SightingsTally()
      for (const id of [...live.keys()].sort((a, b) => b - a).slice(0, this.maxScan)) tally.add(live.get(id)!.readUInt32BE(8), live.get(id)!.readUInt32BE(12))
      return tally.result()
    })
  }

  async record(signature: Signature, author: number, nowMs: number, tenant = 0): Promise<void> {
    await this.guard(async () => {
      const time = toSeconds(nowMs)
      const entry = encode(signature, author, time, tenant)
      const copies = Buffer.concat([Buffer.from(this.key('c:')), entry.subarray(8)])
      await this.scripts.templateRecord(this.key('seq'), copies, ...this.bucketKeys(signature), this.key('e:'), entry, this.windowSeconds * 1000, this.maxEntries, BUCKET_SCANS * this.maxScan, this.maxScan, time, author >>> 0, ...bandKeys(signature))
    })
  }

  async size(): Promise<number> {
    return this.guard(async () => Math.min(Number((await this.redis.get(this.key('seq'))) ?? 0), this.maxEntries))
  }

  /**
   * Scans the entries (SCAN, 1,000 keys a round, so Redis is never blocked for long), deletes those
   * of the tenant and those of the former layout, and removes their members from the bucket sets.
   */
  async forget(tenant: number): Promise<number> {
    return this.guard(async () => {
      const tag = tenant >>> 0
      const entryPrefix = this.key('e:')
      let cursor = '0'
      let removed = 0
      do {
        const [next, found] = await this.redis.scan(cursor, 'MATCH', `${globEscape(entryPrefix)}*`, 'COUNT', 1000)
        cursor = next
        const keys = [...new Set(found)]
        if (keys.length === 0) continue
        const entries = await this.redis.mgetBuffer(...keys)
        const batch = this.redis.pipeline()
        let queued = 0
        keys.forEach((key, i) => {
          const entry = entries[i]
          const at = entry?.length === ENTRY_BYTES ? 12 : 8
          /* c8 ignore next -- an entry that expired between SCAN and MGET: no test can time that */
          if (!entry) return
          if (entry.length === ENTRY_BYTES && entry.readUInt32BE(8) !== tag) return
          batch.unlink(key)
          queued++
          if (entry.length !== ENTRY_BYTES && entry.length !== LEGACY_ENTRY_BYTES) return
          const signature = new Uint16Array(SIGNATURE_SIZE)
          for (let k = 0; k < SIGNATURE_SIZE; k++) signature[k] = entry.readUInt16BE(at + 2 * k)
          const id = key.slice(entryPrefix.length)
          const members = bandKeys(signature)
          this.bucketKeys(signature).forEach((bucket, band) => batch.zrem(bucket, `${id}:${members[band]}`))
        })
        if (queued === 0) continue
        /* c8 ignore next -- exec() answers null only for an aborted MULTI, which a pipeline is not */
        for (const [err] of (await batch.exec()) ?? []) if (err) throw err
        removed += queued
      } while (cursor !== '0')
      await this.forgetCopies(tag)
      return removed
    })
  }

  /** Delete the tenant's copies lists: their keys carry the tenant tag right after the prefix. */
  private async forgetCopies(tag: number): Promise<void> {
    const copiesPrefix = Buffer.from(this.key('c:'))
    let cursor = '0'
    do {
      const [next, found] = await this.redis.scanBuffer(cursor, 'MATCH', `${globEscape(this.key('c:'))}*`, 'COUNT', 1000)
      cursor = next.toString()
      const mine = found.filter((key) => key.length === copiesPrefix.length + ENTRY_BYTES - 8 && key.readUInt32BE(copiesPrefix.length) === tag)
      if (mine.length > 0) await this.redis.unlink(...mine)
    } while (cursor !== '0')
  }

  async countAuthor(tenant: number, author: string, templated: boolean, nowMs: number, windowSeconds: number): Promise<AuthorCounts> {
    return this.guard(() => this.authorStats.count(tenant, author, templated, nowMs, windowSeconds))
  }

  async authorCounts(tenant: number, author: string, nowMs: number, windowSeconds: number): Promise<AuthorCounts> {
    return this.guard(() => this.authorStats.read(tenant, author, nowMs, windowSeconds))
  }

  async forgetAuthors(tenant: number): Promise<number> {
    return this.guard(() => this.authorStats.forget(tenant))
  }

  async sharedSecret(candidate: Buffer): Promise<Buffer> {
    return this.guard(async () => {
      await this.redis.set(this.key('secret'), candidate, 'NX')
      const secret = await this.redis.getBuffer(this.key('secret'))
      /* c8 ignore next -- deleted between the SET and the GET (a FLUSHALL at that very moment) */
      if (secret === null || secret.length === 0) throw new Error('template store: the shared secret was deleted while it was read')
      return secret
    })
  }

  health(): StoreHealth {
    return { store: 'redis', status: this.redis.status === 'ready' && !this.failing ? 'ok' : 'degraded' }
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect())
    } else {
      this.redis.disconnect()
    }
  }

  private get scripts(): TemplateCommands {
    return this.redis as unknown as TemplateCommands
  }

  private key(name: string): string {
    return this.prefix + name
  }

  private bucketKeys(signature: Signature): string[] {
    return Array.from({ length: BANDS }, (_, band) => this.key(`b:${bucketOf(band, bandKey(signature, band)) & this.mask}`))
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      const result = await op()
      this.failing = false
      return result
    } catch (err) {
      this.failing = true
      throw err
    }
  }
}

/** An entry as stored: time (u32), author (u32), tenant (u32), then the signature values (u16 each), big-endian. */
function encode(signature: Signature, author: number, timeSeconds: number, tenant: number): Buffer {
  const entry = Buffer.alloc(ENTRY_BYTES)
  entry.writeUInt32BE(timeSeconds, 0)
  entry.writeUInt32BE(author >>> 0, 4)
  entry.writeUInt32BE(tenant >>> 0, 8)
  for (let k = 0; k < SIGNATURE_SIZE; k++) entry.writeUInt16BE(signature[k], 12 + 2 * k)
  return entry
}

/** `text` as a SCAN MATCH pattern that matches it literally (a prefix may hold * ? [ ] or \). */
function globEscape(text: string): string {
  let out = ''
  for (const c of text) out += c === '*' || c === '?' || c === '[' || c === ']' || c === '\\' ? `\\${c}` : c
  return out
}

/** The band keys as bucket members carry them. */
function bandKeys(signature: Signature): string[] {
  return Array.from({ length: BANDS }, (_, band) => bandKey(signature, band).toString(36))
}

/** Band keys per bucket set when the store is full: fewer costs Redis more keys, more costs lookups longer scans. */
const KEYS_PER_BUCKET = 8

/** A power of two near maxEntries × BANDS / KEYS_PER_BUCKET. */
function bucketCount(maxEntries: number): number {
  let buckets = 16
  while (buckets * KEYS_PER_BUCKET < maxEntries * BANDS) buckets *= 2
  return buckets
}

/** Resolves true once `redis` is connected, false after `timeoutMs` without a connection. */
export function redisReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true)
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer)
      redis.off('ready', onReady)
      resolve(ok)
    }
    const onReady = () => done(true)
    const timer = setTimeout(() => done(false), timeoutMs)
    redis.on('ready', onReady)
  })
}
