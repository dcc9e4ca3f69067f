/**
 * npm run bench: measures the service and writes docs/BENCHMARKS.md.
 *
 * 1. The engine alone, on one core: texts/s and MB/s of CPU time over ../shared/data/dev by length
 *    bucket, against a one-regex floor over the same texts.
 * 2. Linear time: cost per KB through the engine from 1 KB to 1 MB, for ordinary prose and for
 *    adversarial text, as the ratio (cost/KB at 1 MB) / (cost/KB at 1 KB). The engine is called
 *    directly: the HTTP route caps a text at 20,000 characters.
 * 3. HTTP: autocannon (10 connections) against POST /v1/score with a 300-character comment and a
 *    2,000-character post, served by the built service (node dist/server.js) with its production
 *    settings (API key, rate limit, load shedding, logging, metrics all on), against its /healthz,
 *    and against bare Fastify routes returning fixed JSON, in interleaved rounds so the ratios hold
 *    on a noisy machine; p50 and p99 latency; and where a request's time goes (scoring and
 *    serialising measured in process).
 * 4. Memory (RSS idle and after load) and start-up time to ready.
 * 5. The template memory (in process): a lookup of a template stored once against one stored
 *    10,000 times, and the RSS of a process holding the engine and 1,000,000 entries.
 *
 * Speed is reported here as measurements and ratios, never asserted in unit tests.
 * Options: --rounds N (default 3), --seconds S per run (default 5), --out FILE.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { readFileSync, writeFileSync, mkdirSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import { dirname, isAbsolute, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { workerBench } from './bench-worker.js'
import { prepare } from '../src/engine/document.js'
import { fingerprintTokens } from '../src/engine/fingerprint.js'
import { createScorer } from '../src/engine/score.js'
import { SIGNALS } from '../src/signals/index.js'
import { loadModel } from '../src/model/weights.js'
import { ScoreResponseSchema } from '../src/http/schemas.js'
import { serializerCompiler } from 'fastify-type-provider-zod'
import { DEFAULT_MAX_REQUEST_CHARS } from '../src/scoring/request.js'
import { explainResult, MAX_EVIDENCE } from '../src/engine/result.js'
import { INLINE_MAX_CHARS, poolEngine, threadEngine, type ScoringEngine } from '../src/scoring/engine.js'
import { MemoryTemplateStore } from '../src/store/memory-store.js'
import { requestDeadline } from '../src/http/plugins/deadline.js'
import { SIGNATURE_SIZE } from '../src/engine/fingerprint.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DEV = fileURLToPath(new URL('../../shared/data/dev/', import.meta.url))
const DEV_FILES = ['grid-reddit.jsonl', 'hc3.jsonl', 'headlines.jsonl', 'linkedin-recent-unlabeled.jsonl', 'youtube-comments.jsonl']
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    out: { type: 'string', default: 'docs/BENCHMARKS.md' },
  },
})
const ROUNDS = Number(args.rounds)
const SECONDS = Number(args.seconds)
const CONNECTIONS = 10
const BENCH_KEY = 'bench-key-0123456789abcdef'

const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const codePoints = (s: string) => Array.from(s).length
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function devTexts(): string[] {
  const texts: string[] = []
  for (const file of DEV_FILES) {
    for (const line of readFileSync(DEV + file, 'utf8').split('\n')) {
      if (line.trim() !== '') texts.push((JSON.parse(line) as { text: string }).text)
    }
  }
  return texts
}

// ---------------------------------------------------------------------------------------------
// 1. The engine alone

const scorer = createScorer(loadModel(), SIGNALS)

interface BucketResult {
  name: string
  texts: number
  meanChars: number
  textsPerSecond: number
  /** MB of UTF-8 per second of this process's CPU time: the median of ROUNDS rounds. */
  mbPerSecond: number
  /** The slowest and the fastest round. */
  mbPerSecondMin: number
  mbPerSecondMax: number
  /** Per round, the floor's MB/s ÷ the engine's, both measured in that round. */
  floorRatios: number[]
  /** The same texts through one regular-expression pass (WORD_FLOOR): the floor no stylometric engine reaches. */
  floorMbPerSecond: number
}

/**
 * The floor the engine is compared with: one pass of one Unicode regular expression over the text,
 * counting its words. Every signal must at least find the words; nothing cheaper reads the text.
 */
const WORD_FLOOR = /[\p{L}\p{N}]+/gu
function floorPass(text: string): number {
  let n = 0
  for (const _ of text.matchAll(WORD_FLOOR)) n++
  return n
}

/**
 * Runs `work` over `texts` repeatedly for at least `minMs`; texts/s and MB/s (1 MB = 10^6 UTF-8
 * bytes) per second of this process's CPU time (user + system), as issue 14 counts them.
 */
function throughput(texts: string[], work: (text: string) => unknown, minMs = 3000): { textsPerSecond: number; mbPerSecond: number } {
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0)
  let done = 0
  let doneBytes = 0
  const start = performance.now()
  const cpu = process.cpuUsage()
  while (performance.now() - start < minMs) {
    for (const text of texts) work(text)
    done += texts.length
    doneBytes += bytes
  }
  const used = process.cpuUsage(cpu)
  const seconds = (used.user + used.system) / 1e6
  return { textsPerSecond: done / seconds, mbPerSecond: doneBytes / 1e6 / seconds }
}

function engineBench(texts: string[]): BucketResult[] {
  log('engine: warming up')
  for (const text of texts.slice(0, 3000)) scorer.score({ text })
  const buckets: Array<[string, (n: number) => boolean]> = [
    ['< 300 characters', (n) => n < 300],
    ['300–1,000 characters', (n) => n >= 300 && n <= 1000],
    ['> 1,000 characters', (n) => n > 1000],
    ['all dev texts', () => true],
  ]
  return buckets.map(([name, keep]) => {
    const chosen = texts.filter((t) => keep(codePoints(t)))
    log(`engine: ${name} (${chosen.length} texts)`)
    // Rounds of the engine and the floor in turn, so the ratio compares runs a moment apart on a shared machine.
    const rounds = Array.from({ length: ROUNDS }, () => {
      const engine = throughput(chosen, (text) => scorer.score({ text }), 1500)
      const floor = throughput(chosen, floorPass, 500)
      return { engine, floor }
    })
    const mb = rounds.map((x) => x.engine.mbPerSecond).sort((a, b) => a - b)
    // the median round (the upper middle one when the rounds are even)
    const middle = rounds.find((x) => x.engine.mbPerSecond === mb[Math.floor(mb.length / 2)])!
    return {
      name,
      texts: chosen.length,
      meanChars: chosen.reduce((n, t) => n + codePoints(t), 0) / chosen.length,
      textsPerSecond: middle.engine.textsPerSecond,
      mbPerSecond: median(mb),
      mbPerSecondMin: mb[0],
      mbPerSecondMax: mb[mb.length - 1],
      floorRatios: rounds.map((x) => x.floor.mbPerSecond / x.engine.mbPerSecond),
      floorMbPerSecond: median(rounds.map((x) => x.floor.mbPerSecond)),
    }
  })
}

// ---------------------------------------------------------------------------------------------
// 2. Linear time

const KB = 1024
const SIZES_KB = [1, 4, 16, 64, 256, 1024]

interface LinearResult {
  name: string
  usPerKb: number[]
  ratio: number
}

/** Cost per KB at each size: 1 MB of input scored in pieces of that size, best of two runs. */
function linearCase(name: string, make: (bytes: number) => string[]): LinearResult {
  log(`linear: ${name}`)
  const usPerKb = SIZES_KB.map((kb) => {
    const pieces = make(kb * KB)
    let best = Infinity
    for (let run = 0; run < 2; run++) {
      const start = performance.now()
      for (const text of pieces) scorer.score({ text })
      best = Math.min(best, performance.now() - start)
    }
    return (best * 1000) / 1024 // the pieces add up to 1 MB = 1024 KB
  })
  return { name, usPerKb, ratio: usPerKb[usPerKb.length - 1] / usPerKb[0] }
}

/** 1 MB of `unit` repeated, cut into pieces of `bytes` (every piece the same text). */
const repeated = (unit: string) => (bytes: number) => {
  const piece = unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)
  return Array.from({ length: (1024 * KB) / bytes }, () => piece)
}

function linearBench(texts: string[]): LinearResult[] {
  // Ordinary prose: the longer dev texts back to back, 1 MB of ASCII-folded UTF-16 units, so every
  // size reads the same prose (1,024 different 1 KB pieces, or the whole 1 MB at once).
  let prose = ''
  for (const t of texts) {
    if (t.length < 1000) continue
    prose += t + '\n\n'
    if (prose.length >= 1024 * KB) break
  }
  prose = prose.slice(0, 1024 * KB)
  const proseCase = (bytes: number) => Array.from({ length: (1024 * KB) / bytes }, (_, i) => prose.slice(i * bytes, (i + 1) * bytes))
  return [
    linearCase('ordinary prose (dev texts)', proseCase),
    linearCase('"a, " repeated', repeated('a, ')),
    linearCase('one word ("aaaa…")', repeated('a')),
    linearCase('dashes ("----…")', repeated('-')),
    linearCase('newlines', repeated('\n')),
    linearCase('"Moreover, " repeated', repeated('Moreover, ')),
  ]
}

// ---------------------------------------------------------------------------------------------
// The worker pool (src/scoring/engine.ts): what a hand-off costs, and what the workers gain.

interface PoolResult {
  shortTexts: number
  threadUsPerShort: number
  poolUsPerShort: number
  longTexts: number
  threadMbPerSecond: number
  poolMbPerSecond: number
  threads: number
}

async function poolBench(texts: string[]): Promise<PoolResult> {
  log('worker pool: hand-off cost and throughput')
  const scorer = createScorer(loadModel(), SIGNALS)
  const threads = os.availableParallelism()
  const here = threadEngine(scorer)
  const forced = poolEngine(scorer, threads, 0) // every text to a worker, however short
  const short = texts.filter((t) => t.length < INLINE_MAX_CHARS).slice(0, 2000)
  const long = texts.filter((t) => t.length >= INLINE_MAX_CHARS).slice(0, 1500)
  const oneAtATime = async (engine: ScoringEngine) => {
    for (const text of short.slice(0, 200)) await engine.score({ text }) // warm-up
    const s = performance.now()
    for (const text of short) await engine.score({ text })
    return ((performance.now() - s) * 1000) / short.length
  }
  const allAtOnce = async (engine: ScoringEngine) => {
    // Warm-up on every worker: each loads the signals, the tagger's model and compiles on its first
    // long texts, which would otherwise be timed; then the better of two rounds, as a worker's
    // compiler warms up on fewer texts than this thread's.
    await Promise.all(long.slice(0, 256).map((text) => engine.score({ text })))
    let best = 0
    for (let round = 0; round < 2; round++) {
      const s = performance.now()
      for (let i = 0; i < long.length; i += 64) await Promise.all(long.slice(i, i + 64).map((text) => engine.score({ text })))
      best = Math.max(best, long.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6 / ((performance.now() - s) / 1000))
    }
    return best
  }
  const result = {
    shortTexts: short.length,
    threadUsPerShort: await oneAtATime(here),
    poolUsPerShort: await oneAtATime(forced),
    longTexts: long.length,
    threadMbPerSecond: await allAtOnce(here),
    poolMbPerSecond: await allAtOnce(forced),
    threads,
  }
  await forced.close()
  return result
}

// ---------------------------------------------------------------------------------------------
// 3 and 4. HTTP, memory, start-up

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

async function waitReady(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false)
    if (ok) return
    if (performance.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`)
    await sleep(5)
  }
}

/** CPU time a process has used so far (user + system, all its threads), in µs, from /proc/<pid>/stat. */
const CLOCK_TICKS = 100 // USER_HZ: 100 on Linux for x86 and arm
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // the fields after the command name, which is in parentheses and may hold spaces
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
}

interface Served {
  child: ChildProcess
  port: number
  stop(): Promise<number | null>
}

async function serve(command: string[], env: Record<string, string>, readyPath: string): Promise<Served> {
  const port = await freePort()
  const child = spawn(process.execPath, command, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  await waitReady(`http://127.0.0.1:${port}${readyPath}`)
  return {
    child,
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code))
        child.kill('SIGTERM')
      }),
  }
}

/** A bare Fastify app: fixed JSON on GET, and on POST after parsing the same body the service gets. */
const BARE_APP = `
import Fastify from 'fastify'
const app = Fastify()
app.get('/bare', async () => ({ hello: 'world' }))
app.post('/bare', async () => ({ hello: 'world' }))
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
`

interface Target {
  /** Bytes of the answer's body (POST targets), read once before the runs. */
  answerBytes?: number
  key: TargetKey
  name: string
  url: string
  method: 'GET' | 'POST'
  body?: string
  headers?: Record<string, string>
  /** The process serving it: its CPU time is read around each run. */
  pid: number
}

interface RunResult {
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
  /** The server process's CPU time (all threads) ÷ the requests answered in the run. */
  cpuUs: number
}

async function load(target: Target, seconds: number): Promise<RunResult> {
  const cpuBefore = cpuMicros(target.pid)
  const r = await autocannon({
    url: target.url,
    method: target.method,
    body: target.body,
    headers: target.headers,
    connections: CONNECTIONS,
    duration: seconds,
  })
  const cpuUs = (cpuMicros(target.pid) - cpuBefore) / Math.max(1, r.requests.total)
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, cpuUs }
}

function pickText(texts: string[], chars: number): string {
  // A human-written text close to the length, cut at a word boundary near it.
  const candidates = texts.filter((t) => codePoints(t) >= chars && codePoints(t) <= chars * 1.5)
  const t = candidates[Math.floor(candidates.length / 2)]
  const cut = Array.from(t).slice(0, chars).join('')
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), chars - 20)).trim()
}

/** The largest request, scored by a real server while /healthz is asked every 20 ms. */
interface LargestResult {
  items: number
  chars: number
  ms: number
  bytes: number
  /** /healthz latencies while the batch was scored, ms. */
  health: number[]
}

/** The largest batch the service accepts: MAX_REQUEST_CHARS characters of dev texts, in texts of 5,000. */
function largestBatch(texts: string[]): Array<{ id: number; text: string; remember: false }> {
  const long = texts.filter((t) => t.length > 1000)
  const items: Array<{ id: number; text: string; remember: false }> = []
  for (let i = 0, chars = 0; chars + 5000 <= DEFAULT_MAX_REQUEST_CHARS; i++, chars += 5000) {
    let text = ''
    for (let k = i; codePoints(text) < 5000; k++) text += long[k % long.length] + '\n\n'
    items.push({ id: i, text: Array.from(text).slice(0, 5000).join(''), remember: false })
  }
  return items
}

async function largestRequest(base: string, headers: Record<string, string>, items: ReturnType<typeof largestBatch>): Promise<LargestResult> {
  const body = JSON.stringify({ items })
  const started = performance.now()
  let done = false
  const batch = fetch(`${base}/v1/score/batch`, { method: 'POST', headers, body }).then(async (r) => {
    if (r.status !== 200) throw new Error(`largest batch: ${r.status} ${await r.text()}`)
    const bytes = (await r.arrayBuffer()).byteLength
    done = true
    return { ms: performance.now() - started, bytes }
  })
  const health: number[] = []
  while (!done) {
    const s = performance.now()
    await (await fetch(`${base}/healthz`)).arrayBuffer()
    health.push(performance.now() - s)
    await sleep(20)
  }
  const { ms, bytes } = await batch
  return { items: items.length, chars: items.length * 5000, ms, bytes, health }
}

/** Where a /v1/score request's CPU time goes, from a CPU profile of the server under load. */
interface ProfileResult {
  /** Category → share of the busy (non-idle) samples. */
  shares: Array<{ category: string; share: number }>
  /** Requests/s while profiled (the profiler slows the server down). */
  rps: number
}

/** The category of one profile node: what part of a request its time belongs to. */
function categoryOf(url: string, functionName: string): string | null {
  if (functionName === '(idle)') return null
  if (functionName === '(garbage collector)') return 'garbage collection'
  if (url === '') {
    if (/^write/.test(functionName)) return 'socket writes (native)'
    if (functionName === '(program)') return 'V8 and the runtime (program)'
    return 'other native code (crypto, JSON, regexp…)'
  }
  if (url.startsWith('node:')) {
    return /node:(internal\/)?(stream|net|_http|http|internal\/stream_base|internal\/http)/.test(url) ? 'Node HTTP, streams and sockets' : 'other Node internals (events, timers, abort signals…)'
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
  if (pkg !== undefined) {
    if (/^(fastify|find-my-way|secure-json-parse|avvio|light-my-request|@fastify\/)/.test(pkg)) return 'Fastify: routing, hooks, body parsing'
    if (/^(pino|sonic-boom|thread-stream)/.test(pkg)) return 'logging (pino)'
    if (pkg === 'prom-client') return 'metrics (prom-client)'
    if (/zod/.test(pkg)) return 'request validation (zod)'
    if (/^(franc|trigram|n-gram|collapse-white-space|wink|natural)/.test(pkg)) return 'the engine: scoring a text'
    return `other packages (${pkg})`
  }
  if (/\/dist\/(engine|signals|lexicons)\//.test(url)) return 'the engine: scoring a text'
  if (/\/dist\/store\//.test(url)) return 'the template memory'
  if (/\/dist\/(http|scoring)\//.test(url)) return 'our HTTP layer and scoring service'
  return 'other'
}

/** Profile the built server under the comment load, and break its busy CPU time down by category. */
async function profileRequest(target: Omit<Target, 'url'> & { path: string }, env: Record<string, string>): Promise<ProfileResult> {
  const dir = mkdtempSync(join(os.tmpdir(), 'authenticity-profile-'))
  const served = await serve(['--cpu-prof', `--cpu-prof-dir=${dir}`, 'dist/server.js'], env, '/readyz')
  const url = `http://127.0.0.1:${served.port}${target.path}`
  await load({ ...target, url, pid: served.child.pid! }, 2)
  const run = await load({ ...target, url, pid: served.child.pid! }, SECONDS)
  await served.stop()
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()[0]
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: Array<{ id: number; callFrame: { url: string; functionName: string } }>
    samples: number[]
    timeDeltas: number[]
  }
  rmSync(dir, { recursive: true, force: true })
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
  const byCategory = new Map<string, number>()
  let busy = 0
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)!
    const category = categoryOf(frame.url, frame.functionName)
    if (category === null) return
    const dt = profile.timeDeltas[i] ?? 0
    byCategory.set(category, (byCategory.get(category) ?? 0) + dt)
    busy += dt
  })
  // Categories under half a percent (mostly single packages) go into one row.
  const shares: Array<{ category: string; share: number }> = []
  let small = 0
  for (const [category, t] of byCategory) {
    if (t / busy >= 0.005) shares.push({ category, share: t / busy })
    else small += t / busy
  }
  shares.sort((a, b) => b.share - a.share)
  if (small > 0) shares.push({ category: 'everything else (each under 0.5%)', share: small })
  return { shares, rps: run.rps }
}

interface HttpResult {
  /** Where a default /v1/score request's CPU time goes (a profiled server). */
  profile: ProfileResult
  /** The largest request on the pool (the default) and with SCORING_THREADS=0 (all in one thread). */
  largest: { pool: LargestResult; oneThread: LargestResult }
  rows: Array<{ target: Target; runs: RunResult[] }>
  rssIdle: number
  rssAfter: number
  startupMs: number[]
  comment: string
  post: string
}

type TargetKey = 'bareGet' | 'barePost' | 'health' | 'comment' | 'commentNone' | 'commentFull' | 'commentFresh' | 'post' | 'postOneThread'

async function httpBench(texts: string[]): Promise<HttpResult> {
  log('http: building dist/')
  await new Promise<void>((resolve, reject) => {
    const b = spawn('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', process.stderr, 'inherit'] })
    b.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build failed (${code})`))))
  })
  const env = { API_KEYS: BENCH_KEY, RATE_LIMIT_MAX: '1000000000', LOG_LEVEL: 'info' }

  log('http: start-up time to ready (5 starts)')
  const startupMs: number[] = []
  for (let i = 0; i < 5; i++) {
    const port = await freePort()
    const started = performance.now()
    const child = spawn(process.execPath, ['dist/server.js'], {
      cwd: ROOT,
      env: { ...process.env, ...env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port) },
      stdio: 'ignore',
    })
    await waitReady(`http://127.0.0.1:${port}/readyz`)
    startupMs.push(performance.now() - started)
    await new Promise((r) => {
      child.once('exit', r)
      child.kill('SIGTERM')
    })
  }

  const service = await serve(['dist/server.js'], env, '/readyz')
  // A second service process for `remember: false`: its template memory stays empty, while the first
  // one's fills with the same comment thousands of times (the memory's worst case).
  const fresh = await serve(['dist/server.js'], env, '/readyz')
  const bare = await serve(['--input-type=module', '-e', BARE_APP], {}, '/bare')
  // One core: no scoring worker threads, every text scored in the thread that answers HTTP.
  const oneThreadService = await serve(['dist/server.js'], { ...env, SCORING_THREADS: '0' }, '/readyz')
  await sleep(1000)
  const rssIdle = rssBytes(service.child.pid!)
  const comment = COMMENT(texts)
  const post = POST(texts)
  const json = { 'content-type': 'application/json' }
  const auth = { ...json, authorization: `Bearer ${BENCH_KEY}` }
  const base = `http://127.0.0.1:${service.port}`
  const targets: Target[] = [
    { key: 'bareGet', name: 'bare Fastify: GET, fixed JSON', url: `http://127.0.0.1:${bare.port}/bare`, method: 'GET', pid: bare.child.pid! },
    { key: 'barePost', name: 'bare Fastify: POST the comment body, fixed JSON', url: `http://127.0.0.1:${bare.port}/bare`, method: 'POST', headers: json, body: JSON.stringify({ text: comment, kind: 'comment' }), pid: bare.child.pid! },
    { key: 'health', name: 'the service: GET /healthz (hooks, logging, metrics)', url: `${base}/healthz`, method: 'GET', pid: service.child.pid! },
    { key: 'comment', name: 'POST /v1/score, 300-char comment (default answer, `explain: "fired"`)', url: `${base}/v1/score`, method: 'POST', headers: auth, body: JSON.stringify({ text: comment, kind: 'comment' }), pid: service.child.pid! },
    { key: 'commentNone', name: 'POST /v1/score, 300-char comment, `explain: "none"`', url: `${base}/v1/score`, method: 'POST', headers: auth, body: JSON.stringify({ text: comment, kind: 'comment', explain: 'none' }), pid: service.child.pid! },
    { key: 'commentFull', name: 'POST /v1/score, 300-char comment, `explain: "full"`', url: `${base}/v1/score`, method: 'POST', headers: auth, body: JSON.stringify({ text: comment, kind: 'comment', explain: 'full' }), pid: service.child.pid! },
    { key: 'commentFresh', name: 'POST /v1/score, 300-char comment, `remember: false` (empty memory)', url: `http://127.0.0.1:${fresh.port}/v1/score`, method: 'POST', headers: auth, body: JSON.stringify({ text: comment, kind: 'comment', remember: false }), pid: fresh.child.pid! },
    { key: 'post', name: 'POST /v1/score, 2,000-char post', url: `${base}/v1/score`, method: 'POST', headers: auth, body: JSON.stringify({ text: post, kind: 'post' }), pid: service.child.pid! },
    { key: 'postOneThread', name: 'POST /v1/score, 2,000-char post, one core (`SCORING_THREADS=0`)', url: `http://127.0.0.1:${oneThreadService.port}/v1/score`, method: 'POST', headers: auth, body: JSON.stringify({ text: post, kind: 'post' }), pid: oneThreadService.child.pid! },
  ]
  for (const t of targets.filter((t) => t.method === 'POST')) {
    const res = await fetch(t.url, { method: 'POST', headers: t.headers, body: t.body })
    const answer = await res.text()
    if (res.status !== 200) throw new Error(`${t.name}: ${res.status} ${answer}`)
    t.answerBytes = Buffer.byteLength(answer)
  }
  log('http: warming up')
  for (const t of targets) await load(t, 2)
  const rows = targets.map((target) => ({ target, runs: [] as RunResult[] }))
  for (let round = 1; round <= ROUNDS; round++) {
    for (const row of rows) {
      log(`http: round ${round}/${ROUNDS}: ${row.target.name}`)
      row.runs.push(await load(row.target, SECONDS))
    }
  }
  const rssAfter = rssBytes(service.child.pid!)

  log('http: a CPU profile of the server under the comment load')
  const commentRow = rows.find((r) => r.target.key === 'comment')!.target
  const profile = await profileRequest({ ...commentRow, path: '/v1/score' }, env)

  log('http: the largest request, on the pool and in one thread')
  const items = largestBatch(texts)
  const largest = {
    pool: await largestRequest(base, auth, items),
    oneThread: await largestRequest(`http://127.0.0.1:${oneThreadService.port}`, auth, items),
  }
  await oneThreadService.stop()
  const code = await service.stop()
  if (code !== 0) throw new Error(`the service exited with ${code} on SIGTERM`)
  await fresh.stop()
  await bare.stop()
  return { rows, rssIdle, rssAfter, startupMs, comment, post, largest, profile }
}

const COMMENT = (texts: string[]) => pickText(texts.filter((t) => !t.includes('\n')), 300)
const POST = (texts: string[]) => pickText(texts, 2000)

/** In-process costs of one request's parts, in µs: scoring, the fingerprint, and serialising the answer with zod or plainly. */
function requestParts(text: string, kind: 'post' | 'comment', parent?: string) {
  const serialize = serializerCompiler({ schema: ScoreResponseSchema, method: 'POST', url: '/v1/score' } as never) as (data: unknown) => string
  const result = scorer.score({ text, kind })
  const doc = prepare(text, { kind })
  const each = (f: () => unknown) => {
    for (let i = 0; i < 500; i++) f()
    let best = Infinity
    for (let round = 0; round < 5; round++) {
      const start = performance.now()
      for (let i = 0; i < 1000; i++) f()
      best = Math.min(best, performance.now() - start)
    }
    return best // ms per 1000 = µs each
  }
  // What the deadline plugin's onRequest hook does for every request, with the answer's 'close'
  // emitted as it is sent (written out: nothing aborts).
  const response = Object.assign(new EventEmitter(), { writableFinished: true })
  const deadline = () => {
    const signal = requestDeadline(10_000, response)
    response.emit('close')
    return signal
  }
  return {
    deadlineUs: each(deadline),
    abortSignalUs: each(() => new AbortController().signal),
    scoreUs: each(() => scorer.score({ text, kind })),
    withParentUs: parent === undefined ? NaN : each(() => scorer.score({ text, kind, parent })),
    // what a request adds to its scoring: the service folds and tokenises the text for its fingerprint,
    // and the scorer's prepare() takes those tokens (for texts scored in the thread that answers HTTP)
    fingerprintUs: each(() => fingerprintTokens(doc.tokens)),
    zodUs: each(() => serialize(result)),
    stringifyUs: each(() => JSON.stringify(result)),
    bytes: Buffer.byteLength(JSON.stringify(result)),
    firedUs: each(() => JSON.stringify(explainResult(result, 'fired'))),
    firedBytes: Buffer.byteLength(JSON.stringify(explainResult(result, 'fired'))),
  }
}

// ---------------------------------------------------------------------------------------------
// The template memory

interface MemoryResult {
  /** µs per lookup (best of 5 rounds of 20,000) of a template stored `copies` times by distinct authors. */
  lookups: Array<{ copies: number; us: number }>
  /** The same for a template stored once among 1,000,000 random entries (the index's chains at full load). */
  fullLookupUs: number
  /** The store's typed arrays at 1,000,000 entries, and the RSS of a process holding them and the engine. */
  storeMb: number
  rssMb: number
  /** The RSS with an empty store of 1,000,000 entries: the arrays are reserved, not yet written. */
  rssEmptyMb: number
}

function lookupCost(copies: number, others = 0): number {
  const store = new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: Math.max(20_000, others + copies) })
  const now = Date.now()
  const s = new Uint16Array(SIGNATURE_SIZE)
  let x = 1
  for (let i = 0; i < others; i++) {
    for (let k = 0; k < SIGNATURE_SIZE; k++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; s[k] = x >>> 16 }
    store.recordNow(s, i + 1, now)
  }
  const template = Uint16Array.from({ length: SIGNATURE_SIZE }, (_, k) => (k * 7919 + 13) & 0xffff)
  for (let i = 0; i < copies; i++) store.recordNow(template, i + 1, now)
  let best = Infinity
  for (let round = 0; round < 5; round++) {
    const start = performance.now()
    for (let i = 0; i < 20_000; i++) store.lookupNow(template, now)
    best = Math.min(best, ((performance.now() - start) * 1000) / 20_000)
  }
  return best
}

/** A child process: the built engine loaded and one text scored (the tagger loads lazily), then a 1,000,000-entry store holding `entries` random entries. */
const FULL_STORE_CHILD = `
const { createScorer } = await import('./dist/engine/score.js')
const { SIGNALS } = await import('./dist/signals/index.js')
const { loadModel } = await import('./dist/model/weights.js')
const { MemoryTemplateStore } = await import('./dist/store/memory-store.js')
createScorer(loadModel(), SIGNALS).score({ text: 'We moved our support team to a four-day week last spring, and ticket times went down.' })
const entries = Number(process.env.ENTRIES)
const store = new MemoryTemplateStore({ windowSeconds: 86400, maxEntries: 1000000 })
const s = new Uint16Array(24)
let x = 1
for (let i = 0; i < entries; i++) {
  for (let k = 0; k < 24; k++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; s[k] = x >>> 16 }
  store.recordNow(s, i + 1, Date.now(), 1)
}
globalThis.gc?.()
process.stdout.write(JSON.stringify({ rss: process.memoryUsage().rss, bytes: store.bytes }))
`

function fullStoreRss(entries: number): { rss: number; bytes: number } {
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', FULL_STORE_CHILD], { cwd: ROOT, env: { ...process.env, ENTRIES: String(entries) } })
  return JSON.parse(out.toString()) as { rss: number; bytes: number }
}

function memoryBench(): MemoryResult {
  log('template memory')
  const lookups = [1, 100, 10_000].map((copies) => ({ copies, us: lookupCost(copies) }))
  const fullLookupUs = lookupCost(1, 999_999)
  const full = fullStoreRss(1_000_000)
  const empty = fullStoreRss(0)
  const mb = (b: number) => b / (1024 * 1024)
  return { lookups, fullLookupUs, storeMb: mb(full.bytes), rssMb: mb(full.rss), rssEmptyMb: mb(empty.rss) }
}

// ---------------------------------------------------------------------------------------------
// The report

const TARGETS = {
  engineMbPerSecond: 10,
  scoreShareOfBare: 0.7,
  scoreShareOfBarePost: 0.25,
  serverCpuUs: 150,
  answerBytes: 3000,
  p99Ms: 10,
  rssMb: 200,
  readyMs: 1000,
  lookupUs: 5,
  linearRatio: 1.5,
}
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**')

function cpuModel(): string {
  const cpus = os.cpus()
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}`
}

async function main() {
  const started = new Date()
  const texts = devTexts()
  const engine = engineBench(texts)
  const linear = linearBench(texts)
  const pool = await poolBench(texts)
  log('parts of a request, in process')
  const commentParts = requestParts(COMMENT(texts), 'comment', POST(texts))
  const postParts = requestParts(POST(texts), 'post')
  const http = await httpBench(texts)
  const memory = memoryBench()
  log('stream worker: 1 and 2 worker processes')
  const stream = await workerBench(5000, ROUNDS, log)

  const row = (key: TargetKey) => http.rows.find((r) => r.target.key === key)!
  const rps = (key: TargetKey) => median(row(key).runs.map((r) => r.rps))
  const cpu = (key: TargetKey) => median(row(key).runs.map((r) => r.cpuUs))
  const p = (key: TargetKey, k: 'p50' | 'p99') => median(row(key).runs.map((r) => r[k]))
  const worstP99 = (key: TargetKey) => Math.max(...row(key).runs.map((r) => r.p99))
  const shares = (key: TargetKey, of: TargetKey) => row(key).runs.map((r, k) => r.rps / row(of).runs[k].rps)
  const share = median(shares('comment', 'bareGet'))
  const errors = http.rows.reduce((n, r) => n + r.runs.reduce((m, x) => m + x.errors + x.non2xx, 0), 0)
  const allDev = engine[engine.length - 1]
  const mb = (b: number) => b / (1024 * 1024)
  const us = (key: TargetKey) => 1e6 / rps(key)
  const once = memory.lookups[0].us

  const md: string[] = []
  md.push('# Benchmarks', '')
  md.push(`Written by \`npm run bench\` on ${started.toISOString().slice(0, 10)} (about five minutes; \`npm run bench -- --rounds 5`)
  md.push('--seconds 10` for steadier HTTP figures). Absolute figures depend on the machine and on what else runs on it;')
  md.push('the ratios much less. Nothing here is asserted by the tests.', '')
  md.push('## Machine', '')
  md.push(`- CPU: ${cpuModel()}; memory ${fmt(os.totalmem() / 2 ** 30, 1)} GiB; ${os.type()} ${os.release()} (${os.arch()})`)
  md.push(`- Node.js ${process.version}; the load generator (autocannon, in the bench process) shares the machine with the`)
  md.push('  server, on loopback', '')
  md.push('## Targets', '')
  md.push('| target | measured | |')
  md.push('|---|---|---|')
  md.push(`| engine ≥ ${TARGETS.engineMbPerSecond} MB/s on one core (all dev texts) | ${fmt(allDev.mbPerSecond, 1)} MB/s | ${verdict(allDev.mbPerSecond >= TARGETS.engineMbPerSecond)} |`)
  md.push(`| /v1/score (300 chars) ≥ ${TARGETS.scoreShareOfBare * 100}% of the bare route's requests/s | ${fmt(share * 100)}% of bare GET; ${fmt(median(shares('comment', 'barePost')) * 100)}% of bare POST; ${fmt(median(shares('commentFresh', 'bareGet')) * 100)}% with \`remember: false\` | ${verdict(share >= TARGETS.scoreShareOfBare)} |`)
  const commentTarget = http.rows.find((r) => r.target.key === 'comment')!.target
  md.push(`| /v1/score (300 chars, default answer) ≥ ${TARGETS.scoreShareOfBarePost * 100}% of a bare POST's requests/s | ${fmt(median(shares('comment', 'barePost')) * 100)}% | ${verdict(median(shares('comment', 'barePost')) >= TARGETS.scoreShareOfBarePost)} |`)
  md.push(`| /v1/score (300 chars, default answer) server CPU ≤ ${TARGETS.serverCpuUs} µs per request (all threads, from /proc) | ${fmt(cpu('comment'))} µs (bare POST: ${fmt(cpu('barePost'))} µs) | ${verdict(cpu('comment') <= TARGETS.serverCpuUs)} |`)
  md.push(`| /v1/score (300 chars) default answer ≤ ${fmt(TARGETS.answerBytes)} bytes | ${fmt(commentTarget.answerBytes!)} bytes (\`explain: "full"\`: ${fmt(http.rows.find((r) => r.target.key === 'commentFull')!.target.answerBytes!)}) | ${verdict(commentTarget.answerBytes! <= TARGETS.answerBytes)} |`)
  md.push(`| p99 ≤ ${TARGETS.p99Ms} ms at ${CONNECTIONS} connections (300 chars) | ${fmt(p('comment', 'p99'))} ms (worst round ${fmt(worstP99('comment'))} ms; 2,000 chars: ${fmt(p('post', 'p99'))} ms) | ${verdict(p('comment', 'p99') <= TARGETS.p99Ms)} |`)
  md.push(`| RSS ≤ ${TARGETS.rssMb} MB after load | ${fmt(mb(http.rssAfter))} MB | ${verdict(mb(http.rssAfter) <= TARGETS.rssMb)} |`)
  const tenThousand = memory.lookups[memory.lookups.length - 1].us
  md.push(`| a template stored 10,000 times looked up in ≤ ${TARGETS.lookupUs} µs | ${fmt(tenThousand, 2)} µs (stored once: ${fmt(once, 2)}) | ${verdict(tenThousand <= TARGETS.lookupUs)} |`)
  md.push(`| RSS ≤ ${TARGETS.rssMb} MB with 1,000,000 entries remembered | ${fmt(memory.rssMb)} MB in one thread with the engine; the server's ${fmt(mb(http.rssIdle))} MB idle has two more | ${verdict(memory.rssMb <= TARGETS.rssMb)} |`)
  md.push(`| ready ≤ ${TARGETS.readyMs} ms | ${fmt(median(http.startupMs))} ms | ${verdict(median(http.startupMs) <= TARGETS.readyMs)} |`)
  const worstLinear = Math.max(...linear.map((l) => l.ratio))
  md.push(`| linear time: cost/KB at 1 MB ÷ at 1 KB ≤ ${TARGETS.linearRatio} | worst ${fmt(worstLinear, 2)} | ${verdict(worstLinear <= TARGETS.linearRatio)} |`, '')

  md.push('## The engine alone (one core)', '')
  md.push('`createScorer(...).score({ text })` in one thread over every text of ../shared/data/dev, repeated for at least')
  md.push(`1.5 s per bucket and round after a warm-up, ${ROUNDS} rounds, per second of the process\'s CPU time (texts/s and MB/s: the`)
  md.push('median round). MB = 10⁶ bytes of UTF-8. The floor: the same texts through one regular-expression pass that finds')
  md.push('their words (`/[\\p{L}\\p{N}]+/gu`), which any engine must at least do, 0.5 s after each round of the engine; the ratio')
  md.push('says how far the engine is from it (median of the rounds\' ratios).', '')
  md.push('| length | texts | mean characters | texts/s | MB/s (min / median / max) | one-regex floor, MB/s | floor ÷ engine |')
  md.push('|---|---|---|---|---|---|---|')
  for (const b of engine) md.push(`| ${b.name} | ${fmt(b.texts)} | ${fmt(b.meanChars)} | ${fmt(b.textsPerSecond)} | ${fmt(b.mbPerSecondMin, 1)} / ${fmt(b.mbPerSecond, 1)} / ${fmt(b.mbPerSecondMax, 1)} | ${fmt(b.floorMbPerSecond, 1)} | ${fmt(median(b.floorRatios), 1)} |`)
  md.push('')

  md.push('## Worker threads', '')
  md.push(`The server scores on ${pool.threads} worker threads (SCORING_THREADS, one per core), texts under ${fmt(INLINE_MAX_CHARS)} characters`)
  md.push('in the thread that answers HTTP, where a hand-off would cost more than the scoring. Measured in process:', '')
  md.push('| | this thread | worker threads | ratio |')
  md.push('|---|---|---|---|')
  md.push(`| ${fmt(pool.shortTexts)} short dev texts, one at a time: µs per text | ${fmt(pool.threadUsPerShort)} | ${fmt(pool.poolUsPerShort)} | ${fmt(pool.poolUsPerShort / pool.threadUsPerShort, 2)} |`)
  md.push(`| ${fmt(pool.longTexts)} dev texts of ${fmt(INLINE_MAX_CHARS)}+ characters, 64 at a time: MB/s | ${fmt(pool.threadMbPerSecond, 1)} | ${fmt(pool.poolMbPerSecond, 1)} | ${fmt(pool.poolMbPerSecond / pool.threadMbPerSecond, 2)} |`)
  md.push('')

  md.push('## Linear time', '')
  md.push('Each size scores 1 MB of input in pieces of that size (1,024 pieces of 1 KB … one piece of 1 MB), best of two;')
  md.push('µs per KB of input. A ratio near or below 1 means the cost per KB stays flat: nothing is quadratic.', '')
  md.push(`| input | ${SIZES_KB.map((k) => (k < 1024 ? `${k} KB` : '1 MB')).join(' | ')} | ratio 1 MB ÷ 1 KB |`)
  md.push(`|---|${SIZES_KB.map(() => '---').join('|')}|---|`)
  for (const l of linear) md.push(`| ${l.name} | ${l.usPerKb.map((x) => fmt(x)).join(' | ')} | ${fmt(l.ratio, 2)} |`)
  md.push('')

  md.push('## HTTP', '')
  md.push(`autocannon, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s per target after a 2 s warm-up;`)
  md.push('median of the rounds (p99: median, and the worst round). The service is `node dist/server.js` with its')
  md.push('production settings: an API key on every request, the rate limiter (with a limit too high to bite), load')
  md.push('shedding, one pino log line per request (to /dev/null), metrics, and the template memory, which remembers')
  md.push('every text unless told not to: the same comment sent thousands of times is its worst case (every lookup')
  md.push('meets the longest list of near-duplicates), hence the row with `remember: false`, served by a second process')
  md.push('whose memory stays empty. The bare routes are a plain')
  md.push(`Fastify app. The comment is ${codePoints(http.comment)} characters, the post ${fmt(codePoints(http.post))} (human-written, from the dev files).`)
  md.push('µs/request is 10⁶ ÷ requests/s; server CPU µs/request is the serving process\'s CPU time over the run (user and')
  md.push('system, every thread: scoring workers and GC included, read from /proc) ÷ the requests it answered.', '')
  md.push('| target | requests/s | ÷ bare POST | µs/request | server CPU µs/request | answer bytes | p50 ms | p99 ms | worst p99 ms | errors |')
  md.push('|---|---|---|---|---|---|---|---|---|---|')
  for (const r of http.rows) {
    const key = r.target.key
    const errs = r.runs.reduce((n, x) => n + x.errors + x.non2xx, 0)
    const bytes = r.target.answerBytes === undefined ? '' : fmt(r.target.answerBytes)
    md.push(`| ${r.target.name} | ${fmt(rps(key))} | ${fmt(median(shares(key, 'barePost')) * 100)}% | ${fmt(us(key))} | ${fmt(cpu(key))} | ${bytes} | ${fmt(p(key, 'p50'))} | ${fmt(p(key, 'p99'))} | ${fmt(worstP99(key))} | ${errs} |`)
  }
  md.push('')
  md.push(`Per round, /v1/score (300 chars) ÷ bare GET: ${shares('comment', 'bareGet').map((x) => `${fmt(x * 100)}%`).join(', ')}.`, '')
  md.push('### Where a request\'s time goes', '')
  md.push(`From a CPU profile (\`node --cpu-prof\`) of the built server under the default /v1/score load (the ${codePoints(http.comment)}-character`)
  md.push(`comment, ${CONNECTIONS} connections, ${SECONDS} s; ${fmt(http.profile.rps)} requests/s while profiled). Every busy sample counts, garbage`)
  md.push('collection and socket writes included, so the shares add up to the whole; µs are the shares of the unprofiled')
  md.push(`server's ${fmt(us('comment'))} µs per request.`, '')
  md.push('| where | share of CPU | µs per request |')
  md.push('|---|---|---|')
  for (const { category, share } of http.profile.shares) md.push(`| ${category} | ${fmt(share * 100, 1)}% | ${fmt(share * us('comment'))} |`)
  md.push('')
  md.push('µs/request is 10⁶ ÷ requests/s of the one server process, saturated by the ten connections. Some parts measured')
  md.push('alone in the bench process, one call at a time (they do not add up to the request: see the profile above):', '')
  md.push('| part | 300-char comment | 2,000-char post |')
  md.push('|---|---|---|')
  md.push(`| scoring (the engine) | ${fmt(commentParts.scoreUs)} µs | ${fmt(postParts.scoreUs)} µs |`)
  md.push(`| scoring the comment with the post as its parent | ${fmt(commentParts.withParentUs)} µs | |`)
  md.push(`| the request's deadline: an AbortController and its signal, a timer, a close listener (every request) | ${fmt(commentParts.deadlineUs, 1)} µs | ${fmt(postParts.deadlineUs, 1)} µs |`)
  md.push(`| … of which an AbortController and its signal alone | ${fmt(commentParts.abortSignalUs, 1)} µs | ${fmt(postParts.abortSignalUs, 1)} µs |`)
  md.push(`| the template memory's fingerprint (of the prepared tokens) | ${fmt(commentParts.fingerprintUs)} µs | ${fmt(postParts.fingerprintUs)} µs |`)
  md.push(`| the default answer (\`explain: "fired"\`): cut and JSON.stringify (what the route does) | ${fmt(commentParts.firedUs)} µs | ${fmt(postParts.firedUs)} µs |`)
  md.push(`| … its size | ${fmt(commentParts.firedBytes / 1024, 1)} KB | ${fmt(postParts.firedBytes / 1024, 1)} KB |`)
  md.push(`| the full answer (\`explain: "full"\`): JSON.stringify (what the route does) | ${fmt(commentParts.stringifyUs)} µs | ${fmt(postParts.stringifyUs)} µs |`)
  md.push(`| … serialised with zod instead (validated again, as the routes did before) | ${fmt(commentParts.zodUs)} µs | ${fmt(postParts.zodUs)} µs |`)
  md.push(`| … its size | ${fmt(commentParts.bytes / 1024, 1)} KB | ${fmt(postParts.bytes / 1024, 1)} KB |`)
  md.push(`| the service's fixed cost per request (GET /healthz) | ${fmt(us('health'))} µs | |`)
  md.push(`| bare Fastify (GET, fixed JSON) | ${fmt(us('bareGet'))} µs | |`)
  md.push('')
  md.push('## The largest request', '')
  const { pool: lp, oneThread: l1 } = http.largest
  md.push(`A batch of ${l1.items} texts of 5,000 characters (${fmt(l1.chars)} characters, the most MAX_REQUEST_CHARS lets one request hold), scored by`)
  md.push('the server while /healthz is asked every 20 ms; `remember: false`. What bounds any request: 20,000 characters a text,')
  md.push(`1,000 items and ${fmt(DEFAULT_MAX_REQUEST_CHARS)} characters a batch or thread, the first ${MAX_EVIDENCE} evidence spans a signal, the first 100 span scores`)
  md.push('an attribute on the Perspective route, and REQUEST_TIMEOUT_MS (10 s) to answer (README, "What one request may cost").', '')
  md.push('| | worker threads (default) | one thread (SCORING_THREADS=0) | ratio |')
  md.push('|---|---|---|---|')
  md.push(`| batch answered in, ms | ${fmt(lp.ms)} | ${fmt(l1.ms)} | ${fmt(lp.ms / l1.ms, 2)} |`)
  md.push(`| answer size, MB | ${fmt(lp.bytes / 1e6, 1)} | ${fmt(l1.bytes / 1e6, 1)} | |`)
  md.push(`| /healthz while scoring: median / worst, ms | ${fmt(median(lp.health))} / ${fmt(Math.max(...lp.health))} | ${fmt(median(l1.health))} / ${fmt(Math.max(...l1.health))} | ${fmt(Math.max(...lp.health) / Math.max(...l1.health), 2)} (worst) |`)
  md.push(`| /healthz answers while scoring | ${lp.health.length} | ${l1.health.length} | |`)
  md.push('')
  md.push('## The template memory', '')
  md.push('The in-process store (the default), called directly: a lookup of one template stored once, 100 and 10,000 times, each')
  md.push('copy by another author (best of 5 rounds of 20,000 lookups). Exact copies share one place in the index, so a lookup')
  md.push('walks the newest 128 copies (maxScan) once instead of once per LSH band.', '')
  md.push('| stored | µs per lookup | ÷ stored once |')
  md.push('|---|---|---|')
  for (const l of memory.lookups) md.push(`| ${fmt(l.copies)} times | ${fmt(l.us, 2)} | ${fmt(l.us / once, 1)} |`)
  md.push(`| once, among 999,999 other entries | ${fmt(memory.fullLookupUs, 2)} | ${fmt(memory.fullLookupUs / once, 1)} |`)
  md.push('')
  md.push(`With 1,000,000 distinct entries remembered the store's arrays take ${fmt(memory.storeMb)} MB; a process holding them and the`)
  md.push(`engine (one thread, the tagger loaded) has an RSS of ${fmt(memory.rssMb)} MB, against ${fmt(memory.rssEmptyMb)} MB with the same store empty (its arrays`)
  md.push('are reserved at start and take RAM as they are written). The server adds one')
  md.push('such engine per worker thread (see the idle RSS below and SCORING_THREADS).', '')
  md.push('## The stream worker', '')
  md.push(`\`authenticity worker\` processes (the built \`node dist/worker/main.js\`) on one consumer group of a redis-server on loopback,`)
  md.push(`with the template memory in the same Redis: ${fmt(stream.entries)} real comments (the dev folder's YouTube comments and tweets, ${fmt(stream.meanChars)}`)
  md.push('characters on average) added at once to an empty stream the workers wait on, timed until the result stream holds one')
  md.push(`result per entry; ${ROUNDS} interleaved rounds (scripts/bench-worker.ts). Redis, the workers and this process share the machine's cores.`, '')
  md.push('| workers | texts per second (min / median / max) | ÷ one worker (median) |')
  md.push('|---|---|---|')
  const oneWorker = median(stream.rounds[1])
  for (const n of [1, 2] as const) {
    const r = stream.rounds[n]
    md.push(`| ${n} | ${fmt(Math.min(...r))} / ${fmt(median(r))} / ${fmt(Math.max(...r))} | ${fmt(median(r) / oneWorker, 2)} |`)
  }
  md.push('')
  md.push('## Memory and start-up', '')
  md.push(`- RSS of the service: ${fmt(mb(http.rssIdle))} MB idle (ready, before load), ${fmt(mb(http.rssAfter))} MB after the HTTP runs.`)
  md.push(`- Start-up, from spawning \`node dist/server.js\` to the first 200 from /readyz: ${http.startupMs.map((x) => fmt(x)).join(', ')} ms (median ${fmt(median(http.startupMs))}).`)
  if (errors > 0) md.push('', `**${errors} requests failed or were not 2xx during the HTTP runs.**`)
  md.push('')
  const out = isAbsolute(args.out) ? args.out : join(ROOT, args.out)
  if (!existsSync(dirname(out))) mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, md.join('\n'))
  log(`wrote ${args.out}`)
  process.stdout.write(md.join('\n') + '\n')
}

await main()
