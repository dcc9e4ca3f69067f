/**
 * Normalisation for detection only.
 *
 * The detector reads a folded copy of the text (NFKC, invisible and bidi-control characters
 * removed, common homoglyphs and typographic quotes folded to ASCII) so that "Gr℮at p𝗈st" cannot
 * dodge a lexicon. Every UTF-16 unit of the folded copy remembers which code point of the original
 * it came from, so evidence always points at the characters the user submitted.
 */

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
 * Look-alike characters that NFKC leaves alone, folded to the Latin letter they imitate.
 * Source: the Unicode confusables list (UTS #39), restricted to the Cyrillic and Greek letters and
 * letter-like symbols that are used to disguise English words.
 */
const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c',
  'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ј': 'j', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w',
  'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C',
  'Т': 'T', 'У': 'Y', 'Х': 'X', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J',
  // Greek
  'α': 'a', 'ο': 'o', 'ρ': 'p', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'τ': 't', 'υ': 'u',
  'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N',
  'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
  // letter-like symbols
  '℮': 'e', 'ℯ': 'e', 'ℊ': 'g', 'ℴ': 'o', 'ı': 'i',
  // typographic punctuation read as its ASCII form
  '‘': "'", '’': "'", 'ʼ': "'", '′': "'", '‛': "'", '`': "'",
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"',
}

const cache = new Map<number, string>()

/** The folded form of one code point ('' when it is invisible). */
function foldCodePoint(cp: number, ch: string): string {
  const cached = cache.get(cp)
  if (cached !== undefined) return cached
  let out: string
  if (INVISIBLE.has(cp) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) {
    out = '' // variation selectors too: they only pick a glyph
  } else {
    const nfkc = ch.normalize('NFKC')
    out = ''
    for (const c of nfkc) out += HOMOGLYPHS[c] ?? c
  }
  if (cache.size < 50_000) cache.set(cp, out)
  return out
}

export interface Folded {
  /** The folded text that detectors read. */
  text: string
  /** For each UTF-16 unit of `text` (and one past the end), the original code point index. */
  toOriginal: Uint32Array
  /** For each original code point index (and one past the end), its UTF-16 offset in the original. */
  originalUnits: Uint32Array
  /** Number of code points in the original. */
  codePoints: number
}

/**
 * Fold `original` for detection, in one linear pass.
 * A lone surrogate is kept as one code point, as `Array.from` would.
 */
export function fold(original: string): Folded {
  const n = original.length
  const originalUnits = new Uint32Array(n + 1)
  let toOriginal = new Uint32Array(n + 16)
  let text = ''
  let parts: string[] = []
  let outLen = 0
  let cpIndex = 0
  let i = 0
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
      if (outLen + run + 1 > toOriginal.length) {
        const grown = new Uint32Array(Math.max(toOriginal.length * 2, outLen + run + 16))
        grown.set(toOriginal)
        toOriginal = grown
      }
      for (let k = 0; k < run; k++) {
        originalUnits[cpIndex + k] = i + k
        toOriginal[outLen + k] = cpIndex + k
      }
      parts.push(run === n ? original : original.slice(i, j))
      outLen += run
      cpIndex += run
      i = j
      continue
    }
    originalUnits[cpIndex] = i
    let piece: string
    let width = 1
    if (code === 0x60) {
      piece = "'"
    } else {
      const cp = original.codePointAt(i)!
      width = cp > 0xffff ? 2 : 1
      piece = foldCodePoint(cp, original.slice(i, i + width))
    }
    if (piece.length > 0) {
      if (outLen + piece.length + 1 > toOriginal.length) {
        const grown = new Uint32Array(Math.max(toOriginal.length * 2, outLen + piece.length + 16))
        grown.set(toOriginal)
        toOriginal = grown
      }
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
  return {
    text,
    toOriginal: toOriginal.subarray(0, outLen + 1),
    originalUnits: originalUnits.subarray(0, cpIndex + 1),
    codePoints: cpIndex,
  }
}
