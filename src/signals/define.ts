/**
 * How a signal is declared: one file per signal, its metadata beside its measurement
 * (after ESLint's rules and proselint's checks), in the shape of src/engine/signal.ts, with the
 * measures most signals share.
 */
import type { Doc, Evidence } from '../engine/document.js'
import type { Measurement, Signal } from '../engine/signal.js'
import { matchEvidence, phraseMatcher, wordId, wordIds, type PhraseEntry } from '../lexicons/match.js'

export type { Dimension, Direction, Example, FlaggedExample, Measurement, Signal, WeightRule } from '../engine/signal.js'
export { direction } from '../engine/signal.js'

export function defineSignal(signal: Signal): Signal {
  return signal
}

/** Measurement with nothing found. */
export const NOTHING: Measurement = Object.freeze({ value: 0, evidence: [] }) as Measurement

/**
 * Value for a count of occurrences: log-damped occurrences per 100 words, so one hit in a short
 * comment weighs more than one hit in a long essay, and ten hits don't weigh ten times one.
 * Texts under 60 words are measured as if they had 60: one hit in a short reply is little evidence
 * (measured: the dev data's true-positive rate at 2% false positives is highest around 60).
 */
export function density(count: number, doc: Doc): number {
  if (count === 0) return 0
  return Math.log1p((100 * count) / Math.max(doc.tokens.length, 60))
}

/**
 * The measurement of evidence that is counted: the log-damped density of `count` occurrences (every
 * item unless said otherwise: an ellipsis signal counts one however many it shows), and the value
 * without some of the items (Measurement.without): an item not found is an occurrence fewer, and
 * with none left, nothing was found.
 */
export function countedEvidence(doc: Doc, evidence: Evidence[], count = evidence.length): Measurement {
  if (evidence.length === 0) return NOTHING
  const perItem = count === evidence.length
  return {
    value: density(count, doc),
    evidence,
    without: (dropped) => (dropped >= evidence.length ? 0 : density(perItem ? count - dropped : count, doc)),
  }
}

/**
 * The measurement of character spans of the folded text that a signal found, each its own evidence
 * with `note`: the log-damped density of `count` occurrences (all of them unless said otherwise).
 */
export function spanDensity(doc: Doc, spans: ReadonlyArray<readonly [number, number]>, note: string, count = spans.length): Measurement {
  return countedEvidence(doc, spans.map(([start, end]) => doc.evidence(start, end, note)), count)
}

/** Words weightedWords lists first: used at least twice as often by one side as by the other. */
export const LISTED_LOG_RATIO = Math.LN2
/** At most this many words of one list are named as evidence, the first of the text. */
export const MAX_LISTED_WORDS = 40

/**
 * A weighted word list as a measure: the words' summed weights (|log rate ratio|) per 100 words,
 * texts under 60 words measured as if they had 60. Every listed word counts toward the value; the
 * evidence names the first MAX_LISTED_WORDS of those used at least twice as often by one side
 * (LISTED_LOG_RATIO), or of the weaker ones when no strong one occurs, so an answer does not list
 * every "a" and "it" of a long text. Linear: one array read per token (its number from wordIds).
 */
export function weightedWords(words: ReadonlyMap<string, { logRatio: number; aiPerMillion: number; humanPerMillion: number }>): Signal['measure'] {
  // Per word, once: its weight, its list and its note (the measure runs on every text), by the
  // word's number in the lexicons' registry, so a token costs an array read, not a hash lookup.
  const listed: Array<{ weight: number; strong: boolean; note: string } | undefined> = []
  for (const [word, e] of words) {
    const weight = Math.abs(e.logRatio)
    listed[wordId(word)] = { weight, strong: weight >= LISTED_LOG_RATIO, note: `${e.aiPerMillion} per million words in current models' rewrites, ${e.humanPerMillion} in the human originals` }
  }
  return (doc) => {
    let sum = 0
    // Token positions first; evidence only for the list that is answered.
    const strong: number[] = []
    const weak: number[] = []
    const tokens = doc.tokens
    const ids = wordIds(tokens)
    for (let k = 0; k < tokens.length; k++) {
      const e = ids[k] < 0 ? undefined : listed[ids[k]]
      if (e === undefined) continue
      sum += e.weight
      const list = e.strong ? strong : weak
      if (list.length < MAX_LISTED_WORDS) list.push(k)
    }
    if (strong.length === 0 && weak.length === 0) return NOTHING
    const evidence = (strong.length > 0 ? strong : weak).map((k) => doc.evidence(tokens[k].start, tokens[k].end, listed[ids[k]]!.note))
    return { value: (100 * sum) / Math.max(tokens.length, 60), evidence }
  }
}

/**
 * Vale's "existence" rule kind as a measure: the log-damped density of a phrase lexicon's matches,
 * each match its own evidence. Most lexicon signals are exactly this and nothing more.
 */
export function lexiconDensity(lexicon: PhraseEntry[], options: { atSentenceStart?: boolean } = {}): Signal['measure'] {
  const matcher = phraseMatcher(lexicon)
  return (doc) => {
    return countedEvidence(doc, matchEvidence(doc, matcher.find(doc.tokens, options)))
  }
}
