/**
 * Two worker processes on one consumer group over 5,000 real comments, one killed with SIGKILL half
 * way: exactly one result per entry, none lost, the killed worker's pending entries claimed by the
 * other, an invalid entry answered with an error; the survivor stops on SIGTERM with nothing pending.
 */
import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Redis } from 'ioredis'
import { RedisServer, redisSkipReason } from '../store/redis-server.js'
import { until } from './until.js'
import { CHILD_NODE_ARGS, childEnv } from '../child-env.js'

const skip = redisSkipReason()
const ENTRIES = 5000

/** Real comments: the dev folder's YouTube comments and tweets, as many as needed (as scripts/bench-worker.ts takes them). */
function comments(n: number): string[] {
  const texts = ['youtube-comments.jsonl', 'tweets.jsonl'].flatMap((file) =>
    readFileSync(new URL(`../../../shared/data/dev/${file}`, import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { text: string }).text),
  )
  return Array.from({ length: n }, (_, i) => texts[i % texts.length])
}


function startWorker(url: string, consumer: string): ChildProcess {
  return spawn(process.execPath, [...CHILD_NODE_ARGS, 'src/worker/main.ts'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: childEnv({
      REDIS_URL: url,
      STREAM_CONSUMER: consumer,
      STREAM_CLAIM_IDLE_MS: '1000',
      STREAM_BATCH: '16',
      WORKER_PORT: '0',
      TEMPLATE_SALT: 'a-salt-long-enough-for-the-process-test',
      SCORING_THREADS: '0',
    }),
  })
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode })
    else child.once('exit', (code, signal) => resolve({ code, signal }))
  })


t.test('two workers, one killed half way: 5,000 entries, 5,000 results, one per entry', { skip, timeout: 600_000 }, async (t) => {
  const server = await RedisServer.start()
  const redis = new Redis(server.url)
  const workers: ChildProcess[] = []
  t.teardown(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL')
    await redis.quit()
    await server.kill()
  })
  const input = '{authenticity}:in'
  const output = '{authenticity}:out'
  const group = 'authenticity'

  // Entries first: the group is created at the start of the stream, so these are scored too.
  const texts = comments(ENTRIES - 1)
  const ids: string[] = []
  const pipeline = redis.pipeline()
  texts.forEach((text, i) => {
    if (i === 1234) pipeline.xadd(input, '*', 'body', '{"text": 42}')
    pipeline.xadd(input, '*', 'body', JSON.stringify({ text, kind: 'comment', author: `account-${i % 97}` }))
  })
  const added = (await pipeline.exec())!
  t.same(added.filter(([err]) => err !== null), [], 'every entry added')
  for (const [, id] of added) ids.push(id as string)
  t.equal(ids.length, ENTRIES)
  const invalidId = ids[1234]

  workers.push(startWorker(server.url, 'w1'), startWorker(server.url, 'w2'))
  const pendingOf = async (consumer: string) => {
    const rows = (await redis.xpending(input, group, '-', '+', 1000, consumer).catch(() => [])) as Array<[string, string, number, number]>
    return rows.map((r) => r[0])
  }
  // Half way, while w1 holds entries it has read and not answered: SIGKILL, no chance to clean up.
  // Frozen first (SIGSTOP), so what it holds cannot change between looking and killing; if it
  // holds nothing at that instant (between an acknowledgement and its next read), thawed and retried.
  await until('half the results', () => redis.xlen(output), (n) => n >= ENTRIES / 2, 240_000)
  const held = await until(
    'w1 frozen holding entries',
    async () => {
      workers[0].kill('SIGSTOP')
      const pending = await pendingOf('w1')
      if (pending.length === 0) workers[0].kill('SIGCONT')
      return pending
    },
    (p) => p.length > 0,
    240_000,
  )
  workers[0].kill('SIGKILL')
  t.same(await exited(workers[0]), { code: null, signal: 'SIGKILL' })
  // What it held at death: those it held when frozen (unless the other worker already claimed some).
  const heldAtDeath = await pendingOf('w1')
  t.ok(held.length > 0 && heldAtDeath.every((id) => held.includes(id)), `w1 died holding ${held.length} entries`)

  await until('every result', () => redis.xlen(output), (n) => n >= ENTRIES, 240_000)
  await until('nothing pending', async () => (await redis.xpending(input, group)) as [number], (p) => p[0] === 0, 240_000)

  const results = (await redis.xrange(output, '-', '+')) as Array<[string, string[]]>
  t.equal(results.length, ENTRIES, 'exactly one result per entry')
  const bySource = new Map<string, Record<string, string>>()
  for (const [, f] of results) {
    const m: Record<string, string> = {}
    for (let i = 0; i < f.length; i += 2) m[f[i]] = f[i + 1]
    bySource.set(m.source, m)
  }
  t.equal(bySource.size, ENTRIES, 'no entry answered twice')
  t.ok(ids.every((id) => bySource.has(id)), 'no entry lost')
  t.ok(held.every((id) => bySource.has(id)), "the killed worker's entries were claimed and answered")
  t.match(bySource.get(invalidId)!.error, /^text: must be a string, got a number/, 'the invalid entry got an error')
  t.equal([...bySource.values()].filter((m) => m.error !== undefined).length, 1, 'and only it')
  const sample = JSON.parse(bySource.get(ids[0])!.result) as { label: string; score: number }
  t.ok(typeof sample.score === 'number' && typeof sample.label === 'string', 'results are /v1/score answers')
  t.equal(await redis.xlen(`${input}:dead`), 0, 'nothing dead-lettered: a crash once is not a poison entry')

  // The survivor stops on SIGTERM: it answers what it holds and exits 0.
  workers[1].kill('SIGTERM')
  t.same(await exited(workers[1]), { code: 0, signal: null })
})
