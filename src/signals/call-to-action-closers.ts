import { defineSignal, NOTHING } from './define.js'
import type { Doc, Evidence } from '../engine/document.js'
import { phraseMatcher, matchEvidence } from '../lexicons/match.js'
import { CLOSER_PHRASES, CLOSER_SYMBOLS, ONE_WORD_CLOSERS } from '../lexicons/call-to-action-closers.js'
import { C } from '../engine/chars.js'

const closers = phraseMatcher(CLOSER_PHRASES)

/** Closers counted in the value: a post that stacks three sign-offs is already unmistakable. */
const MAX_COUNTED = 3

/** How many closing sentences are read: a closer is a sign-off, not something said mid-post. */
const CLOSING_SENTENCES = 2

/** Whether a sentence carries words, not only hashtags, mentions or a link (trailing post furniture). */
function hasProse(doc: Doc, s: number): boolean {
  const { tokens, text } = doc
  const range = doc.sentences[s]
  for (let t = range.firstToken; t < range.endToken; t++) {
    const before = tokens[t].start > 0 ? text.charCodeAt(tokens[t].start - 1) : C.SPACE
    const w = tokens[t].lower
    if (before !== C.HASH && before !== C.AT && before !== C.SLASH && before !== C.FULL_STOP && w !== 'https' && w !== 'http' && w !== 'www') return true
  }
  return false
}

/** First sentence index of the closing region: the last two sentences with prose, and what follows. */
function closingStart(doc: Doc): number {
  let found = 0
  for (let s = doc.sentences.length - 1; s >= 0; s--) {
    if (hasProse(doc, s)) found++
    if (found === CLOSING_SENTENCES) return s
  }
  return 0
}

export default defineSignal({
  id: 'call-to-action-closers',
  dimension: 'aiStyle',
  description:
    'Engagement closers in the last two sentences ("Thoughts?", "Agree?", "Drop a comment", "♻️ Repost if", "Follow me for more", 👇).',
  source: 'LinkedIn and YouTube engagement-bait templates (2019–2026), checked against real posts.',
  weight: {
    prior: 1.0,
    reason: 'Engagement closers ("Agree?", "Thoughts? 👇") do not occur in the dev data; modest prior.',
  },
  examples: {
    flagged: [
      { text: 'Culture eats strategy for breakfast.\n\nAgree?\n\n#leadership #culture', evidence: ['Agree?'] },
      { text: 'Hiring is broken. Here is how we fixed it.\n\nWhat would you add? 👇', evidence: ['What would you add', '👇'] },
      { text: 'Ten lessons from ten years.\n\n♻️ Repost if this helped. Follow me for more.', evidence: ['♻', 'Repost if', 'Follow me for more'] },
    ],
    clean: [
      'Thoughts on the new bus timetable were mixed at the meeting. Most people agreed it was late.',
      'Follow me to the station and I will show you the shortcut.\n\nIt takes five minutes.',
      { text: 'I agree with most of this, but the second point needs a source.', kind: 'comment' },
    ],
  },
  measure(doc) {
    if (doc.sentences.length === 0) return NOTHING
    const first = closingStart(doc)
    const fromToken = doc.sentences[first].firstToken
    const matches = closers.find(doc.tokens, { from: fromToken })
    const evidence: Evidence[] = matchEvidence(doc, matches)
    // "Thoughts?" / "Agree?": a one-word sentence, ended by a question mark or standing alone.
    for (let s = first; s < doc.sentences.length; s++) {
      const range = doc.sentences[s]
      if (range.endToken - range.firstToken !== 1) continue
      const token = doc.tokens[range.firstToken]
      if (ONE_WORD_CLOSERS.has(token.lower) && doc.text.charCodeAt(token.end) === C.QUESTION) {
        evidence.push(doc.evidence(token.start, token.end + 1, 'comment bait'))
      }
    }
    // Pointing and recycling pictographs in the closing region; a row of 👇👇👇 is one closer.
    const text = doc.text
    const seen = new Set<number>()
    for (let k = doc.sentences[first].start; k < text.length; k++) {
      const cp = text.codePointAt(k) as number
      const why = CLOSER_SYMBOLS.get(cp)
      const width = cp > 0xffff ? 2 : 1
      if (why !== undefined && !seen.has(cp)) {
        seen.add(cp)
        evidence.push(doc.evidence(k, k + width, why))
      }
      k += width - 1
    }
    if (evidence.length === 0) return NOTHING
    evidence.sort((a, b) => a.start - b.start)
    return { value: Math.min(evidence.length, MAX_COUNTED), evidence }
  },
})
