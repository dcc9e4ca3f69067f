/**
 * Cheap evasions (issue 11, item 7): a combining mark on every letter, look-alike letters, and key
 * words spaced out letter by letter must not turn a templated text authentic. Twenty texts that
 * the shipped model labels `templated` (stock comments of the seed thread, signals' flagged
 * examples, AI-style posts), each disguised three ways; at least 18 of 20 stay `templated` for
 * each disguise, and evidence still points at the characters that were submitted.
 */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { createScorer, type ScoreInput } from '../../src/engine/score.js'
import { loadModel } from '../../src/model/weights.js'
import { SIGNALS } from '../../src/signals/index.js'

const scorer = createScorer(loadModel(), SIGNALS)
const seedPost = (JSON.parse(readFileSync(new URL('../../src/http/seed-thread.json', import.meta.url), 'utf8')) as { post: { text: string } }).post.text

const TEXTS: ScoreInput[] = [
  { text: 'Great post Bruce! Very timely.', kind: 'comment', parent: seedPost },
  { text: 'Thought provoking analysis, Bruce Segall. Thanks for adding to this important conversation.', kind: 'comment', parent: seedPost },
  { text: 'So true. Thanks for sharing!' },
  { text: 'Bruce, great post!' },
  { text: 'Hi Maria - well said.' },
  { text: 'Check out my channel, I will subscribe back!' },
  { text: 'Hey guys please subscribe to my channel :)' },
  { text: "You won't believe what happened next." },
  { text: 'This pivotal study delves into the intricate interplay of culture and policy.' },
  { text: 'This remarkable journey highlights a crucial testament to our shared potential.' },
  { text: 'This launch is a testament to our team. Let’s dive in!' },
  { text: 'Ten lessons from ten years.\n\n♻️ Repost if this helped. Follow me for more.' },
  { text: 'Insightful post! Thanks for sharing these valuable insights.' },
  { text: 'Love this perspective! So inspiring.' },
  { text: "Well said, Maria! Couldn't agree more." },
  { text: 'Amazing post! Very informative. Thanks for sharing.' },
  { text: "In today's fast-paced digital landscape, leveraging AI is no longer optional. It's a testament to innovation. Let's dive in!" },
  { text: 'This insightful piece delves into the intricate tapestry of leadership, highlighting a crucial testament to resilience.' },
  { text: 'Excited to share that I have embarked on a transformative journey. This pivotal milestone is a testament to the unwavering support of my incredible network.' },
  { text: 'Very well written. Thank you for sharing this valuable information.' },
]

const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')

/** Five different combining marks, one after every letter in turn. */
const MARKS = ['\u0301', '\u0308', '\u0303', '\u0336', '\u0323']
function combiningMarks(text: string): string {
  let k = 0
  let out = ''
  for (const c of text) out += isLetter(c) ? c + MARKS[k++ % MARKS.length] : c
  return out
}

/** Every a, c, e, g, i, o, p in turn replaced by a look-alike: Latin ɑ ɡ ᴏ, Cyrillic а с е і о р, Greek ο. */
const LOOK_ALIKES: Record<string, string[]> = { a: ['ɑ', 'а'], c: ['с'], e: ['е'], g: ['ɡ'], i: ['і'], o: ['ᴏ', 'о', 'ο'], p: ['р'] }
function lookAlikes(text: string): string {
  const used: Record<string, number> = {}
  let out = ''
  for (const c of text) {
    const alternatives = LOOK_ALIKES[c]
    if (alternatives === undefined) {
      out += c
      continue
    }
    used[c] = (used[c] ?? 0) + 1
    out += alternatives[used[c] % alternatives.length]
  }
  return out
}

/**
 * The words an attacker would disguise, spaced out letter by letter: every word of three letters
 * or more inside the evidence of a signal that raises the text's score (the API shows it). As
 * spaced-out writing does, a spaced word is set off from its neighbours by two spaces
 * ("G r e a t  p o s t  Bruce!").
 */
function spacedOut(input: ScoreInput): string {
  const cps = Array.from(input.text)
  const key = new Uint8Array(cps.length)
  for (const s of scorer.score(input).signals) if (s.contribution > 0) for (const e of s.evidence) key.fill(1, e.start, e.end)
  let out = ''
  let afterSpaced = false
  for (let i = 0; i < cps.length; ) {
    if (!isLetter(cps[i])) {
      out += cps[i] === ' ' && afterSpaced && cps[i - 1] !== ' ' ? '  ' : cps[i]
      if (cps[i] !== ' ') afterSpaced = false
      i++
      continue
    }
    let j = i
    let hit = false
    for (; j < cps.length && isLetter(cps[j]); j++) if (key[j] === 1) hit = true
    const word = cps.slice(i, j)
    if (hit && word.length >= 3) {
      if (out.endsWith(' ') && !out.endsWith('  ')) out += ' '
      out += word.join(' ')
      afterSpaced = true
    } else {
      out += word.join('')
      afterSpaced = false
    }
    i = j
  }
  return out
}

const EVASIONS: Record<string, (input: ScoreInput) => string> = {
  'a combining mark on every letter': (input) => combiningMarks(input.text),
  'look-alike letters': (input) => lookAlikes(input.text),
  'key words spaced out letter by letter': spacedOut,
}

/** What a Python or Go client does with our offsets: slice by code points. */
const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('')

t.test('the set: twenty texts the shipped model labels templated', async (t) => {
  t.equal(TEXTS.length, 20)
  for (const input of TEXTS) t.equal(scorer.score(input).label, 'templated', input.text)
})

for (const [name, evade] of Object.entries(EVASIONS)) {
  t.test(`${name}: at least 18 of 20 stay templated, and evidence points at what was submitted`, async (t) => {
    const escaped: string[] = []
    for (const input of TEXTS) {
      const text = evade(input)
      t.not(text, input.text, 'the evasion changed the text')
      const result = scorer.score({ ...input, text })
      if (result.label !== 'templated') escaped.push(`${result.label} ${result.score}: ${text}`)
      for (const s of result.signals) {
        for (const e of s.evidence) t.equal(slice(text, e.start, e.end), e.text, `${s.id} evidence in ${JSON.stringify(text)}`)
      }
      for (const s of result.sentences) t.ok(s.end > s.start && s.end <= Array.from(text).length)
    }
    t.ok(escaped.length <= 2, `${20 - escaped.length} of 20 stay templated; escaped: ${JSON.stringify(escaped, null, 1)}`)
  })
}
