/**
 * The zod schemas of the HTTP API: the one source of truth for validation, TypeScript types and
 * the OpenAPI document. Types are z.infer of these, never written twice. The request and answer of
 * one text come from below (src/scoring/request.ts, src/engine/result.ts), which the CLI shares.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { BriefScoreResultSchema, DimensionSchema, FiredScoreResultSchema, ScoreResultSchema } from '../engine/result.js'
import { ScoreRequestSchema as BaseScoreRequestSchema, expecting, strictFields } from '../scoring/request.js'
import { AuthorStatsSchema } from '../store/author-stats.js'

export { MAX_TEXT_CHARS } from '../scoring/request.js'
export type { ScoreRequest } from '../scoring/request.js'

/** Seed thread examples for the docs (../shared/data/seed-thread.json, copied at build time). */
const seed = JSON.parse(readFileSync(new URL('./seed-thread.json', import.meta.url), 'utf8')) as {
  post: { text: string }
  comments: Array<{ text: string }>
}
export const EXAMPLE_POST = seed.post.text
/** The post's first three lines (266 characters), for examples short enough to read in Swagger UI. */
export const EXAMPLE_POST_OPENING = seed.post.text.split('\n').slice(0, 3).join('\n')
export const EXAMPLE_COMMENTS = seed.comments.map((c) => c.text)
export const EXAMPLE_TEMPLATED_COMMENT = seed.comments[0].text
export const EXAMPLE_AUTHENTIC_COMMENT = seed.comments[4].text

/** The body of POST /v1/score: the scoring request (src/scoring/request.ts); its examples are in plugins/docs.ts. */
export const ScoreRequestSchema = BaseScoreRequestSchema

export { DimensionSchema, EvidenceSchema, LabelSchema, SignalResultSchema } from '../engine/result.js'
export { AuthorStatsSchema } from '../store/author-stats.js'

/**
 * `author` on an answer of POST /v1/score: the stats of the text's author (src/store/author-stats.ts).
 * Last in each shape, where the route appends it, so the bytes stay the schema's.
 */
const authorStatsField = {
  author: AuthorStatsSchema.optional().describe(
    "Only in answers of POST /v1/score for a text with an `author`, when the service runs with AUTHOR_STATS=true (and the template memory answered): that author's stats in the caller's tenant, this text counted (not with `remember: false`). Report only: it never enters this text's score, label or signals, which are the same with AUTHOR_STATS on or off.",
  ),
}
export const ScoreResponseFullSchema = ScoreResultSchema.extend(authorStatsField)
export const ScoreResponseFiredSchema = FiredScoreResultSchema.extend(authorStatsField)
export const ScoreResponseBriefSchema = BriefScoreResultSchema.extend(authorStatsField)

/** The answer of POST /v1/score: the engine's result (src/engine/result.ts) at the request's `explain` level, with `author` when there are author stats. */
export const ScoreResponseSchema = z.union([ScoreResponseFullSchema, ScoreResponseFiredSchema, ScoreResponseBriefSchema])

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
export const StoreHealthSchema = z
  .object({
    store: z.enum(['memory', 'redis']).describe('Where the template memory lives: this process, or the shared Redis (REDIS_URL).'),
    status: z.enum(['ok', 'degraded']).describe('`degraded`: the store cannot be reached; texts are still scored, without repeated-template.'),
  })
  .describe('The template memory.')
export const ReadySchema = z.object({
  status: z.enum(['ready', 'degraded']).describe('`degraded` (still HTTP 200, still scoring) while the template memory is unreachable.'),
  model: z.object({ version: z.string() }),
  signals: z.number().int(),
  templateMemory: StoreHealthSchema,
})

// ---- Batches and threads -------------------------------------------------------------------------

export const MAX_BATCH_ITEMS = 1000
export const MAX_THREAD_COMMENTS = 1000
/** Body limit of the batch and thread routes: 1,000 items need more than one text's limit. */
export const BATCH_BODY_LIMIT_BYTES = 5 * 1024 * 1024

export const ItemIdSchema = z
  .union([z.string().max(256), z.number()])
  .describe("The client's id for the item, echoed in the answer; the item's index when absent.")

/** One item of a batch: a /v1/score body plus an optional id. */
export const BatchItemSchema = strictFields({ id: ItemIdSchema.optional(), ...ScoreRequestSchema.shape })
  .describe('One text to score: the body of POST /v1/score plus an optional `id`.')

export type BatchItem = z.infer<typeof BatchItemSchema>

export const BatchRequestSchema = strictFields({
    items: z
      // The envelope only: each item is validated on its own in the handler, so one bad item gets
      // an error at its place instead of failing the batch. The `unknown` branch drops out of the
      // OpenAPI document, which shows the item shape.
      .array(z.union([BatchItemSchema, z.unknown()]), { error: expecting(`an array of 1 to ${MAX_BATCH_ITEMS} items`, `the texts to score, an array of 1 to ${MAX_BATCH_ITEMS} items`) })
      .min(1, { message: 'must hold at least 1 item' })
      .max(MAX_BATCH_ITEMS, { message: `must hold at most ${MAX_BATCH_ITEMS} items` })
      .describe(`1 to ${MAX_BATCH_ITEMS} items, each shaped like the body of POST /v1/score with an optional \`id\`.`),
})

export const ItemErrorSchema = z
  .object({ id: ItemIdSchema, error: z.object({ message: z.string().describe('What is wrong with the item, naming the field.') }) })
  .describe('An item that could not be scored; the other items are.')

/** The three answer shapes (explain: full, fired, none), each with the item's id. */
export const ItemScoreFullSchema = ScoreResultSchema.extend({ id: ItemIdSchema })
export const ItemScoreFiredSchema = FiredScoreResultSchema.extend({ id: ItemIdSchema })
export const ItemScoreBriefSchema = BriefScoreResultSchema.extend({ id: ItemIdSchema })
const withId = () => [ItemScoreFullSchema, ItemScoreFiredSchema, ItemScoreBriefSchema] as const

export const BatchResponseSchema = z.object({
  results: z
    .array(z.union([...withId(), ItemErrorSchema]))
    .describe("One result per item, in the items' order: a /v1/score answer with the item's id, or an error."),
})

// Named here rather than in plugins/docs.ts's list: they exist only for the streamed batch.
export const BatchStreamErrorSchema = z
  .object({ error: z.object({ message: z.string().describe('What stopped the stream: past REQUEST_TIMEOUT_MS, or "Internal Server Error".') }) })
  .meta({ id: 'BatchStreamError', description: 'The last line of a streamed batch that failed after its first line (the 200 was already sent). It has no `id`; the items after the last result line were not scored.' })

/** One line of a streamed batch (Accept: application/x-ndjson): what `results[i]` holds, or the error that ended the stream. */
export const BatchLineSchema = z
  .union([...withId(), ItemErrorSchema, BatchStreamErrorSchema])
  .meta({ id: 'BatchLine', description: "One line of the application/x-ndjson answer of POST /v1/score/batch: an item's result as `results[i]` of the JSON answer holds it, or, last, the error that ended the stream." })

const { text: TextSchema, author: AuthorSchema, remember: RememberSchema, explain: ExplainRequestSchema } = ScoreRequestSchema.shape

export const ThreadRequestSchema = strictFields({
    post: strictFields({ text: TextSchema.describe('The post.'), author: AuthorSchema }).describe('The post the comments answer: { text, author? }.'),
    comments: z
      .array(strictFields({ id: ItemIdSchema.optional(), text: TextSchema.describe('The comment.'), author: AuthorSchema }), { error: expecting(`an array of 0 to ${MAX_THREAD_COMMENTS} comments`) })
      .max(MAX_THREAD_COMMENTS, { message: `must hold at most ${MAX_THREAD_COMMENTS} comments` })
      .describe(`The comments under the post, 0 to ${MAX_THREAD_COMMENTS}; each is scored with the post as its parent.`),
    remember: RememberSchema,
    explain: ExplainRequestSchema.describe('How much explanation each answer carries, the post\'s and every comment\'s: `none`, `fired` (the default) or `full`, as in POST /v1/score.'),
})

export type ThreadRequest = z.infer<typeof ThreadRequestSchema>

export const ClusterSchema = z.object({
  ids: z.array(ItemIdSchema).describe('The ids of the near-duplicate comments, in thread order.'),
  similarity: z
    .number()
    .min(0)
    .max(1)
    .describe('The lowest estimated Jaccard similarity (MinHash) between the example and another member, over words and word pairs of the normalised text.'),
  example: z.string().describe("The first member's text."),
})

export const ThreadResponseSchema = z.object({
  post: ScoreResponseSchema.describe("The post's score."),
  comments: z.array(z.union(withId())).describe('Each comment scored with the post as its parent, in order.'),
  clusters: z
    .array(ClusterSchema)
    .describe('Groups of near-duplicate comments: the same text up to case, punctuation, emoji and white space, or nearly the same words.'),
  summary: z.object({
    comments: z.number().int(),
    templated: z.number().int().describe('Comments labelled `templated`.'),
    templatedShare: z.number().min(0).max(1).describe('templated / comments (0 without comments).'),
    duplicateComments: z.number().int().describe('Comments that belong to a cluster.'),
  }),
})
