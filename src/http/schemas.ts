/**
 * The zod schemas of the HTTP API: the one source of truth for validation, TypeScript types and
 * the OpenAPI document. Types are z.infer of these, never written twice.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'

export const MAX_TEXT_CHARS = 20_000

/** Seed thread examples for the docs (../shared/data/seed-thread.json, copied at build time). */
const seed = JSON.parse(readFileSync(new URL('./seed-thread.json', import.meta.url), 'utf8')) as {
  post: { text: string }
  comments: Array<{ text: string }>
}
export const EXAMPLE_POST = seed.post.text
export const EXAMPLE_TEMPLATED_COMMENT = seed.comments[0].text
export const EXAMPLE_AUTHENTIC_COMMENT = seed.comments[4].text

/** Counts code points, so an emoji is one character as a user sees it. */
const codePoints = (s: string) => {
  let n = 0
  for (const _ of s) n++
  return n
}

export const ScoreRequestSchema = z
  .object({
    text: z
      .string({ error: 'text must be a string' })
      .refine((s) => codePoints(s) >= 1 && /\S/u.test(s), { message: 'text must contain at least one character that is not white space' })
      .refine((s) => s.length <= MAX_TEXT_CHARS * 2 && codePoints(s) <= MAX_TEXT_CHARS, {
        message: `text must be at most ${MAX_TEXT_CHARS} characters`,
      })
      .describe(`The post or comment to score: 1 to ${MAX_TEXT_CHARS} characters (Unicode code points), not all white space.`),
    kind: z.enum(['post', 'comment']).default('post').describe('What the text is; a comment is read together with its `parent`.'),
    parent: z
      .string()
      .refine((s) => s.length <= MAX_TEXT_CHARS * 2 && codePoints(s) <= MAX_TEXT_CHARS, {
        message: `parent must be at most ${MAX_TEXT_CHARS} characters`,
      })
      .optional()
      .describe('The post a comment replies to: a comment that shares nothing with it could be posted under anything.'),
    author: z.string().max(256).optional().describe('Opaque account id; only its hash is ever kept (template memory).'),
    remember: z.boolean().default(true).describe('Whether this text may be remembered, as hashes only, by the template memory.'),
  })
  .meta({
    examples: [
      { text: EXAMPLE_TEMPLATED_COMMENT, kind: 'comment', parent: EXAMPLE_POST },
      { text: EXAMPLE_AUTHENTIC_COMMENT, kind: 'comment', parent: EXAMPLE_POST },
    ],
  })

export type ScoreRequest = z.infer<typeof ScoreRequestSchema>

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
  evidence: z.array(EvidenceSchema),
})

export const LabelSchema = z.enum(['authentic', 'uncertain', 'templated', 'insufficient'])

export const ScoreResponseSchema = z.object({
  score: z.number().min(0).max(1).describe('Calibrated probability that the text is templated or AI-style writing (higher = less authentic).'),
  label: LabelSchema.describe('From the thresholds in GET /v1/signals; `insufficient` when the text gives too little evidence either way.'),
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

export type ScoreResponse = z.infer<typeof ScoreResponseSchema>

export const SignalCatalogueSchema = z.object({
  model: z.object({
    version: z.string(),
    thresholds: z.object({ uncertain: z.number(), templated: z.number(), rule: z.string() }),
  }),
  signals: z.array(
    z.object({
      id: z.string(),
      dimension: DimensionSchema,
      description: z.string(),
      source: z.string(),
      weight: z.number().describe('Logit change per standard deviation of the value (per unit for priors).'),
      origin: z.enum(['fitted', 'prior', 'dropped']),
    }),
  ),
})

export const ErrorSchema = z
  .object({
    statusCode: z.number().int(),
    error: z.string(),
    message: z.string(),
  })
  .describe('The one error envelope.')

export const HealthSchema = z.object({ status: z.enum(['ok']) })
export const ReadySchema = z.object({ status: z.enum(['ready']), model: z.object({ version: z.string() }), signals: z.number().int() })
