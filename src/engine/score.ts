/**
 * Scoring: measure every signal on the prepared document, combine the values with the fitted
 * logistic model, and explain the result signal by signal. Pure: no I/O, no clock, no randomness.
 * The engine never branches on a signal id.
 */
import { prepare, type Doc, type Evidence, type Kind, type TemplateSightings } from './document.js'
import { reportStats } from './stats.js'
import { detectLanguage } from './language.js'
import { codeShare, MAX_CODE_SHARE } from './code.js'
import { MAX_EVIDENCE, type Label, type ScoreResult, type SentenceScore, type SignalResult } from './result.js'
import { direction, type Dimension, type Measurement, type Signal } from './signal.js'
import type { Model } from './model.js'

export interface ScoreInput {
  text: string
  kind?: Kind
  parent?: string
  /** What the template memory saw of this text before; looked up by the caller, so scoring stays pure. */
  memory?: TemplateSightings
  /**
   * Only the score, label, dimensions, warnings and signals are wanted (`explain: "none"`): the
   * sentence scores and the report-only stats are not computed (about 6% of the engine's time on
   * the dev mix), and come back empty and 0.
   */
  brief?: boolean
}

export type { Label, ScoreResult, SentenceScore, SignalResult } from './result.js'

/** Below this many words a text is `insufficient` unless some signal found positive evidence. */
export const MIN_WORDS = 3
/** Below this many words the answer carries a "very short" warning. */
export const SHORT_WORDS = 8

const round = (x: number, digits = 4) => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/**
 * Per-sentence scores: each signal's contribution is shared among its evidence items, and an item
 * spanning k sentences gives 1/k of its share to each, so the sentences' contributions add up to
 * the document's (for signals with evidence). Linear apart from a binary search per evidence item.
 */
export function sentenceScores(doc: Doc, results: SignalResult[], intercept: number): SentenceScore[] {
  const spans = sentenceSpans(doc)
  const logits = sentenceLogits(spans, results, intercept)
  return spans.map((s, i) => ({ start: s.start, end: s.end, score: round(sigmoid(logits[i])), contribution: round(logits[i] - intercept) }))
}

/** The logit of each sentence (spans in code points, sorted): the intercept plus its attributed contributions. */
export function sentenceLogits(spans: Evidence[], results: SignalResult[], intercept: number): number[] {
  const logits = spans.map(() => intercept)
  for (const r of results) {
    if (r.contribution === 0 || r.evidence.length === 0) continue
    const perItem = r.contribution / r.evidence.length
    for (const e of r.evidence) {
      const first = firstEndingAfter(spans, e.start)
      let last = first
      while (last < spans.length && spans[last].start < e.end) last++
      const k = last - first
      for (let i = first; i < last; i++) logits[i] += perItem / k
    }
  }
  return logits
}

/**
 * Which way each signal pulls in settleCrossings: 1 raises the score, -1 lowers it (its declared
 * direction), 0 neither: a signal the model holds at weight 0 (`counted` false) counts for nothing,
 * so it neither wins a span nor yields one.
 */
export function sidesOf(signals: readonly Signal[], counted: (signal: Signal) => boolean = () => true): number[] {
  return signals.map((s) => (!counted(s) ? 0 : direction(s.weight) === 'raises' ? 1 : -1))
}

/** Every signal measured on `doc`, crossings settled: what the scorer combines and the fit fits (src/model/fit.ts). */
export function measureAll(signals: readonly Signal[], doc: Doc, sides: readonly number[]): Measurement[] {
  return settleCrossings(signals.map((s) => s.measure(doc)), sides, doc)
}

/**
 * Evidence never pulls both ways. A human marker (a signal whose weight lowers the score: "I",
 * "...", a typo) and a pattern of a signal whose weight raises it ("isn't just about X, it's Y",
 * "omg" as hype) may claim the same characters; the longer span wins, and the one that yields loses
 * that span as evidence and its value becomes what it would be without it (Measurement.without).
 * Where both are as long (the same word), the pattern wins, as the issue that asked for this rule
 * (#15) has it: the word is part of what the pattern is made of. (Giving ties to the marker was
 * measured and refused: the refit then weighs engagement-bait 1.45 instead of 1.22, and learners'
 * essays labeled templated rose from 0.0% to 0.2%.) A measure that cannot say its value without a
 * span (a weighted word list) never yields; its rival does. A pattern is a span inside one sentence and shorter than it:
 * spans that take whole sentences (no-specifics, uniform sentence lengths, a listicle's lines)
 * measure the text, not a phrase, and take nothing from the markers in them. `sides` (sidesOf):
 * each signal's declared direction, 0 for a signal of weight 0, which counts for nothing; the fit
 * settles with the weights it fits, so it reads the very values the scorer combines.
 * test/engine/crossings.test.ts checks the dev data for any span left on both sides. Linear: a
 * binary search per span, and the longest span over each code point written once per side.
 */
export function settleCrossings(measured: Measurement[], sides: readonly number[], doc: Doc): Measurement[] {
  if (!measured.some((m, i) => sides[i] < 0 && m.evidence.length > 0) || !measured.some((m, i) => sides[i] > 0 && m.evidence.length > 0)) return measured
  const sentences = sentenceSpans(doc)
  const isPattern = (e: Evidence) => {
    const s = sentences[firstEndingAfter(sentences, e.start)]
    return s !== undefined && s.start <= e.start && e.end <= s.end && e.end - e.start < s.end - s.start
  }
  const patternsSettled = yieldTo(1, measured, spansOf(-1, measured), (marker, pattern) => marker > pattern)
  return yieldTo(-1, patternsSettled, spansOf(1, patternsSettled), (pattern, marker) => pattern >= marker)

  /** The spans of one side (raising: patterns only), sorted by start. */
  function spansOf(sign: number, of: Measurement[]): Evidence[] {
    const spans: Evidence[] = []
    for (let i = 0; i < of.length; i++) if (sides[i] === sign) for (const e of of[i].evidence) if (sign < 0 || isPattern(e)) spans.push(e)
    return spans.sort((a, b) => a.start - b.start)
  }

  /** `of` with the spans of side `sign` that a rival span beats (`beats(rival length, own length)`) taken away, where the measure can. */
  function yieldTo(sign: number, of: Measurement[], rivals: Evidence[], beats: (rival: number, own: number) => boolean): Measurement[] {
    if (rivals.length === 0) return of
    let longest = 0
    for (const r of rivals) longest = Math.max(longest, r.end - r.start)
    // A rival overlapping [start, end) starts before `end` and, being at most `longest` long, after `start - longest`.
    const beaten = (e: Evidence) => {
      for (let k = firstStartingAfter(rivals, e.start - longest); k < rivals.length && rivals[k].start < e.end; k++) {
        if (rivals[k].end > e.start && beats(rivals[k].end - rivals[k].start, e.end - e.start)) return true
      }
      return false
    }
    return of.map((m, i) => {
      if (sides[i] !== sign || m.without === undefined || m.evidence.length === 0) return m
      const kept = m.evidence.filter((e) => (sign > 0 && !isPattern(e)) || !beaten(e))
      return kept.length === m.evidence.length ? m : { value: m.without(m.evidence.length - kept.length), evidence: kept }
    })
  }
}

/** The index of the first of `spans` (sorted so that `before` holds for a prefix) for which `before` does not hold. */
function firstNot(spans: readonly Evidence[], before: (span: Evidence) => boolean): number {
  let lo = 0
  let hi = spans.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (before(spans[mid])) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The index of the first span ending after code point `cp` (spans sorted, not overlapping). */
const firstEndingAfter = (spans: readonly Evidence[], cp: number) => firstNot(spans, (s) => s.end <= cp)

/** The index of the first span starting after code point `cp` (spans sorted by start). */
const firstStartingAfter = (spans: readonly Evidence[], cp: number) => firstNot(spans, (s) => s.start <= cp)

/** The sentences as spans of the original's code points, once per document. */
const computeSentenceSpans = (doc: Doc): Evidence[] => doc.sentences.map((s) => doc.evidence(s.start, s.end))
export const sentenceSpans = (doc: Doc): Evidence[] => doc.derive(computeSentenceSpans)

/**
 * The warning of a text of no words ("🔥🔥🔥"): `insufficient`, as there is no writing to judge; a
 * bare reaction still shows in the generic dimension and in emoji-only-reply.
 */
export const NO_WORDS_WARNING = 'text has no words, only emoji or symbols: there is no writing to judge (label insufficient); the generic dimension says how bare a reply it is'

/** The warning of a text that is mostly code or markup (and so `insufficient`). */
export const CODE_WARNING = 'text is mostly code or markup: the signals judge prose, so it is not scored as writing'

/** Whether a detected language is one the signals are not built for ('und': too short to tell). */
export const isForeign = (language: string) => language !== 'eng' && language !== 'und'

/**
 * Whether some signal found evidence that raises the score. For a text that is not English only
 * the signals that read no English words count: an English word list matching a French "à" (read
 * as "a") is no evidence of anything.
 */
export function raisedByEvidence(
  results: ReadonlyArray<Pick<SignalResult, 'id' | 'contribution' | 'evidence'>>,
  language: string,
  signals: readonly Signal[],
): boolean {
  const foreign = isForeign(language)
  return results.some((r) => r.contribution > 0 && r.evidence.length > 0 && (!foreign || signals.some((s) => s.id === r.id && s.anyLanguage)))
}

/**
 * The label for a score: `insufficient` when the text is mostly code or markup, has no words at all, or is too short (or
 * not English) and no signal found evidence that raises the score (`raisedByEvidence`); otherwise
 * by the model's thresholds.
 */
export function labelFor(
  score: number,
  text: { words: number; language: string; evidenced: boolean; mostlyCode?: boolean },
  thresholds: { uncertain: number; templated: number },
): Label {
  if (text.mostlyCode || text.words === 0) return 'insufficient'
  if ((text.words < MIN_WORDS || isForeign(text.language)) && !text.evidenced) return 'insufficient'
  if (score >= thresholds.templated) return 'templated'
  if (score >= thresholds.uncertain) return 'uncertain'
  return 'authentic'
}

export interface Scorer {
  score(input: ScoreInput): ScoreResult
  /** Score a document already prepared (its memory included): the caller needed its tokens first. */
  scoreDoc(doc: Doc, options?: { brief?: boolean }): ScoreResult
  readonly signals: readonly Signal[]
  readonly model: Model
}

/** The report-only stats of a brief result, which nobody reads (explainResult drops them). */
const BRIEF_STATS = Object.freeze({ lexicalDiversity: 0, averageWordLength: 0, readability: 0 })

export function createScorer(model: Model, signals: readonly Signal[]): Scorer {
  const weights = signals.map((s) => {
    const w = model.weights[s.id]
    if (!w) throw new Error(`weights file ${model.version} has no weight for signal "${s.id}": run npm run fit`)
    return w
  })
  const sides = sidesOf(signals, (s) => model.weights[s.id].weight !== 0)
  // The signals' indices in id order (code-unit order: for kebab-case ids the same as
  // localeCompare, without its cost or its dependence on the host's locale data).
  const byId = signals.map((_, i) => i).sort((a, b) => (signals[a].id < signals[b].id ? -1 : signals[a].id > signals[b].id ? 1 : 0))

  function score(input: ScoreInput): ScoreResult {
    return scoreDoc(prepare(input.text, { kind: input.kind, parent: input.parent, memory: input.memory }), input)
  }

  function scoreDoc(doc: Doc, { brief = false }: { brief?: boolean } = {}): ScoreResult {
    const byDimension: Record<Dimension, number> = { aiStyle: 0, generic: 0 }
    const measured = measureAll(signals, doc, sides)
    const unsorted: SignalResult[] = signals.map((s, i) => {
      const m = measured[i]
      const contribution = (weights[i].weight * m.value) / weights[i].scale
      byDimension[s.dimension] += contribution
      return {
        id: s.id,
        dimension: s.dimension,
        description: s.description,
        value: round(m.value),
        contribution: round(contribution),
        evidence: m.evidence,
        evidenceCount: m.evidence.length,
      }
    })
    // Largest contribution first, ties in id order. Most signals contribute 0: they keep id order at
    // the end, and only the others are sorted, stably, so their ties keep id order too (a sort of
    // all of them, comparing ids, cost more than building the results).
    const results: SignalResult[] = []
    for (const i of byId) if (unsorted[i].contribution !== 0) results.push(unsorted[i])
    results.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    for (const i of byId) if (unsorted[i].contribution === 0) results.push(unsorted[i])
    const logit = model.intercept + byDimension.aiStyle + byDimension.generic
    const p = sigmoid(logit)
    const words = doc.tokens.length
    const language = detectLanguage(doc)
    const warnings: string[] = []
    if (words === 0) warnings.push(NO_WORDS_WARNING)
    else if (words < SHORT_WORDS) warnings.push(`text is very short (${words} word${words === 1 ? '' : 's'}): the score rests on little evidence`)
    if (isForeign(language)) warnings.push(`text does not look like English (detected: ${language}); the signals are built for English`)
    const mostlyCode = codeShare(doc) > MAX_CODE_SHARE
    if (mostlyCode) warnings.push(CODE_WARNING)
    const evidenced = raisedByEvidence(results, language, signals)
    const label = labelFor(p, { words, language, evidenced, mostlyCode }, model.thresholds)
    // Every span counts toward the sentence scores; the answer lists the first MAX_EVIDENCE of each signal.
    const sentences = brief ? [] : sentenceScores(doc, results, model.intercept)
    for (const r of results) if (r.evidence.length > MAX_EVIDENCE) r.evidence = r.evidence.slice(0, MAX_EVIDENCE)
    return {
      score: round(p),
      label,
      dimensions: {
        aiStyle: round(sigmoid(model.dimensionIntercepts.aiStyle + byDimension.aiStyle)),
        generic: round(sigmoid(model.dimensionIntercepts.generic + byDimension.generic)),
      },
      signals: results,
      sentences,
      stats: {
        characters: doc.codePoints,
        words,
        sentences: doc.sentences.length,
        ...(brief ? BRIEF_STATS : reportStats(doc)),
      },
      language,
      warnings,
      model: { version: model.version },
    }
  }

  return { score, scoreDoc, signals, model }
}
