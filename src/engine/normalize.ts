/**
 * Normalisation for detection only.
 *
 * The detector reads a folded copy of the text so that cheap disguises cannot dodge a lexicon:
 * - NFKC, and invisible and bidi-control characters removed ("Gr℮at p𝗈st", "G\u200Breat");
 * - look-alike letters folded to the Latin letter they imitate, from Unicode's confusables
 *   (UTS #39, through the `unhomoglyph` package's copy of confusables.txt) and a short list of our
 *   own ("ɡrеɑt pᴏst", "ɢʀᴇᴀᴛ"); a letter of another script is folded only inside a word that
 *   reads as Latin (it holds a Latin letter, or all its letters have Latin look-alikes and the text
 *   around is mostly Latin), so Greek, Cyrillic or Hebrew text keeps its letters;
 * - combining marks that decorate a Latin letter removed ("G̃r̈éa̶t", "café" → "cafe"); marks
 *   on other scripts' letters and on digits (keycaps) are kept;
 * - letters spaced out one by one joined again ("G r e a t  p o s t" → "Great post"), when at
 *   least three single letters follow each other with one space between them.
 * Every UTF-16 unit of the folded copy remembers which code point of the original it came from, so
 * evidence always points at the characters the user submitted. Every pass is linear in the input.
 */
import { createRequire } from 'node:module'
import { isWordUnit, WORD_CHARACTER } from './chars.js'
import { ints, truncated, widened, type Ints } from './arrays.js'

/** Characters that render as nothing or only steer direction: removed before detection. */
const INVISIBLE = new Set<number>([
  0x00ad, // soft hyphen
  0x034f, // combining grapheme joiner
  0x180e, // Mongolian vowel separator
  0x200b, 0x200c, 0x200d, 0x200e, 0x200f, // zero width space/joiners, LRM, RLM
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, // bidi embeddings and overrides
  0x2060, 0x2061, 0x2062, 0x2063, 0x2064, // word joiner, invisible operators
  0x2066, 0x2067, 0x2068, 0x2069, // bidi isolates
  0xfeff, // zero width no-break space / BOM
])

/**
 * Look-alike characters folded to the Latin letter they imitate, ahead of the confusables table:
 * Cyrillic and Greek letters and letter-like symbols whose UTS #39 prototype is not a Latin letter
 * (н, к, т, в look like h, k, t, b; the table sends them to ʜ, ĸ, ᴛ, ʙ), the Latin small capitals
 * that "small caps" text generators use and the table leaves alone (ᴀ, ʀ, ᴇ, ᴛ…), and typographic
 * punctuation read as its ASCII form (the table would send “ to two apostrophes).
 */
const HOMOGLYPHS = new Map<string, string>(Object.entries({
  // Cyrillic
  'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c',
  'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ј': 'j', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w',
  'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C',
  'Т': 'T', 'У': 'Y', 'Х': 'X', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J',
  // Greek
  'α': 'a', 'ο': 'o', 'ρ': 'p', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'τ': 't', 'υ': 'u',
  'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N',
  'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
  // Latin small capitals (U+1D00 block and IPA extensions)
  'ᴀ': 'a', 'ʙ': 'b', 'ᴄ': 'c', 'ᴅ': 'd', 'ᴇ': 'e', 'ꜰ': 'f', 'ɢ': 'g', 'ʜ': 'h', 'ɪ': 'i', 'ᴊ': 'j',
  'ᴋ': 'k', 'ʟ': 'l', 'ᴍ': 'm', 'ɴ': 'n', 'ᴏ': 'o', 'ᴘ': 'p', 'ꞯ': 'q', 'ʀ': 'r', 'ꜱ': 's', 'ᴛ': 't',
  'ᴜ': 'u', 'ᴠ': 'v', 'ᴡ': 'w', 'ʏ': 'y', 'ᴢ': 'z',
  // letter-like symbols
  '℮': 'e', 'ℯ': 'e', 'ℊ': 'g', 'ℴ': 'o', 'ı': 'i',
  // typographic punctuation read as its ASCII form
  '‘': "'", '’': "'", 'ʼ': "'", '′': "'", '‛': "'", '`': "'",
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"',
}))

const LETTER = /^\p{L}$/u
const LATIN_LETTER = /^\p{Script=Latin}$/u
/** Letters of no script of their own (ℯ, ℴ): folded like Latin ones when they have a Latin look-alike. */
const SCRIPTLESS = /^[\p{Script=Common}\p{Script=Inherited}]$/u
const MARK = /^\p{M}$/u
const MARKS = /\p{M}/gu
const ASCII_LETTERS = /^[A-Za-z]+$/

/**
 * The letters of Unicode's confusables table (UTS #39 confusables.txt, as the `unhomoglyph`
 * package ships it) whose prototype, without its combining marks, is made of ASCII letters: ɑ → a,
 * ᴏ → o, Cyrillic г → r, ø → o, æ → ae. Punctuation and symbols are left out (the table sends an
 * em dash to a katakana mark and × to x), and so are prototypes of several letters for another
 * script's letter (Ы → bl). The prototypes collapse I to l and m to rn so as to compare strings;
 * read here, a one-letter prototype takes the case of the letter it stands for (Ι → I) and rn is m.
 */
function confusableLetters(): Map<string, string> {
  const table = createRequire(import.meta.url)('unhomoglyph/data.json') as Record<string, string>
  const letters = new Map<string, string>()
  for (const [from, to] of Object.entries(table)) {
    if (!LETTER.test(from) || from.normalize('NFKC') !== from) continue // NFKC runs first
    let latin = to.replace(MARKS, '')
    if (latin === 'rn') latin = 'm'
    if (!ASCII_LETTERS.test(latin) || (latin.length > 1 && !LATIN_LETTER.test(from))) continue
    if (latin.length === 1 && from !== from.toLowerCase()) latin = latin === 'l' ? 'I' : latin.toUpperCase()
    else if (latin.length === 1 && from !== from.toUpperCase()) latin = latin.toLowerCase()
    letters.set(from, latin)
  }
  return letters
}

const CONFUSABLE_LETTERS = confusableLetters()

/** What a code point is to the word it stands in. */
const Kind = {
  /** Not part of a word: white space, punctuation, symbols, emoji. */
  Break: 0,
  /** Part of a word without a script of its own: digits, invisible characters. */
  Neutral: 1,
  /** Folds to a Latin letter whatever the word (a-z, é, ß, ɑ, ᴏ…). */
  Latin: 2,
  /** Another script's letter with a Latin look-alike (Cyrillic а, Greek ο): folded in Latin words only. */
  Confusable: 3,
  /** Another script's letter without a Latin look-alike. */
  Other: 4,
  /** Only combining marks: removed after a Latin letter. */
  Mark: 5,
} as const
type Kind = (typeof Kind)[keyof typeof Kind]

interface CodePointFold {
  kind: Kind
  /** The folded form in a word of its own script ('' when it is invisible). */
  own: string
  /** The folded form in a word that reads as Latin (differs from `own` for Confusable only). */
  latin: string
  /** Whether `own`, `latin` end with a Latin letter (so that a combining mark after them goes). */
  ownEndsLatin: boolean
  latinEndsLatin: boolean
}

const isAsciiLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)
const isAsciiDigit = (c: number) => c >= 0x30 && c <= 0x39
const isLatinLetter = (ch: string) => LETTER.test(ch) && LATIN_LETTER.test(ch)

/**
 * A letter's Latin base without its marks (é → e, ǿ → o, Greek ό → o), or undefined. After NFKC,
 * the letters with canonical decompositions onto a Latin or look-alike base all lie below U+2000
 * (Latin, Greek, Cyrillic and their extended blocks); the others are not decomposed at all.
 */
function latinBase(ch: string, cp: number): string | undefined {
  if (cp < 0xc0 || cp >= 0x2000) return undefined
  const nfd = ch.normalize('NFD')
  if (nfd === ch) return undefined
  const base = String.fromCodePoint(nfd.codePointAt(0)!)
  if (nfd.slice(base.length).replace(MARKS, '') !== '') return undefined
  return HOMOGLYPHS.get(base) ?? CONFUSABLE_LETTERS.get(base) ?? (isLatinLetter(base) ? base : undefined)
}

/** The fold of one character of a code point's NFKC form. */
interface CharFold {
  kind: Kind
  own: string
  latin: string
}

const INVISIBLE_FOLD: CodePointFold = Object.freeze({ kind: Kind.Neutral, own: '', latin: '', ownEndsLatin: false, latinEndsLatin: false })

/** Fold one character of a code point's NFKC form, in a word of its own script and in a Latin word. */
function foldChar(ch: string): CharFold {
  const cp = ch.codePointAt(0)!
  const mapped = HOMOGLYPHS.get(ch) ?? CONFUSABLE_LETTERS.get(ch)
  if (LETTER.test(ch)) {
    const latin = mapped ?? latinBase(ch, cp)
    if (LATIN_LETTER.test(ch)) return { kind: Kind.Latin, own: latin ?? ch, latin: latin ?? ch }
    if (latin === undefined) return { kind: Kind.Other, own: ch, latin: ch }
    if (SCRIPTLESS.test(ch)) return { kind: Kind.Latin, own: latin, latin }
    return { kind: Kind.Confusable, own: ch, latin }
  }
  if (mapped !== undefined) return { kind: ASCII_LETTERS.test(mapped) ? Kind.Latin : Kind.Break, own: mapped, latin: mapped }
  if (MARK.test(ch)) return { kind: Kind.Mark, own: ch, latin: ch }
  return { kind: WORD_CHARACTER.test(ch) ? Kind.Neutral : Kind.Break, own: ch, latin: ch }
}

const cache = new Map<number, CodePointFold>()

/** The fold of one (non-ASCII or backtick) code point, cached. */
function foldCodePoint(cp: number, ch: string): CodePointFold {
  const cached = cache.get(cp)
  if (cached !== undefined) return cached
  let out: CodePointFold
  if (INVISIBLE.has(cp) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) {
    out = INVISIBLE_FOLD // variation selectors too: they only pick a glyph
  } else {
    const nfkc = ch.normalize('NFKC')
    if (nfkc === ch) {
      const f = foldChar(ch)
      const endsLatin = f.kind === Kind.Latin
      out = { kind: f.kind, own: f.own, latin: f.latin, ownEndsLatin: endsLatin, latinEndsLatin: endsLatin || f.kind === Kind.Confusable }
    } else {
      out = foldExpansion(nfkc)
    }
  }
  if (cache.size < 50_000) cache.set(cp, out)
  return out
}

/**
 * The fold of a code point that NFKC changes, often into several characters (ﬁ, ¼, ﷺ). Its kind is
 * a break if any of them is one, else the kind that weighs most on its word (another script over a
 * look-alike over Latin over a digit); only marks make a mark. A mark that NFKC leaves after a
 * Latin letter goes.
 */
function foldExpansion(nfkc: string): CodePointFold {
  let own = ''
  let latin = ''
  let kind: Kind = Kind.Mark
  let broken = false
  let ownEndsLatin = false
  let latinEndsLatin = false
  for (const c of nfkc) {
    const f = foldChar(c)
    if (f.kind === Kind.Mark) {
      if (!ownEndsLatin) own += c
      if (!latinEndsLatin) latin += c
      continue
    }
    own += f.own
    latin += f.latin
    ownEndsLatin = f.kind === Kind.Latin
    latinEndsLatin = f.kind === Kind.Latin || f.kind === Kind.Confusable
    if (f.kind === Kind.Break) broken = true
    else if (kind === Kind.Mark || f.kind > kind) kind = f.kind
  }
  return { kind: broken ? Kind.Break : kind, own, latin, ownEndsLatin, latinEndsLatin }
}

/** The kind of the code point at UTF-16 offset `i` of `s`, and its width in units. */
function kindAt(s: string, i: number): [Kind, number] {
  const c = s.charCodeAt(i)
  if (c < 0x80) return [isAsciiLetter(c) ? Kind.Latin : isAsciiDigit(c) ? Kind.Neutral : Kind.Break, 1]
  const cp = s.codePointAt(i)!
  const width = cp > 0xffff ? 2 : 1
  return [foldCodePoint(cp, s.slice(i, i + width)).kind, width]
}

/** What a word's letters say of its script: Latin, another script, or nothing (all are look-alikes). */
const Reads = { Latin: 0, Other: 1, Either: 2 } as const
type Reads = (typeof Reads)[keyof typeof Reads]

/** The start of the code point that ends at UTF-16 offset `k` of `s`. */
function previousStart(s: string, k: number): number {
  const low = s.charCodeAt(k - 1)
  if (low >= 0xdc00 && low <= 0xdfff && k >= 2) {
    const high = s.charCodeAt(k - 2)
    if (high >= 0xd800 && high <= 0xdbff) return k - 2
  }
  return k - 1
}

/**
 * How the word around UTF-16 offset `i` reads: Latin when it holds a Latin letter ("Grеat"),
 * Other when it holds a letter of another script without a Latin look-alike ("дела"), Either when
 * all its letters are look-alikes ("Тhе", or Russian "как"). Also returns where the word ends.
 * Linear over the word.
 */
function wordReads(s: string, i: number): [Reads, number] {
  let latin = false
  let other = false
  for (let k = i; k > 0; ) {
    const start = previousStart(s, k)
    const [kind] = kindAt(s, start)
    if (kind === Kind.Break) break
    if (kind === Kind.Latin) latin = true
    else if (kind === Kind.Other) other = true
    k = start
  }
  let j = i
  while (j < s.length) {
    const [kind, width] = kindAt(s, j)
    if (kind === Kind.Break) break
    if (kind === Kind.Latin) latin = true
    else if (kind === Kind.Other) other = true
    j += width
  }
  return [latin ? Reads.Latin : other ? Reads.Other : Reads.Either, j]
}

/**
 * Whether a text's words are mostly Latin (a Latin letter in them) rather than of another script
 * (a letter without a Latin look-alike), words made only of look-alikes not counted: then such a
 * word is a disguised Latin word; in Cyrillic or Greek text it is a word of that script (UTS #39
 * calls these whole-script confusables: only the context tells). One linear pass, taken at the
 * first such word.
 */
function mostlyLatin(s: string): boolean {
  let balance = 0
  let latin = false
  let other = false
  for (let i = 0; i <= s.length; ) {
    const [kind, width] = i < s.length ? kindAt(s, i) : [Kind.Break, 1]
    if (kind === Kind.Break) {
      if (latin) balance++
      else if (other) balance--
      latin = other = false
    } else if (kind === Kind.Latin) latin = true
    else if (kind === Kind.Other) other = true
    i += width
  }
  return balance >= 0
}

export interface Folded {
  /** The folded text that detectors read. */
  text: string
  /** For each UTF-16 unit of `text` (and one past the end), the original code point index. */
  toOriginal: Ints
  /** For each original code point index (and one past the end), its UTF-16 offset in the original. */
  originalUnits: Ints
  /** Number of code points in the original. */
  codePoints: number
}

/** The fewest single letters in a row, one space apart, that are read as one spaced-out word. */
export const MIN_SPACED_LETTERS = 3

const APOSTROPHE = 0x27
const SPACE = 0x20

/**
 * Whether the folded unit at `i` is a Latin letter standing alone: no word character on either
 * side (an apostrophe may follow, "t o d a y's"; one may precede only as an opening quote).
 */
function isSingleLetter(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  if (!(c < 0x80 ? isAsciiLetter(c) : c < 0xd800 && isLatinLetter(text[i]))) return false
  const before = text.charCodeAt(i - 1) // NaN at the start: in no class
  if (isWordUnit(before) || (before === APOSTROPHE && isWordUnit(text.charCodeAt(i - 2)))) return false
  return !isWordUnit(text.charCodeAt(i + 1))
}

/**
 * The offsets of the spaces to drop so that letters spaced out one by one read as words: the
 * spaces inside each run of at least MIN_SPACED_LETTERS single letters one space apart, and all but
 * one of the spaces on either side of such a run (spaced-out writing sets words apart with wider
 * gaps: "G r e a t  p o s t" reads "Great post"). One pass over the spaces, a second over the
 * spaces around runs; null when there is no such run (almost always).
 */
function spacedOutGaps(text: string): number[] | null {
  const runs: Array<[first: number, last: number]> = []
  let first = -1
  let last = -1
  let letters = 0
  for (let i = text.indexOf(' '); i !== -1; i = text.indexOf(' ', i + 1)) {
    // most spaces are followed by a word of two or more ASCII characters: settled on two units
    const after = text.charCodeAt(i + 2)
    if (after < 0x80 && (isAsciiLetter(after) || isAsciiDigit(after))) continue
    if (!isSingleLetter(text, i + 1) || !isSingleLetter(text, i - 1)) continue
    if (letters > 0 && last === i - 1) {
      last = i + 1
      letters++
      continue
    }
    if (letters >= MIN_SPACED_LETTERS) runs.push([first, last])
    first = i - 1
    last = i + 1
    letters = 2
  }
  if (letters >= MIN_SPACED_LETTERS) runs.push([first, last])
  if (runs.length === 0) return null
  const gaps: number[] = []
  const drop = (i: number) => {
    if (gaps.length === 0 || gaps[gaps.length - 1] < i) gaps.push(i)
  }
  for (const [from, to] of runs) {
    let k = from
    while (k > 0 && text.charCodeAt(k - 1) === SPACE) k--
    for (let i = k + 1; i < from; i++) drop(i)
    for (let i = from + 1; i < to; i += 2) drop(i)
    // after the run: the first space stays, the ones that follow it go
    for (let i = to + 2; text.charCodeAt(i) === SPACE && text.charCodeAt(i - 1) === SPACE; i++) drop(i)
  }
  return gaps
}

/**
 * Fold `original` for detection, in one linear pass (and a second over the spaces).
 * A lone surrogate is kept as one code point, as `Array.from` would.
 */
export function fold(original: string): Folded {
  const n = original.length
  const originalUnits = ints(n + 1)
  let toOriginal = ints(n + 16)
  let text = ''
  let parts: string[] = []
  let outLen = 0
  let cpIndex = 0
  let i = 0
  /** Whether the last folded character is a Latin letter: a combining mark after it goes. */
  let afterLatin = false
  /** The Latin-or-not decision for the word that ends at UTF-16 offset `wordEnd`. */
  let wordLatin = false
  let wordEnd = 0
  /** Whether the text is mostly Latin, once a word made only of look-alikes asks. */
  let textLatin: boolean | undefined
  while (i < n) {
    const code = original.charCodeAt(i)
    if (code < 0x80 && code !== 0x60) {
      // A run of ASCII (but the backtick) folds to itself: copied as one piece, one unit per code point.
      let j = i + 1
      while (j < n) {
        const c = original.charCodeAt(j)
        if (c >= 0x80 || c === 0x60) break
        j++
      }
      const run = j - i
      if (outLen + run + 1 > toOriginal.length) toOriginal = widened(toOriginal, Math.max(toOriginal.length * 2, outLen + run + 16))
      for (let k = 0; k < run; k++) {
        originalUnits[cpIndex + k] = i + k
        toOriginal[outLen + k] = cpIndex + k
      }
      parts.push(run === n ? original : original.slice(i, j))
      outLen += run
      cpIndex += run
      afterLatin = isAsciiLetter(original.charCodeAt(j - 1))
      i = j
      continue
    }
    originalUnits[cpIndex] = i
    const cp = original.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    const f = foldCodePoint(cp, original.slice(i, i + width))
    let piece: string
    if (f.kind === Kind.Mark) {
      piece = afterLatin ? '' : f.own
    } else if (f.kind === Kind.Confusable) {
      if (i >= wordEnd) {
        const [reads, end] = wordReads(original, i)
        wordLatin = reads === Reads.Latin || (reads === Reads.Either && (textLatin ??= mostlyLatin(original)))
        wordEnd = end
      }
      piece = wordLatin ? f.latin : f.own
      afterLatin = wordLatin ? f.latinEndsLatin : f.ownEndsLatin
    } else {
      piece = f.own
      if (piece.length > 0) afterLatin = f.ownEndsLatin
    }
    if (piece.length > 0) {
      if (outLen + piece.length + 1 > toOriginal.length) toOriginal = widened(toOriginal, Math.max(toOriginal.length * 2, outLen + piece.length + 16))
      for (let k = 0; k < piece.length; k++) toOriginal[outLen + k] = cpIndex
      outLen += piece.length
      parts.push(piece)
      if (parts.length >= 4096) {
        text += parts.join('')
        parts = []
      }
    }
    i += width
    cpIndex++
  }
  text += parts.join('')
  originalUnits[cpIndex] = n
  toOriginal[outLen] = cpIndex
  const gaps = spacedOutGaps(text)
  const joined = gaps === null ? { text, toOriginal: truncated(toOriginal, outLen + 1) } : withoutGaps(text, toOriginal, outLen, gaps)
  return {
    text: joined.text,
    toOriginal: joined.toOriginal,
    originalUnits: truncated(originalUnits, cpIndex + 1),
    codePoints: cpIndex,
  }
}

/** The folded text and its offset map without the units at `gaps` (sorted, at least one). */
function withoutGaps(text: string, toOriginal: Ints, length: number, gaps: number[]): Pick<Folded, 'text' | 'toOriginal'> {
  const map = ints(length - gaps.length + 1)
  const units = new Uint16Array(length - gaps.length)
  let out = 0
  let g = 0
  for (let i = 0; i < length; i++) {
    if (g < gaps.length && gaps[g] === i) {
      g++
      continue
    }
    units[out] = text.charCodeAt(i)
    map[out++] = toOriginal[i]
  }
  map[out] = toOriginal[length]
  // code units as they are (a TextDecoder would replace a lone surrogate), in chunks the call stack takes
  let joined = ''
  for (let k = 0; k < units.length; k += 8192) joined += String.fromCharCode(...units.subarray(k, k + 8192))
  return { text: joined, toOriginal: map }
}
