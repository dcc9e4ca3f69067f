import { defineSignal, NOTHING } from './define.js'
import { ints } from '../engine/arrays.js'
import { C, isLetterOrDigit, startsWithAscii } from '../engine/chars.js'
import { findAddressedNames, findPraise } from '../lexicons/praise-find.js'
import { STOP_WORDS } from '../lexicons/stopwords.js'
import { COMMON_LONG_WORDS } from '../lexicons/common-long-words.js'
import { WordSet, wordIds } from '../lexicons/match.js'

/** Below this many words there is too little text to call it unspecific. */
const MIN_WORDS = 3
/** Values below this are reported as nothing: a text with a handful of content words is not generic. */
const MIN_VALUE = 0.1
/** Letters from which a word that is not everyday vocabulary counts as concrete ("steamroller"). */
const LONG_WORD_LETTERS = 9

const STOP = new WordSet(STOP_WORDS)
const COMMON_LONG = new WordSet(COMMON_LONG_WORDS)

/** How much each kind of detail adds to the specificity score S; the value is exp(-S). */
const WEIGHT = { number: 2, name: 2, quote: 2, link: 2, longWord: 0.5, contentWord: 0.15 }

// Token text only, anchored with one quantifier each: linear.
const CAPITALISED = /^\p{Lu}[\p{L}\p{M}']*$/u
const ACRONYM = /^\p{Lu}{2,6}s?$/u
const HAS_DIGIT = /\p{N}/u

/** A token's shape, as bits: what the three regular expressions above say of its text. */
export const SHAPE = { capitalised: 1, acronym: 2, digit: 4 } as const

/**
 * The shape of a token's text (letters, marks, digits and inner apostrophes). ASCII text, almost
 * every token, is read by code unit; other text goes to the regular expressions, which define it.
 */
export function tokenShape(text: string): number {
  let upper = 0
  let digits = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 128) return (CAPITALISED.test(text) ? SHAPE.capitalised : 0) | (ACRONYM.test(text) ? SHAPE.acronym : 0) | (HAS_DIGIT.test(text) ? SHAPE.digit : 0)
    if (c >= 48 && c <= 57) digits++
    else if (c >= 65 && c <= 90) upper++
  }
  const first = text.charCodeAt(0)
  const firstUpper = first >= 65 && first <= 90
  const n = text.length
  const acronymLetters = text.charCodeAt(n - 1) === 115 ? n - 1 : n // a final "s" ("APIs")
  const acronym = upper === acronymLetters && acronymLetters >= 2 && acronymLetters <= 6
  return (firstUpper && digits === 0 ? SHAPE.capitalised : 0) | (acronym ? SHAPE.acronym : 0) | (digits > 0 ? SHAPE.digit : 0)
}

/**
 * Pairs of double quotes, hashtags, @handles and URLs: one linear scan of the text, by code unit.
 * (Reading it as one-character strings, and slicing and testing a regular expression at every h,
 * a frequent letter, made this signal the engine's most expensive on long texts.)
 */
function countQuotesAndLinks(text: string): { quotes: number; links: number } {
  let quoteMarks = 0
  let links = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === C.QUOTE) quoteMarks++
    else if ((c === C.HASH || c === C.AT) && i + 1 < text.length && isLetterOrDigit(text[i + 1]) &&
      (i === 0 || !isLetterOrDigit(text[i - 1]))) links++
    else if ((c | 32) === 104 && (startsWithAscii(text, i, 'http://') || startsWithAscii(text, i, 'https://'))) links++ // h, H
    else if ((c | 32) === 119 && startsWithAscii(text, i, 'www.') && (i === 0 || !isLetterOrDigit(text[i - 1]))) links++ // w, W
  }
  return { quotes: Math.floor(quoteMarks / 2), links }
}

export default defineSignal({
  id: 'no-specifics',
  dimension: 'generic',
  description: 'Short texts with nothing specific in them: no numbers, names, quotes, links or concrete vocabulary.',
  source: 'Specificity as the mark of engaged comments (the seed thread\'s long answers name LinkedIn, Microsoft, 2017); this project.',
  weight: { fit: 'raises' },
  examples: {
    flagged: [
      { text: 'Great post Bruce! Very timely.', kind: 'comment', parent: 'Will AI be LinkedIn’s downfall?', evidence: ['Great post Bruce! Very timely.'] },
      { text: 'So true, I totally agree with this.', evidence: ['So true, I totally agree with this.'] },
      { text: 'This is really something to think about.', evidence: ['This is really something to think about.'] },
    ],
    clean: [
      'Ezra Klein wrote about an "epidemic of loneliness" in 2023.',
      'Microsoft pushed Bing into the post editor last spring.',
      'Thanks!',
    ],
  },
  measure(doc) {
    const tokens = doc.tokens
    if (tokens.length < MIN_WORDS) return NOTHING
    const praise = findPraise(doc)
    const skip = praise.covered.slice()
    for (const a of findAddressedNames(doc)) skip.fill(1, a.first, a.end)

    // Capitals mean nothing in SHOUTED or Title Case text: count only acronyms there.
    const shapes = ints(tokens.length)
    let capitalised = 0
    for (let k = 0; k < tokens.length; k++) {
      shapes[k] = tokenShape(tokens[k].text)
      if ((shapes[k] & (SHAPE.capitalised | SHAPE.acronym)) !== 0) capitalised++
    }
    const capsCarryNoNames = tokens.length >= 4 && capitalised / tokens.length > 0.6

    const { quotes, links } = countQuotesAndLinks(doc.text)
    let numbers = 0
    let names = 0
    const longWords = new Set<string>()
    const contentWords = new Set<string>()
    const ids = wordIds(tokens)
    for (let k = 0; k < tokens.length; k++) {
      if (skip[k] === 1) continue
      const t = tokens[k]
      if ((shapes[k] & SHAPE.digit) !== 0) {
        numbers++
        continue
      }
      if (STOP.hasId(ids[k])) continue
      const sentenceStart = k === 0 || tokens[k - 1].sentence !== t.sentence
      const acronym = (shapes[k] & SHAPE.acronym) !== 0 && !capsCarryNoNames
      const properName = !sentenceStart && !capsCarryNoNames && (shapes[k] & SHAPE.capitalised) !== 0
      if (acronym || properName) {
        names++
        continue
      }
      if (t.lower.length >= LONG_WORD_LETTERS && !COMMON_LONG.hasId(ids[k])) longWords.add(t.lower)
      else if (t.lower.length >= 3) contentWords.add(t.lower)
    }

    const details = numbers + names + quotes + links
    const specificity = WEIGHT.number * numbers + WEIGHT.name * names + WEIGHT.quote * quotes +
      WEIGHT.link * links + WEIGHT.longWord * longWords.size + WEIGHT.contentWord * contentWords.size
    const value = Math.exp(-specificity)
    if (value < MIN_VALUE) return NOTHING
    const first = doc.lines[0].start
    const last = doc.lines[doc.lines.length - 1].end
    const note = details === 0 && longWords.size === 0
      ? `${tokens.length} words, no numbers, names or concrete details`
      : `${tokens.length} words, few specifics`
    return { value, evidence: [doc.evidence(first, last, note)] }
  },
})
