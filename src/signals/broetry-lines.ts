import type { Doc, Range } from '../engine/document.js'
import { defineSignal, NOTHING } from './define.js'
import { SYMBOL_BULLETS } from '../lexicons/listicle-structure.js'
import { C } from '../engine/chars.js'

/** Fewer lines than this is a short note, not a shape. */
const MIN_LINES = 5
/** Share of lines that must be one short sentence. */
const MIN_SHARE = 0.7
/** A "short" sentence, in words. */
const MAX_WORDS = 15

const DIGIT = /^[0-9]$/
const PICTOGRAPHIC = /^\p{Extended_Pictographic}/u

/** Lines that are list items (plain, numbered, emoji or arrow bullets), tags or links: short by nature, not broetry. */
function isListOrTagLine(doc: Doc, line: Range): boolean {
  const t = doc.text
  const c = t[line.start]
  if (c === '-' || c === '*' || c === '+' || c === '•' || c === '#' || c === '>' || c === '|') return true
  if (DIGIT.test(c)) {
    let q = line.start
    while (q < line.end && q - line.start < 3 && DIGIT.test(t[q])) q++
    if (t[q] === '.' || t[q] === ')') return true
  }
  // Emoji, keycap and arrow bullets: a list, which listicle-structure reads.
  const first = String.fromCodePoint(t.codePointAt(line.start) ?? C.SPACE)
  if ((PICTOGRAPHIC.test(first) && first !== '©' && first !== '®') || t.charCodeAt(line.start + 1) === C.KEYCAP) return true
  if (SYMBOL_BULLETS.has(first) || SYMBOL_BULLETS.has(t.slice(line.start, line.start + 2))) return true
  return t.startsWith('http', line.start) || t.startsWith('www.', line.start)
}

/**
 * "Broetry": one short sentence per line, line after line — the LinkedIn engagement-post shape that
 * assistant-written posts imitate. Lists, tags and poems in verse lines without sentence ends don't count.
 */
export default defineSignal({
  id: 'broetry-lines',
  dimension: 'aiStyle',
  description: 'Most lines are one short sentence on its own line (LinkedIn "broetry").',
  source:
    '"Broetry", the one-sentence-per-line LinkedIn post style named in 2017 and imitated by ' +
    'assistant-drafted posts; thresholds chosen by this project.',
  weight: {
    prior: 0.8,
    reason: 'The one-sentence-per-line LinkedIn shape does not occur in the dev data; modest prior.',
  },
  examples: {
    flagged: [
      { text: 'I got fired on a Monday.\n\nNo warning.\n\nNo reason.\n\nJust a calendar invite.\n\nToday I run my own company.\n\nHere is what I learned. 👇', evidence: ['I got fired on a Monday.', 'No warning.', 'No reason.', 'Just a calendar invite.', 'Today I run my own company.', 'Here is what I learned. 👇'] },
      { text: 'Success is not luck.\nIt is discipline.\nIt is showing up.\nEvery single day.\nEven when nobody claps.\nEspecially then.', evidence: ['Success is not luck.', 'It is discipline.', 'It is showing up.', 'Every single day.', 'Even when nobody claps.', 'Especially then.'] },
    ],
    clean: [
      'Groceries:\n- milk\n- eggs\n- bread\n- coffee\n- apples',
      'Had a rough week at work. My manager moved the deadline twice, and then blamed us for missing it.\n' +
        'Anyway, I finally finished the migration. It took three nights.\nGoing to sleep for a day now.\nThanks all.\nSee you Monday.',
    ],
  },
  measure(doc) {
    const t = doc.text
    let counted = 0
    const short: Range[] = []
    let s = 0
    for (const line of doc.lines) {
      if (line.endToken === line.firstToken || isListOrTagLine(doc, line)) continue
      counted++
      while (s < doc.sentences.length && doc.sentences[s].start < line.start) s++
      let inLine = 0
      // Sentences with words: a trailing emoji ("What's your take? 👇") is not a second sentence.
      while (s < doc.sentences.length && doc.sentences[s].start < line.end) {
        if (doc.sentences[s].endToken > doc.sentences[s].firstToken) inLine++
        s++
      }
      const words = line.endToken - line.firstToken
      // A sentence, not a verse line: it ends with sentence punctuation (or an emoji after it).
      if (inLine === 1 && words <= MAX_WORDS && endsLikeASentence(t, line)) short.push(line)
    }
    if (counted < MIN_LINES || short.length < MIN_SHARE * counted) return NOTHING
    return {
      value: short.length / counted,
      evidence: short.map((line) => doc.evidence(line.start, line.end, 'one short sentence per line')),
    }
  },
})

const TERMINAL = /^[.!?…]$/u
const TRAILING = /^[\s"')\]\p{Extended_Pictographic}\u20e3]$/u

/** Whether the line ends with sentence punctuation, allowing closing quotes and emoji after it. */
function endsLikeASentence(t: string, line: Range): boolean {
  let q = line.end
  // Bounded look-back over a few closers or emoji, one code point at a time.
  for (let k = 0; k < 8 && q > line.start; k++) {
    const unit = t.charCodeAt(q - 1)
    const width = unit >= 0xdc00 && unit <= 0xdfff && q - 2 >= line.start ? 2 : 1
    const ch = t.slice(q - width, q)
    if (TERMINAL.test(ch)) return true
    if (!TRAILING.test(ch)) return false
    q -= width
  }
  return false
}
