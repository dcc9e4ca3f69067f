/**
 * The stream worker's throughput: texts per second for one and for two worker processes (the built
 * `node dist/worker/main.js`, as `authenticity worker` runs it) on one consumer group, against a
 * real redis-server on loopback. The workers start first and wait on the empty stream; then the
 * entries (real comments: the dev folder's YouTube comments and tweets) go in one pipeline, and the
 * clock runs until the result stream holds one result per entry. npm run bench calls it and writes
 * the figures to docs/BENCHMARKS.md; `npx tsx scripts/bench-worker.ts` prints them alone.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Redis } from 'ioredis'
import { RedisServer } from '../test/store/redis-server.js'

const ROOT = new URL('..', import.meta.url)

export interface WorkerBenchResult {
  entries: number
  meanChars: number
  /** Texts per second, one entry per round, for 1 and 2 workers. */
  rounds: Record<1 | 2, number[]>
}

/** Real comments, as many as asked for. */
export function comments(n: number): string[] {
  const texts: string[] = []
  for (const file of ['youtube-comments.jsonl', 'tweets.jsonl']) {
    for (const line of readFileSync(new URL(`../shared/data/dev/${file}`, ROOT), 'utf8').split('\n')) {
      if (line.trim() !== '') texts.push((JSON.parse(line) as { text: string }).text)
    }
  }
  return Array.from({ length: n }, (_, i) => texts[i % texts.length])
}

function startWorker(url: string, names: Record<string, string>, consumer: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/worker/main.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...names, REDIS_URL: url, STREAM_CONSUMER: consumer, WORKER_PORT: '0', TEMPLATE_SALT: 'bench-salt-long-enough-0123456789' },
  })
  return new Promise((resolve, reject) => {
    let err = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString()
      if (err.includes('stream worker started')) resolve(child)
    })
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${err}`)))
  })
}

/** One round: `workers` processes over `texts`; texts per second. */
async function round(server: RedisServer, redis: Redis, texts: string[], workers: number, tag: string): Promise<number> {
  const names = { STREAM_IN: `{${tag}}:in`, STREAM_OUT: `{${tag}}:out`, STREAM_GROUP: 'bench' }
  const children = await Promise.all(Array.from({ length: workers }, (_, i) => startWorker(server.url, names, `w${i + 1}`)))
  try {
    const pipeline = redis.pipeline()
    for (const [i, text] of texts.entries()) pipeline.xadd(names.STREAM_IN, '*', 'body', JSON.stringify({ text, kind: 'comment', author: `account-${i % 97}` }))
    const start = performance.now()
    await pipeline.exec()
    while ((await redis.xlen(names.STREAM_OUT)) < texts.length) await new Promise((r) => setTimeout(r, 5))
    return texts.length / ((performance.now() - start) / 1000)
  } finally {
    for (const c of children) c.kill('SIGKILL')
  }
}

export async function workerBench(entries = 5000, rounds = 3, log: (msg: string) => void = () => {}): Promise<WorkerBenchResult> {
  const texts = comments(entries)
  const server = await RedisServer.start()
  const redis = new Redis(server.url)
  const result: WorkerBenchResult = { entries, meanChars: texts.reduce((a, t) => a + t.length, 0) / texts.length, rounds: { 1: [], 2: [] } }
  try {
    // Interleaved, so a slow moment of the machine hits both.
    for (let r = 0; r < rounds; r++) {
      for (const workers of [1, 2] as const) {
        const perSecond = await round(server, redis, texts, workers, `bench-${r}-${workers}`)
        result.rounds[workers].push(perSecond)
        log(`stream worker: round ${r + 1}, ${workers} worker(s): ${Math.round(perSecond)} texts/s`)
      }
    }
  } finally {
    await redis.quit()
    await server.kill()
  }
  return result
}

/* c8 ignore start -- the command itself */
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await workerBench(5000, 3, (m) => process.stderr.write(m + '\n'))
  process.stdout.write(JSON.stringify(r, null, 2) + '\n')
}
/* c8 ignore stop */
