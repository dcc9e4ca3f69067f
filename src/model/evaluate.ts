/**
 * `npm run eval`: how well the score separates human from AI-style and templated text, per file,
 * per domain and per length bucket, with bootstrap intervals, at the service's own thresholds.
 *
 * The dev files the model was fitted on are scored out-of-fold (each row by a model that never saw
 * it; rows too short to be fitted, by the final fit); any other JSONL file named on the command line (rows with `text` and `label` human|ai) is
 * scored by the service as shipped. Writes docs/evaluation.json and the tables of
 * docs/EVALUATION.md.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createScorer, labelFor, type Label } from '../engine/score.js'
import { SIGNALS } from '../signals/index.js'
import { DATASETS, loadDataset, type LoadedFile, type Row } from './datasets.js'
import { fitModel, hashFeatureCode } from './fit.js'
import { auroc, seededRandom } from './logistic.js'
import { loadModel, type Model } from './weights.js'

export const BOOTSTRAP_RESAMPLES = 1000
export const BOOTSTRAP_SEED = 20261125

export interface Scored {
  y: number
  score: number
  generic: number
  label: Label
  source: string
  domain: string
  characters: number
}

export interface Summary {
  n: number
  positives: number
  negatives: number
  /** AUROC with its 95% bootstrap interval; null when one class is missing. */
  auroc: number | null
  ci95: [number, number] | null
  /** Share of negative (human, non-templated) rows labeled `templated`. */
  negativesTemplated: number | null
  /** Share of positive (AI, spam, clickbait) rows labeled `templated`. */
  positivesTemplated: number | null
  /**
   * Share of positive rows above this group's own threshold, the one that leaves at most 2% of its
   * negatives at or above it (TPR at 2% FPR): what the signals can do on this text alone, apart from
   * where the service's single threshold falls. Null when a class is missing.
   */
  positivesAtOwn2Percent: number | null
}

/** Share of positives strictly above the highest score that lets at most 2% of negatives reach it. */
export function truePositivesAt2Percent(scores: number[], labels: number[]): number | null {
  const neg = scores.filter((_, i) => labels[i] === 0).sort((a, b) => b - a)
  const pos = scores.filter((_, i) => labels[i] === 1)
  if (neg.length === 0 || pos.length === 0) return null
  const cut = neg[Math.floor(0.02 * neg.length)]
  return pos.filter((s) => s > cut).length / pos.length
}

export type Bucket = '< 300' | '300–1,000' | '> 1,000'

export function lengthBucket(characters: number): Bucket {
  if (characters < 300) return '< 300'
  if (characters <= 1000) return '300–1,000'
  return '> 1,000'
}

/** 95% percentile interval of AUROC over stratified bootstrap resamples (fixed seed). */
export function bootstrapAuroc(scores: number[], labels: number[], resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED): [number, number] {
  const rand = seededRandom(seed)
  const pos = scores.filter((_, i) => labels[i] === 1)
  const neg = scores.filter((_, i) => labels[i] === 0)
  const values: number[] = []
  for (let r = 0; r < resamples; r++) {
    const s: number[] = []
    const l: number[] = []
    for (let i = 0; i < pos.length; i++) { s.push(pos[Math.floor(rand() * pos.length)]); l.push(1) }
    for (let i = 0; i < neg.length; i++) { s.push(neg[Math.floor(rand() * neg.length)]); l.push(0) }
    values.push(auroc(s, l))
  }
  values.sort((a, b) => a - b)
  return [values[Math.floor(0.025 * (resamples - 1))], values[Math.ceil(0.975 * (resamples - 1))]]
}

const r3 = (x: number) => Math.round(x * 1000) / 1000

export function summarise(items: Scored[], value: (s: Scored) => number = (s) => s.score, resamples = BOOTSTRAP_RESAMPLES): Summary {
  const labels = items.map((s) => s.y)
  const scores = items.map(value)
  const positives = labels.filter((y) => y === 1).length
  const negatives = items.length - positives
  const both = positives > 0 && negatives > 0
  const share = (y: number, n: number) => (n === 0 ? null : r3(items.filter((s) => s.y === y && s.label === 'templated').length / n))
  return {
    n: items.length,
    positives,
    negatives,
    auroc: both ? r3(auroc(scores, labels)) : null,
    ci95: both ? (bootstrapAuroc(scores, labels, resamples).map(r3) as [number, number]) : null,
    negativesTemplated: share(0, negatives),
    positivesTemplated: share(1, positives),
    positivesAtOwn2Percent: both ? r3(truePositivesAt2Percent(scores, labels)!) : null,
  }
}

/** Score cuts at which the operating-point table reads each file (the service's own thresholds are added). */
export const OPERATING_CUTS = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95]

export interface OperatingPoint {
  threshold: number
  /** Per file: share of negative and of positive rows scoring at or above the threshold. */
  files: Record<string, { negatives: number | null; positives: number | null }>
}

/** Share of each group's negative and positive rows at or above each cut, for callers choosing their own. */
export function operatingPoints(groups: Array<{ file: string; items: Scored[] }>, cuts: number[]): OperatingPoint[] {
  const share = (items: Scored[], y: number, cut: number) => {
    const of = items.filter((s) => s.y === y)
    return of.length === 0 ? null : r3(of.filter((s) => s.score >= cut).length / of.length)
  }
  return [...new Set(cuts)].sort((a, b) => a - b).map((threshold) => ({
    threshold,
    files: Object.fromEntries(groups.map((g) => [g.file, { negatives: share(g.items, 0, threshold), positives: share(g.items, 1, threshold) }])),
  }))
}

export interface Report {
  model: string
  thresholds: { uncertain: number; templated: number }
  /** Share of each file's rows at or above a range of score cuts. */
  operatingPoints: OperatingPoint[]
  files: Record<string, { scoredAs: 'out-of-fold' | 'service'; all: Summary; byDomain: Record<string, Summary>; byLength: Record<string, Summary>; generic?: Summary }>
  /** Signals whose weight is a documented prior, not fitted on any dev file. */
  priorSignals: Array<{ id: string; weight: number; reason: string }>
  droppedSignals: string[]
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)))
}

export function buildReport(model: Model, groups: Array<{ file: string; scoredAs: 'out-of-fold' | 'service'; items: Scored[]; generic: boolean }>, resamples = BOOTSTRAP_RESAMPLES, progress: (done: number) => void = () => {}): Report {
  const files: Report['files'] = {}
  groups.forEach((g, i) => {
    const byDomain = Object.fromEntries([...groupBy(g.items, (s) => s.domain)].map(([k, v]) => [k, summarise(v, undefined, resamples)]))
    const byLength = Object.fromEntries([...groupBy(g.items, (s) => lengthBucket(s.characters))].map(([k, v]) => [k, summarise(v, undefined, resamples)]))
    files[g.file] = { scoredAs: g.scoredAs, all: summarise(g.items, undefined, resamples), byDomain, byLength }
    if (g.generic) files[g.file].generic = summarise(g.items, (s) => s.generic, resamples)
    progress(i + 1)
  })
  return {
    model: model.version,
    thresholds: { uncertain: model.thresholds.uncertain, templated: model.thresholds.templated },
    operatingPoints: operatingPoints(groups, [...OPERATING_CUTS, model.thresholds.uncertain, model.thresholds.templated]),
    files,
    priorSignals: Object.entries(model.weights)
      .filter(([, w]) => w.origin === 'prior')
      .map(([id, w]) => ({ id, weight: w.weight, reason: String(w.reason) })),
    droppedSignals: Object.entries(model.weights).filter(([, w]) => w.origin === 'dropped').map(([id]) => id),
  }
}

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`)
const ci = (s: Summary) => (s.auroc === null ? '–' : `${s.auroc.toFixed(3)} [${s.ci95![0].toFixed(3)}, ${s.ci95![1].toFixed(3)}]`)

/** Markdown tables of a report. */
export function formatReport(report: Report): string {
  const lines: string[] = [
    `Model \`${report.model}\`; thresholds: uncertain ≥ ${report.thresholds.uncertain}, templated ≥ ${report.thresholds.templated}.`,
    '',
    '| file | scored | group | n (pos/neg) | AUROC [95% CI] | negatives labeled templated | positives labeled templated | positives at the group\'s own 2% FPR |',
    '|---|---|---|---|---|---|---|---|',
  ]
  const row = (file: string, scored: string, group: string, s: Summary) =>
    lines.push(`| ${file} | ${scored} | ${group} | ${s.n} (${s.positives}/${s.negatives}) | ${ci(s)} | ${pct(s.negativesTemplated)} | ${pct(s.positivesTemplated)} | ${pct(s.positivesAtOwn2Percent)} |`)
  for (const [file, f] of Object.entries(report.files)) {
    row(file, f.scoredAs, '**all**', f.all)
    for (const [k, s] of Object.entries(f.byLength)) row(file, f.scoredAs, `length ${k}`, s)
    for (const [k, s] of Object.entries(f.byDomain)) if (Object.keys(f.byDomain).length > 1) row(file, f.scoredAs, `domain ${k}`, s)
  }
  const generic = Object.entries(report.files).filter(([, f]) => f.generic)
  if (generic.length > 0) {
    lines.push('', '`dimensions.generic` alone:', '', '| file | AUROC [95% CI] |', '|---|---|')
    for (const [file, f] of generic) lines.push(`| ${file} | ${ci(f.generic!)} |`)
  }
  const files = Object.keys(report.files)
  if (report.operatingPoints.length > 0 && files.length > 0) {
    lines.push(
      '',
      'Operating points: the share of each file\'s negative / positive rows whose `score` is at or above a cut, for callers who set their own.',
      '',
      `| score ≥ | ${files.join(' | ')} |`,
      `|---|${files.map(() => '---|').join('')}`,
    )
    for (const p of report.operatingPoints) {
      const own = p.threshold === report.thresholds.templated ? ' (`templated`)' : p.threshold === report.thresholds.uncertain ? ' (`uncertain`)' : ''
      lines.push(`| ${p.threshold}${own} | ${files.map((f) => `${pct(p.files[f].negatives)} / ${pct(p.files[f].positives)}`).join(' | ')} |`)
    }
  }
  lines.push('', 'Signals with a documented prior weight instead of a fitted one (reasons in src/model/priors.ts):', '')
  for (const p of report.priorSignals) lines.push(`- \`${p.id}\` (${p.weight}): ${p.reason}`)
  if (report.droppedSignals.length > 0) lines.push('', `Dropped (fitted with the sign opposite to their heuristic, held at 0): ${report.droppedSignals.map((d) => `\`${d}\``).join(', ')}.`)
  return lines.join('\n') + '\n'
}

/** Score rows with the shipped service, replacing the score by `score(i)` when given (out-of-fold). */
function scoreRows(rows: Row[], model: Model, oof?: { score: number[]; generic: number[] }): Scored[] {
  const scorer = createScorer(model, SIGNALS)
  return rows.map((r, i) => {
    const result = scorer.score({ text: r.text, kind: r.kind })
    const score = oof ? oof.score[i] : result.score
    const evidenced = result.signals.some((s) => s.contribution > 0 && s.evidence.length > 0)
    return {
      y: r.y,
      score,
      generic: oof ? oof.generic[i] : result.dimensions.generic,
      label: labelFor(score, { words: result.stats.words, language: result.language, evidenced }, model.thresholds),
      source: r.source,
      domain: r.domain,
      characters: result.stats.characters,
    }
  })
}

/** Rows of an extra JSONL file: `text` and `label` (human | ai). */
export function loadExtra(path: string): LoadedFile {
  const rows: Row[] = []
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue
    const r = JSON.parse(line) as { text: string; label: string; domain?: string }
    if (r.label !== 'human' && r.label !== 'ai') continue
    rows.push({ text: r.text, y: r.label === 'ai' ? 1 : 0, group: '', source: basename(path), domain: r.domain ?? 'unknown', kind: 'post', dimension: 'aiStyle' })
  }
  return { file: basename(path), rows, sha256: '' }
}

export function evaluate(extraPaths: string[], resamples = BOOTSTRAP_RESAMPLES, progress?: (done: number, total: number) => void): Report {
  const model = loadModel()
  const files = DATASETS.map((d) => loadDataset(d))
  const fit = fitModel(files, SIGNALS, hashFeatureCode())
  const scored = scoreRows(fit.rows, model, { score: fit.oof, generic: fit.oofDimensions.generic })
  const groups: Array<{ file: string; scoredAs: 'out-of-fold' | 'service'; items: Scored[]; generic: boolean }> = files.map((f) => ({
    file: f.file,
    scoredAs: 'out-of-fold',
    items: scored.filter((s) => s.source === f.file),
    generic: DATASETS.find((d) => d.file === f.file)!.dimension === 'generic',
  }))
  for (const path of extraPaths) {
    const extra = loadExtra(path)
    groups.push({ file: extra.file, scoredAs: 'service', items: scoreRows(extra.rows, model), generic: false })
  }
  return buildReport(model, groups, resamples, (done) => progress?.(done, groups.length))
}

/* c8 ignore start -- the command-line entry; evaluate() and formatReport() are what tests exercise */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bar = (done: number, total: number) => {
    if (!process.stderr.isTTY) return
    const width = 30
    const filled = Math.round((width * done) / total)
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files`)
    if (done === total) process.stderr.write('\n')
  }
  if (process.stderr.isTTY) process.stderr.write('scoring dev files out-of-fold…\n')
  const extras = process.argv.slice(2)
  const report = evaluate(extras, BOOTSTRAP_RESAMPLES, bar)
  const tables = formatReport(report)
  process.stdout.write(tables)
  if (extras.length > 0) {
    // Extra files are the user's: their numbers go beside them, not into the project's docs.
    writeFileSync('evaluation.json', JSON.stringify(report, null, 2) + '\n')
    process.stderr.write('wrote evaluation.json\n')
    process.exit(0)
  }
  writeFileSync(new URL('../../docs/evaluation.json', import.meta.url), JSON.stringify(report, null, 2) + '\n')
  const mdUrl = new URL('../../docs/EVALUATION.md', import.meta.url)
  const md = readFileSync(mdUrl, 'utf8')
  const begin = '<!-- eval:begin -->'
  const end = '<!-- eval:end -->'
  writeFileSync(mdUrl, md.slice(0, md.indexOf(begin) + begin.length) + '\n' + tables + md.slice(md.indexOf(end)))
  process.stderr.write('wrote docs/evaluation.json and the tables of docs/EVALUATION.md\n')
}
/* c8 ignore stop */
