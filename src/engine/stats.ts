/**
 * Report-only text statistics. They describe writing proficiency, which is known to make
 * non-native English writers look "AI-like" (Liang et al. 2023, "GPT detectors are biased against
 * non-native English writers"), so they are shown to moderators and never enter the score.
 * Linear in the number of tokens.
 */
import type { Doc } from './document.js'
import { ints } from './arrays.js'

export interface ReportStats {
  /** Moving-average type-token ratio over windows of MATTR_WINDOW words (0 without words). */
  lexicalDiversity: number
  /** Mean letters per word (0 without words). */
  averageWordLength: number
  /** Flesch reading ease, 206.835 − 1.015·words/sentence − 84.6·syllables/word (0 without words). */
  readability: number
}

/** Window of the moving-average type-token ratio (Covington and McFall 2010 use 50 for short texts too). */
export const MATTR_WINDOW = 50

const round3 = (x: number) => Math.round(x * 1000) / 1000

const LETTER = /\p{L}/u
/** a, e, i, o, u, y. */
const isVowel = (c: number) => c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121

/** Letters in a word, by code point; ASCII is decided without a regex (most words are ASCII). */
function countLetters(word: string): number {
  let letters = 0
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i)
    if (c < 0x80) {
      const lower = c | 32
      if (lower >= 97 && lower <= 122) letters++
      continue
    }
    const cp = word.codePointAt(i)!
    const wide = cp > 0xffff
    if (LETTER.test(wide ? word.slice(i, i + 2) : word[i])) letters++
    if (wide) i++
  }
  return letters
}

/**
 * Syllables by the usual linear heuristic: vowel groups, minus a silent final "e" (but not "-le"),
 * at least one. Words without Latin vowels (digits, other scripts) count one syllable.
 */
export function syllables(lower: string): number {
  let groups = 0
  let inVowel = false
  for (let i = 0; i < lower.length; i++) {
    const v = isVowel(lower.charCodeAt(i))
    if (v && !inVowel) groups++
    inVowel = v
  }
  const n = lower.length
  if (groups > 1 && n > 2 && lower[n - 1] === 'e' && !isVowel(lower.charCodeAt(n - 2)) && !(lower[n - 2] === 'l' && n > 3 && !isVowel(lower.charCodeAt(n - 3)))) {
    groups--
  }
  return Math.max(1, groups)
}

/** Moving-average type-token ratio (MATTR); plain TTR when the text is shorter than one window. */
function mattr(words: string[]): number {
  if (words.length === 0) return 0
  const w = Math.min(MATTR_WINDOW, words.length)
  // Words as small integers, counted in an array: one map lookup per word instead of four.
  const idOf = new Map<string, number>()
  const ids = ints(words.length)
  for (let i = 0; i < words.length; i++) {
    let id = idOf.get(words[i])
    if (id === undefined) idOf.set(words[i], (id = idOf.size))
    ids[i] = id
  }
  const counts = ints(idOf.size)
  let distinct = 0
  for (let i = 0; i < w; i++) if (counts[ids[i]]++ === 0) distinct++
  let sum = distinct / w
  for (let i = w; i < words.length; i++) {
    if (--counts[ids[i - w]] === 0) distinct--
    if (counts[ids[i]]++ === 0) distinct++
    sum += distinct / w
  }
  return sum / (words.length - w + 1)
}

/** Report-only measures of a prepared document, rounded to 3 decimals. */
export function reportStats(doc: Doc): ReportStats {
  const words = doc.tokens.map((t) => t.lower)
  if (words.length === 0) return { lexicalDiversity: 0, averageWordLength: 0, readability: 0 }
  let letters = 0
  let syllableCount = 0
  for (const t of doc.tokens) {
    letters += countLetters(t.text)
    syllableCount += syllables(t.lower)
  }
  const sentences = Math.max(1, doc.sentences.filter((s) => s.endToken > s.firstToken).length)
  const flesch = 206.835 - 1.015 * (words.length / sentences) - 84.6 * (syllableCount / words.length)
  return {
    lexicalDiversity: round3(mattr(words)),
    averageWordLength: round3(letters / words.length),
    readability: round3(flesch),
  }
}
