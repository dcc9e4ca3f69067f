/**
 * The stream worker: scores comments a moderation pipeline pushes onto a Redis Stream and writes
 * each verdict to another, through a consumer group, so any number of workers on any number of
 * machines share one stream and none loses or double-counts a comment.
 *
 * - An input entry holds `body`: a POST /v1/score body as JSON, validated exactly as the route
 *   validates it; and `key`: an API key, needed when API_KEYS is set (the same tenant rules as the
 *   HTTP routes: the key's tenant is whose template memory the text reads and writes).
 * - Its result entry holds `source` (the input entry's id) and `result` (the /v1/score answer as
 *   JSON) or `error` (a message saying what to fix).
 * - Delivery is at least once; the result is written once. Writing the result and acknowledging
 *   the entry is one Lua script that first checks the entry is still pending for the group: an
 *   entry two workers both scored (one was slow, not dead, and the other claimed it) gets the
 *   first one's result only. The template memory remembers an entry once: a marker key per entry
 *   id, set before remembering, makes a second scoring read without writing.
 * - A worker that dies leaves its entries pending; the others claim those idle longer than
 *   `claimIdleMs` (XAUTOCLAIM). An entry delivered more than `maxDeliveries` times without a result
 *   (it crashed its workers, or its processing kept failing) goes to the dead-letter stream with the
 *   reason, and is acknowledged.
 * - Backpressure: a worker reads at most `batch` entries, scores and answers them, then reads again.
 * - stop(): the batch read is finished and answered, then run() returns.
 *
 * Redis Cluster: every key the scripts touch must hash to one slot, so the stream names carry one
 * hash tag (the default names are `{authenticity}:in`, `{authenticity}:out`, …).
 */
import type { Redis } from 'ioredis'
import { z } from 'zod'
import type { ApiKeys } from '../http/plugins/auth.js'
import { explainResult } from '../engine/result.js'
import { ScoreRequestSchema, type ScoreRequest } from '../scoring/request.js'
import type { Scored, ScoringService } from '../scoring/service.js'

export interface StreamNames {
  /** The input stream (STREAM_IN). */
  input: string
  /** The result stream (STREAM_OUT). */
  output: string
  /** The dead-letter stream (STREAM_DEAD, default `<STREAM_IN>:dead`). */
  dead: string
  /** The consumer group (STREAM_GROUP). */
  group: string
  /** This worker's name in the group (default host and pid). */
  consumer: string
}

export interface StreamWorkerOptions extends StreamNames {
  redis: Redis
  scoring: ScoringService
  apiKeys: ApiKeys
  /** Entries read (and claimed) at a time (STREAM_BATCH). */
  batch: number
  /** Result and dead-letter streams are trimmed to about this many entries (STREAM_MAX_LEN); 0: never. */
  maxLen: number
  /** How long an entry may sit with a silent consumer before another claims it (STREAM_CLAIM_IDLE_MS). */
  claimIdleMs: number
  /** Deliveries after which an entry without a result is dead-lettered (STREAM_MAX_DELIVERIES). */
  maxDeliveries: number
  /** How long one read waits for new entries, in ms: also how long stop() may wait for it. */
  blockMs?: number
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void }
  /** Told of what the worker did (the health listener's /metrics counts it). */
  onOutcome?: (outcome: Outcome, count: number) => void
}

/** What became of an entry: scored, answered with an error (not valid), dead-lettered, or failed for now (it stays pending). */
export type Outcome = 'processed' | 'invalid' | 'deadLettered' | 'failed'

/**
 * Writes the result and acknowledges, once: nothing when the entry is no longer pending for the
 * group (another worker answered it). KEYS: input, output. ARGV: group, entry id, field, value,
 * max length (0: no trimming). Returns 1 when written.
 */
const ANSWER_LUA = `
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #pending == 0 then return 0 end
if tonumber(ARGV[5]) > 0 then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'source', ARGV[2], ARGV[3], ARGV[4])
else
  redis.call('XADD', KEYS[2], '*', 'source', ARGV[2], ARGV[3], ARGV[4])
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return 1
`

/** An entry as read: its id and its fields. */
interface Entry {
  id: string
  fields: Record<string, string>
}

/** The entry's fields as a map (XREADGROUP answers them as a flat list). */
function entryOf([id, flat]: [string, string[]]): Entry {
  const fields: Record<string, string> = {}
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]] = flat[i + 1]
  return { id, fields }
}

/** How long a marker says "this entry was remembered": longer than any entry can stay pending. */
const REMEMBERED_TTL_MS = 7 * 24 * 3600 * 1000

declare module 'ioredis' {
  interface RedisCommander<Context> {
    streamAnswer(input: string, output: string, group: string, id: string, field: string, value: string, maxLen: number): Promise<number>
  }
}

export class StreamWorker {
  private stopping = false
  private running: Promise<void> | undefined
  /** The last failure of each entry this worker failed to score, for the dead-letter reason. */
  private readonly lastFailure = new Map<string, string>()
  private lastClaimMs = 0

  constructor(private readonly options: StreamWorkerOptions) {
    options.redis.defineCommand('streamAnswer', { numberOfKeys: 2, lua: ANSWER_LUA })
  }

  /** Creates the group at the start of the stream (entries added before any worker ran are scored too); an existing group is kept. */
  async ensureGroup(): Promise<void> {
    const { redis, input, group } = this.options
    try {
      await redis.xgroup('CREATE', input, group, '0', 'MKSTREAM')
    } catch (err) {
      if (!String((err as Error).message).startsWith('BUSYGROUP')) throw err
    }
  }

  /** Reads, scores and answers until stop(). */
  run(): Promise<void> {
    this.running ??= this.loop()
    return this.running
  }

  /** Finishes the batch in hand, then run() returns. */
  async stop(): Promise<void> {
    this.stopping = true
    await this.running
  }

  private async loop(): Promise<void> {
    await this.ensureGroup()
    while (!this.stopping) {
      try {
        if (Date.now() - this.lastClaimMs >= this.options.claimIdleMs / 2) await this.claimIdle()
        const read = await this.read()
        if (read.length > 0) await this.handle(read)
      } catch (err) {
        // Redis away, or an answer that could not be written: the entries stay pending and are
        // claimed again; wait a little rather than spin.
        this.options.logger?.error({ err: (err as Error).message }, 'stream worker: a round failed; retrying')
        if (!this.stopping) await new Promise((resolve) => setTimeout(resolve, 500))
      }
    }
  }

  private async read(): Promise<Entry[]> {
    const { redis, group, consumer, batch, input } = this.options
    const answer = (await redis.xreadgroup('GROUP', group, consumer, 'COUNT', batch, 'BLOCK', this.options.blockMs ?? 1000, 'STREAMS', input, '>')) as
      | Array<[string, Array<[string, string[]]>]>
      | null
    return answer === null ? [] : answer[0][1].map(entryOf)
  }

  /** Claims the entries idle longer than claimIdleMs; those delivered too often go to the dead-letter stream, the others are scored. */
  async claimIdle(): Promise<void> {
    this.lastClaimMs = Date.now()
    const { redis, input, group, consumer, claimIdleMs, batch, maxDeliveries } = this.options
    let cursor = '0-0'
    do {
      const [next, claimed] = (await redis.xautoclaim(input, group, consumer, claimIdleMs, cursor, 'COUNT', batch)) as [string, Array<[string, string[]] | null>]
      cursor = next
      const entries = claimed.filter((c): c is [string, string[]] => c !== null).map(entryOf)
      if (entries.length === 0) continue
      const pipeline = redis.pipeline()
      for (const e of entries) pipeline.xpending(input, group, e.id, e.id, 1)
      const counts = ((await pipeline.exec()) ?? []).map(([, r]) => Number((r as Array<[string, string, number, number]>)[0]?.[3] ?? 0))
      const dead = entries.filter((_, i) => counts[i] > maxDeliveries)
      const retry = entries.filter((_, i) => counts[i] <= maxDeliveries)
      for (const [i, e] of entries.entries()) {
        if (counts[i] > maxDeliveries) await this.deadLetter(e, counts[i])
      }
      if (dead.length > 0) this.options.onOutcome?.('deadLettered', dead.length)
      if (retry.length > 0) await this.handle(retry)
    } while (cursor !== '0-0' && !this.stopping)
  }

  private async deadLetter(entry: Entry, deliveries: number): Promise<void> {
    const { redis, input, dead, group, maxLen } = this.options
    const failure = this.lastFailure.get(entry.id)
    const reason = `delivered ${deliveries} times without a result (more than STREAM_MAX_DELIVERIES, ${this.options.maxDeliveries}): ${failure ?? 'its workers stopped or crashed before answering it'}`
    const fields = ['body', entry.fields.body ?? '', 'reason', reason]
    // The dead letter and the acknowledgement go together: the entry is never in both places or in neither.
    const tx = redis.multi()
    if (maxLen > 0) tx.xadd(dead, 'MAXLEN', '~', maxLen, '*', 'source', entry.id, ...fields)
    else tx.xadd(dead, '*', 'source', entry.id, ...fields)
    tx.xack(input, group, entry.id)
    await tx.exec()
    this.lastFailure.delete(entry.id)
    this.options.logger?.warn({ entry: entry.id, deliveries }, 'stream entry dead-lettered')
  }

  /** Scores the valid entries, answers every one; a failure leaves the entries it hit pending. */
  private async handle(entries: Entry[]): Promise<void> {
    const parsed = entries.map((e) => this.parse(e))
    const valid = parsed.flatMap((p, i) => ('input' in p ? [{ entry: entries[i], ...p }] : []))
    await this.markRemembered(valid)
    const answers = new Map<string, { field: 'result' | 'error'; value: string }>()
    for (const [i, p] of parsed.entries()) if ('error' in p) answers.set(entries[i].id, { field: 'error', value: p.error })
    // One scoreMany per tenant, in stream order within it (a stream usually has one).
    const byTenant = new Map<string | undefined, typeof valid>()
    for (const v of valid) byTenant.set(v.tenant, [...(byTenant.get(v.tenant) ?? []), v])
    let failed = 0
    // The /v1/score answer, with the author's stats last when AUTHOR_STATS counted the text.
    const answer = (v: (typeof valid)[number], { result, author }: Scored) => {
      const shown = explainResult(result, v.input.explain)
      answers.set(v.entry.id, { field: 'result', value: JSON.stringify(author === undefined ? shown : { ...shown, author }) })
    }
    for (const [tenant, group] of byTenant) {
      try {
        const scored = await this.options.scoring.scoreMany(
          group.map((v) => v.input),
          { tenant },
        )
        scored.forEach((s, k) => answer(group[k], s))
      } catch {
        // One entry failed the lot: score them one by one, so only the failing ones stay pending.
        for (const v of group) {
          try {
            answer(v, await this.options.scoring.score(v.input, { tenant }))
          } catch (err) {
            failed++
            this.lastFailure.set(v.entry.id, `scoring failed: ${(err as Error).message}`)
            this.options.logger?.warn({ entry: v.entry.id, err: (err as Error).message }, 'stream entry failed; it stays pending and is claimed again')
          }
        }
      }
    }
    const { redis, input, output, group, maxLen } = this.options
    const pipeline = redis.pipeline()
    const order = entries.filter((e) => answers.has(e.id))
    for (const e of order) {
      const a = answers.get(e.id)!
      pipeline.streamAnswer(input, output, group, e.id, a.field, a.value, maxLen)
    }
    const written = (await pipeline.exec()) ?? []
    for (const [err] of written) if (err) throw err
    // Counted when this worker's answer is the one written (0: another worker answered first).
    let processed = 0
    let invalid = 0
    order.forEach((e, k) => {
      this.lastFailure.delete(e.id)
      if (written[k][1] !== 1) return
      if (answers.get(e.id)!.field === 'error') invalid++
      else processed++
    })
    if (processed > 0) this.options.onOutcome?.('processed', processed)
    if (invalid > 0) this.options.onOutcome?.('invalid', invalid)
    if (failed > 0) this.options.onOutcome?.('failed', failed)
  }

  /** The entry as a scoring request and tenant, or the error its result will say. */
  private parse(entry: Entry): { input: ScoreRequest; tenant: string | undefined } | { error: string } {
    const { body, key } = entry.fields
    if (body === undefined) return { error: 'the entry has no "body" field: add one holding a POST /v1/score body as JSON' }
    let raw: unknown
    try {
      raw = JSON.parse(body)
    } catch (err) {
      return { error: `body is not valid JSON (${(err as Error).message}): send one JSON object` }
    }
    const parsed = ScoreRequestSchema.safeParse(raw)
    if (!parsed.success) return { error: describe(parsed.error) }
    const { apiKeys } = this.options
    if (!apiKeys.enabled) return { input: parsed.data, tenant: undefined }
    if (key === undefined) return { error: 'the service runs with API keys: add a "key" field holding one' }
    const id = apiKeys.verify(key)
    if (id === undefined) return { error: 'the API key in "key" is not valid' }
    return { input: parsed.data, tenant: id }
  }

  /**
   * Sets each entry's "remembered" marker; an entry whose marker was already set (scored before by
   * a worker that then died or was overtaken) is scored with remember: false, so the template
   * memory counts it once.
   */
  private async markRemembered(valid: Array<{ entry: Entry; input: ScoreRequest }>): Promise<void> {
    const wanted = valid.filter((v) => v.input.remember)
    if (wanted.length === 0) return
    const pipeline = this.options.redis.pipeline()
    for (const v of wanted) pipeline.set(`${this.options.input}:remembered:${v.entry.id}`, '1', 'PX', REMEMBERED_TTL_MS, 'NX')
    const answers = (await pipeline.exec()) ?? []
    answers.forEach(([err, ok], i) => {
      if (err || ok === null) wanted[i].input = { ...wanted[i].input, remember: false }
    })
  }

  /** Pending entries and the group's lag (entries not yet delivered), for /metrics. */
  async backlog(): Promise<{ pending: number; lag: number }> {
    const { redis, input, group } = this.options
    const [summary, groups] = await Promise.all([
      redis.xpending(input, group) as Promise<[number, ...unknown[]]>,
      redis.xinfo('GROUPS', input) as Promise<unknown[][]>,
    ])
    let lag = 0
    for (const g of groups) {
      const info: Record<string, unknown> = {}
      for (let i = 0; i + 1 < g.length; i += 2) info[String(g[i])] = g[i + 1]
      if (info.name === group) lag = Number(info.lag ?? 0)
    }
    return { pending: Number(summary[0]), lag }
  }
}

/** "text: is required: …; kind: must be …", as the HTTP routes say it. */
function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`).join('; ')
}
