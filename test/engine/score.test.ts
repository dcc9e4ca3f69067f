import t from 'tap'
import { createScorer, sentenceLogits, sentenceScores, sigmoid } from '../../src/engine/score.js'
import { prepare } from '../../src/engine/document.js'
import { MAX_EVIDENCE } from '../../src/engine/result.js'
import { loadModel } from '../../src/model/weights.js'
import { SIGNALS } from '../../src/signals/index.js'

const scorer = createScorer(loadModel(), SIGNALS)
const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('')

t.test('per-sentence scores point at the templated part', async (t) => {
  const text = 'We fixed the cache bug on Tuesday 🎉 after two days of logs.\r\nMoreover, it is important to note that this delves into a rich tapestry of synergies.'
  const r = scorer.score({ text })
  t.equal(r.sentences.length, 2)
  for (const s of r.sentences) t.ok(slice(text, s.start, s.end).length > 0)
  t.equal(slice(text, r.sentences[1].start, r.sentences[1].end), 'Moreover, it is important to note that this delves into a rich tapestry of synergies.')
  t.ok(r.sentences[1].score > r.sentences[0].score, 'the stock sentence scores higher')
})

t.test('sentence contributions add up to the document logit', async (t) => {
  const text = 'Honestly I think it was pretty late. Moreover, it is crucial to delve into this. Great post!'
  const doc = prepare(text)
  const r = scorer.score({ text })
  const withEvidence = r.signals.filter((s) => s.evidence.length > 0).reduce((a, s) => a + s.contribution, 0)
  const logits = sentenceLogits(doc.sentences.map((s) => doc.evidence(s.start, s.end)), r.signals, 0)
  const total = logits.reduce((a, l) => a + l, 0)
  t.ok(Math.abs(total - withEvidence) < 1e-3, `${total} vs ${withEvidence}`)
  t.equal(sigmoid(0), 0.5)
})

t.test("the answer explains its sentence scores: intercept + sentences' contributions + signals without spans = the text's logit", async (t) => {
  const text = "Leadership isn't just about making decisions, it's about empowering your team. Here's the thing: growth takes time. What an inspiring journey, and I am grateful for every lesson, every setback, and every win."
  const r = scorer.score({ text })
  const model = scorer.model
  const spanless = r.signals.filter((s) => s.evidence.length === 0).reduce((a, s) => a + s.contribution, 0)
  const logit = model.intercept + r.sentences.reduce((a, s) => a + s.contribution, 0) + spanless
  t.ok(Math.abs(sigmoid(logit) - r.score) < 1e-3, `${sigmoid(logit)} vs ${r.score}`)
  for (const s of r.sentences) t.ok(Math.abs(s.score - sigmoid(model.intercept + s.contribution)) < 1e-3, "a sentence's score is its own share through the logistic")
  t.ok(r.sentences.every((s) => s.score < r.score), 'every sentence scores below the text, and the answer says why')
})

t.test('a whole-text evidence span is shared among its sentences', async (t) => {
  const doc = prepare('One two three. Four five six.')
  const result = [{ id: 'x', dimension: 'generic' as const, description: '', value: 1, contribution: 2, evidence: [doc.evidence(0, doc.text.length)], evidenceCount: 1 }]
  const s = sentenceScores(doc, result, 0)
  t.same(s.map((x) => x.score), [Math.round(sigmoid(1) * 1e4) / 1e4, Math.round(sigmoid(1) * 1e4) / 1e4])
})

t.test('a weights file without a signal is refused', async (t) => {
  const model = loadModel()
  const weights = { ...model.weights }
  delete weights['generic-praise']
  t.throws(() => createScorer({ ...model, weights }, SIGNALS), /no weight for signal "generic-praise"/)
})

t.test('human markers are bounded: ellipses count once and do not launder stock praise', async (t) => {
  const plain = scorer.score({ text: 'Great post! Very timely.', kind: 'comment' })
  const one = scorer.score({ text: 'Great post! Very timely...', kind: 'comment' })
  const many = scorer.score({ text: 'Great post... Very timely...', kind: 'comment' })
  // the ellipses prior's reason (src/signals/ellipses.ts) says so: stock praise with one ellipsis stays templated
  t.equal(one.label, 'templated')
  t.ok(one.score < plain.score, 'the ellipsis still counts as a human marker')
  const contribution = (r: typeof one) => r.signals.find((s) => s.id === 'ellipses')!.contribution
  t.ok(contribution(one) < 0 && contribution(one) > -1.5, `bounded contribution ${contribution(one)}`)
  t.equal(contribution(many), contribution(one), 'two ellipses weigh what one does')
  t.equal(many.signals.find((s) => s.id === 'ellipses')!.evidence.length, 2, 'both are shown')
})

t.test('a signal lists at most MAX_EVIDENCE spans and counts them all; the sentences still weigh every one', async (t) => {
  const scorer = createScorer(loadModel(), SIGNALS)
  const text = Array.from({ length: 60 }, (_, i) => `Moreover, point ${i} matters.`).join(' ')
  const result = scorer.score({ text })
  const transitions = result.signals.find((s) => s.id === 'stock-transition-openers')!
  t.equal(transitions.evidenceCount, 60, 'every "Moreover" is counted')
  t.equal(transitions.evidence.length, MAX_EVIDENCE, 'the first MAX_EVIDENCE are listed')
  t.same(transitions.evidence.map((e) => e.start), Array.from({ length: MAX_EVIDENCE }, (_, i) => text.indexOf(`Moreover, point ${i} `)), 'in text order')
  for (const s of result.signals) t.ok(s.evidence.length <= MAX_EVIDENCE && s.evidenceCount >= s.evidence.length, s.id)
  const last = result.sentences[result.sentences.length - 1]
  t.equal(last.score, result.sentences[0].score, 'a sentence past the listed evidence still carries its share')
})

t.test('a text that is not English is insufficient unless a signal that reads no English words found evidence', async (t) => {
  const french = 'Ceci est un commentaire écrit en français, qui parle de la pluie et du beau temps à Paris cette semaine.'
  const alone = scorer.score({ text: french })
  t.equal(alone.language, 'fra')
  t.ok(alone.signals.some((s) => s.contribution > 0 && s.evidence.length > 0), 'an English word list finds "à" (read as "a")')
  t.equal(alone.label, 'insufficient', 'and that is no evidence in French')
  const campaign = scorer.score({ text: french, memory: { authors: 40, submissions: 57, since: '2026-01-01T00:00:00.000Z', minAuthors: 3 } })
  t.not(campaign.label, 'insufficient', 'the same French text from forty sources is evidence in any language')
  t.ok(campaign.signals.find((s) => s.id === 'repeated-template')!.contribution > 0)
})

t.test('a short text in another script is not English, however short, and so insufficient', async (t) => {
  for (const [text, language] of [
    ['这是一个很好的帖子，感谢分享。我完全同意你的观点。', 'cmn'],
    ['Отличный пост, спасибо!', undefined],
    ['منشور رائع، شكرا لك', undefined],
  ] as const) {
    const result = scorer.score({ text, kind: 'comment' })
    t.not(result.language, 'eng', text)
    t.not(result.language, 'und', `${text}: ${result.language}`)
    if (language) t.equal(result.language, language)
    t.equal(result.label, 'insufficient', text)
    t.ok(result.warnings.some((w) => w.startsWith('text does not look like English')))
  }
  t.equal(scorer.score({ text: 'Great post, thanks!', kind: 'comment' }).language, 'und', 'short Latin text stays undetermined')
})

t.test('a text of no words ("🔥🔥🔥") is insufficient, with the emoji-only signal and a warning that say why', async (t) => {
  const result = scorer.score({ text: '🔥🔥🔥', kind: 'comment' })
  t.equal(result.label, 'insufficient')
  t.ok(result.signals.find((s) => s.id === 'emoji-only-reply')!.contribution > 0, 'the reply is still reported as bare')
  t.ok(result.warnings.some((w) => w.startsWith('text has no words')))
  t.notOk(result.warnings.some((w) => w.startsWith('text is very short')), 'one warning, not two')
  t.not(scorer.score({ text: 'Great post 🔥🔥🔥', kind: 'comment' }).label, 'insufficient', 'a word and stock praise: labelled by the score')
})

t.test('a brief score (explain: "none") skips the sentence scores and the report-only stats, and changes nothing else', async (t) => {
  const text = "Leadership isn't just about making decisions, it's about empowering your team. Here's the thing: growth takes time."
  const full = scorer.score({ text, kind: 'post' })
  const brief = scorer.score({ text, kind: 'post', brief: true })
  for (const k of ['score', 'label', 'dimensions', 'warnings', 'signals', 'language', 'model'] as const) t.same(brief[k], full[k], `${k} is the same`)
  t.same(brief.sentences, [])
  t.same(brief.stats, { ...full.stats, lexicalDiversity: 0, averageWordLength: 0, readability: 0 })
  t.ok(full.sentences.length > 0 && full.stats.readability !== 0)
})
