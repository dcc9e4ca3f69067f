/**
 * Scoring on worker threads (src/scoring/engine.ts): the same answers as in this thread, and a
 * server that keeps answering while the largest request it accepts is scored.
 */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { poolEngine, threadEngine, INLINE_MAX_CHARS } from '../../src/scoring/engine.js'
import { createScorer } from '../../src/engine/score.js'
import { loadModel } from '../../src/model/weights.js'
import { SIGNALS } from '../../src/signals/index.js'
import { readConfig } from '../../src/config.js'
import { startServer } from '../../src/server.js'
import { DEFAULT_MAX_REQUEST_CHARS } from '../../src/scoring/request.js'
import { MAX_TEXT_CHARS } from '../../src/http/schemas.js'
import { ScoringService } from '../../src/scoring/service.js'
import { MemoryTemplateStore } from '../../src/store/memory-store.js'
import { TemplateMemory } from '../../src/store/template-memory.js'

const DEV = new URL('../../../shared/data/dev/', import.meta.url)
const texts = readFileSync(new URL('modern-essays.jsonl', DEV), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text)

t.test('worker threads answer exactly what this thread answers, short and long texts, with and without a parent', async (t) => {
  const scorer = createScorer(loadModel(), SIGNALS)
  const pool = poolEngine(scorer, 2)
  t.teardown(() => pool.close())
  const here = threadEngine(scorer)
  const parent = texts[0]
  const inputs: Array<{ text: string; kind?: 'post' | 'comment'; parent?: string }> = [
    ...texts.slice(1, 13).map((text) => ({ text })),
    ...texts.slice(13, 19).map((text) => ({ text, kind: 'comment' as const, parent })),
    { text: 'Great post Bruce! Very timely.', kind: 'comment' as const, parent },
    { text: 'Great post! Very timely.' },
  ]
  t.ok(inputs.filter((i) => i.text.length + (i.parent?.length ?? 0) >= INLINE_MAX_CHARS).length >= 10, 'most go to the workers')
  const pooled = await Promise.all(inputs.map((input) => pool.score(input)))
  for (const [i, input] of inputs.entries()) t.same(pooled[i], await here.score(input), `text ${i}`)
})

t.test('many texts on the pool: the answers of one by one, the template memory seen in order, every worker busy', async (t) => {
  const scorer = createScorer(loadModel(), SIGNALS)
  const service = (engine?: ReturnType<typeof poolEngine>) =>
    new ScoringService({ scorer, engine, memory: new TemplateMemory(new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 1000 }), { salt: 'a-test-salt-of-16+chars', now: () => 1_700_000_000_000 }) })
  // Long texts (to the workers) and short ones (inline), one template sent by four authors in turn.
  const template = texts[20]
  const inputs = [
    ...texts.slice(21, 27).map((text, i) => ({ text, author: `a${i}` })),
    ...['w', 'x', 'y', 'z'].flatMap((author) => [{ text: template, author }, { text: 'Great post! Very timely.', author }]),
  ]
  const one = service()
  const expected = []
  for (const input of inputs) expected.push(await one.score(input))
  const pool = poolEngine(scorer, 2)
  t.equal(pool.concurrency, 4)
  const many = service(pool)
  t.teardown(() => many.close())
  let inFlight = 0
  let most = 0
  const score = pool.score.bind(pool)
  pool.score = async (input, signal) => {
    most = Math.max(most, ++inFlight)
    try {
      return await score(input, signal)
    } finally {
      inFlight--
    }
  }
  const got = await many.scoreMany(inputs)
  t.same(got, expected, 'same results and fingerprints, in order')
  t.ok(expected.at(-2)!.result.signals.find((s) => s.id === 'repeated-template')!.value > 0, 'the fourth author of the template is told it repeats')
  t.equal(most, 4, 'up to two texts per worker at once')
})

t.test('a real server answers /healthz while the largest batch it accepts is scored', async (t) => {
  // The largest batch: MAX_REQUEST_CHARS characters of real essays, in texts of up to 5,000.
  const items: Array<{ id: number; text: string }> = []
  let chars = 0
  for (let i = 0; chars < DEFAULT_MAX_REQUEST_CHARS - 5000; i++) {
    let text = ''
    for (let k = i; text.length < 5000; k++) text += texts[k % texts.length] + '\n\n'
    text = Array.from(text).slice(0, 5000).join('')
    items.push({ id: i, text })
    chars += 5000
  }
  t.ok(5000 <= MAX_TEXT_CHARS)
  const app = await startServer(readConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SCORING_THREADS: '2', RATE_LIMIT_MAX: '0' }))
  t.teardown(() => app.close())
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  // Warm, as a serving process is: one small batch of the same texts first.
  const warm = await fetch(`${base}/v1/score/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: items.slice(0, 4).map((i) => ({ ...i, remember: false })) }) })
  t.equal(warm.status, 200)

  const started = performance.now()
  const batch = fetch(`${base}/v1/score/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items: items.map((i) => ({ ...i, remember: false })) }),
  }).then(async (r) => ({ status: r.status, bytes: (await r.arrayBuffer()).byteLength, ms: performance.now() - started }))
  let done = false
  void batch.then(() => (done = true))
  const latencies: number[] = []
  while (!done) {
    const s = performance.now()
    const r = await fetch(`${base}/healthz`)
    await r.arrayBuffer()
    latencies.push(performance.now() - s)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const answer = await batch
  t.equal(answer.status, 200, `${items.length} texts of 5,000 characters scored in ${Math.round(answer.ms)} ms, ${(answer.bytes / 1e6).toFixed(1)} MB answered`)
  t.ok(latencies.length >= 5, `/healthz asked ${latencies.length} times while the batch was scored`)
  const worst = Math.max(...latencies)
  t.ok(worst < 100, `/healthz answered within ${Math.round(worst)} ms at worst (median ${Math.round(latencies.sort((a, b) => a - b)[latencies.length >> 1])} ms)`)
})
