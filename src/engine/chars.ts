/**
 * Character classes every pass over the text shares, on UTF-16 code units (`charCodeAt`), so a
 * scan compares numbers instead of running a regular expression per character. A position past
 * the end reads NaN, which is in no class.
 */

/** The code units the scans name. */
export const C = {
  TAB: 0x09,
  LINE_FEED: 0x0a,
  SPACE: 0x20,
  EXCLAMATION: 0x21,
  QUOTE: 0x22,
  HASH: 0x23,
  APOSTROPHE: 0x27,
  OPEN_PAREN: 0x28,
  CLOSE_PAREN: 0x29,
  COMMA: 0x2c,
  HYPHEN: 0x2d,
  FULL_STOP: 0x2e,
  SLASH: 0x2f,
  COLON: 0x3a,
  SEMICOLON: 0x3b,
  QUESTION: 0x3f,
  AT: 0x40,
  CLOSE_BRACKET: 0x5d,
  NO_BREAK_SPACE: 0xa0,
  EN_DASH: 0x2013,
  EM_DASH: 0x2014,
  RIGHT_SINGLE_QUOTE: 0x2019,
  RIGHT_DOUBLE_QUOTE: 0x201d,
  ELLIPSIS: 0x2026,
  /** U+20E3 COMBINING ENCLOSING KEYCAP, the second unit of keycap emoji ("1️⃣" without the selector). */
  KEYCAP: 0x20e3,
  IDEOGRAPHIC_FULL_STOP: 0x3002,
  FULLWIDTH_EXCLAMATION: 0xff01,
  FULLWIDTH_QUESTION: 0xff1f,
} as const

/** Whether `text` holds `ascii` (lower case) at `i`, the case of its letters ignored: "HTTP://" holds "http://". */
export function startsWithAscii(text: string, i: number, ascii: string): boolean {
  if (i + ascii.length > text.length) return false
  for (let k = 0; k < ascii.length; k++) {
    const c = text.charCodeAt(i + k)
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== ascii.charCodeAt(k)) return false
  }
  return true
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u
/** Whether `s` (a character, or a code unit as `text[i]` reads it) holds a letter or a digit. */
export const isLetterOrDigit = (s: string): boolean => LETTER_OR_DIGIT.test(s)

/** Whether a link ("http://", "https://", "www.", in any case) starts at `i` of `text`. */
export function linkStartsAt(text: string, i: number): boolean {
  return startsWithAscii(text, i, 'http://') || startsWithAscii(text, i, 'https://') || startsWithAscii(text, i, 'www.')
}

/** White space as JavaScript's `\s` has it (line breaks included), without the regex. */
export function isSpace(c: number): boolean {
  if (c <= C.SPACE) return c === C.SPACE || (c >= C.TAB && c <= 0x0d)
  if (c < C.NO_BREAK_SPACE) return false
  return c === C.NO_BREAK_SPACE || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

/** White space inside a line: space, tab, no-break space. */
export function isBlank(c: number): boolean {
  return c === C.SPACE || c === C.TAB || c === C.NO_BREAK_SPACE
}

/** What ends a sentence: . ! ? … and their CJK full-width forms. */
export function isTerminal(c: number): boolean {
  return c === C.FULL_STOP || c === C.EXCLAMATION || c === C.QUESTION || c === C.ELLIPSIS || c === C.IDEOGRAPHIC_FULL_STOP || c === C.FULLWIDTH_EXCLAMATION || c === C.FULLWIDTH_QUESTION
}

/** What may follow a sentence's terminal before the break: closing quotes and brackets. */
export function isCloser(c: number): boolean {
  return c === C.QUOTE || c === C.APOSTROPHE || c === C.CLOSE_PAREN || c === C.CLOSE_BRACKET || c === C.RIGHT_DOUBLE_QUOTE || c === C.RIGHT_SINGLE_QUOTE
}

/** An ASCII digit. */
export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

/**
 * A word character as tokenize reads words: a letter, mark or digit (`[\p{L}\p{M}\p{N}]`), one
 * code point (a pair of surrogates or one unit).
 */
export const WORD_CHARACTER = /^[\p{L}\p{M}\p{N}]$/u
/** Per code unit of the Basic Multilingual Plane: 0 not yet known, 1 a word character, 2 not one. */
const BMP_WORD = new Uint8Array(0x10000)

/**
 * Whether the code unit `c` is a word character on its own (WORD_CHARACTER), from a table filled
 * as units are first seen, so a scan asks the regular expression once per distinct unit. False
 * for a surrogate (half a pair is no character) and for NaN (past the end).
 */
export function isWordUnit(c: number): boolean {
  if (!(c >= 0 && c < 0x10000) || (c & 0xf800) === 0xd800) return false
  let known = BMP_WORD[c]
  if (known === 0) BMP_WORD[c] = known = WORD_CHARACTER.test(String.fromCharCode(c)) ? 1 : 2
  return known === 1
}
