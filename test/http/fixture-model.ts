/**
 * A model with fixed, round weights for the HTTP tests that need a known label or a known direction.
 * The committed weights are refitted often; a test that asserts what the service does with a score
 * (labels, summaries, thresholds, spans) runs on this model instead, so no refit can move it. The
 * fitted numbers themselves are checked in one place, against src/model/weights.json (test/model/).
 */
import { createScorer, type Scorer } from '../../src/engine/score.js'
import type { Model } from '../../src/model/weights.js'
import { SIGNALS } from '../../src/signals/index.js'

/** The only signals that count, per unit of value; every other signal weighs 0. */
export const FIXTURE_WEIGHTS: Readonly<Record<string, number>> = {
  'generic-praise': 4, // generic: "Great post", "Very timely"
  'repeated-template': 5, // generic: the third source of one text
  'parent-overlap': 1, // generic: a comment that shares nothing with its parent post
  'assistant-phrases': 3, // aiStyle: "it is important to note", "delve"
  'first-person': -1, // aiStyle, lowers: a reported experience
}

/** Both dimensions and the score start at σ(-2) ≈ 0.12: authentic until a signal fires. */
export const FIXTURE_INTERCEPT = -2
export const FIXTURE_THRESHOLDS = { uncertain: 0.5, templated: 0.8 }

export function fixtureModel(): Model {
  const ids = new Set(SIGNALS.map((s) => s.id))
  for (const id of Object.keys(FIXTURE_WEIGHTS)) if (!ids.has(id)) throw new Error(`the fixture model weighs "${id}", which is not in the registry: pick another signal`)
  return {
    version: 'fixture',
    createdBy: 'test/http/fixture-model.ts',
    data: [],
    intercept: FIXTURE_INTERCEPT,
    dimensionIntercepts: { aiStyle: FIXTURE_INTERCEPT, generic: FIXTURE_INTERCEPT },
    l2: { aiStyle: 0, generic: 0 },
    weights: Object.fromEntries(SIGNALS.map((s) => [s.id, { weight: FIXTURE_WEIGHTS[s.id] ?? 0, scale: 1, origin: 'prior' as const }])),
    thresholds: { ...FIXTURE_THRESHOLDS, rule: 'fixed for tests' },
    crossValidation: {},
  }
}

/** The registry's signals with the fixture model: pass it to buildApp({ scorer }). */
export function fixtureScorer(): Scorer {
  return createScorer(fixtureModel(), SIGNALS)
}
