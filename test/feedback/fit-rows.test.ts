// `npm run fit -- --feedback FILE`: an export read as rows of the fit (texts added, texts without
// text counted as skipped, a later judgement of the same text winning), the argument, and a fit of
// a sixth of the dev data that takes the rows in.
import t from 'tap'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FEEDBACK_DOMAIN, FEEDBACK_WEIGHT_GROUPS, describeFold, feedbackArgument, loadFeedbackFile } from '../../src/feedback/fit-rows.js'
import { FIT_DATASETS, loadDataset } from '../../src/model/datasets.js'
import { fitModel } from '../../src/model/fit.js'
import { SIGNALS } from '../../src/signals/index.js'
import { row } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'feedback-fit-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const write = (name: string, lines: unknown[]) => {
  const path = join(dir, name)
  writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n')
  return path
}

t.test('rows with text are added, rows without are counted as skipped, the latest judgement of a text wins', async (t) => {
  const path = write('export.jsonl', [
    row('name:acme', 1, { expected: 'templated', text: 'Great post! Very timely.' }),
    row('name:acme', 2, { expected: 'authentic', text: 'We moved CI to a monorepo and builds halved.', kind: 'post' }),
    row('name:acme', 3, { expected: 'templated' }), // a fingerprint only
    '',
    row('key:0123456789ab', 4, { expected: 'authentic' }), // a fingerprint only
    // Judged templated with its text, then authentic by fingerprint alone: one authentic text.
    row('name:acme', 5, { expected: 'templated', text: 'Congrats Maria, well deserved!' }),
    row('name:acme', 6, { expected: 'authentic', fingerprint: (5).toString(16).padStart(32, '0') }),
    // The same fingerprint in another tenant is another text.
    row('name:other', 7, { expected: 'templated', fingerprint: (5).toString(16).padStart(32, '0'), text: 'Thanks for sharing!' }),
    { expected: 'templated', text: 'Love this, so true!' }, // written by hand: no tenant, no fingerprint
    { expected: 'authentic', text: '   ' }, // blank: nothing to measure
  ])
  const fold = loadFeedbackFile(path)
  t.same({ read: fold.read, added: fold.added, skipped: fold.skipped, superseded: fold.superseded }, { read: 9, added: { templated: 3, authentic: 2 }, skipped: 3, superseded: 1 })
  t.same(
    fold.file.rows.map((r) => [r.text, r.y, r.kind, r.group]),
    [
      ['Great post! Very timely.', 1, 'comment', FEEDBACK_WEIGHT_GROUPS.positive],
      ['We moved CI to a monorepo and builds halved.', 0, 'post', FEEDBACK_WEIGHT_GROUPS.negative],
      ['Congrats Maria, well deserved!', 0, 'comment', FEEDBACK_WEIGHT_GROUPS.negative],
      ['Thanks for sharing!', 1, 'comment', FEEDBACK_WEIGHT_GROUPS.positive],
      ['Love this, so true!', 1, 'comment', FEEDBACK_WEIGHT_GROUPS.positive],
    ],
    'templated → y = 1, authentic → y = 0; the relabelled text keeps the text its first row kept',
  )
  t.ok(fold.file.rows.every((r) => r.dimension === 'generic' && r.use === 'fit' && r.source === 'feedback:export.jsonl' && r.domain === FEEDBACK_DOMAIN))
  t.equal(new Set(fold.file.rows.map((r) => r.cluster)).size, 5, 'each text its own cross-validation cluster')
  t.equal(fold.file.file, 'feedback:export.jsonl')
  t.equal(fold.file.sha256.length, 64)
  t.equal(
    describeFold(fold, path),
    `feedback ${path}: 9 rows; added 5 texts to the generic fit (3 templated, 2 authentic); skipped 3 without text (judged by fingerprint only: send storeText: true to let a refit learn from a text); 1 superseded by a later judgement of the same text`,
  )
})

t.test('a file that is not an export fails naming the line', async (t) => {
  t.throws(() => loadFeedbackFile(join(dir, 'missing.jsonl')), /feedback file not found: .*missing\.jsonl \(export one with GET \/v1\/feedback\/export/)
  t.throws(() => loadFeedbackFile(write('torn.jsonl', [row('shared', 1), '{"expected": "templ'])), /torn\.jsonl:2: not a JSON row \(.*\): the file must hold one row of GET \/v1\/feedback\/export per line/)
  t.throws(() => loadFeedbackFile(write('label.jsonl', [{ expected: 'spam', text: 'x' }])), /label\.jsonl:1: expected must be "authentic" or "templated"$/)
  t.throws(() => loadFeedbackFile(write('kind.jsonl', [{ expected: 'templated', text: 3, kind: 'tweet' }])), /kind\.jsonl:1: text must be a string; kind must be "post" or "comment"$/)
})

t.test('--feedback FILE is taken out of the fit arguments; with --check it is refused', async (t) => {
  t.same(feedbackArgument([]), { rest: [] }, 'no feedback: the arguments as they were')
  t.same(feedbackArgument(['--check']), { rest: ['--check'] })
  t.same(feedbackArgument(['--feedback', 'fb.jsonl', 'out.json']), { feedback: 'fb.jsonl', rest: ['out.json'] }, 'the file is not taken for the output path')
  t.same(feedbackArgument(['--feedback=fb.jsonl']), { feedback: 'fb.jsonl', rest: [] })
  for (const argv of [['--feedback'], ['--feedback='], ['--feedback', '--check']]) t.throws(() => feedbackArgument(argv), /--feedback needs a file: npm run fit -- --feedback feedback\.jsonl/, argv.join(' '))
  t.throws(() => feedbackArgument(['--check', '--feedback', 'fb.jsonl']), /--check compares the fit of the dev data with the committed weights\.json; a fit with --feedback is never that one/)
})

t.test('a fit takes the feedback rows in: fitted in the generic dimension, recorded in the data, moving the weights', async (t) => {
  // A sixth of the dev data (whole clusters, by a hash), as test/model/fit.test.ts takes a third.
  const sixth = (cluster: string) => createHash('sha256').update(cluster).digest().readUInt16BE(0) % 6 === 0
  const files = FIT_DATASETS.map((d) => loadDataset(d)).map((f) => ({ ...f, rows: f.rows.filter((r) => sixth(r.cluster)) }))
  const groups = new Set(files.flatMap((f) => f.rows.map((r) => r.group)))
  t.ok(groups.has(FEEDBACK_WEIGHT_GROUPS.positive) && groups.has(FEEDBACK_WEIGHT_GROUPS.negative), 'the groups feedback rows join exist: each row weighs as one YouTube comment')

  const stock = ['Great post! Very timely.', 'Thanks for sharing, very insightful!', 'Love this! So true.', 'Congrats, well deserved!', 'Amazing content as always 🔥', 'Great insights, thanks for sharing!', 'So inspiring, keep it up!', 'Well said! Totally agree.']
  const real = [
    'We tried this at work and the rollout took three months, not three weeks: the migration scripts were the slow part.',
    'Your second point misses that the 2017 feed change pushed long posts down for everyone, not just recruiters.',
    'I ran the same benchmark on an M2 and got 40% less, so the gap may be the compiler flags rather than the chip.',
    'Our library switched to the opt-in model last spring and the newsletter signups actually went up by a third.',
    'Can you share the dataset? The chart looks like it stops in March, right before the pricing change.',
    'My daughter’s school did this with paper notebooks and the teachers hated the grading load, so it was dropped.',
  ]
  const path = write('fit.jsonl', [
    ...stock.map((text, i) => row('shared', i, { expected: 'templated', text })),
    ...real.map((text, i) => row('shared', 100 + i, { expected: 'authentic', text })),
    row('shared', 200, { expected: 'templated' }),
    row('shared', 201, { expected: 'authentic' }),
  ])
  const fold = loadFeedbackFile(path)
  t.same([fold.added, fold.skipped], [{ templated: 8, authentic: 6 }, 2])

  const without = fitModel(files, SIGNALS)
  const withFeedback = fitModel([...files, fold.file], SIGNALS)
  const added = withFeedback.rows.map((r, i) => (r.source === 'feedback:fit.jsonl' ? i : -1)).filter((i) => i >= 0)
  t.equal(added.length, 14, 'every text with a label is a row of the fit')
  t.equal(withFeedback.rows.length, without.rows.length + 14, 'and nothing else changed in the rows')
  t.same(withFeedback.model.data.at(-1), { file: 'feedback:fit.jsonl', rows: 14, reservedRows: 0, fittedRows: 14, sha256: fold.file.sha256 }, 'weights.json records the feedback it was fitted with')
  t.same(withFeedback.model.data.slice(0, -1), without.model.data, 'and the dev files as before')
  const genericIds = SIGNALS.filter((s) => s.dimension === 'generic' && 'fit' in s.weight).map((s) => s.id)
  const moved = genericIds.filter((id) => withFeedback.model.weights[id].weight !== without.model.weights[id].weight)
  t.ok(moved.length > 0, `the generic weights moved (${moved.join(', ')})`)
  t.not(withFeedback.model.version, without.model.version)
  t.ok(added.every((i) => Number.isFinite(withFeedback.oofDimensions.generic[i])), 'each feedback row is scored out-of-fold')
})
