/**
 * Development aid: univariate AUROC of signal files on the labeled dev files, each row prepared as
 * the fit prepares it (same datasets, same kind per file).
 * Usage: npx tsx scripts/signal-auc.ts src/signals/a.ts src/signals/b.ts ...
 * AUROC > 0.5 means the value is higher on AI/spam/clickbait rows than on the others. Also prints
 * how often each signal fires on the unlabeled 2025–26 LinkedIn posts, which no labeled file resembles.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { prepare } from '../src/engine/document.js'
import type { Signal } from '../src/signals/define.js'
import { DATASETS, DEV_DIR, loadDataset } from '../src/model/datasets.js'
import { auroc } from '../src/model/logistic.js'

const signals: Signal[] = []
for (const f of process.argv.slice(2)) signals.push((await import(pathToFileURL(resolve(f)).href)).default)
for (const spec of DATASETS) {
  const { rows } = loadDataset(spec)
  const docs = rows.map((r) => prepare(r.text, { kind: r.kind }))
  const labels = rows.map((r) => r.y)
  for (const s of signals) {
    const values = docs.map((d) => s.measure(d).value)
    const fires = (y: number) => {
      const of = values.filter((v, i) => labels[i] === y)
      return ((100 * of.filter((v) => v !== 0).length) / of.length).toFixed(1)
    }
    console.log(`${spec.file.padEnd(24)} ${s.id.padEnd(32)} AUROC ${auroc(values, labels).toFixed(3)}  fires pos ${fires(1)}%  neg ${fires(0)}%`)
  }
}

const linkedin = readFileSync(`${DEV_DIR.replace(/\/$/, '')}/linkedin-recent-unlabeled.jsonl`, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => prepare(String((JSON.parse(line) as { text: unknown }).text), { kind: 'post' }))
for (const s of signals) {
  const firing = linkedin.filter((d) => s.measure(d).value !== 0).length
  console.log(`${'linkedin-recent'.padEnd(24)} ${s.id.padEnd(32)} fires on ${((100 * firing) / linkedin.length).toFixed(1)}% of ${linkedin.length} unlabeled posts`)
}
