import { C } from '../engine/chars.js'
import { countedEvidence, defineSignal, NOTHING } from './define.js'
import type { Doc, Evidence } from '../engine/document.js'
import {
  CONCESSION_STARTS, COPULAS, HEDGE_AFTER_NOT, INTENSIFIERS, NEGATED_AUXILIARIES, NEGATED_COPULAS,
  NOT_PRECEDERS, RESTATEMENT_STOPS, RESTATEMENTS, RESTATING_COPULAS, RESTATING_PRONOUNS,
} from '../lexicons/not-x-but-y.js'
import { WordSet, wordIds } from '../lexicons/match.js'

/** The contracted negations the scan stops at ("isn't", "don't"), read by word number. */
const CONTRACTED_NEGATIONS = new WordSet([...NEGATED_COPULAS, ...NEGATED_AUXILIARIES])

/** Tokens scanned after the negation for the contrasting word: bounded, so the scan is linear. */
const WINDOW_TOKENS = 12

/**
 * For each token, whether the text between it and the previous token holds clause punctuation
 * (comma, dash, colon, semicolon, sentence end). One pass over the gaps: linear in the text.
 */
function clauseBreaks(doc: Doc): boolean[] {
  const { tokens, text } = doc
  const out = new Array<boolean>(tokens.length).fill(false)
  for (let i = 1; i < tokens.length; i++) {
    const gapStart = tokens[i - 1].end
    const gapEnd = tokens[i].start
    for (let k = gapStart; k < gapEnd; k++) {
      const c = text.charCodeAt(k)
      // , ; : . ! ? — – and a spaced hyphen; a bare hyphen joins words ("well-known").
      if (c === C.COMMA || c === C.SEMICOLON || c === C.COLON || c === C.FULL_STOP || c === C.EXCLAMATION || c === C.QUESTION || c === C.EM_DASH || c === C.EN_DASH) {
        out[i] = true
        break
      }
      if (c === C.HYPHEN && (k === gapStart || k + 1 === gapEnd || text.charCodeAt(k - 1) === C.SPACE || text.charCodeAt(k + 1) === C.SPACE)) {
        out[i] = true
        break
      }
    }
  }
  return out
}

/** Whether the negation at token i is a copula ("isn't", "it's not", "is not"). */
function negatedCopula(doc: Doc, i: number): boolean {
  const w = doc.tokens[i].lower
  if (NEGATED_COPULAS.has(w)) return true
  return w === 'not' && i > 0 && COPULAS.has(doc.tokens[i - 1].lower)
}

/** Longest "not X but" (in tokens, "not" to "but") accepted without a parallel word after "but". */
const SHORT_FRAME_TOKENS = 4

/**
 * Whether "not <first> ... but <after>" reads as a replacement rather than a concession: the word
 * after "but" repeats the word after "not" ("not about X but about Y", "not a bug but a feature"),
 * or the denied part is short ("not hate but fear"); either way no new clause starts after "but".
 * Long concessions ("not a signatory to that treaty, but ...") are what human writers mostly mean.
 */
function parallel(first: string, after: string, span: number): boolean {
  if (CONCESSION_STARTS.has(after) && after !== first) return false
  return after === first || span <= SHORT_FRAME_TOKENS
}

export default defineSignal({
  id: 'not-x-but-y',
  dimension: 'aiStyle',
  description:
    'Contrast frames that deny one thing to assert another: "not X, but Y", "it\'s not X — it\'s Y", "not only X but also Y".',
  source:
    'Reported as a signature of 2024–2026 assistant prose; the "not X but Y" pattern of sam-paech/antislop-sampler, scanned over tokens.',
  weight: {
    prior: 1.0,
    reason:
      'The "It\'s not X — it\'s Y" frame is the signature of 2024–26 assistant prose, which GPT-3.5 rarely wrote: it fires on 1.4% of GRiD\'s ChatGPT answers and 7.1% of its human ones (mostly "not only X but also Y"), so a fit learns nothing, yet on 28.4% of the 2025–26 LinkedIn posts in the dev folder (npx tsx scripts/signal-auc.ts src/signals/not-x-but-y.ts). Prior like the other current-model markers; the dev AUROCs move by under 0.001.',
  },
  examples: {
    flagged: [
      { text: "It's not a tool — it's a mindset.", evidence: ["not a tool — it's"] },
      { text: 'Leadership is not about titles, but about trust.', evidence: ['not about titles, but'] },
      { text: "This isn't a setback. It's a setup.", evidence: ["isn't a setback. It's"] },
      { text: 'The course is not only practical but also fun.', evidence: ['not only practical but also'] },
    ],
    clean: [
      "I'm not sure, but I think the shop closes at six.",
      "It's not perfect, but it works for us.",
      'Whether or not you go, tell me by Friday.',
      "It's not working. It's been two days and nobody called back.",
    ],
  },
  measure(doc) {
    const { tokens } = doc
    const breaks = clauseBreaks(doc)
    const evidence: Evidence[] = []
    const ids = wordIds(tokens)
    let i = 0
    while (i < tokens.length) {
      const w = tokens[i].lower
      const next = i + 1 < tokens.length ? tokens[i + 1].lower : ''
      const contracted = CONTRACTED_NEGATIONS.hasId(ids[i])
      const isNot = w === 'not' && !(i > 0 && NOT_PRECEDERS.has(tokens[i - 1].lower))
      if (!isNot && !contracted) {
        i++
        continue
      }
      const intensified = INTENSIFIERS.has(next)
      // "Not only that, …" is the discourse marker "moreover", common in students' essays, not the frame
      const pointer = i + 2 < tokens.length ? tokens[i + 2] : undefined
      if (intensified && pointer && (pointer.lower === 'that' || pointer.lower === 'this') && (i + 3 >= tokens.length || tokens[i + 3].sentence !== pointer.sentence || breaks[i + 3])) {
        i++
        continue
      }
      const copula = negatedCopula(doc, i)
      // A bare "don't" / "can't" opens the frame only when intensified: "don't just X, Y".
      if ((NEGATED_AUXILIARIES.has(w) && !intensified) || (!intensified && HEDGE_AFTER_NOT.has(next))) {
        i++
        continue
      }
      const lastSentence = tokens[i].sentence + 1
      const stop = Math.min(tokens.length, i + 2 + WINDOW_TOKENS)
      let end = -1
      for (let j = i + 2; j < stop && tokens[j].sentence <= lastSentence; j++) {
        const t = tokens[j].lower
        const after = j + 1 < tokens.length ? tokens[j + 1] : undefined
        const sameSentence = tokens[j].sentence === tokens[i].sentence
        if (t === 'but' && sameSentence) {
          const a = after !== undefined && after.sentence === tokens[j].sentence ? after.lower : ''
          if (a === 'also' || a === 'rather' || a === 'instead') end = j + 1
          // Plain "not only X but Y" is ordinary prose; the stock form adds "also".
          else if (a !== '' && next !== 'only' && (intensified || parallel(next, a, j - i))) end = j
          break
        }
        // A restatement opens a clause of the same sentence ("..., it's Y") or the next sentence
        // ("... It is Y."); anything later in the next sentence is a new thought.
        const opensClause = sameSentence ? breaks[j] : tokens[j - 1].sentence !== tokens[j].sentence
        if ((copula || intensified) && opensClause) {
          if (RESTATEMENTS.has(t) && !(after && RESTATEMENT_STOPS.has(after.lower))) {
            end = j
            break
          }
          if (RESTATING_PRONOUNS.has(t) && after && after.sentence === tokens[j].sentence && RESTATING_COPULAS.has(after.lower)) {
            const third = j + 2 < tokens.length ? tokens[j + 2].lower : ''
            if (!RESTATEMENT_STOPS.has(third)) {
              end = j + 1
              break
            }
          }
          // "They don't just X, they Y": an intensified frame restated by a bare pronoun.
          if (intensified && sameSentence && RESTATING_PRONOUNS.has(t) && t !== 'that' && t !== 'this') {
            end = j
            break
          }
        }
      }
      if (end < 0) {
        i++
        continue
      }
      evidence.push(doc.evidence(tokens[i].start, tokens[end].end, 'contrast frame'))
      i = end + 1
    }
    if (evidence.length === 0) return NOTHING
    return countedEvidence(doc, evidence)
  },
})
