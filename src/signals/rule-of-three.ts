import { C, isBlank, isDigit, isTerminal } from '../engine/chars.js'
import { ints, type Ints } from '../engine/arrays.js'
import { countedEvidence, defineSignal, NOTHING } from './define.js'
import type { Doc, Evidence } from '../engine/document.js'
import {
  APPOSITIVE_STARTS, CLAUSE_STARTS, DISCOURSE_MARKERS, INTRODUCERS, LIST_CONJUNCTIONS,
} from '../lexicons/rule-of-three.js'
import { WordSet, wordIds } from '../lexicons/match.js'

const CONJUNCTIONS = new WordSet(LIST_CONJUNCTIONS)

/** Longest list item, in words: triads are of short items ("fast, cheap, and reliable"). */
const MAX_ITEM_TOKENS = 4
/** Longest sentence, in words, that counts as one beat of three parallel sentences. */
const MAX_BEAT_TOKENS = 8

const PLAIN = 0
const COMMA = 1
const BREAK = 2

/**
 * Kind of the gap before each token: PLAIN (spaces, or a joining hyphen, slash or apostrophe),
 * COMMA (one comma followed by white space, so "1,000" is no list) or BREAK (anything else, a new
 * sentence or the start). Each gap is read once, so this is linear in the text.
 */
function gapKinds(doc: Doc): Ints {
  const { tokens, text } = doc
  const out = ints(tokens.length, BREAK)
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i].sentence !== tokens[i - 1].sentence) continue
    const start = tokens[i - 1].end
    const end = tokens[i].start
    let commas = 0
    let spaceAfterComma = false
    let other = 0
    for (let k = start; k < end; k++) {
      const c = text.charCodeAt(k)
      if (c === C.COMMA) commas++
      else if (isBlank(c)) {
        if (commas > 0) spaceAfterComma = true
      } else other++
    }
    if (commas === 0 && (other === 0 || (other === 1 && end - start === 1))) out[i] = PLAIN
    else if (commas === 1 && other === 0 && spaceAfterComma) out[i] = COMMA
  }
  return out
}

/** Triads "X, Y, and Z" / "X, Y or Z" of short items, found from their conjunction backwards. */
function listTriads(doc: Doc, gaps: Ints, evidence: Evidence[]): void {
  const { tokens } = doc
  const ids = wordIds(tokens)
  let lastEnd = -1
  for (let c = 2; c < tokens.length - 1; c++) {
    if (!CONJUNCTIONS.hasId(ids[c]) || c <= lastEnd) continue
    const oxford = gaps[c] === COMMA
    if (!oxford && gaps[c] !== PLAIN) continue
    if (gaps[c + 1] !== PLAIN) continue
    // Item two: a run of at most MAX_ITEM_TOKENS words (three without the Oxford comma).
    const maxSecond = oxford ? MAX_ITEM_TOKENS : MAX_ITEM_TOKENS - 1
    let s2 = c - 1
    while (s2 > 0 && gaps[s2] === PLAIN && c - s2 <= maxSecond) s2--
    if (c - s2 > maxSecond || gaps[s2] !== COMMA) continue
    // Item two must not open a clause or an appositive, unless item three repeats its opening
    // word ("to give, to receive, and to repay").
    const second = tokens[s2].lower
    const parallelOpening = second === tokens[c + 1].lower
    if (CLAUSE_STARTS.has(second) || (APPOSITIVE_STARTS.has(second) && !parallelOpening)) continue
    // Item one: any run before the comma; when short and itself after a comma, the list is longer.
    let s1 = s2 - 1
    while (s1 > 0 && gaps[s1] === PLAIN && s2 - s1 <= MAX_ITEM_TOKENS) s1--
    const firstLength = s2 - s1
    if (firstLength <= MAX_ITEM_TOKENS && gaps[s1] === COMMA) continue
    if (firstLength === 1 && DISCOURSE_MARKERS.has(tokens[s1].lower)) continue
    // "In ancient Greece, romance and courtship ...": an introductory phrase, not item one.
    if (firstLength <= MAX_ITEM_TOKENS && gaps[s1] === BREAK && firstLength >= 2 && INTRODUCERS.has(tokens[s1].lower)) continue
    const from = firstLength > MAX_ITEM_TOKENS ? s2 - MAX_ITEM_TOKENS : s1
    // Item three: a short run after the conjunction that does not open a clause.
    if (CLAUSE_STARTS.has(tokens[c + 1].lower)) continue
    let e3 = c + 1
    while (e3 + 1 < tokens.length && gaps[e3 + 1] === PLAIN && e3 + 1 - c < MAX_ITEM_TOKENS) e3++
    evidence.push(doc.evidence(tokens[from].start, tokens[e3].end, 'triad'))
    lastEnd = e3
  }
}

/** Longest item, in words, of a sentence that is only a three-item list ("Clear, concise, compelling."). */
const MAX_BARE_ITEM_TOKENS = 2

/** Sentences that are nothing but three short items and two commas: "Simple, fast, reliable." */
function bareTriads(doc: Doc, gaps: Ints, evidence: Evidence[]): void {
  const { sentences, tokens } = doc
  for (const range of sentences) {
    const n = range.endToken - range.firstToken
    if (n < 3 || n > 3 * MAX_BARE_ITEM_TOKENS) continue
    let items = 1
    let run = 1
    let ok = true
    // Dates and places ("Paris, France, 2019") are captions, not rhetoric: no numbers.
    for (let t = range.firstToken; t < range.endToken && ok; t++) ok = !isDigit(tokens[t].lower.charCodeAt(0))
    for (let t = range.firstToken + 1; t < range.endToken && ok; t++) {
      if (gaps[t] === COMMA) {
        items++
        run = 1
      } else if (gaps[t] === PLAIN) {
        run++
      } else {
        ok = false
      }
      if (run > MAX_BARE_ITEM_TOKENS) ok = false
    }
    if (ok && items === 3 && !DISCOURSE_MARKERS.has(tokens[range.firstToken].lower)) {
      evidence.push(doc.evidence(tokens[range.firstToken].start, tokens[range.endToken - 1].end, 'triad'))
    }
  }
}


/** Three short sentences in a row that start alike ("We listen. We learn. We lead.") or are fragments ("Faster. Smarter. Better."). */
function sentenceTriads(doc: Doc, evidence: Evidence[]): void {
  const { sentences, tokens, text } = doc
  let s = 0
  while (s + 2 < sentences.length) {
    const beats = [sentences[s], sentences[s + 1], sentences[s + 2]]
    const lengths = beats.map((b) => b.endToken - b.firstToken)
    // Beats are written sentences: they end in terminal punctuation and open with a word, which
    // leaves out bullet lists, table rows, code and numbered references.
    const short =
      lengths.every((n) => n >= 1 && n <= MAX_BEAT_TOKENS) &&
      beats.every((b) => isTerminal(text.charCodeAt(b.end - 1)) && !isDigit(tokens[b.firstToken].lower.charCodeAt(0)))
    let found = false
    if (short) {
      const firsts = beats.map((b) => tokens[b.firstToken].lower)
      const sameOpening = lengths.every((n) => n >= 2) && firsts[0] === firsts[1] && firsts[1] === firsts[2]
      const fragments =
        lengths.every((n) => n <= 2) &&
        beats.every((b) => text.charCodeAt(b.end - 1) === C.FULL_STOP) &&
        firsts[0] !== firsts[1] && firsts[1] !== firsts[2] && firsts[0] !== firsts[2]
      found = sameOpening || fragments
    }
    if (found) {
      evidence.push(doc.evidence(beats[0].start, beats[2].end, 'three parallel sentences'))
      s += 3
    } else {
      s++
    }
  }
}

export default defineSignal({
  id: 'rule-of-three',
  dimension: 'aiStyle',
  description: 'Triads: lists of exactly three short items ("fast, cheap, and reliable") and three parallel short sentences.',
  source: 'The rule of three of rhetoric and copywriting, over-used by assistant models (widely reported 2023–2026).',
  weight: { fit: 'raises' },
  examples: {
    flagged: [
      { text: 'Our platform is fast, secure, and easy to use.', evidence: ['Our platform is fast, secure, and easy to use'] },
      { text: 'Great teams need trust, clarity and courage.', evidence: ['Great teams need trust, clarity and courage'] },
      { text: 'We listen. We learn. We lead.', evidence: ['We listen. We learn. We lead.'] },
      { text: 'Simple, fast, reliable.', evidence: ['Simple, fast, reliable'] },
    ],
    clean: [
      'Yes, I went and bought the blue one.',
      'I bought eggs, milk, bread, butter and jam.',
      'Well, maybe later and only if it stops raining.',
      'Paris, France, 2019.',
    ],
  },
  measure(doc) {
    if (doc.tokens.length < 3) return NOTHING
    const evidence: Evidence[] = []
    const gaps = gapKinds(doc)
    listTriads(doc, gaps, evidence)
    bareTriads(doc, gaps, evidence)
    sentenceTriads(doc, evidence)
    if (evidence.length === 0) return NOTHING
    evidence.sort((a, b) => a.start - b.start)
    return countedEvidence(doc, evidence)
  },
})
