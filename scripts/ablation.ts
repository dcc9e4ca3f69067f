/**
 * Development aid: refit the model in memory with signals added or removed and print the
 * out-of-fold figures that decide whether a change is worth making. Nothing is written.
 *
 * Usage:
 *   npx tsx scripts/ablation.ts                              # the checkout's signals
 *   npx tsx scripts/ablation.ts -participial-clauses         # without a signal
 *   npx tsx scripts/ablation.ts +path/to/candidate.ts:1      # with a candidate (default export a Signal), fitted to raise the score (:-1 to lower it)
 *
 * Per dev file: AUROC, the share of positive (AI, spam, clickbait) rows at or above the fitted `templated` threshold
 * (and of negative rows), and the share of positive rows above that file's own 2%-false-positive cut.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { SIGNALS } from '../src/signals/index.js'
import type { Signal } from '../src/signals/define.js'
import { FIT_DATASETS, loadDataset } from '../src/model/datasets.js'
import { fitModel } from '../src/model/fit.js'
import { auroc } from '../src/model/logistic.js'
import { truePositivesAt2Percent } from '../src/model/evaluate.js'

const signals: Signal[] = [...SIGNALS]
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith('-')) {
    const at = signals.findIndex((s) => s.id === arg.slice(1))
    if (at < 0) throw new Error(`no signal "${arg.slice(1)}"`)
    signals.splice(at, 1)
    continue
  }
  const [file, sign = '1'] = arg.replace(/^\+/, '').split(':')
  const candidate: Signal = (await import(pathToFileURL(resolve(file)).href)).default
  // the sign on the command line decides, whatever weight the candidate declares (if any)
  signals.push({ ...candidate, weight: { fit: sign === '-1' ? 'lowers' : 'raises' } })
}

const files = FIT_DATASETS.map((d) => loadDataset(d))
const { model, oof, rows } = fitModel(files, signals)
const pct = (x: number) => `${(100 * x).toFixed(1)}%`
for (const spec of FIT_DATASETS) {
  const idx = rows.map((r, i) => (r.source === spec.file ? i : -1)).filter((i) => i >= 0)
  const scores = idx.map((i) => oof[i])
  const labels = idx.map((i) => rows[i].y)
  const share = (y: number) => scores.filter((s, k) => labels[k] === y && s >= model.thresholds.templated).length / labels.filter((l) => l === y).length
  if (labels.every((l) => l === labels[0])) {
    console.log(`${spec.file.padEnd(20)} one class: ${pct(share(labels[0]))} labeled templated`)
    continue
  }
  console.log(
    `${spec.file.padEnd(20)} AUROC ${auroc(scores, labels).toFixed(4)}  templated: positives ${pct(share(1))}, negatives ${pct(share(0))}  positives at own 2% FPR ${pct(truePositivesAt2Percent(scores, labels)!)}`,
  )
}
console.log(`thresholds: templated ${model.thresholds.templated}, uncertain ${model.thresholds.uncertain}; intercepts ${JSON.stringify(model.dimensionIntercepts)}; l2 ${JSON.stringify(model.l2)}`)
const dropped = Object.entries(model.weights).filter(([, w]) => w.origin === 'dropped').map(([id]) => id)
if (dropped.length > 0) console.log(`dropped (wrong sign): ${dropped.join(', ')}`)
