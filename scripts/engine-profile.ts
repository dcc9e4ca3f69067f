/**
 * Development aid: where the engine's time goes. Scores every text in ../shared/data/dev (the mix
 * `npm run bench` measures) under the V8 CPU profiler, in this process, and prints the engine's
 * MB/s of CPU time and the functions with the most self time, with their file and line.
 * Usage: npx tsx scripts/engine-profile.ts [--brief] [--top N] [--seconds S] [--max-chars N]
 * (--max-chars: only the texts of at most N characters, such as the comments of the HTTP benchmark)
 * npx tsx scripts/engine-profile.ts --allocations: what allocating an array of integers costs, typed
 * against plain, at the lengths one document's work asks for (src/engine/arrays.ts).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { Session, type Profiler } from 'node:inspector/promises'
import { parseArgs } from 'node:util'
import { createScorer } from '../src/engine/score.js'
import { loadModel } from '../src/model/weights.js'
import { DEV_DIR } from '../src/model/datasets.js'
import { SIGNALS } from '../src/signals/index.js'

const { values } = parseArgs({ options: { brief: { type: 'boolean', default: false }, top: { type: 'string', default: '30' }, seconds: { type: 'string', default: '8' }, 'max-chars': { type: 'string' }, allocations: { type: 'boolean', default: false } } })

if (values.allocations) {
  // ns per allocation, best of 5 rounds of 200,000; the arrays are kept in a ring so none is optimised away.
  const keep: unknown[] = new Array(64)
  const cost = (make: () => unknown) => {
    let best = Infinity
    for (let round = 0; round < 5; round++) {
      const start = performance.now()
      for (let i = 0; i < 200_000; i++) keep[i & 63] = make()
      best = Math.min(best, ((performance.now() - start) * 1e6) / 200_000)
    }
    return best
  }
  console.log('length   Int32Array   plain array (new Array(n).fill(0))   ns per allocation')
  for (const n of [16, 17, 55, 300, 600, 1000, 2000]) {
    console.log(`${String(n).padStart(6)}   ${cost(() => new Int32Array(n)).toFixed(0).padStart(10)}   ${cost(() => new Array<number>(n).fill(0)).toFixed(0).padStart(10)}`)
  }
  process.exit(0)
}
const texts = readdirSync(DEV_DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) =>
    readFileSync(`${DEV_DIR.replace(/\/$/, '')}/${f}`, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => String((JSON.parse(l) as { text: unknown }).text)),
  )
  .filter((t) => values['max-chars'] === undefined || t.length <= Number(values['max-chars']))
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0)
const scorer = createScorer(loadModel(), SIGNALS)
const brief = values.brief
for (const text of texts.slice(0, 3000)) scorer.score({ text, brief }) // warm up

const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 200 })
await session.post('Profiler.start')
const cpu = process.cpuUsage()
const start = performance.now()
let doneBytes = 0
while (performance.now() - start < Number(values.seconds) * 1000) {
  for (const text of texts) scorer.score({ text, brief })
  doneBytes += bytes
}
const used = process.cpuUsage(cpu)
const { profile } = (await session.post('Profiler.stop')) as { profile: Profiler.Profile }
session.disconnect()

const seconds = (used.user + used.system) / 1e6
console.log(`engine${brief ? ' (brief)' : ''}: ${(doneBytes / 1e6 / seconds).toFixed(2)} MB/s of CPU time, ${((seconds * 1e6 * bytes) / doneBytes / texts.length).toFixed(1)} µs a text, over ${texts.length} dev texts (${(bytes / 1e6).toFixed(1)} MB)`)

// Self time per function: samples whose top frame is that node.
const self = new Map<number, number>()
for (const id of profile.samples ?? []) self.set(id, (self.get(id) ?? 0) + 1)
const total = profile.samples?.length ?? 1
const byFunction = new Map<string, number>()
for (const node of profile.nodes) {
  const f = node.callFrame
  const where = f.url === '' ? '' : ` ${f.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${f.lineNumber + 1}`
  const key = `${f.functionName || '(anonymous)'}${where}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(node.id) ?? 0))
}
const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))
for (const [key, n] of rows) console.log(`${((n / total) * 100).toFixed(1).padStart(5)}%  ${key}`)
