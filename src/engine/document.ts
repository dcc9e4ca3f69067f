/**
 * The prepared document every signal reads: folded text, word tokens, sentences and lines, with
 * offsets computed once, so twenty signals don't tokenise the same text twenty times.
 * Every pass here is linear in the input.
 */
import { fold, type Folded } from './normalize.js'
import { tagTokens, type Upos } from './pos.js'
import { C, isCloser, isSpace, isTerminal, isWordUnit, WORD_CHARACTER } from './chars.js'

export type Kind = 'post' | 'comment'

/** A word: letters, marks and digits, with inner apostrophes ("it's"); hyphens split words. */
export interface Token {
  /** The folded form as written. */
  text: string
  /** Lower-cased folded form, what lexicons match against. */
  lower: string
  /** UTF-16 offsets into `Doc.text` (the folded text), half-open. */
  start: number
  end: number
  /** Index of the sentence holding this token. */
  sentence: number
}

/** A sentence or a line-bounded fragment, trimmed of surrounding white space. */
export interface Range {
  start: number
  end: number
  /** Token index range [firstToken, endToken). */
  firstToken: number
  endToken: number
}

/** A piece of evidence, in code points of the original text. */
export interface Evidence {
  start: number
  end: number
  text: string
  note?: string
}

export interface Doc {
  /** The text as submitted. */
  original: string
  /** The folded text that detectors read (see normalize.ts). */
  text: string
  /** Length of the original in code points. */
  codePoints: number
  kind: Kind
  tokens: Token[]
  sentences: Range[]
  /** Non-blank lines. */
  lines: Range[]
  /** The parent post's tokens when given (a comment's context). */
  parent?: { text: string; tokens: Token[] }
  /** What the template memory saw of this text before, when the caller looked it up (see src/store/). */
  memory?: TemplateSightings
  /** Evidence for the folded range [start, end), mapped to the original's code points. */
  evidence(start: number, end: number, note?: string): Evidence
  /**
   * Part-of-speech tags of one sentence's tokens (see pos.ts), tagged on first use and kept: a
   * signal tags only the sentences where its pattern could be, so most text is never tagged.
   */
  sentenceTags(sentence: number): readonly Upos[]
  /**
   * A feature derived from the text (praise spans, addressed names), computed on first use by
   * whichever signal asks first and kept, so signals that share it don't compute it again. Keyed
   * by the function: pass one defined once at module level, never an inline arrow.
   */
  derive<T>(compute: (doc: Doc) => T): T
}

/**
 * A word is a run of word characters (chars.ts: letters, marks, digits), with runs joined by
 * single apostrophes ("it's"): what the regular expression `[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*`
 * with the u flag finds. tokenize scans for it by code unit instead, which spares a match object
 * per word; both are linear.
 */

/** How many code units the word character at `i` takes (1, or 2 for a surrogate pair); 0 when there is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i)
  if ((c & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) return WORD_CHARACTER.test(text.slice(i, i + 2)) ? 2 : 0
  return isWordUnit(c) ? 1 : 0
}

/** The end of the word starting at `start` (a word character): runs of word characters joined by single apostrophes. */
function wordEnd(text: string, start: number): number {
  let i = start
  for (;;) {
    let w: number
    while ((w = wordCharAt(text, i)) > 0) i += w
    if (text.charCodeAt(i) !== C.APOSTROPHE || (w = wordCharAt(text, i + 1)) === 0) return i
    i += 1 + w
  }
}

/** Abbreviations whose period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'etc', 'e.g', 'i.e', 'eg', 'ie', 'inc',
  'ltd', 'co', 'corp', 'no', 'approx', 'fig', 'al', 'u.s', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul',
  'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'a.m', 'p.m', 'u.k', 'u.s.a', 'ph.d', 'b.a', 'm.a',
])

// A URL runs to the next white space or bracket; one character class under one quantifier: linear.
const URL = /(?:https?:\/\/|www\.)[^\s<>()[\]"]+/giu

/** Word tokens, skipping the words inside URLs (a link's path is not prose). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  const urls: Array<[number, number]> = []
  URL.lastIndex = 0
  for (let m = URL.exec(text); m !== null; m = URL.exec(text)) urls.push([m.index, m.index + m[0].length])
  let u = 0
  for (let i = 0; i < text.length; ) {
    const w = wordCharAt(text, i)
    if (w === 0) {
      i++
      continue
    }
    const start = i
    const end = wordEnd(text, start)
    i = end
    while (u < urls.length && urls[u][1] <= start) u++
    if (u < urls.length && urls[u][0] <= start) continue
    const word = text.slice(start, end)
    tokens.push({ text: word, lower: word.toLowerCase(), start, end, sentence: 0 })
  }
  return tokens
}


/** Word just before position `i` (used to skip abbreviations), lower-cased; bounded look-back. */
function wordBefore(text: string, i: number): string {
  let j = i
  while (j > 0 && i - j < 12) {
    const c = text.charCodeAt(j - 1)
    if (isSpace(c) || c === C.OPEN_PAREN) break
    j--
  }
  return text.slice(j, i).toLowerCase()
}

/**
 * Split into sentences in one pass: a run of terminal punctuation followed by white space or the
 * end closes a sentence, and so does a line break (posts use line breaks as sentence ends).
 * natural's SentenceTokenizer is quadratic in the input, hence this splitter.
 */
export function splitSentences(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = []
  const n = text.length
  let start = 0
  const push = (s: number, e: number) => {
    while (s < e && isSpace(text.charCodeAt(s))) s++
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--
    if (e > s) out.push({ start: s, end: e })
  }
  let i = 0
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 10) {
      push(start, i)
      start = i + 1
      i++
      continue
    }
    if (isTerminal(c)) {
      let j = i
      while (j < n && (isTerminal(text.charCodeAt(j)) || isCloser(text.charCodeAt(j)))) j++
      const atBoundary = j >= n || isSpace(text.charCodeAt(j))
      const abbreviation = c === 46 && j === i + 1 && (ABBREVIATIONS.has(wordBefore(text, i)) || /^[a-z]$/i.test(wordBefore(text, i)))
      if (atBoundary && !abbreviation) {
        push(start, j)
        start = j
      }
      i = j
      continue
    }
    i++
  }
  push(start, n)
  return out
}

/** Non-blank lines, trimmed. */
export function splitLines(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = []
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === C.LINE_FEED) {
      let s = start
      let e = i
      while (s < e && isSpace(text.charCodeAt(s))) s++
      while (e > s && isSpace(text.charCodeAt(e - 1))) e--
      if (e > s) out.push({ start: s, end: e })
      start = i + 1
    }
  }
  return out
}

/** Attach token index ranges to sorted, non-overlapping ranges (two-pointer, linear). */
function withTokens(ranges: Array<{ start: number; end: number }>, tokens: Token[], mark: boolean): Range[] {
  const out: Range[] = []
  let t = 0
  for (let r = 0; r < ranges.length; r++) {
    const { start, end } = ranges[r]
    while (t < tokens.length && tokens[t].end <= start) t++
    const first = t
    while (t < tokens.length && tokens[t].start < end) {
      if (mark) tokens[t].sentence = r
      t++
    }
    out.push({ start, end, firstToken: first, endToken: t })
  }
  return out
}

/**
 * Near-duplicates of a text that the template memory saw within its window, supplied by the HTTP
 * layer before scoring so that signals stay pure functions of the document. Counts only; the memory
 * keeps no text.
 */
export interface TemplateSightings {
  /**
   * Distinct sources including this submission: distinct hashed authors; a comment without an
   * author counts as its parent post; a submission with neither counts on its own.
   */
  authors: number
  /** Earlier near-duplicate submissions in the window, not counting this one. */
  submissions: number
  /** ISO 8601 time of the earliest of them; null when there were none. */
  since: string | null
  /** How many distinct sources make a template (TEMPLATE_MIN_AUTHORS). */
  minAuthors: number
}

/** Whether the sightings make the text a repeated template: seen before, from at least minAuthors sources (the repeated-template signal fires). */
export function isRepeatedTemplate(m: TemplateSightings | undefined): m is TemplateSightings {
  return m !== undefined && m.submissions >= 1 && m.authors >= Math.max(1, m.minAuthors)
}

export interface PrepareOptions {
  kind?: Kind
  /** The parent post's text, or the parent as another document already prepared it (see asParent). */
  parent?: string | Doc['parent']
  memory?: TemplateSightings
}

/** A prepared document as the parent of others, so a thread folds and tokenises its post once. */
export function asParent(doc: Doc): Doc['parent'] {
  return doc.original.trim() === '' ? undefined : { text: doc.text, tokens: doc.tokens }
}

/**
 * The last text folded and tokenised by foldAndTokenize, kept for the prepare() of the same text that
 * usually comes next: the scoring service fingerprints a text for the template memory, then scores it
 * in the same thread (texts under INLINE_MAX_CHARS), which folded and tokenised it a second time.
 * Taken once, so no two documents share tokens (prepare marks each token's sentence). A text scored
 * elsewhere (a worker thread) is not taken: the service lets it go (releaseFolded) once scored, so
 * no submitted text stays in memory after its request.
 */
let kept: { original: string; folded: Folded; tokens: Token[] } | undefined

/** The text folded and tokenised, as prepare() begins; kept for the next prepare() of the same text. */
export function foldAndTokenize(original: string): { folded: Folded; tokens: Token[] } {
  const folded = fold(original)
  kept = { original, folded, tokens: tokenize(folded.text) }
  return kept
}

/** Let go of what foldAndTokenize kept and no prepare() took. */
export function releaseFolded(): void {
  kept = undefined
}

/** Prepare a document for the signals. */
export function prepare(original: string, options: PrepareOptions = {}): Doc {
  const reused = kept !== undefined && kept.original === original ? kept : undefined
  if (reused !== undefined) kept = undefined
  const folded: Folded = reused?.folded ?? fold(original)
  const text = folded.text
  const tokens = reused?.tokens ?? tokenize(text)
  const sentences = withTokens(splitSentences(text), tokens, true)
  const lines = withTokens(splitLines(text), tokens, false)
  let parent = typeof options.parent === 'string' ? undefined : options.parent
  if (typeof options.parent === 'string' && options.parent.trim() !== '') {
    const p = fold(options.parent).text
    parent = { text: p, tokens: tokenize(p) }
  }
  const tagged = new Map<number, Upos[]>()
  const sentenceTags = (i: number): Upos[] => {
    let tags = tagged.get(i)
    if (tags === undefined) {
      const s = sentences[i]
      tags = tagTokens(text.slice(s.start, s.end), tokens.slice(s.firstToken, s.endToken), s.start)
      tagged.set(i, tags)
    }
    return tags
  }
  const derived = new Map<(doc: Doc) => unknown, unknown>()
  const doc: Doc = {
    original,
    text,
    sentenceTags,
    derive<T>(compute: (doc: Doc) => T): T {
      if (!derived.has(compute)) derived.set(compute, compute(doc))
      return derived.get(compute) as T
    },
    codePoints: folded.codePoints,
    kind: options.kind ?? 'post',
    tokens,
    sentences,
    lines,
    parent,
    memory: options.memory,
    evidence(start: number, end: number, note?: string): Evidence {
      const s = folded.toOriginal[start]
      const e = end > start ? folded.toOriginal[end - 1] + 1 : s
      const ev: Evidence = {
        start: s,
        end: e,
        text: original.slice(folded.originalUnits[s], folded.originalUnits[e]),
      }
      if (note !== undefined) ev.note = note
      return ev
    },
  }
  return doc
}
