import type { Doc } from '../engine/document.js'
import { countedEvidence, defineSignal } from './define.js'
import { INFORMAL_WORDS, LAUGH_SYLLABLES, LOWERCASE_ONLY, NOT_ELONGATED } from '../lexicons/informal-typos.js'

const LETTER = /^\p{L}$/u
const DIGIT = /\p{N}/u
const ROMAN = /^[ivxlcdm]+$/

/** Whether some character occurs three times in a row: the cheap test most words fail. */
function hasTriple(w: string): boolean {
  for (let i = 2; i < w.length; i++) if (w.charCodeAt(i) === w.charCodeAt(i - 1) && w.charCodeAt(i) === w.charCodeAt(i - 2)) return true
  return false
}

/**
 * An elongated word ("sooo", "coool", "yesss"): a letter typed three or more times. A tripled letter
 * inside a long word is a compound ("Schifffahrt"), not an elongation, so it needs four there.
 */
function isElongated(w: string, minRun: number): boolean {
  if (w.length < 3 || !hasTriple(w) || NOT_ELONGATED.has(w) || ROMAN.test(w) || DIGIT.test(w)) return false
  let run = 1
  for (let i = 1; i <= w.length; i++) {
    if (i < w.length && w[i] === w[i - 1] && LETTER.test(w[i])) {
      run++
      continue
    }
    if (run >= minRun || (run === 3 && minRun === 4 && (i === w.length || w.length < 8))) return true
    run = 1
  }
  return false
}

/** Written laughter: "haha", "hehehe", "jajaja". */
function isLaughter(w: string): boolean {
  if (w.length < 4 || !LAUGH_SYLLABLES.has(w.slice(0, 2))) return false
  const even = w.length - (w.length % 2)
  for (let i = 2; i < even; i += 2) if (w[i] !== w[0] || w[i + 1] !== w[1]) return false
  return w.length === even || w[even] === w[0]
}

/** Single letters that are words or shorthand in chat, not algebra. */
const CHAT_LETTERS = new Set(['a', 'i', 'u', 'r', 'n', 'y', 'k'])

/** Whether a one-letter token sits among other one-letter tokens ("for all u and v"): algebra. */
function amongVariables(doc: Doc, i: number): boolean {
  const sentence = doc.tokens[i].sentence
  for (let k = Math.max(0, i - 3); k <= Math.min(doc.tokens.length - 1, i + 3); k++) {
    const t = doc.tokens[k]
    if (k !== i && t.sentence === sentence && t.text.length === 1 && !CHAT_LETTERS.has(t.lower)) return true
  }
  return false
}

/** The note for token `i` if it is an informal spelling or a typo, else undefined. */
function informal(doc: Doc, i: number): string | undefined {
  const tok = doc.tokens[i]
  const byWord = INFORMAL_WORDS.get(tok.lower)
  if (byWord !== undefined) return byWord
  if (tok.text === tok.lower) {
    const lowerOnly = LOWERCASE_ONLY.get(tok.lower)
    if (lowerOnly !== undefined) {
      // "u.s.", "/u/name" and "for all u and v" are not the shorthand "u".
      const after = doc.text[tok.end]
      const before = doc.text[tok.start - 1]
      if (after === '/' || before === '/' || (after === '.' && LETTER.test(doc.text[tok.end + 1] ?? ''))) return undefined
      if (tok.text.length === 1 && amongVariables(doc, i)) return undefined
      return lowerOnly
    }
  }
  if (isLaughter(tok.lower)) return 'informal'
  // Acronyms (IEEE, KKK, AAAI) triple letters too; shouting needs a longer run ("NOOOOO").
  if (isElongated(tok.lower, tok.text !== tok.lower && tok.text === tok.text.toUpperCase() ? 5 : 4)) return 'elongated word'
  return undefined
}

/**
 * Human marker: informal spellings (dont, gonna, tbh, lol), common misspellings (definately, alot)
 * and elongated words (sooo). People type them; assistants don't. It lowers the score.
 */
export default defineSignal({
  id: 'informal-typos',
  dimension: 'aiStyle',
  description: 'Informal spellings, chat shorthand, common typos and elongated words; a human marker that lowers the score.',
  source:
    'Informal register markers; misspellings from Wikipedia "Lists of common misspellings" ' +
    '(CC BY-SA 4.0); assistant output is spell-checked by construction.',
  weight: {
    prior: -1.0,
    reason:
      'Typos and informal spellings ("dont", "u", "alot") are in under 1% of the ChatGPT answers the dev data fits (9 of 1,622), so their strength cannot be fitted, and a typo is a cheap way to launder a template. Modest prior, like the other human markers that models do not write.',
  },
  examples: {
    flagged: [{ text: 'lol i dont think thats gonna work tbh', evidence: ['lol', 'dont', 'thats', 'gonna', 'tbh'] }, { text: 'This is sooo good, definately trying it this weekend.', evidence: ['sooo', 'definately'] }, { text: 'hahaha ok u win', evidence: ['hahaha', 'ok', 'u'] }],
    clean: [
      "I don't think that's going to work, to be honest.",
      'The U.S. Army in World War III scenarios; see www.example.com and the Schifffahrt museum.',
      'For all u and v in V, c(u + v) = cu + cv. The IEEE and AAAI papers agree.',
    ],
  },
  measure(doc) {
    const evidence = []
    for (let i = 0; i < doc.tokens.length; i++) {
      const note = informal(doc, i)
      if (note !== undefined) evidence.push(doc.evidence(doc.tokens[i].start, doc.tokens[i].end, note))
    }
    return countedEvidence(doc, evidence)
  },
})
