/**
 * The answer for one scored text, as a zod schema: the one description of it, from which the
 * engine's types (z.infer), the HTTP validation and the OpenAPI document all come.
 */
import { z } from 'zod'

/** Evidence spans listed per signal; the count of all of them is still given (evidenceCount). */
export const MAX_EVIDENCE = 20

export const EvidenceSchema = z.object({
  start: z.number().int().describe('Start offset in Unicode code points of the submitted text (inclusive).'),
  end: z.number().int().describe('End offset in Unicode code points (exclusive).'),
  text: z.string().describe('The submitted characters in [start, end), exactly.'),
  note: z.string().optional(),
})

export const DimensionSchema = z.enum(['aiStyle', 'generic'])

export const SignalResultSchema = z.object({
  id: z.string(),
  dimension: DimensionSchema,
  description: z.string(),
  value: z.number().describe('What the signal measured; 0 when it found nothing.'),
  contribution: z.number().describe("The signal's additive share of the model's logit (positive raises the score)."),
  evidence: z.array(EvidenceSchema).describe(`The spans that made the value, in text order: the first ${MAX_EVIDENCE} when the signal found more (see evidenceCount).`),
  evidenceCount: z.number().int().describe('How many spans the signal found; more than `evidence` lists when it found over the cap.'),
})

export const LabelSchema = z.enum(['authentic', 'uncertain', 'templated', 'insufficient'])

export const ScoreResultSchema = z.object({
  score: z.number().min(0).max(1).describe('Calibrated probability that the text is templated or AI-style writing (higher = less authentic).'),
  label: LabelSchema.describe('From the thresholds in GET /v1/signals; `insufficient` when the text gives too little evidence either way: too short or not English with nothing found, or mostly code or markup.'),
  dimensions: z.object({
    aiStyle: z.number().min(0).max(1).describe('Reads like assistant-model output.'),
    generic: z.number().min(0).max(1).describe('Banal or templated content that could be posted under anything.'),
  }),
  signals: z.array(SignalResultSchema).describe('Every signal measured, most influential first.'),
  sentences: z
    .array(
      z.object({
        start: z.number().int().describe('Start offset in code points (inclusive).'),
        end: z.number().int().describe('End offset in code points (exclusive).'),
        score: z.number().min(0).max(1).describe("The sentence's own score: the model's intercept plus `contribution`, through the same logistic as the text's score."),
        contribution: z.number().describe("The sentence's share of the text's logit: each signal's contribution split evenly over its evidence spans, a span across sentences split over them."),
      }),
    )
    .describe(
      "Per-sentence scores, so a reader sees which part reads as templated. They add up to the text, not to its score: the text's logit is the intercept plus every sentence's `contribution` plus the contributions of signals with no span (such as repeated-template). A sentence's score counts only its own share, so in a text whose evidence is spread over many sentences every sentence can score well below the text.",
    ),
  stats: z.object({
    characters: z.number().int(),
    words: z.number().int(),
    sentences: z.number().int(),
    lexicalDiversity: z.number().describe('Report only: never enters the score (it tracks language proficiency).'),
    averageWordLength: z.number().describe('Report only.'),
    readability: z.number().describe('Flesch reading ease; report only.'),
  }),
  language: z.string().describe('ISO 639-3 code of the detected language, `und` when the text is too short to tell.'),
  warnings: z.array(z.string()),
  model: z.object({ version: z.string() }),
})

/**
 * How much of the explanation an answer carries (`explain` in a request):
 * - `none`: score, label, dimensions, warnings, model;
 * - `fired` (the default): everything but the signals that did not move the score (found nothing,
 *   or carry weight 0, which the page does not highlight either), and without the
 *   signals' descriptions (GET /v1/signals serves those);
 * - `full`: every signal with its description.
 */
export const ExplainSchema = z
  .enum(['none', 'fired', 'full'], { error: (issue) => `must be "none", "fired" or "full", got ${JSON.stringify(issue.input) ?? 'nothing'}` })
  .describe('How much explanation the answer carries: `none` (score, label, dimensions, warnings, model), `fired` (the default: only the signals that moved the score, contribution not 0, without their descriptions, which GET /v1/signals serves), `full` (every signal, with its description).')

export type Explain = z.infer<typeof ExplainSchema>

/** A signal in an answer with `explain: "fired"`: no description. */
export const FiredSignalSchema = SignalResultSchema.omit({ description: true })

/** The answer with `explain: "fired"`: only the signals whose contribution is not 0, without descriptions. */
export const FiredScoreResultSchema = ScoreResultSchema.extend({
  signals: z.array(FiredSignalSchema).describe('The signals that moved the score (contribution not 0), most influential first; descriptions are in GET /v1/signals.'),
})

/** The answer with `explain: "none"`. */
export const BriefScoreResultSchema = ScoreResultSchema.pick({ score: true, label: true, dimensions: true, warnings: true, model: true })

/**
 * The answer of one text at any `explain` level: full, fired or none, told apart by what they hold
 * (only `full` signals have descriptions; only `none` has no signals).
 */
export const ExplainedScoreResultSchema = z.union([ScoreResultSchema, FiredScoreResultSchema, BriefScoreResultSchema])

export type ExplainedScoreResult = z.infer<typeof ExplainedScoreResultSchema>

/**
 * A full result cut to an `explain` level. The keys keep the schema's order, so JSON.stringify
 * writes what the schema's serializer would (test/http/explain.test.ts checks the bytes).
 */
export function explainResult(result: ScoreResult, explain: Explain): ExplainedScoreResult {
  if (explain === 'full') return result
  if (explain === 'none') {
    const { score, label, dimensions, warnings, model } = result
    return { score, label, dimensions, warnings, model }
  }
  const signals = []
  for (const { id, dimension, value, contribution, evidence, evidenceCount } of result.signals) {
    if (contribution !== 0) signals.push({ id, dimension, value, contribution, evidence, evidenceCount })
  }
  return { ...result, signals }
}

export type Dimension = z.infer<typeof DimensionSchema>
export type Label = z.infer<typeof LabelSchema>
export type SignalResult = z.infer<typeof SignalResultSchema>
export type ScoreResult = z.infer<typeof ScoreResultSchema>
/** A sentence's share of the explanation, in code points of the original. */
export type SentenceScore = ScoreResult['sentences'][number]
