import t from 'tap'
import { DATASETS, MIN_FIT_WORDS, loadDataset, type LoadedFile } from '../../src/model/datasets.js'
import { chooseThreshold, fitModel, groupWeights, hashFeatureCode, serialiseModel } from '../../src/model/fit.js'
import { loadModel } from '../../src/model/weights.js'
import { SIGNALS } from '../../src/signals/index.js'
import { createHash } from 'node:crypto'
import { FIT_RULES } from '../../src/model/priors.js'
import { createScorer } from '../../src/engine/score.js'
import { prepare } from '../../src/engine/document.js'

const files = DATASETS.map((d) => loadDataset(d))

t.test('the committed weights were fitted on this data with this feature code', async (t) => {
  const model = loadModel()
  t.same(model.data.map((d) => d.sha256), files.map((f) => f.sha256), 'same dev data')
  const version = createHash('sha256')
    .update(JSON.stringify(files.map((f) => f.sha256)))
    .update(hashFeatureCode())
    .update(JSON.stringify(FIT_RULES))
    .digest('hex')
    .slice(0, 12)
  t.equal(model.version, version, 'weights.json is current: run npm run fit after changing signals, lexicons or the engine')
  t.ok(model.crossValidation['grid-reddit.jsonl AUROC'] >= 0.95, `5-fold AUROC on GRiD ${model.crossValidation['grid-reddit.jsonl AUROC']}`)
  t.ok(model.thresholds.templated > model.thresholds.uncertain)
})

t.test('two fits give identical files', async (t) => {
  // The whole dev data: on a subsample, a fitted signal that fires on few rows of one side could
  // miss that side entirely, which fitting refuses (see below).
  const fit = fitModel(files, SIGNALS, 'code')
  const a = serialiseModel(fit.model)
  const b = serialiseModel(fitModel(files, SIGNALS, 'code').model)
  t.equal(a, b)
  // rows too short to fit are scored by the final model (the one that ships), the others out-of-fold
  const scorer = createScorer(fit.model, SIGNALS)
  let short = 0
  let differs = 0
  fit.rows.forEach((r, i) => {
    if (r.dimension !== 'aiStyle') return
    const shipped = scorer.score({ text: r.text, kind: r.kind }).score
    if (prepare(r.text, { kind: r.kind }).tokens.length < MIN_FIT_WORDS) {
      short++
      t.ok(Math.abs(fit.oof[i] - shipped) < 1e-3, `short row ${i}: ${fit.oof[i]} vs ${shipped}`)
    } else if (Math.abs(fit.oof[i] - shipped) > 1e-3) differs++
  })
  t.equal(short, fit.model.data.reduce((n, d) => n + d.rows - d.fittedRows, 0), 'every short row is held out, as weights.json records')
  t.ok(differs > 100, `fitted rows are scored out-of-fold (${differs} differ from the final model)`)
  const model = JSON.parse(a)
  for (const s of SIGNALS) t.ok(model.weights[s.id], `weight for ${s.id}`)
  const priors = Object.entries(FIT_RULES).filter(([, r]) => 'prior' in r).map(([id]) => id)
  for (const id of priors) t.equal(model.weights[id].origin, 'prior')
})

t.test('group weights and thresholds', async (t) => {
  t.same(groupWeights(['a', 'a', 'a', 'b']), [2 / 3, 2 / 3, 2 / 3, 2])
  const rows = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0].map((_, i) => ({ text: '', y: 0, group: 'g', source: 's', domain: 'd', kind: 'post' as const, dimension: 'aiStyle' as const }))
  const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
  // 10% of 10 negatives = 1 may sit at or above: the threshold lies just above 0.9
  const th = chooseThreshold(scores, rows, 0.1)
  t.ok(th > 0.9 && th <= 0.95)
  t.equal(scores.filter((s) => s >= th).length, 1)
  // a source with positives only does not constrain the threshold
  const withPositives = [...rows, { ...rows[0], y: 1, source: 'other' }]
  t.equal(chooseThreshold([...scores, 0.99], withPositives, 0.1), th)
})

t.test('fitting refuses signals it cannot fit', async (t) => {
  const small: LoadedFile[] = files.map((f) => ({ ...f, rows: f.rows.slice(0, 50) }))
  const silent = { ...SIGNALS[0], id: 'contractions', dimension: 'aiStyle' as const, measure: () => ({ value: 0, evidence: [] }) }
  t.throws(() => fitModel(small, [silent], 'x'), /never fires on the aiStyle dev files/)
  t.throws(() => fitModel(small, [{ ...silent, id: 'no-such-rule' }], 'x'), /no rule for signal "no-such-rule"/)
  // fires on every human row and on no AI row: perfectly separating, so no finite weight fits
  const aiStyle = files
    .filter((f) => f.rows[0].dimension === 'aiStyle')
    .map((f) => ({ ...f, rows: [...f.rows.filter((r) => r.y === 0).slice(0, 25), ...f.rows.filter((r) => r.y === 1).slice(0, 25)] }))
  const humanTexts = new Set(aiStyle.flatMap((f) => f.rows.filter((r) => r.y === 0).map((r) => r.text)))
  const oneSided = { ...silent, measure: (doc: { original: string }) => ({ value: humanTexts.has(doc.original) ? 1 : 0, evidence: [] }) }
  t.throws(() => fitModel(aiStyle, [oneSided], 'x'), /fires only on the negative rows of the aiStyle dev files, so its strength cannot be fitted/)
  // a human marker seen on a few AI rows only: fitted, the penalty alone would set its strength
  const manyAi = aiStyle.map((f) => ({ ...f, rows: [...f.rows.filter((r) => r.y === 0), ...files.find((g) => g.file === f.file)!.rows.filter((r) => r.y === 1).slice(25, 175)] }))
  const firstAi = manyAi[0].rows.find((r) => r.y === 1)!.text
  const rareMarker = { ...silent, measure: (doc: { original: string }) => ({ value: humanTexts.has(doc.original) || doc.original === firstAi ? 1 : 0, evidence: [] }) }
  t.throws(() => fitModel(manyAi, [rareMarker], 'x'), /human marker "contractions" fires on 1 of \d+ positive rows .*under 1%.* give it a prior/)
  // rows under MIN_FIT_WORDS are scored, never fitted: a signal firing only on them has nothing to fit
  const shortTexts = new Set(files.filter((f) => f.rows[0].dimension === 'aiStyle').flatMap((f) => f.rows.filter((r) => r.text.split(/\s+/).length < MIN_FIT_WORDS / 2).map((r) => r.text)))
  t.ok(shortTexts.size > 10, `${shortTexts.size} short dev rows`)
  const onShortOnly = { ...silent, measure: (doc: { original: string }) => ({ value: shortTexts.has(doc.original) ? 1 : 0, evidence: [] }) }
  t.throws(() => fitModel(files.filter((f) => f.rows[0].dimension === 'aiStyle'), [onShortOnly], 'x'), /never fires on the aiStyle dev files/)
  const aiOnly = { ...silent, measure: (doc: { original: string }) => ({ value: humanTexts.has(doc.original) ? 0 : 1, evidence: [] }) }
  t.throws(() => fitModel(aiStyle, [aiOnly], 'x'), /fires only on the positive rows of the aiStyle dev files/)
})

t.test('missing dev data says where it should be', async (t) => {
  t.throws(() => loadDataset(DATASETS[0], '/nonexistent/dev'), /dev data not found at \/nonexistent\/dev\/grid-reddit\.jsonl/)
})
