/**
 * Finding stock praise and the name it addresses, shared by the `generic-praise`,
 * `name-plus-praise` and `no-specifics` signals so that all three read praise the same way
 * (a signal never reads another signal; they share this lexicon code instead).
 * Every pass is linear in the number of tokens; gaps between tokens are inspected only up to a
 * few characters.
 */
import type { Doc, Token } from '../engine/document.js'
import { phraseMatcher } from './match.js'
import {
  GREETINGS, NOT_NAMES, PRAISE_ADJECTIVES, PRAISE_FILLERS, PRAISE_INTERJECTIONS, PRAISE_OPENERS, PRAISE_PHRASES,
} from './praise.js'
import { STOP_WORDS } from './stopwords.js'
import { isBlank } from '../engine/chars.js'
import { ints, type Ints } from '../engine/arrays.js'

const anywhere = phraseMatcher(PRAISE_PHRASES)
const openers = phraseMatcher(PRAISE_OPENERS)

/** A run of praise: token index range [first, end). */
export interface PraiseSpan {
  first: number
  end: number
  note: string
}

export interface Praise {
  /** Praise spans in text order, non-overlapping. */
  spans: PraiseSpan[]
  /** 1 for each token that belongs to praise (including filler inside an all-praise sentence). */
  covered: Ints
}

/**
 * Whether the praise word ending at token `end` describes a post's own subject: in a post, an
 * adjective of PRAISE_ADJECTIVES right before a word ("what an inspiring journey", "a very helpful
 * tool") is the writer's description, not stock praise of someone else's post, which stands alone
 * or ends its phrase ("So inspiring!", "Insightful, thanks"). Comments keep it: there it praises.
 */
function describesOwnSubject(doc: Doc, end: number): boolean {
  if (doc.kind !== 'post' || end >= doc.tokens.length) return false
  const last = doc.tokens[end - 1]
  const next = doc.tokens[end]
  if (!PRAISE_ADJECTIVES.has(last.lower) || next.sentence !== last.sentence) return false
  for (let c = last.end; c < next.start; c++) if (!isBlank(doc.text.charCodeAt(c))) return false
  return true
}

/** Longest interjection sentence, in words, still read as stock ("Wow, just wow, so true!"). */
const MAX_INTERJECTION_WORDS = 8

/**
 * Stock praise in a document: lexicon phrases, sentence-opening praise and all-praise sentences.
 * Computed once per document (four signals read it).
 */
export function findPraise(doc: Doc): Praise {
  return doc.derive(computePraise)
}

function computePraise(doc: Doc): Praise {
  const tokens = doc.tokens
  const covered = ints(tokens.length)
  const spans: PraiseSpan[] = []
  const add = (first: number, end: number, note: string) => {
    spans.push({ first, end, note })
    covered.fill(1, first, end)
  }
  for (const m of anywhere.find(tokens)) if (!describesOwnSubject(doc, m.end)) add(m.first, m.end, m.entry.note ?? 'stock praise')
  for (const m of openers.find(tokens, { atSentenceStart: true })) {
    let free = true
    for (let k = m.first; k < m.end && free; k++) free = covered[k] === 0
    if (free) add(m.first, m.end, m.entry.note ?? 'stock praise')
  }
  for (const s of doc.sentences) {
    const n = s.endToken - s.firstToken
    if (n === 0 || n > MAX_INTERJECTION_WORDS) continue
    let allPraise = true
    let anyPraise = false
    for (let k = s.firstToken; k < s.endToken && allPraise; k++) {
      const w = tokens[k].lower
      if (covered[k] === 1 || PRAISE_INTERJECTIONS.has(w)) anyPraise = true
      else allPraise = PRAISE_FILLERS.has(w)
    }
    if (!allPraise || !anyPraise) continue
    // Each uncovered run holding an interjection becomes a span; filler-only runs are covered.
    let k = s.firstToken
    while (k < s.endToken) {
      if (covered[k] === 1) {
        k++
        continue
      }
      const start = k
      let interjection = false
      while (k < s.endToken && covered[k] === 0) {
        if (PRAISE_INTERJECTIONS.has(tokens[k].lower)) interjection = true
        k++
      }
      if (interjection) spans.push({ first: start, end: k, note: 'stock interjection' })
      covered.fill(1, start, k)
    }
  }
  spans.sort((a, b) => a.first - b.first)
  return { spans, covered }
}

/** A name addressed by a praise span ("Great post Bruce!", "Bruce, great post!"). */
export interface Address {
  praise: PraiseSpan
  /** Token index range [first, end) of the name. */
  first: number
  end: number
}

const MAX_NAME_WORDS = 3
// Token text only (no spaces, no punctuation), so these anchored single-quantifier tests are linear.
const CAPITALISED = /^\p{Lu}[\p{L}\p{M}']*$/u
const SYMBOL = /[\p{So}\p{Sk}\p{Extended_Pictographic}]/u


function isNameWord(text: string, t: Token, coveredByPraise: boolean): boolean {
  if (coveredByPraise || !CAPITALISED.test(t.text)) return false
  // An initial ("J. R. Smith") is a one-letter stop word, so it is recognised by its period.
  if (t.text.length === 1) return t.text !== 'I' && text[t.end] === '.'
  return !STOP_WORDS.has(t.lower) && !NOT_NAMES.has(t.lower) && !PRAISE_INTERJECTIONS.has(t.lower)
}

/** Characters between two tokens, or null when longer than `max` (such gaps never qualify). */
function gap(text: string, from: number, to: number, max: number): string | null {
  return to - from > max ? null : text.slice(from, to)
}

/** How many `marks` a gap of spaces and marks holds; -1 when it holds anything else. */
function gapMarks(g: string | null, marks: string): number {
  if (g === null) return -1
  let count = 0
  for (const c of g) {
    if (marks.includes(c)) count++
    else if (!isBlank(c.charCodeAt(0))) return -1
  }
  return count
}

/** Between words of one name: a space, an initial's period ("J. R. Smith") or a hyphen ("Sarah-Jane"). */
function joinsName(text: string, a: Token, b: Token): boolean {
  const g = gap(text, a.end, b.start, 3)
  if (g === null || g.length === 0) return false
  for (const c of g) if (!isBlank(c.charCodeAt(0)) && c !== '.' && c !== '-') return false
  return a.sentence === b.sentence
}

/** The name ends the address: end of text or line, punctuation that closes it, or an emoji. */
function closesAddress(text: string, at: number): boolean {
  let i = at
  while (i < text.length && i - at < 16 && isBlank(text.charCodeAt(i))) i++
  if (i >= text.length || text[i] === '\n' || text[i] === '\r') return true
  if (',!.?;:)…'.includes(text[i])) return true
  const cp = text.codePointAt(i) ?? 0
  return SYMBOL.test(String.fromCodePoint(cp))
}

/**
 * Names addressed by praise: 1–3 capitalised words right after a praise span (optionally after a
 * comma) that close with punctuation, the end or an emoji, or that open the sentence (optionally
 * after a greeting) and precede the praise with a comma, "!", ":" or a dash.
 */
export function findAddressedNames(doc: Doc): Address[] {
  return doc.derive(computeAddressedNames)
}

function computeAddressedNames(doc: Doc): Address[] {
  const { text, tokens } = doc
  const praise = findPraise(doc)
  const { covered } = praise
  const out: Address[] = []
  const taken = ints(tokens.length)
  const name = (k: number) => k >= 0 && k < tokens.length && taken[k] === 0 && isNameWord(text, tokens[k], covered[k] === 1)
  for (const p of praise.spans) {
    // After: "Great post Bruce!", "Thought provoking analysis, Bruce Segall."
    const j = p.end
    const commas = name(j) ? gapMarks(gap(text, tokens[p.end - 1].end, tokens[j].start, 4), ',') : -1
    if ((commas === 0 || commas === 1) && tokens[j].sentence === tokens[p.end - 1].sentence) {
      let e = j + 1
      while (e < tokens.length && e - j < MAX_NAME_WORDS && name(e) && joinsName(text, tokens[e - 1], tokens[e])) e++
      if (closesAddress(text, tokens[e - 1].end)) {
        out.push({ praise: p, first: j, end: e })
        taken.fill(1, j, e)
        continue
      }
    }
    // Before: "Bruce, great post!", "Hi Maria - well said."
    const b = p.first - 1
    if (!name(b)) continue
    const between = gap(text, tokens[b].end, tokens[p.first].start, 4)
    if (gapMarks(between, ',!:-–—') !== 1) continue
    // "Bruce! Great post." splits into two sentences; any other mark keeps them in one.
    if (tokens[b].sentence !== tokens[p.first].sentence && !between?.includes('!')) continue
    let f = b
    while (f > 0 && b - f + 1 < MAX_NAME_WORDS && name(f - 1) && joinsName(text, tokens[f - 1], tokens[f])) f--
    const sentenceStart = f === 0 || tokens[f - 1].sentence !== tokens[f].sentence
    const afterGreeting = f > 0 && GREETINGS.has(tokens[f - 1].lower) &&
      (f - 1 === 0 || tokens[f - 2].sentence !== tokens[f - 1].sentence)
    if (sentenceStart || afterGreeting) {
      out.push({ praise: p, first: f, end: b + 1 })
      taken.fill(1, f, b + 1)
    }
  }
  return out
}
