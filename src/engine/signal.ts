/**
 * What a signal is, as the engine sees it: the engine, the signals and the fit all read this shape,
 * so it lives below all of them. src/signals/define.ts declares signals with it.
 */
import type { Doc, Evidence, Kind, TemplateSightings } from './document.js'
import type { Dimension } from './result.js'

export type { Dimension } from './result.js'

/**
 * A text to try a signal on; a bare string is a post with no parent. `memory` is the template
 * memory's context, for signals that read what was seen before (repeated-template).
 */
export type Example = string | { text: string; kind?: Kind; parent?: string; memory?: TemplateSightings }

/**
 * A text the signal must flag, with the evidence it must find: the characters of each span, in
 * order (after ESLint's RuleTester, whose invalid cases list their exact errors).
 */
export type FlaggedExample = Exclude<Example, string> & { evidence: string[] }

export interface Measurement {
  /** 0 when the signal finds nothing; larger means more of what it measures. */
  value: number
  /** The characters that made the value, in code points of the original text. */
  evidence: Evidence[]
  /**
   * The value had `dropped` of the evidence items not been found, for a measure that is a count of
   * its evidence. The scorer asks it of a human marker whose evidence lies inside a longer pattern
   * that raises the score (src/engine/score.ts, settleCrossings); a measure without it never yields.
   */
  without?: (dropped: number) => number
}

/**
 * How `npm run fit` sets a signal's weight; each signal declares it in its own file, beside the
 * heuristic it is about (after ESLint's rule `meta`), and docs/SIGNALS.md is generated from it.
 *
 * - `fit: 'raises' | 'lowers'`: the weight is learnt from the dev data, with the direction the
 *   heuristic predicts (`raises` the score, or `lowers` it: a human marker). A signal whose fitted
 *   weight comes out with the other sign is dropped (held at 0) and the model refitted: a heuristic
 *   that the data contradicts should not be used backwards.
 * - `prior`: no dev file can fit the signal (the labeled AI text is GPT-3.5 era; nothing in dev is
 *   a LinkedIn post or a comment with its parent post), or the dev files would fit it for that era
 *   only (first person, "not X but Y"), or it is seen on one side of the data only (ellipses), or
 *   it is a human marker seen on under 1% of the AI rows (typos, lowercase starts), so its logit
 *   weight per unit of value is set by hand, kept modest, with the reason (copied into
 *   weights.json; `npm run eval` lists these). Its sign is its direction.
 */
export type WeightRule = { fit: Direction } | { prior: number; reason: string }

/** Whether a signal's evidence raises the score (towards templated) or lowers it (a human marker). */
export type Direction = 'raises' | 'lowers'

/** The direction of a weight rule: declared for a fitted weight, the sign of a prior. */
export function direction(rule: WeightRule): Direction {
  if ('fit' in rule) return rule.fit
  return rule.prior < 0 ? 'lowers' : 'raises'
}

export interface Signal {
  /** Stable kebab-case id; also the file name. A retired id is never reused. */
  id: string
  dimension: Dimension
  /** One sentence a moderator can read. */
  description: string
  /** Where the heuristic comes from (a paper, a word list, a style guide). */
  source: string
  /** Fitted from the dev data in a direction, or a prior with its value and reason. */
  weight: WeightRule
  /** Texts that must yield evidence (`flagged`) and texts that must not (`clean`). */
  examples: { flagged: FlaggedExample[]; clean: Example[] }
  /**
   * Set when the signal reads no English words (emoji, hashtags, the same text from many sources),
   * so its evidence holds in any language: only such evidence keeps a text that is not English
   * from being `insufficient`.
   */
  anyLanguage?: true
  /** Pure, synchronous, deterministic and linear in the input; never throws on odd text. */
  measure(doc: Doc): Measurement
}

