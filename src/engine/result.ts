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
        score: z.number().min(0).max(1).describe("The sentence's score: the intercept plus the contributions of the evidence inside it."),
      }),
    )
    .describe('Per-sentence scores, so a reader sees which part reads as templated.'),
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

export type Dimension = z.infer<typeof DimensionSchema>
export type Label = z.infer<typeof LabelSchema>
export type SignalResult = z.infer<typeof SignalResultSchema>
export type ScoreResult = z.infer<typeof ScoreResultSchema>
/** A sentence's share of the explanation, in code points of the original. */
export type SentenceScore = ScoreResult['sentences'][number]
