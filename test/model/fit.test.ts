import t from 'tap'
import { createHash } from 'node:crypto'
import { ARTEFACT_FLAGS, DATASETS, FIT_DATASETS, MIN_FIT_WORDS, loadDataset, unwrapQuotes, type LoadedFile, type Row } from '../../src/model/datasets.js'
import { chooseThreshold, fitModel, groupWeights, TEMPLATED_RULE } from '../../src/model/fit.js'
import { loadModel } from '../../src/model/weights.js'
import { modelVersion } from '../../src/model/version.js'
import { SIGNALS } from '../../src/signals/index.js'
import type { Signal } from '../../src/signals/define.js'
import { createScorer } from '../../src/engine/score.js'
import { prepare } from '../../src/engine/document.js'

const files = FIT_DATASETS.map((d) => loadDataset(d))

t.test('the committed weights were fitted on this data, and the signals still measure what they measured', async (t) => {
  const model = loadModel()
  t.same(model.data.map((d) => d.file), FIT_DATASETS.map((d) => d.file), 'fitted on exactly the files that may fit')
  t.same(model.data.map((d) => d.sha256), files.map((f) => f.sha256), 'same dev data')
  t.equal(model.version, modelVersion(model, SIGNALS), 'weights.json is current: a signal now measures other values on the probe texts; run npm run fit')
  t.ok(model.thresholds.templated > model.thresholds.uncertain)
})

t.test('the model version moves with values, not with code', async (t) => {
  const model = loadModel()
  const moved = SIGNALS.map((s, i) => (i === 0 ? { ...s, measure: (doc: Parameters<typeof s.measure>[0]) => ({ ...s.measure(doc), value: s.measure(doc).value + 0.5 }) } : s))
  t.not(modelVersion(model, moved), model.version, 'a signal whose values change changes the version')
  const rewrapped = SIGNALS.map((s) => ({ ...s, description: `${s.description} (edited)`, measure: (doc: Parameters<typeof s.measure>[0]) => s.measure(doc) }))
  t.equal(modelVersion(model, rewrapped), model.version, 'a signal rewritten to the same values keeps the version')
  t.not(modelVersion({ ...model, intercept: model.intercept + 0.1 }, SIGNALS), model.version, 'the fitted numbers are part of it')
})

// The one fit of the test suite, on a faithful third of the dev data: every file, whole clusters (a
// human text with its rewrites), chosen by a hash. Every check of the fit below reads this result.
// That a fit of all of it writes weights.json byte for byte is checked once, by
// `npm run fit -- --check` in .ci/run (the full fit takes as long as the rest of a test file's work).
const third = (cluster: string) => createHash('sha256').update(cluster).digest()[0] % 3 === 0
const fit = fitModel(
  files.map((f) => ({ ...f, rows: f.rows.filter((r) => third(r.cluster)) })),
  SIGNALS,
)

t.test('a fit gives every signal a weight by its declared rule', async (t) => {
  for (const s of SIGNALS) t.ok(fit.model.weights[s.id], `weight for ${s.id}`)
  for (const s of SIGNALS) {
    const w = fit.model.weights[s.id]
    if ('prior' in s.weight) t.same(w, { weight: s.weight.prior, scale: 1, origin: 'prior', reason: s.weight.reason }, `${s.id}: its declared prior and reason`)
    else t.ok(w.origin === 'fitted' || w.origin === 'dropped', `${s.id} is fitted (or dropped)`)
  }
})

t.test('rows that are not fitted are scored by the shipped model, fitted rows out-of-fold', async (t) => {
  const scorer = createScorer(fit.model, SIGNALS)
  let notFitted = 0
  let differs = 0
  fit.rows.forEach((r, i) => {
    if (r.dimension !== 'aiStyle' || i % 7 !== 0) return // a seventh of the rows is plenty to check both branches
    const shipped = scorer.score({ text: r.text, kind: r.kind }).score
    const minWords = DATASETS.find((d) => d.file === r.source)!.minFitWords ?? 0
    if (r.artefact !== undefined || prepare(r.text, { kind: r.kind }).tokens.length < minWords) {
      notFitted++
      t.ok(Math.abs(fit.oof[i] - shipped) < 1e-3, `row ${i} is not fitted, so scored by the final model: ${fit.oof[i]} vs ${shipped}`)
    } else if (Math.abs(fit.oof[i] - shipped) > 1e-3) differs++
  })
  t.ok(notFitted > 50, `${notFitted} rows held out of the fit were checked`)
  t.ok(differs > 100, `fitted rows are scored out-of-fold (${differs} differ from the final model)`)
  const recorded = fit.model.data.reduce((n, d) => n + d.rows - d.fittedRows, 0)
  t.ok(recorded >= fit.rows.filter((r) => r.artefact !== undefined).length, 'weights.json records the rows held out')
})

t.test('group weights: each group the same total', async (t) => {
  t.same(groupWeights(['a', 'a', 'a', 'b']), [2 / 3, 2 / 3, 2 / 3, 2])
  const rewrites = files.find((f) => f.file === 'modern-rewrites.jsonl')!
  const groups = new Set(rewrites.rows.map((r) => r.group))
  t.equal(groups.size, 40, 'each of the twenty domains × two labels of the matched data is its own group')
})

const row = (source: string, domain: string, y = 0): Row => ({ text: '', y, group: source, cluster: '', source, domain, subgroup: domain, kind: 'post', dimension: 'aiStyle', use: 'fit' })

t.test('the threshold holds the mean of the files and every large domain', async (t) => {
  // file a: 100 rows 0.00..0.99 in domain x; file b: 100 rows 0.00..0.99 in domain y
  const rows = [...Array(200).keys()].map((i) => row(i < 100 ? 'a' : 'b', i < 100 ? 'x' : 'y'))
  const scores = rows.map((_, i) => (i % 100) / 100)
  const th = chooseThreshold(scores, rows, { fileShare: 0.02, domainShare: 0.5 })
  t.equal(scores.filter((s, i) => i < 100 && s >= th).length, 2, 'two of each file (2%) at or above')
  t.ok(th > 0.97 && th <= 0.98 + 1e-6)
  // one odd file whose rows all score high does not set the threshold alone: the mean rule lets it be
  const odd = [...rows, ...[...Array(100).keys()].map(() => row('c', 'z'))]
  const oddScores = [...scores, ...Array(100).fill(0.95)]
  const loose = chooseThreshold(oddScores, odd, { fileShare: 0.4, domainShare: 1 })
  t.ok(loose <= 0.95, `the mean of three files allows one file flagged whole: ${loose}`)
  // but a domain limit does
  t.ok(chooseThreshold(oddScores, odd, { fileShare: 0.4, domainShare: 0.05 }) > 0.95, 'no domain of 100+ rows above 5%')
  // small domains are not held to the domain limit
  const small = [...rows, ...[...Array(10).keys()].map(() => row('a', 'tiny'))]
  const smallScores = [...scores, ...Array(10).fill(0.999)]
  t.ok(chooseThreshold(smallScores, small, { fileShare: 0.1, domainShare: 0.05 }) < 0.999)
  // positives never constrain it
  t.equal(chooseThreshold([...scores, 0.99], [...rows, row('d', 'w', 1)], TEMPLATED_RULE), chooseThreshold(scores, rows, TEMPLATED_RULE))
})

t.test('a text and its rewrites stay in one fold', async (t) => {
  const rewrites = fit.rows.filter((r) => r.source === 'modern-rewrites.jsonl')
  const clusters = new Set(rewrites.map((r) => r.cluster))
  const originals = new Set(rewrites.filter((r) => r.y === 0).map((r) => r.cluster))
  const orphans = [...clusters].filter((c) => !originals.has(c)).length
  t.ok(orphans < 0.02 * clusters.size, `nearly every rewrite joins the cluster of a human text, those without a prompt_id included (${orphans} of ${clusters.size} clusters have no human text: the data lacks a few originals)`)
  t.notOk([...clusters].some((c) => c.includes('#')), 'no rewrite is left in a cluster of its own')
  t.ok(fit.rows.every((r) => !r.reserved), 'the half reserved for word lists is neither fitted nor scored')
  const folds = new Map<string, Set<number>>()
  fit.rows.forEach((r, i) => (folds.get(r.cluster) ?? folds.set(r.cluster, new Set()).get(r.cluster)!).add(fit.folds[i]))
  t.ok([...folds.values()].every((f) => f.size === 1), 'each cluster in one fold')
})

t.test('dev rows: interface artefacts are held out, whole-text quotes removed', async (t) => {
  const rewrites = files.find((f) => f.file === 'modern-rewrites.jsonl')!
  const flagged = rewrites.rows.filter((r) => r.artefact !== undefined)
  t.ok(flagged.length > 100, `${flagged.length} rewrites carry an artefact flag`)
  t.ok(flagged.every((r) => ARTEFACT_FLAGS.has(r.artefact!)))
  t.equal(unwrapQuotes('"A whole text in quotes."'), 'A whole text in quotes.')
  t.equal(unwrapQuotes('"One" and "two"'), '"One" and "two"', 'quotes inside: not a wrapper')
  t.equal(unwrapQuotes('\u201cCurly.\u201d'), 'Curly.')
  t.equal(unwrapQuotes('"'), '"')
})

t.test('fitting refuses signals it cannot fit', async (t) => {
  const small: LoadedFile[] = files.map((f) => ({ ...f, rows: f.rows.slice(0, 50) }))
  const silent: Signal = { ...SIGNALS[0], id: 'a-human-marker', dimension: 'aiStyle', weight: { fit: 'lowers' }, measure: () => ({ value: 0, evidence: [] }) }
  t.throws(() => fitModel(small, [silent]), /never fires on the aiStyle dev files/)
  t.throws(() => fitModel(small, [{ ...silent, id: 'no-rule', weight: undefined as unknown as Signal['weight'] }]), /signal "no-rule" declares no weight/)
  const long = (r: Row) => r.text.split(/\s+/).length >= MIN_FIT_WORDS * 2 && r.artefact === undefined
  // fires on every human row and on no AI row: perfectly separating, so no finite weight fits
  const aiStyle = files
    .filter((f) => f.rows[0].dimension === 'aiStyle' && f.rows.some((r) => r.y === 1) && f.rows.some((r) => r.y === 0))
    .map((f) => ({ ...f, rows: [...f.rows.filter((r) => r.y === 0 && long(r)).slice(0, 25), ...f.rows.filter((r) => r.y === 1 && long(r)).slice(0, 25)] }))
  const humanTexts = new Set(aiStyle.flatMap((f) => f.rows.filter((r) => r.y === 0).map((r) => r.text)))
  const oneSided = { ...silent, measure: (doc: { original: string }) => ({ value: humanTexts.has(doc.original) ? 1 : 0, evidence: [] }) }
  t.throws(() => fitModel(aiStyle, [oneSided]), /fires only on the negative rows of the aiStyle dev files, so its strength cannot be fitted/)
  const aiOnly = { ...silent, measure: (doc: { original: string }) => ({ value: humanTexts.has(doc.original) ? 0 : 1, evidence: [] }) }
  t.throws(() => fitModel(aiStyle, [aiOnly]), /fires only on the positive rows of the aiStyle dev files/)
  // a human marker seen on a few AI rows only: the penalty alone would set its strength
  const manyAi = aiStyle.map((f) => ({ ...f, rows: [...f.rows.filter((r) => r.y === 0), ...files.find((g) => g.file === f.file)!.rows.filter((r) => r.y === 1 && long(r)).slice(25, 175)] }))
  const firstAi = manyAi[0].rows.find((r) => r.y === 1)!.text
  const rareMarker = { ...silent, measure: (doc: { original: string }) => ({ value: humanTexts.has(doc.original) || doc.original === firstAi ? 1 : 0, evidence: [] }) }
  t.throws(() => fitModel(manyAi, [rareMarker]), /human marker "a-human-marker" fires on 1 of \d+ positive rows .*under 1%.* give it a prior/)
  // rows under MIN_FIT_WORDS are scored, never fitted: a signal firing only on them has nothing to fit
  const shortTexts = new Set(aiStyle.length > 0 ? files.flatMap((f) => f.rows.filter((r) => r.dimension === 'aiStyle' && r.text.split(/\s+/).length < MIN_FIT_WORDS / 2).map((r) => r.text)) : [])
  t.ok(shortTexts.size > 10, `${shortTexts.size} short dev rows`)
  const onShortOnly = { ...silent, measure: (doc: { original: string }) => ({ value: shortTexts.has(doc.original) ? 1 : 0, evidence: [] }) }
  const firstWave = files.filter((f) => f.file === 'grid-reddit.jsonl' || f.file === 'hc3.jsonl')
  t.throws(() => fitModel(firstWave, [onShortOnly]), /never fires on the aiStyle dev files/)
})

t.test('missing dev data says where it should be', async (t) => {
  t.throws(() => loadDataset(DATASETS[0], '/nonexistent/dev'), /dev data not found at \/nonexistent\/dev\/grid-reddit\.jsonl/)
})
