/**
 * zod schemas of the Perspective-compatible endpoint (POST /v1alpha1/comments:analyze), kept apart
 * from schemas.ts because they mirror someone else's API: field names, nesting and enum values
 * follow Perspective's published reference, so a client written for Perspective can switch by
 * changing its base URL.
 *
 * Sources (checked, not guessed):
 * - conversationai/perspectiveapi, 2-api/methods.md ("AnalyzeComment request" / "response"):
 *   comment.{text,type}, context.entries[].{text,type}, requestedAttributes[name].{scoreType,
 *   scoreThreshold}, spanAnnotations, languages, doNotStore, clientToken, sessionId; the answer's
 *   attributeScores[name].{summaryScore,spanScores[].{begin,end,score}}.{value,type}, languages,
 *   clientToken; "?key=YOUR_API_KEY" for API-key authentication.
 * - Google's discovery document for commentanalyzer v1alpha1, as rendered by the generated
 *   clients (googleapis.dev: Google.Apis.CommentAnalyzer.v1alpha1.Data.SpanScore and the Ruby
 *   CommentanalyzerV1alpha1 classes): AnalyzeCommentResponse also has detectedLanguages; Context
 *   also offers articleAndParentComment.{article,parentComment} ("populate only ONE OF"); TextEntry
 *   type is TEXT_TYPE_UNSPECIFIED | PLAIN_TEXT | HTML; score types SCORE_TYPE_UNSPECIFIED |
 *   PROBABILITY | STD_DEV_SCORE | PERCENTILE | RAW; communityId is accepted too.
 * - Errors: Google's JSON error shape `{ "error": { "code", "message", "status" } }` (Google Cloud
 *   API design guide, "Errors"; google/rpc/code.proto for the status names and their HTTP codes),
 *   which perspective-api-client reads as `response.data.error.message`. Perspective's own
 *   messages ("Comment must be non-empty.", "Comment text too long.", "Unknown requested
 *   attribute") are those of its "Limits and errors" page (developers.perspectiveapi.com), as
 *   quoted in third-party API notes (the page itself was not read first-hand); ours keep those
 *   words where they fit and add what to send instead.
 *
 * Unknown fields are ignored (z.object strips them), as Perspective does: its clients send fields
 * this service has no use for, and a client written for a later Perspective must not break.
 */
import { z } from 'zod'
import { atMostCodePoints, MAX_TEXT_CHARS } from '../scoring/request.js'

/** The attributes this service answers, and what each one reads from the score. */
export const ATTRIBUTES = {
  AI_STYLE: 'aiStyle',
  GENERIC: 'generic',
  TEMPLATED: 'score',
  /** Perspective's experimental UNSUBSTANTIAL ("trivial or short comments") maps onto generic. */
  UNSUBSTANTIAL: 'generic',
} as const

export type AttributeName = keyof typeof ATTRIBUTES
export const ATTRIBUTE_NAMES = Object.keys(ATTRIBUTES) as AttributeName[]
const AttributeNameSchema = z.enum(ATTRIBUTE_NAMES as [AttributeName, ...AttributeName[]])

/** TextEntry.type: Perspective's TextType values. HTML is read as its text (routes/perspective.ts, htmlToText). */
export const TEXT_TYPES = ['PLAIN_TEXT', 'HTML', 'TEXT_TYPE_UNSPECIFIED'] as const

const TextTypeSchema = z
  .enum(TEXT_TYPES, { error: `unknown text type: send one of ${TEXT_TYPES.join(', ')}` })
  .optional()
  .describe('PLAIN_TEXT (the default) or HTML: tags are stripped, script and style contents dropped, entities decoded; span offsets still count in the HTML as sent.')

/** A required string, whose messages say what to send when it is missing or of another type. */
const requiredText = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `missing: send ${what} as a string` : `expected a string (${what})`) })

const TextEntrySchema = z.object({
  // Optional, as it always was here: an entry without text is no parent post, not an error.
  text: z
    .string({ error: 'expected a string (the text of the context entry)' })
    .refine((s) => atMostCodePoints(s, MAX_TEXT_CHARS), { message: `context text too long: at most ${MAX_TEXT_CHARS} characters (Unicode code points)` })
    .meta({ maxLength: MAX_TEXT_CHARS })
    .optional()
    .describe('The text of a context entry (at most 20,000 characters).'),
  type: TextTypeSchema,
})

const AttributeParametersSchema = z.object({
  scoreType: z
    .enum(['PROBABILITY', 'SCORE_TYPE_UNSPECIFIED'], { error: 'only PROBABILITY scores are offered' })
    .optional()
    .describe('Only PROBABILITY (the default), as on Perspective.'),
  scoreThreshold: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('Scores below this are left out of the answer (the summary score and each span score alike).'),
})

export const AnalyzeCommentRequestSchema = z
  .object({
    comment: z.object(
      {
        text: requiredText('the comment to score')
          .refine((s) => /\S/u.test(s), { message: 'Comment must be non-empty: send at least one character that is not white space' })
          .refine((s) => atMostCodePoints(s, MAX_TEXT_CHARS), { message: `Comment text too long: at most ${MAX_TEXT_CHARS} characters (Unicode code points)` })
          .meta({ description: 'The comment to score: 1 to 20,000 characters (Unicode code points; of the HTML as sent when type is HTML), not all white space.', minLength: 1, maxLength: MAX_TEXT_CHARS }),
        type: TextTypeSchema,
      },
      { error: (issue) => (issue.input === undefined ? 'missing: send {"text": "the comment to score"}' : 'expected an object {"text": "the comment to score"}') },
    ),
    requestedAttributes: z
      .partialRecord(AttributeNameSchema, AttributeParametersSchema, {
        // zod reports a name outside the enum as `unrecognized_keys`, an issue its record typings omit.
        error: (issue) => {
          const { code, keys } = issue as unknown as { code: string; keys: string[] }
          if (code === 'unrecognized_keys') {
            const names = keys.join(', ')
            return `${keys.length === 1 ? `attribute ${names} does` : `attributes ${names} do`} not exist: requested attributes must be among ${ATTRIBUTE_NAMES.join(', ')}`
          }
          return issue.input === undefined ? `missing: request at least one attribute, e.g. {"TEMPLATED": {}}, among ${ATTRIBUTE_NAMES.join(', ')}` : undefined
        },
      })
      .refine((attributes) => Object.keys(attributes).length > 0, {
        message: `request at least one attribute: ${ATTRIBUTE_NAMES.join(', ')}`,
        // Only for a truly empty map: an unknown name already has its own message.
        when: (payload) => payload.issues.length === 0,
      })
      .describe('Attribute name → parameters; `{}` takes the defaults. AI_STYLE, GENERIC, TEMPLATED and UNSUBSTANTIAL (an alias of GENERIC).'),
    spanAnnotations: z.boolean().optional().describe('When true, each attribute also has a score per sentence (`spanScores`).'),
    languages: z
      .array(z.string().max(35))
      .max(10)
      .optional()
      .describe('Mirrored in the answer; the signals are built for English and the score says so otherwise (`detectedLanguages`).'),
    doNotStore: z.boolean().optional().describe('true: the text is not remembered by the template memory (remember: false on /v1/score).'),
    clientToken: z.string().max(256).optional().describe('Echoed in the answer.'),
    context: z
      .object({
        entries: z.array(TextEntrySchema).max(100).optional().describe('entries[0].text is read as the parent post the comment replies to.'),
        articleAndParentComment: z
          .object({ article: TextEntrySchema.optional(), parentComment: TextEntrySchema.optional() })
          .optional()
          .describe('Alternative to entries: parentComment, else article, is read as the parent.'),
      })
      .refine((c) => !(c.entries && c.articleAndParentComment), { message: 'populate only one of entries and articleAndParentComment' })
      .optional(),
    sessionId: z.string().max(256).optional().describe('Accepted and ignored.'),
    communityId: z.string().max(256).optional().describe('Accepted and ignored.'),
  })

export type AnalyzeCommentRequest = z.infer<typeof AnalyzeCommentRequestSchema>

const ScoreSchema = z.object({
  value: z.number().min(0).max(1),
  type: z.literal('PROBABILITY'),
})

const AttributeScoresSchema = z.object({
  summaryScore: ScoreSchema.optional().describe('Left out when below the requested scoreThreshold.'),
  spanScores: z
    .array(
      z.object({
        begin: z.number().int().describe('Start of the sentence in UTF-16 code units of comment.text (inclusive), as Perspective counts.'),
        end: z.number().int().describe('End of the sentence in UTF-16 code units (exclusive).'),
        score: ScoreSchema,
      }),
    )
    .optional()
    .describe('One score per sentence, when spanAnnotations was true.'),
})

export const AnalyzeCommentResponseSchema = z.object({
  attributeScores: z
    .partialRecord(AttributeNameSchema, AttributeScoresSchema)
    .describe('One entry per requested attribute; an attribute whose every score fell below its scoreThreshold is left out.'),
  languages: z.array(z.string()).describe("The request's languages, else the detected one (`und` when the text is too short to tell)."),
  detectedLanguages: z.array(z.string()).describe('The detected language as an ISO 639-1 code where one exists (else ISO 639-3); empty when too short to tell.'),
  clientToken: z.string().optional(),
})

export type AnalyzeCommentResponse = z.infer<typeof AnalyzeCommentResponseSchema>

/**
 * google.rpc.Code names by HTTP status (google/rpc/code.proto gives each name its HTTP mapping).
 * 413 and 415 have no name of their own: the request is what is wrong, as with Perspective's
 * "Comment text too long" (400 INVALID_ARGUMENT). Statuses not listed: INVALID_ARGUMENT for a 4xx,
 * INTERNAL for a 5xx (routes/perspective.ts, toPerspectiveError).
 */
export const GOOGLE_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
}

/** Google's error shape, which Perspective clients read (perspective-api-client shows `error.message`). */
export const PerspectiveErrorSchema = z
  .object({
    error: z.object({
      code: z.number().int().describe('The HTTP status.'),
      message: z.string().describe('What is wrong, naming the field, and what to send instead.'),
      status: z.string().describe('The google.rpc.Code name: INVALID_ARGUMENT, UNAUTHENTICATED, RESOURCE_EXHAUSTED, UNAVAILABLE, ...'),
    }),
  })
  .describe("An error in Google's shape, as Perspective answered it.")

export type PerspectiveError = z.infer<typeof PerspectiveErrorSchema>
