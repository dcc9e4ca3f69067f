/**
 * Development aid: what each signal costs the engine, measured paired in one process (rounds
 * interleaved, medians), as the ratio of the engine's time with all signals to its time without
 * that one. Texts: the first-wave dev files and the LinkedIn posts (about 7 MB).
 * Usage: npx tsx scripts/signal-cost.ts [id …]   (default: every signal)
 */
import { readFileSync } from 'node:fs'
import { prepare } from '../src/engine/document.js'
import { DEV_DIR } from '../src/model/datasets.js'
import { SIGNALS } from '../src/signals/index.js'

const ROUNDS = 3
const texts = ['grid-reddit.jsonl', 'hc3.jsonl', 'linkedin-recent-unlabeled.jsonl', 'youtube-comments.jsonl'].flatMap((f) =>
  readFileSync(`${DEV_DIR.replace(/\/$/, '')}/${f}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => String((JSON.parse(l) as { text: unknown }).text)),
)
const megabytes = texts.reduce((n, t) => n + t.length, 0) / 1e6
const ids = process.argv.length > 2 ? process.argv.slice(2) : SIGNALS.map((s) => s.id)
const time = (signals: typeof SIGNALS) => {
  const start = performance.now()
  for (const text of texts) {
    const doc = prepare(text)
    for (const s of signals) s.measure(doc)
  }
  return (performance.now() - start) / 1000
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
time(SIGNALS) // warm up
const all: number[] = []
const without = new Map<string, number[]>(ids.map((id) => [id, []]))
for (let r = 0; r < ROUNDS; r++) {
  all.push(time(SIGNALS))
  for (const id of ids) without.get(id)!.push(time(SIGNALS.filter((s) => s.id !== id)))
}
console.log(`all ${SIGNALS.length} signals: ${(megabytes / median(all)).toFixed(2)} MB/s over ${megabytes.toFixed(1)} MB (median of ${ROUNDS})`)
for (const id of ids) console.log(`${id.padEnd(30)} all ÷ without it: ${(median(all) / median(without.get(id)!)).toFixed(2)}`)
