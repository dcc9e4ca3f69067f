/**
 * Phrase lexicons matched on word tokens (Vale's "existence" rule kind): a phrase is a sequence of
 * lower-cased words, so punctuation, case, hyphens and spacing between them don't matter.
 * Matching is linear: each token is tried against the few phrases that start with its word.
 */
import type { Doc, Token } from '../engine/document.js'

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
  /** Non-overlapping matches, leftmost-longest. */
  find(tokens: Token[], options?: { atSentenceStart?: boolean }): Match[]
  size: number
}

function words(phrase: string): string[] {
  return phrase.toLowerCase().replace(/[’‘`]/g, "'").split(/[^\p{L}\p{M}\p{N}']+/u).filter(Boolean)
}

/**
 * Every word that starts a phrase of any matcher, numbered. A document's tokens are looked up here
 * once (firstWordIds), and each of the twenty-odd matchers then finds its candidates by index
 * instead of hashing every token again: the matchers were a fifth of the engine's time.
 */
const FIRST_WORDS = new Map<string, number>()

/**
 * Per token array, each token's number in FIRST_WORDS (-1: starts no phrase). A cache keyed weakly
 * by the array, so it lives as long as the document; recomputed if a matcher was added since.
 */
const firstWordIdCache = new WeakMap<Token[], { known: number; ids: Int32Array }>()

function firstWordIds(tokens: Token[]): Int32Array {
  const cached = firstWordIdCache.get(tokens)
  if (cached !== undefined && cached.known === FIRST_WORDS.size) return cached.ids
  const ids = new Int32Array(tokens.length)
  for (let i = 0; i < tokens.length; i++) ids[i] = FIRST_WORDS.get(tokens[i].lower) ?? -1
  firstWordIdCache.set(tokens, { known: FIRST_WORDS.size, ids })
  return ids
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
  const byId: Array<Array<{ words: string[]; entry: PhraseEntry }> | undefined> = []
  for (const [word, list] of byFirst) {
    let id = FIRST_WORDS.get(word)
    if (id === undefined) FIRST_WORDS.set(word, (id = FIRST_WORDS.size))
    byId[id] = list
  }
  return {
    size,
    find(tokens, options = {}) {
      const out: Match[] = []
      const ids = firstWordIds(tokens)
      let i = 0
      while (i < tokens.length) {
        const candidates = ids[i] < 0 ? undefined : byId[ids[i]]
        let matched = false
        if (candidates && (!options.atSentenceStart || i === 0 || tokens[i - 1].sentence !== tokens[i].sentence)) {
          for (const c of candidates) {
            if (i + c.words.length > tokens.length) continue
            let ok = true
            for (let k = 1; k < c.words.length && ok; k++) {
              ok = tokens[i + k].lower === c.words[k] && tokens[i + k].sentence === tokens[i].sentence
            }
            if (ok) {
              out.push({ first: i, end: i + c.words.length, entry: c.entry })
              i += c.words.length
              matched = true
              break
            }
          }
        }
        if (!matched) i++
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
