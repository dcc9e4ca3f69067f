/**
 * Development aid: univariate AUROC of signal files on the labeled dev data.
 * Usage: npx tsx scripts/signal-auc.ts src/signals/a.ts src/signals/b.ts ...
 * AUROC > 0.5 means the value is higher on AI/spam/clickbait rows than on human rows.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { prepare } from '../src/engine/document.js'
import type { Signal } from '../src/signals/define.js'

function auroc(pos: number[], neg: number[]): number {
  const all = [...pos.map((v) => [v, 1]), ...neg.map((v) => [v, 0])].sort((a, b) => a[0] - b[0])
  let rank = 0, sumPos = 0, i = 0
  while (i < all.length) {
    let j = i
    while (j < all.length && all[j][0] === all[i][0]) j++
    const avg = (i + j + 1) / 2
    for (let k = i; k < j; k++) if (all[k][1] === 1) sumPos += avg
    rank = j
    i = j
  }
  void rank
  return (sumPos - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length)
}

const files: Array<[string, (r: any) => boolean | undefined]> = [
  ['grid-reddit.jsonl', (r) => r.label === 'ai'],
  ['hc3.jsonl', (r) => r.label === 'ai'],
  ['youtube-comments.jsonl', (r) => r.spam],
  ['headlines.jsonl', (r) => r.clickbait],
]
const signals: Signal[] = []
for (const f of process.argv.slice(2)) signals.push((await import(pathToFileURL(resolve(f)).href)).default)
for (const [file, positive] of files) {
  const rows = readFileSync(resolve('../shared/data/dev', file), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  const docs = rows.map((r) => ({ doc: prepare(r.text), pos: positive(r) }))
  for (const s of signals) {
    const pos: number[] = [], neg: number[] = []
    let firePos = 0, fireNeg = 0
    for (const { doc, pos: p } of docs) {
      const v = s.measure(doc).value
      if (p) { pos.push(v); if (v !== 0) firePos++ } else { neg.push(v); if (v !== 0) fireNeg++ }
    }
    console.log(`${file.padEnd(24)} ${s.id.padEnd(32)} AUROC ${auroc(pos, neg).toFixed(3)}  fires pos ${(100 * firePos / pos.length).toFixed(1)}%  neg ${(100 * fireNeg / neg.length).toFixed(1)}%`)
  }
}
