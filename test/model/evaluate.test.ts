import t from 'tap'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bootstrapAuroc, buildReport, evaluate, formatReport, lengthBucket, loadExtra, operatingPoints, summarise, truePositivesAt2Percent, type Scored } from '../../src/model/evaluate.js'
import { loadModel } from '../../src/model/weights.js'
import { DATASETS, DEV_DIR } from '../../src/model/datasets.js'

const item = (y: number, score: number, label: Scored['label'], characters = 100, domain = 'd'): Scored => ({ y, score, generic: score, label, source: 'f', domain, characters })

t.test('summaries on a hand-computable fixture', async (t) => {
  const items = [item(0, 0.1, 'authentic'), item(0, 0.4, 'authentic'), item(0, 0.9, 'templated'), item(1, 0.5, 'uncertain'), item(1, 0.95, 'templated')]
  const s = summarise(items, undefined, 50)
  // pairs: 0.5 beats 0.1, 0.4 (2 of 3); 0.95 beats all 3 → 5 of 6
  t.equal(s.auroc, 0.833)
  t.equal(s.negativesTemplated, 0.333)
  t.equal(s.positivesTemplated, 0.5)
  // 3 negatives: floor(2% of 3) = 0 may reach the cut, so the cut is the top negative 0.9; 0.95 clears it
  t.equal(s.positivesAtOwn2Percent, 0.5)
  t.same([s.n, s.positives, s.negatives], [5, 2, 3])
  t.ok(s.ci95![0] <= s.auroc! && s.auroc! <= s.ci95![1])
  const oneClass = summarise([item(0, 0.2, 'authentic')], undefined, 10)
  t.equal(oneClass.auroc, null)
  t.equal(oneClass.positivesTemplated, null)
  t.equal(oneClass.positivesAtOwn2Percent, null)
})

t.test('operating points on a hand-computable fixture', async (t) => {
  const items = [item(0, 0.1, 'authentic'), item(0, 0.6, 'uncertain'), item(1, 0.6, 'uncertain'), item(1, 0.9, 'templated')]
  const points = operatingPoints([{ file: 'f', items }, { file: 'humans-only', items: items.filter((i) => i.y === 0) }], [0.9, 0.5, 0.9])
  t.same(points.map((p) => p.threshold), [0.5, 0.9], 'sorted, without duplicates')
  t.same(points[0].files.f, { negatives: 0.5, positives: 1 })
  t.same(points[1].files.f, { negatives: 0, positives: 0.5 }, 'at or above the cut')
  t.same(points[1].files['humans-only'], { negatives: 0, positives: null })
})

t.test('true positives at 2% false positives', async (t) => {
  // 100 negatives 0.00..0.99: two (0.98, 0.99) may reach the cut, so the cut is 0.97
  const negatives = Array.from({ length: 100 }, (_, i) => i / 100)
  const positives = [0.5, 0.97, 0.975, 0.99]
  const scores = [...negatives, ...positives]
  const labels = [...negatives.map(() => 0), ...positives.map(() => 1)]
  t.equal(truePositivesAt2Percent(scores, labels), 0.5)
  t.equal(truePositivesAt2Percent([0.5], [1]), null)
  t.equal(truePositivesAt2Percent([0.5], [0]), null)
})

t.test('bootstrap intervals are deterministic and bracket a perfect ranking', async (t) => {
  const scores = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9]
  const labels = [0, 0, 0, 1, 1, 1]
  t.same(bootstrapAuroc(scores, labels, 100, 1), [1, 1])
  const noisy = [0.1, 0.6, 0.3, 0.5, 0.8, 0.2]
  t.same(bootstrapAuroc(noisy, labels, 100, 7), bootstrapAuroc(noisy, labels, 100, 7))
})

t.test('length buckets', async (t) => {
  t.same([lengthBucket(299), lengthBucket(300), lengthBucket(1000), lengthBucket(1001)], ['< 300', '300–1,000', '300–1,000', '> 1,000'])
})

t.test('reports and their tables', async (t) => {
  const model = loadModel()
  // positives exactly at and just below the service's `templated` threshold: the operating-point row is "at or above"
  const cut = model.thresholds.templated
  const items = [item(0, 0.1, 'authentic', 100, 'a'), item(1, cut, 'templated', 2000, 'b'), item(0, 0.2, 'authentic', 500, 'b'), item(1, cut - 0.001, 'templated', 100, 'a')]
  const report = buildReport(model, [{ file: 'x.jsonl', scoredAs: 'service', use: 'fit', items, generic: true }], 20)
  t.equal(report.files['x.jsonl'].all.auroc, 1)
  t.same(Object.keys(report.files['x.jsonl'].byLength).sort(), ['300–1,000', '< 300', '> 1,000'].sort())
  t.ok(report.files['x.jsonl'].generic)
  t.ok(report.priorSignals.length > 0)
  const md = formatReport(report)
  t.match(md, /\| x\.jsonl \| service \| \*\*all\*\* \| 4 \(2\/2\) \| 1\.000 \[1\.000, 1\.000\] \| 0\.0% \| 100\.0% \| 100\.0% \|/)
  t.match(md, /`dimensions\.generic` alone/)
  t.match(md, new RegExp(`\\| ${String(cut).replace('.', '\\.')} \\(\`templated\`\\) \\| 0\\.0% / 50\\.0% \\|`))
  t.match(md, /domain a/)
  t.match(md, /documented prior weight/)
  const dropped = { ...model, weights: { ...model.weights, 'not-x-but-y': { weight: 0, scale: 1, origin: 'dropped' as const } } }
  t.match(formatReport(buildReport(dropped, [], 10)), /Dropped \(fitted with the sign opposite.*`not-x-but-y`/)
})

t.test('targets are measured on the files the report holds', async (t) => {
  const rw = (y: number, score: number, label: Scored['label'], domain: string): Scored => ({ ...item(y, score, label, 500, domain), source: 'modern-rewrites.jsonl' })
  const rewrites = [rw(0, 0.1, 'authentic', 'a'), rw(1, 0.9, 'templated', 'a'), rw(0, 0.2, 'authentic', 'b'), rw(1, 0.15, 'authentic', 'b')]
  const learners = [...Array(200).keys()].map((i) => item(0, 0.1, i === 0 ? 'templated' : 'authentic'))
  const groups = [
    { file: 'modern-rewrites.jsonl', scoredAs: 'out-of-fold' as const, use: 'fit' as const, items: rewrites, generic: false },
    { file: 'learner-essays.jsonl', scoredAs: 'service' as const, use: 'evaluation' as const, items: learners, generic: false },
  ]
  const report = buildReport(loadModel(), groups, 10)
  const target = (what: RegExp) => report.targets.find((x) => what.test(x.what))!
  t.equal(target(/mean within-domain AUROC/).measured, 0.5, 'domain a separates (1), domain b inverts (0)')
  t.equal(target(/mean within-domain AUROC/).met, false)
  t.equal(target(/pooled AUROC/).measured, 0.75)
  t.equal(target(/learner essays/).measured, 0.005, 'one of 200 learners')
  t.equal(target(/learner essays/).met, true, 'at the 0.5% limit is within it')
  t.equal(target(/rewrites AI rows/).measured, 0.5)
  t.equal(target(/all dev human rows/).measured, 0.003, 'files weigh the same: (0 + 0.5%) / 2')
  t.match(target(/human domain/).what, /learner-essays\.jsonl d/, 'only domains of MIN_DOMAIN_ROWS+ rows are held to the domain limit')
  t.notOk(report.targets.some((x) => /modern-chat/.test(x.what)), 'a file the report lacks has no target row')
  t.match(formatReport(report), /\| learner essays labeled templated \| 0\.5% \| <= 0\.5% \| yes \|/)
  t.equal(report.files['modern-rewrites.jsonl'].meanDomainAuroc, 0.5)
})

t.test('evaluate scores files that may fit out-of-fold and the others with the service', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eval-'))
  const extra = join(dir, 'extra.jsonl')
  writeFileSync(
    extra,
    [
      JSON.stringify({ text: 'Moreover, it is important to note that several factors play a crucial role.', label: 'ai' }),
      JSON.stringify({ text: 'honestly we just got lucky with the weather, went home early lol', label: 'human', domain: 'chat' }),
      JSON.stringify({ text: 'ignored row', label: 'unlabeled' }),
      '',
    ].join('\n'),
  )
  t.equal(loadExtra(extra).rows.length, 2)
  // a small dev folder: the first rows of each file, so the test fits in seconds; the full
  // evaluation is npm run eval
  const small = join(dir, 'dev')
  mkdirSync(small)
  const specs = DATASETS.filter((d) => ['hc3.jsonl', 'youtube-comments.jsonl', 'learner-essays.jsonl'].includes(d.file))
  for (const d of specs) {
    const lines = readFileSync(join(DEV_DIR, d.file), 'utf8').split('\n').filter(Boolean)
    writeFileSync(join(small, d.file), [...lines.slice(0, 150), ...lines.slice(-150)].join('\n') + '\n')
  }
  const progress: number[] = []
  const report = evaluate([extra], 20, (done) => progress.push(done), specs.map((d) => ({ ...d })), small)
  t.equal(report.files['extra.jsonl'].scoredAs, 'service')
  t.equal(report.files['extra.jsonl'].all.auroc, 1)
  t.equal(report.files['hc3.jsonl'].scoredAs, 'out-of-fold')
  t.equal(report.files['learner-essays.jsonl'].scoredAs, 'service', 'evaluation-only files are never fitted')
  t.equal(report.files['learner-essays.jsonl'].use, 'evaluation')
  t.ok(report.files['hc3.jsonl'].all.auroc! > 0.5, `hc3 AUROC ${report.files['hc3.jsonl'].all.auroc}`)
  t.ok(report.files['youtube-comments.jsonl'].generic, 'generic dimension reported on spam/ham')
  t.ok(report.targets.some((x) => /learner essays/.test(x.what)))
  t.same(progress, [1, 2, 3, 4])
})
