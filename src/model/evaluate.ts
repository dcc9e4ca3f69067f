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
import { CODE_WARNING, createScorer, labelFor, raisedByEvidence, type Label } from '../engine/score.js'
import { SIGNALS } from '../signals/index.js'
import { DATASETS, DEV_DIR, loadDataset, type DatasetSpec, type LoadedFile, type Row } from './datasets.js'
import { fitModel, MIN_DOMAIN_ROWS } from './fit.js'
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
  /** The file's subgroup (a domain, a writer group, a model): DatasetSpec.subgroup. */
  domain: string
  characters: number
  /** Each signal's contribution to the logit, by the shipped model (for the learners' guard). */
  contributions?: Record<string, number>
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

export interface FileReport {
  scoredAs: 'out-of-fold' | 'service'
  /** `fit`: may set weights; `evaluation`: measured only (its licence). */
  use: 'fit' | 'evaluation'
  all: Summary
  byDomain: Record<string, Summary>
  byLength: Record<string, Summary>
  /** Mean of the per-domain AUROCs (domains with both classes): separation within a register, not across. */
  meanDomainAuroc?: number
  generic?: Summary
}

export interface Target {
  what: string
  measured: number | null
  /** `>=` or `<=` the goal. */
  goal: { op: '>=' | '<='; value: number }
  met: boolean
}

export interface Group {
  file: string
  scoredAs: 'out-of-fold' | 'service'
  use: 'fit' | 'evaluation'
  items: Scored[]
  generic: boolean
}

export interface Report {
  model: string
  thresholds: { uncertain: number; templated: number }
  /** Share of each file's rows at or above a range of score cuts. */
  operatingPoints: OperatingPoint[]
  files: Record<string, FileReport>
  /** The issue's done-when targets, each with the measured figure. */
  targets: Target[]
  /** The learners' guard of the signals whose weight is set, not fitted (reported, see targets()). */
  learnerGuardOfPriors: Array<{ id: string; margin: number }>
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

export function buildReport(model: Model, groups: Group[], resamples = BOOTSTRAP_RESAMPLES, progress: (done: number) => void = () => {}): Report {
  const files: Report['files'] = {}
  groups.forEach((g, i) => {
    const byDomain = Object.fromEntries([...groupBy(g.items, (s) => s.domain)].map(([k, v]) => [k, summarise(v, undefined, resamples)]))
    const byLength = Object.fromEntries([...groupBy(g.items, (s) => lengthBucket(s.characters))].map(([k, v]) => [k, summarise(v, undefined, resamples)]))
    files[g.file] = { scoredAs: g.scoredAs, use: g.use, all: summarise(g.items, undefined, resamples), byDomain, byLength }
    const domainAurocs = Object.values(byDomain).map((d) => d.auroc).filter((a): a is number => a !== null)
    if (domainAurocs.length > 1) files[g.file].meanDomainAuroc = r3(domainAurocs.reduce((a, b) => a + b, 0) / domainAurocs.length)
    if (g.generic) files[g.file].generic = summarise(g.items, (s) => s.generic, resamples)
    progress(i + 1)
  })
  return {
    model: model.version,
    thresholds: { uncertain: model.thresholds.uncertain, templated: model.thresholds.templated },
    operatingPoints: operatingPoints(groups, [...OPERATING_CUTS, model.thresholds.uncertain, model.thresholds.templated]),
    files,
    targets: targets(groups, files, model),
    learnerGuardOfPriors: learnerGuard(groups).filter((g) => !isGuarded(model, g.id)),
    priorSignals: Object.entries(model.weights)
      .filter(([, w]) => w.origin === 'prior')
      .map(([id, w]) => ({ id, weight: w.weight, reason: String(w.reason) })),
    droppedSignals: Object.entries(model.weights).filter(([, w]) => w.origin === 'dropped').map(([id]) => id),
  }
}

/**
 * The learners' guard, per signal: what removing it would take off learners' scores against what it
 * would take off AI essays', as mean logit contributions (English learners: learner-essays and the
 * `english-learner` students; AI: the essays of current models, modern-essays on the students' own
 * prompts and the essays of modern-assistant-answers, the same task as the learners'). A signal that
 * adds more to learners than to AI essays works against them and may not be kept; a positive margin says so.
 */
export function learnerGuard(groups: Group[]): Array<{ id: string; margin: number }> {
  const learners = groups.flatMap((g) => (g.file === 'learner-essays.jsonl' ? g.items : g.file === 'student-essays.jsonl' ? g.items.filter((s) => s.domain === 'writer english-learner') : []))
  const ai = groups.flatMap((g) => (g.file === 'modern-essays.jsonl' ? g.items : g.file === 'modern-assistant-answers.jsonl' ? g.items.filter((s) => s.domain === 'essay') : []))
  if (learners.length === 0 || ai.length === 0) return []
  const mean = (items: Scored[], id: string) => items.reduce((sum, s) => sum + (s.contributions?.[id] ?? 0), 0) / items.length
  const ids = [...new Set([...learners, ...ai].flatMap((s) => Object.keys(s.contributions ?? {})))].sort()
  return ids.map((id) => ({ id, margin: r3(mean(learners, id) - mean(ai, id)) }))
}

/** Whether the learners' guard is held for a signal: a fitted weight of the aiStyle dimension. */
function isGuarded(model: Model | undefined, id: string): boolean {
  return model?.weights[id]?.origin === 'fitted' && SIGNALS.find((s) => s.id === id)?.dimension === 'aiStyle'
}

/** Share of items labeled `templated`; null when there are none. */
function templatedShare(items: Scored[]): number | null {
  return items.length === 0 ? null : r3(items.filter((s) => s.label === 'templated').length / items.length)
}

/**
 * The detection issue's done-when targets, measured on whatever files the report holds (a target
 * whose file is absent is left out). Human rows of every aiStyle file count, the evaluation-only
 * ones included: they are held to targets though they never set the threshold. The learners' guard
 * is held for every fitted signal.
 */
export function targets(groups: Group[], files: Record<string, FileReport>, model?: Model): Target[] {
  const out: Target[] = []
  const add = (what: string, measured: number | null | undefined, op: '>=' | '<=', value: number) => {
    if (measured === undefined) return
    out.push({ what, measured, goal: { op, value }, met: measured !== null && (op === '>=' ? measured >= value : measured <= value) })
  }
  const items = (file: string, keep: (s: Scored) => boolean) => groups.find((g) => g.file === file)?.items.filter(keep)
  const share = (file: string, keep: (s: Scored) => boolean) => {
    const of = items(file, keep)
    return of === undefined ? undefined : templatedShare(of)
  }
  const rewrites = files['modern-rewrites.jsonl']
  add('modern-rewrites: mean within-domain AUROC', rewrites?.meanDomainAuroc, '>=', 0.9)
  add('modern-rewrites: pooled AUROC', rewrites?.all.auroc, '>=', 0.9)
  const humanFiles = groups.filter((g) => !g.generic && g.items.some((s) => s.y === 0))
  if (humanFiles.length > 0) {
    const shares = humanFiles.map((g) => templatedShare(g.items.filter((s) => s.y === 0))!)
    add('all dev human rows labeled templated (each file weighing the same)', r3(shares.reduce((a, b) => a + b, 0) / shares.length), '<=', 0.01)
    let worst: { name: string; share: number } | null = null
    for (const g of humanFiles) {
      for (const [domain, list] of groupBy(g.items.filter((s) => s.y === 0), (s) => s.domain)) {
        if (list.length < MIN_DOMAIN_ROWS) continue
        const sh = templatedShare(list)!
        if (worst === null || sh > worst.share) worst = { name: `${g.file} ${domain}`, share: sh }
      }
    }
    if (worst) add(`the human domain (${MIN_DOMAIN_ROWS}+ rows) most often labeled templated: ${worst.name}`, worst.share, '<=', 0.05)
  }
  add('modern-essays labeled templated', share('modern-essays.jsonl', (s) => s.y === 1), '>=', 0.7)
  add('modern-chat labeled templated', share('modern-chat.jsonl', (s) => s.y === 1), '>=', 0.5)
  add('modern-assistant-answers social posts labeled templated', share('modern-assistant-answers.jsonl', (s) => s.y === 1 && s.domain === 'social-post'), '>=', 0.7)
  add('modern-rewrites AI rows labeled templated', share('modern-rewrites.jsonl', (s) => s.y === 1), '>=', 0.6)
  add('learner essays labeled templated', share('learner-essays.jsonl', () => true), '<=', 0.005)
  add('student essays labeled templated', share('student-essays.jsonl', () => true), '<=', 0.005)
  add('student essays by English learners labeled templated', share('student-essays.jsonl', (s) => s.domain === 'writer english-learner'), '<=', 0.005)
  add('tweets labeled templated', share('tweets.jsonl', () => true), '<=', 0.01)
  add('reddit-aita human labeled templated', share('reddit-aita.jsonl', (s) => s.y === 0), '<=', 0.005)
  add('GRiD human labeled templated', share('grid-reddit.jsonl', (s) => s.y === 0), '<=', 0.02)
  add('HC3 human labeled templated', share('hc3.jsonl', (s) => s.y === 0), '<=', 0.02)
  // Held for the fitted style signals, the word-choice and grammatical features the guard was set
  // for; the signals of social-media templates (set weights, and the generic dimension's spam and
  // clickbait signals) are reported beside it.
  for (const g of learnerGuard(groups).filter((x) => isGuarded(model, x.id))) add(`learners' guard, ${g.id}: mean logit it adds to learners' essays minus what it adds to AI essays`, g.margin, '<=', 0)
  add('GRiD AUROC', files['grid-reddit.jsonl']?.all.auroc, '>=', 0.97)
  add('HC3 AUROC', files['hc3.jsonl']?.all.auroc, '>=', 0.95)
  return out
}

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`)
const ci = (s: Summary) => (s.auroc === null ? '–' : `${s.auroc.toFixed(3)} [${s.ci95![0].toFixed(3)}, ${s.ci95![1].toFixed(3)}]`)

/** Markdown tables of a report. */
export function formatReport(report: Report): string {
  const lines: string[] = [
    `Model \`${report.model}\`; thresholds: uncertain ≥ ${report.thresholds.uncertain}, templated ≥ ${report.thresholds.templated}.`,
    '',
  ]
  if (report.targets.length > 0) {
    lines.push('| target | measured | goal | met |', '|---|---|---|---|')
    for (const t of report.targets) {
      const asShare = !t.what.includes('guard') && (t.goal.value < 0.5 || t.what.includes('labeled'))
      const fmt = (x: number | null) => (x === null ? '–' : asShare ? pct(x) : x.toFixed(3))
      lines.push(`| ${t.what} | ${fmt(t.measured)} | ${t.goal.op} ${fmt(t.goal.value)} | ${t.met ? 'yes' : '**no**'} |`)
    }
    lines.push('')
  }
  lines.push(
    '| file | scored | group | n (pos/neg) | AUROC [95% CI] | negatives labeled templated | positives labeled templated | positives at the group\'s own 2% FPR |',
    '|---|---|---|---|---|---|---|---|',
  )
  const row = (file: string, scored: string, group: string, s: Summary) =>
    lines.push(`| ${file} | ${scored} | ${group} | ${s.n} (${s.positives}/${s.negatives}) | ${ci(s)} | ${pct(s.negativesTemplated)} | ${pct(s.positivesTemplated)} | ${pct(s.positivesAtOwn2Percent)} |`)
  for (const [file, f] of Object.entries(report.files)) {
    row(file, f.use === 'evaluation' ? 'service (evaluation only)' : f.scoredAs, '**all**', f.all)
    if (f.meanDomainAuroc !== undefined) lines.push(`| ${file} | ${f.scoredAs} | mean of the per-domain AUROCs | | ${f.meanDomainAuroc.toFixed(3)} | | | |`)
    for (const [k, s] of Object.entries(f.byLength)) row(file, f.scoredAs, `length ${k}`, s)
    for (const [k, s] of Object.entries(f.byDomain)) if (Object.keys(f.byDomain).length > 1) row(file, f.scoredAs, k.includes(' ') ? k : `domain ${k}`, s)
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
  if (report.learnerGuardOfPriors.length > 0) {
    lines.push('', `Learners' guard of the signals of social-media templates (set weights, and the generic dimension; mean logit added to learners' essays minus to AI essays; reported, not held): ${report.learnerGuardOfPriors.map((g) => `\`${g.id}\` ${g.margin}`).join(', ')}.`)
  }
  lines.push('', 'Signals with a documented prior weight instead of a fitted one (each declared with its reason in its own file, `src/signals/<id>.ts`; listed in docs/SIGNALS.md):', '')
  for (const p of report.priorSignals) lines.push(`- \`${p.id}\` (${p.weight}): ${p.reason}`)
  if (report.droppedSignals.length > 0) lines.push('', `Dropped (fitted with the sign opposite to their heuristic, held at 0): ${report.droppedSignals.map((d) => `\`${d}\``).join(', ')}.`)
  return lines.join('\n') + '\n'
}

/** Score rows with the shipped service, replacing the score by the out-of-fold one when given. */
function scoreRows(rows: Row[], model: Model, oof?: { score: number[]; generic: number[] }): Scored[] {
  const scorer = createScorer(model, SIGNALS)
  return rows.map((r, i) => {
    const result = scorer.score({ text: r.text, kind: r.kind })
    const score = oof ? oof.score[i] : result.score
    const evidenced = raisedByEvidence(result.signals, result.language, SIGNALS)
    return {
      y: r.y,
      score,
      generic: oof ? oof.generic[i] : result.dimensions.generic,
      label: labelFor(score, { words: result.stats.words, language: result.language, evidenced, mostlyCode: result.warnings.includes(CODE_WARNING) }, model.thresholds),
      source: r.source,
      domain: r.subgroup,
      characters: result.stats.characters,
      contributions: Object.fromEntries(result.signals.filter((x) => x.contribution !== 0).map((x) => [x.id, x.contribution])),
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
    const domain = r.domain ?? 'unknown'
    rows.push({ text: r.text, y: r.label === 'ai' ? 1 : 0, group: '', cluster: String(rows.length), source: basename(path), domain, subgroup: domain, kind: 'post', dimension: 'aiStyle', use: 'evaluation' })
  }
  return { file: basename(path), rows, sha256: '' }
}

/**
 * The whole evaluation: the files that may fit are fitted again and scored out-of-fold; the
 * evaluation-only files and any extra files are scored by the shipped model.
 */
export function evaluate(extraPaths: string[], resamples = BOOTSTRAP_RESAMPLES, progress?: (done: number, total: number) => void, specs: DatasetSpec[] = DATASETS, dir = DEV_DIR): Report {
  const model = loadModel()
  const loaded = specs.map((d) => ({ spec: d, file: loadDataset(d, dir) }))
  const fitFiles = loaded.filter((l) => l.spec.use === 'fit').map((l) => l.file)
  const fit = fitModel(fitFiles, SIGNALS)
  const scored = scoreRows(fit.rows, model, { score: fit.oof, generic: fit.oofDimensions.generic })
  const groups: Group[] = loaded.map(({ spec, file }) => ({
    file: file.file,
    scoredAs: spec.use === 'fit' ? 'out-of-fold' : 'service',
    use: spec.use,
    items: spec.use === 'fit' ? scored.filter((s) => s.source === file.file) : scoreRows(file.rows, model),
    generic: spec.dimension === 'generic',
  }))
  for (const path of extraPaths) {
    const extra = loadExtra(path)
    groups.push({ file: extra.file, scoredAs: 'service', use: 'evaluation', items: scoreRows(extra.rows, model), generic: false })
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
  const quick = process.argv.includes('--quick') // fewer bootstrap resamples, nothing written: for a quick look while developing
  const extras = process.argv.slice(2).filter((a) => a !== '--quick')
  const report = evaluate(extras, quick ? 50 : BOOTSTRAP_RESAMPLES, bar)
  const tables = formatReport(report)
  process.stdout.write(tables)
  if (quick) process.exit(0)
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
