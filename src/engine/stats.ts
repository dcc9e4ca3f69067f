/**
 * Report-only text statistics. They describe writing proficiency, which is known to make
 * non-native English writers look "AI-like" (Liang et al. 2023, "GPT detectors are biased against
 * non-native English writers"), so they are shown to moderators and never enter the score.
 * Linear in the number of tokens.
 */
import type { Doc } from './document.js'

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
const VOWELS = 'aeiouy'

/**
 * Syllables by the usual linear heuristic: vowel groups, minus a silent final "e" (but not "-le"),
 * at least one. Words without Latin vowels (digits, other scripts) count one syllable.
 */
export function syllables(lower: string): number {
  let groups = 0
  let inVowel = false
  for (let i = 0; i < lower.length; i++) {
    const v = VOWELS.includes(lower[i])
    if (v && !inVowel) groups++
    inVowel = v
  }
  const n = lower.length
  if (groups > 1 && n > 2 && lower[n - 1] === 'e' && !VOWELS.includes(lower[n - 2]) && !(lower[n - 2] === 'l' && n > 3 && !VOWELS.includes(lower[n - 3]))) {
    groups--
  }
  return Math.max(1, groups)
}

/** Moving-average type-token ratio (MATTR); plain TTR when the text is shorter than one window. */
function mattr(words: string[]): number {
  if (words.length === 0) return 0
  const w = Math.min(MATTR_WINDOW, words.length)
  const counts = new Map<string, number>()
  for (let i = 0; i < w; i++) counts.set(words[i], (counts.get(words[i]) ?? 0) + 1)
  let sum = counts.size / w
  for (let i = w; i < words.length; i++) {
    const out = words[i - w]
    const c = counts.get(out)! - 1
    if (c === 0) counts.delete(out)
    else counts.set(out, c)
    counts.set(words[i], (counts.get(words[i]) ?? 0) + 1)
    sum += counts.size / w
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
    for (const ch of t.text) if (LETTER.test(ch)) letters++
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
