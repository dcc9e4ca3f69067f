/**
 * npm run soak: holds full load against a running service for 60 seconds (loopback only) and
 * reports the errors (there must be none) and how the service's RSS moved (it must stay flat).
 * For use before a release; not run in CI.
 *
 *   npm start &                                  # or any running instance on this machine
 *   npm run soak                                 # http://127.0.0.1:3000, 60 s, 10 connections
 *   npm run soak -- --url http://127.0.0.1:8080 --seconds 300 --connections 32 --key "$KEY"
 *
 * The texts are the seed thread and, when ../shared/data/dev is beside the checkout, a few hundred
 * dev texts, sent in turn as posts and comments with `remember: false`: the template memory grows
 * by design with every remembered text (up to TEMPLATE_MAX_ENTRIES), which would hide a leak;
 * `--remember` sends them remembered to soak the memory too. RSS is read from the service's own
 * /metrics (process_resident_memory_bytes) every 5 seconds after a 10-second warm-up.
 * Exit code 0 when there were no errors and RSS stayed flat (at most 10% + 10 MB above the level
 * after the warm-up), else 1. Start the service with RATE_LIMIT_MAX=0 (or a limit above the load)
 * and an API key in --key (or SOAK_API_KEY) when it has keys.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    key: { type: 'string', default: process.env.SOAK_API_KEY ?? '' },
    remember: { type: 'boolean', default: false },
  },
})
const base = new URL(args.url)
const seconds = Number(args.seconds)
const warmup = Number(args.warmup)
const connections = Number(args.connections)
const MB = 1024 * 1024

function fail(message: string): never {
  process.stderr.write(`soak: ${message}\n`)
  process.exit(2)
}

if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(base.hostname)) fail(`${base.host} is not loopback: the soak runs against this machine only`)

function texts(): string[] {
  const seed = JSON.parse(readFileSync(new URL('../src/http/seed-thread.json', import.meta.url), 'utf8')) as { post: { text: string }; comments: Array<{ text: string }> }
  const out = [seed.post.text, ...seed.comments.map((c) => c.text)]
  const dev = fileURLToPath(new URL('../../shared/data/dev/', import.meta.url))
  for (const file of ['youtube-comments.jsonl', 'grid-reddit.jsonl', 'linkedin-recent-unlabeled.jsonl']) {
    if (!existsSync(dev + file)) continue
    const lines = readFileSync(dev + file, 'utf8').split('\n').filter((l) => l.trim() !== '')
    for (let i = 0; i < lines.length && i < 1000; i += 10) {
      const text = (JSON.parse(lines[i]) as { text: string }).text
      if (Array.from(text).length <= 20_000 && text.trim() !== '') out.push(text)
    }
  }
  return out
}

async function rss(): Promise<number> {
  const res = await fetch(new URL('/metrics', base))
  if (!res.ok) fail(`GET /metrics answered ${res.status}`)
  const m = /^process_resident_memory_bytes (\S+)$/m.exec(await res.text())
  if (!m) fail('/metrics has no process_resident_memory_bytes')
  return Number(m[1])
}

const headers: Record<string, string> = { 'content-type': 'application/json' }
if (args.key) headers.authorization = `Bearer ${args.key}`
const pool = texts()
const requests = pool.map((text, i) => ({
  method: 'POST' as const,
  path: '/v1/score',
  headers,
  body: JSON.stringify(i % 2 === 0 ? { text, kind: 'post', remember: args.remember } : { text, kind: 'comment', parent: pool[0], remember: args.remember }),
}))

async function run(durationSeconds: number, onTick?: () => void) {
  const timer = onTick ? setInterval(onTick, 5000) : undefined
  const result = await autocannon({ url: base.origin, connections, duration: durationSeconds, requests })
  clearInterval(timer)
  return result
}

async function main() {
  const ready = await fetch(new URL('/readyz', base)).catch(() => null)
  if (!ready?.ok) fail(`${base.origin}/readyz is not answering 200: start the service first`)
  const probe = await fetch(new URL('/v1/score', base), { method: 'POST', headers, body: requests[1].body })
  if (!probe.ok) fail(`a first POST /v1/score answered ${probe.status}: ${(await probe.text()).slice(0, 200)}`)
  process.stderr.write(`soak: ${pool.length} texts, ${connections} connections, ${warmup} s warm-up then ${seconds} s against ${base.origin}\n`)
  const before = await rss()
  const warm = await run(warmup)
  const baseline = await rss()
  const samples: Array<[number, number]> = [[0, baseline]]
  const started = performance.now()
  const result = await run(seconds, () => {
    void rss().then((r) => samples.push([(performance.now() - started) / 1000, r]), () => {})
  })
  const after = await rss()
  samples.push([(performance.now() - started) / 1000, after])

  const statuses = Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})
    .map(([code, s]) => `${code}: ${s.count}`)
    .join(', ')
  const errors = result.errors + result.timeouts + result.non2xx + warm.errors + warm.timeouts + warm.non2xx
  // Least-squares slope of RSS over time, in MB per minute.
  const n = samples.length
  const mt = samples.reduce((a, [t]) => a + t, 0) / n
  const mr = samples.reduce((a, [, r]) => a + r, 0) / n
  const slope = samples.reduce((a, [t, r]) => a + (t - mt) * (r - mr), 0) / Math.max(1e-9, samples.reduce((a, [t]) => a + (t - mt) ** 2, 0))
  const flat = after <= baseline * 1.1 + 10 * MB
  const lines = [
    `requests: ${result.requests.total} in ${result.duration} s (${Math.round(result.requests.average)}/s), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    `errors: ${errors} (connection errors ${result.errors + warm.errors}, timeouts ${result.timeouts + warm.timeouts}, non-2xx ${result.non2xx + warm.non2xx}${statuses ? `; status codes ${statuses}` : ''})`,
    `RSS: ${(before / MB).toFixed(1)} MB before, ${(baseline / MB).toFixed(1)} MB after the warm-up, ${(after / MB).toFixed(1)} MB at the end: ` +
      `${after >= baseline ? '+' : ''}${((after - baseline) / MB).toFixed(1)} MB (${(((after - baseline) / baseline) * 100).toFixed(1)}%), trend ${((slope * 60) / MB).toFixed(2)} MB/min`,
    `verdict: ${errors === 0 ? 'no errors' : 'ERRORS'}, RSS ${flat ? 'flat' : 'GROWING'}`,
  ]
  if (result.non2xx > 0) lines.push('hint: 429 means the rate limit bit (RATE_LIMIT_MAX=0 turns it off), 503 that the service shed load, 401 a missing --key')
  process.stdout.write(lines.map((l) => `soak: ${l}`).join('\n') + '\n')
  process.exit(errors === 0 && flat ? 0 : 1)
}

await main()
