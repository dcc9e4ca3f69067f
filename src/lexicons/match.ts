/**
 * Phrase lexicons matched on word tokens (Vale's "existence" rule kind): a phrase is a sequence of
 * lower-cased words, so punctuation, case, hyphens and spacing between them don't matter.
 * Matching is linear: each token is tried against the few phrases that start with its word.
 */
import type { Doc, Token } from '../engine/document.js'
import { ints, type Ints } from '../engine/arrays.js'

export interface PhraseEntry {
  phrase: string
  /** Why the phrase is listed, shown as the evidence note. */
  note?: string
}

export interface Match {
  /** Token index range [first, end). */
  first: number
  end: number
  entry: PhraseEntry
}

export interface PhraseMatcher {
  /**
   * Non-overlapping matches, leftmost-longest; with `from`, only those starting at that token or
   * later (what matching `tokens.slice(from)` finds, in indices of `tokens`, except that
   * `atSentenceStart` still sees the token before `from`).
   */
  find(tokens: Token[], options?: { atSentenceStart?: boolean; from?: number }): Match[]
  size: number
}

function words(phrase: string): string[] {
  return phrase.toLowerCase().replace(/[’‘`]/g, "'").split(/[^\p{L}\p{M}\p{N}']+/u).filter(Boolean)
}

/**
 * Every word a lexicon looks up (the first word of any matcher's phrase, every word of a weighted
 * list or of a WordSet), numbered. A document's tokens are looked up here once (wordIds), and each lexicon then
 * reads its own table by number instead of hashing every token again: the twenty-odd matchers and
 * the word lists each did, which made them a fifth of the engine's time.
 */
const WORDS = new Map<string, number>()
/** Per word number, the matchers (their numbers) with a phrase that starts with it. */
const MATCHERS_STARTING: number[][] = []
let matchers = 0
/** Counts every change to the registry (a word, a matcher), so a cached TokenIndex knows it is stale. */
let registryVersion = 0

/** The number of a lexicon's word, given the first time it is asked for. */
export function wordId(word: string): number {
  let id = WORDS.get(word)
  if (id === undefined) {
    WORDS.set(word, (id = WORDS.size))
    MATCHERS_STARTING[id] = []
    registryVersion++
  }
  return id
}

interface TokenIndex {
  /** The registry's version when this was computed: recomputed if a lexicon was added since. */
  version: number
  /** Each token's word number (-1: no lexicon knows it). */
  ids: Ints
  /**
   * Per matcher m, the tokens where one of its phrases could start, in order:
   * starts[offsets[m]] up to starts[offsets[m + 1]].
   */
  starts: Ints
  offsets: Ints
}

/**
 * The TokenIndex of the last two token arrays asked about (a document's, and its parent's when a
 * signal compares them): the signals of one document run one after another, so a document's index
 * is computed once. (A WeakMap keyed by the array did the same, with a hashed lookup and an
 * insertion per document.) A token array is never changed once prepared.
 */
const recent: Array<{ tokens: Token[]; index: TokenIndex } | undefined> = [undefined, undefined]

function tokenIndex(tokens: Token[]): TokenIndex {
  for (const r of recent) if (r !== undefined && r.tokens === tokens && r.index.version === registryVersion) return r.index
  const ids = ints(tokens.length)
  // Two passes, counting and then filling, so a document costs four arrays, not one per matcher.
  const offsets = ints(matchers + 1)
  for (let i = 0; i < tokens.length; i++) {
    const id = WORDS.get(tokens[i].lower) ?? -1
    ids[i] = id
    if (id >= 0) for (const m of MATCHERS_STARTING[id]) offsets[m + 1]++
  }
  for (let m = 0; m < matchers; m++) offsets[m + 1] += offsets[m]
  const starts = ints(offsets[matchers])
  const filled = offsets.slice(0, matchers)
  for (let i = 0; i < tokens.length; i++) {
    if (ids[i] >= 0) for (const m of MATCHERS_STARTING[ids[i]]) starts[filled[m]++] = i
  }
  const index = { version: registryVersion, ids, starts, offsets }
  recent[1] = recent[0]
  recent[0] = { tokens, index }
  return index
}

/**
 * A set of words read by their numbers in the registry: hasId(wordIds(tokens)[k]) is an array read,
 * where a Set of strings hashes the token's text again (the stop-word test was no-specifics' most
 * expensive line, npx tsx scripts/engine-profile.ts).
 */
export class WordSet {
  private readonly member: boolean[] = []
  constructor(words: Iterable<string>) {
    for (const word of words) this.member[wordId(word)] = true
  }

  /** Whether the word numbered `id` (by wordIds; -1 for a word no lexicon knows) is in the set. */
  hasId(id: number): boolean {
    return id >= 0 && this.member[id] === true
  }
}

/** Each token's word number in the lexicons' registry (wordId), -1 for a word no lexicon knows. */
export function wordIds(tokens: Token[]): Readonly<Ints> {
  return tokenIndex(tokens).ids
}

export function phraseMatcher(entries: Array<PhraseEntry | string>): PhraseMatcher {
  const byFirst = new Map<string, Array<{ words: string[]; entry: PhraseEntry }>>()
  let size = 0
  for (const raw of entries) {
    const entry = typeof raw === 'string' ? { phrase: raw } : raw
    const w = words(entry.phrase)
    if (w.length === 0) continue
    const list = byFirst.get(w[0]) ?? []
    list.push({ words: w, entry })
    byFirst.set(w[0], list)
    size++
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length)
  const self = matchers++
  registryVersion++
  const byId: Array<Array<{ words: string[]; entry: PhraseEntry }> | undefined> = []
  for (const [word, list] of byFirst) {
    const id = wordId(word)
    MATCHERS_STARTING[id].push(self)
    byId[id] = list
  }
  return {
    size,
    find(tokens, options = {}) {
      const out: Match[] = []
      const { ids, starts, offsets } = tokenIndex(tokens)
      // Only the tokens where a phrase of this matcher starts; a match skips the tokens it covers.
      let next = options.from ?? 0
      for (let s = offsets[self]; s < offsets[self + 1]; s++) {
        const i = starts[s]
        if (i < next) continue
        if (options.atSentenceStart && i > 0 && tokens[i - 1].sentence === tokens[i].sentence) continue
        for (const c of byId[ids[i]]!) {
          if (i + c.words.length > tokens.length) continue
          let ok = true
          for (let k = 1; k < c.words.length && ok; k++) {
            ok = tokens[i + k].lower === c.words[k] && tokens[i + k].sentence === tokens[i].sentence
          }
          if (ok) {
            out.push({ first: i, end: i + c.words.length, entry: c.entry })
            next = i + c.words.length
            break
          }
        }
      }
      return out
    },
  }
}

/** Evidence for matches: the span from the first word's start to the last word's end. */
export function matchEvidence(doc: Doc, matches: Match[], note?: (m: Match) => string | undefined) {
  return matches.map((m) =>
    doc.evidence(doc.tokens[m.first].start, doc.tokens[m.end - 1].end, note ? note(m) : m.entry.note),
  )
}
