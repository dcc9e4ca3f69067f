/**
 * Evidence never pulls both ways (src/engine/score.ts, settleCrossings): a human marker's span inside
 * a pattern that raises the score is not the marker's evidence, and the marker's value drops with it.
 */
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { createScorer, measureAll, settleCrossings, sidesOf } from '../../src/engine/score.js'
import { prepare } from '../../src/engine/document.js'
import { loadModel } from '../../src/model/weights.js'
import { SIGNALS } from '../../src/signals/index.js'
import { density } from '../../src/signals/define.js'

const model = loadModel()
const scorer = createScorer(model, SIGNALS)
const SIDES = sidesOf(SIGNALS, (s) => model.weights[s.id].weight !== 0)
const sideOf = (id: string) => SIDES[SIGNALS.findIndex((s) => s.id === id)]
const signal = (result: ReturnType<typeof scorer.score>, id: string) => result.signals.find((s) => s.id === id)!

t.test('"I" inside a contrast frame is part of the frame, not a human marker; the other "I" still is', async (t) => {
  const text = "Success isn't about what I have, it's about what I give."
  const result = scorer.score({ text })
  const frame = signal(result, 'not-x-but-y')
  t.same(frame.evidence.map((e) => e.text), ["isn't about what I have, it's"])
  const firstPerson = signal(result, 'first-person')
  t.same(firstPerson.evidence.map((e) => e.start), [text.indexOf('I give')], 'only the "I" outside the frame is evidence')
  t.equal(firstPerson.evidenceCount, 1)
  t.equal(firstPerson.value, Math.round(density(1, prepare(text)) * 1e4) / 1e4, 'and the value counts one pronoun, not two')
})

t.test('the same word claimed by both sides is the pattern\'s: "omg" counts as hype, not as a typed abbreviation', async (t) => {
  const result = scorer.score({ text: 'fucking love it omg :v', kind: 'comment' })
  t.same(signal(result, 'engagement-bait').evidence.map((e) => e.text), ['omg'])
  t.same(signal(result, 'informal-typos').evidence, [], 'informal-typos yields its only span')
  t.equal(signal(result, 'informal-typos').value, 0, 'and finds nothing')
  t.same(signal(result, 'lowercase-starts').evidence.map((e) => e.text), ['fucking'], 'a marker no pattern claims stays')
})

t.test('a span that takes whole sentences (no-specifics) takes nothing from the markers in it', async (t) => {
  const text = 'Here is the thing... growth takes time. I keep learning.'
  const result = scorer.score({ text })
  t.ok(signal(result, 'no-specifics').value > 0, 'no-specifics covers the text')
  t.same(signal(result, 'ellipses').evidence.map((e) => e.text), ['...'])
  t.same(signal(result, 'first-person').evidence.map((e) => e.text), ['I'])
})

t.test('sides are the declared directions; a text without markers, or without patterns, is left as measured', async (t) => {
  const doc = prepare("It isn't about what I have, it's about what I give.")
  const measured = SIGNALS.map((s) => s.measure(doc))
  t.equal(settleCrossings(measured, SIGNALS.map(() => 1), doc), measured, 'no markers: the same measurements')
  t.equal(settleCrossings(measured, SIGNALS.map(() => -1), doc), measured, 'no patterns: the same measurements')
  const at = (id: string) => SIGNALS.findIndex((s) => s.id === id)
  const everyOne = measureAll(SIGNALS, doc, sidesOf(SIGNALS))
  t.equal(everyOne[at('contractions')].evidence.length, measured[at('contractions')].evidence.length - 1, "counted, the contraction marker yields \"isn't\" to the frame")
  const asShipped = measureAll(SIGNALS, doc, sidesOf(SIGNALS, (s) => model.weights[s.id].weight !== 0))
  t.same(asShipped[at('contractions')].evidence, measured[at('contractions')].evidence, 'held at weight 0, it neither yields nor wins')
})

t.test('on the dev data no span is both a human marker and part of a pattern that raises the score', async (t) => {
  const dev = new URL('../../../shared/data/dev/', import.meta.url)
  let texts = 0
  let settled = 0
  const crossings: string[] = []
  for (const file of readdirSync(dev).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(new URL(file, dev), 'utf8').split('\n')
    const step = Math.max(1, Math.floor(lines.length / 150))
    for (let i = 0; i < lines.length; i += step) {
      if (lines[i].trim() === '') continue
      const row = JSON.parse(lines[i]) as { text: string; kind?: 'post' | 'comment'; parent?: string }
      const doc = prepare(row.text, { kind: row.kind })
      const sentences = doc.sentences.map((s) => doc.evidence(s.start, s.end))
      const inOneSentence = (e: { start: number; end: number }) => sentences.some((s) => s.start <= e.start && e.end <= s.end && e.end - e.start < s.end - s.start)
      const result = scorer.scoreDoc(doc)
      texts++
      const raising = result.signals.filter((s) => sideOf(s.id) > 0).flatMap((s) => s.evidence.filter(inOneSentence).map((e) => ({ id: s.id, e })))
      for (const s of result.signals.filter((s) => sideOf(s.id) < 0)) {
        const measured = SIGNALS.find((x) => x.id === s.id)!.measure(doc)
        if (measured.evidence.length !== s.evidenceCount) settled++
        for (const e of s.evidence) {
          const over = raising.find((r) => r.e.start < e.end && e.start < r.e.end)
          if (over) crossings.push(`${file}:${i + 1} ${s.id} "${e.text}" inside ${over.id} "${over.e.text.slice(0, 40)}"`)
        }
      }
    }
  }
  t.ok(texts > 1500, `${texts} texts`)
  t.ok(settled > 0, `${settled} texts had a marker inside a pattern (the rule is exercised)`)
  t.same(crossings.slice(0, 10), [], 'no crossing left')
})
