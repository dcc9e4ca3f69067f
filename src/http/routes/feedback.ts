/**
 * Moderator feedback, as Perspective's SuggestCommentScore and Akismet's submit-ham/submit-spam:
 * POST /v1/feedback says what a text should have been (`authentic` or `templated`), and
 * GET /v1/feedback/export hands the rows to an admin as JSONL, the file `npm run fit -- --feedback`
 * folds into a refit.
 *
 * Per tenant, as the template memory: the caller's API key, or every key of its name
 * (API_KEYS=name:key); without keys one shared tenant. What a row keeps is decided in
 * src/feedback/service.ts: a fingerprint always, the text only with `storeText: true`.
 *
 * Export needs an admin key (ADMIN_API_KEYS, each also one of API_KEYS). It answers the admin's
 * own tenant, or with `?scope=all` every tenant's rows, each row naming its tenant: the model is
 * one for the whole deployment, so the operator refits on everything, while an admin who serves
 * one tenant can take just that one's.
 */
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { apiKeyId } from '../../config.js'
import { ExpectedSchema, FINGERPRINT_PATTERN, FeedbackRowSchema, FingerprintSchema, MAX_REASON_CHARS, type FeedbackRow } from '../../feedback/row.js'
import { feedbackTenant, type FeedbackService } from '../../feedback/service.js'
import { MAX_TEXT_CHARS, atMostCodePoints, expecting, strictFields } from '../../scoring/request.js'
import { ErrorSchema } from '../schemas.js'
import { ForbiddenError, zodRoutes } from '../zod-routes.js'

export const FeedbackRequestSchema = strictFields({
  text: z
    .string({ error: expecting('a string') })
    .refine((s) => /\S/u.test(s), { message: 'must contain at least one character that is not white space' })
    .refine((s) => atMostCodePoints(s, MAX_TEXT_CHARS), { message: `must be at most ${MAX_TEXT_CHARS} characters (Unicode code points)` })
    .meta({ minLength: 1, maxLength: MAX_TEXT_CHARS })
    .optional()
    .describe(`The text the feedback is about (1 to ${MAX_TEXT_CHARS} characters), or instead its \`fingerprint\`: exactly one of the two. Kept only with \`storeText: true\`.`),
  fingerprint: z
    .string({ error: expecting('a string') })
    .regex(FINGERPRINT_PATTERN, { message: 'must be the 32 lowercase hex digits an earlier feedback answer gave as `fingerprint`' })
    .optional()
    .describe('Instead of `text`: the fingerprint an earlier feedback answer gave for it (same tenant), 32 hex digits.'),
  expected: z.enum(['authentic', 'templated'], { error: expecting('"authentic" or "templated"', 'what the text should be: "authentic" or "templated"') }).describe(ExpectedSchema.description!),
  kind: z.enum(['post', 'comment'], { error: expecting('"post" or "comment"') }).default('comment').describe('What the text is, as in /v1/score; the fit reads the text so.'),
  reason: z
    .string({ error: expecting('a string') })
    .refine((s) => atMostCodePoints(s, MAX_REASON_CHARS), { message: `must be at most ${MAX_REASON_CHARS} characters` })
    .meta({ maxLength: MAX_REASON_CHARS })
    .optional()
    .describe(`A note for whoever reads the export (at most ${MAX_REASON_CHARS} characters), kept as written: it is stored whatever \`storeText\` says, so do not paste the text into it.`),
  storeText: z
    .boolean({ error: expecting('true or false') })
    .default(false)
    .describe('Keep the text itself, so a refit can learn from it (`npm run fit -- --feedback`). Default false: only the fingerprint is kept.'),
})
  .superRefine((body, ctx) => {
    if (body.text === undefined && body.fingerprint === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'is required: the text the feedback is about, or instead `fingerprint`, the fingerprint an earlier feedback answer gave for it' })
    }
    if (body.text !== undefined && body.fingerprint !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['fingerprint'], message: 'must not come with `text`: send the text or its fingerprint, not both' })
    }
    if (body.storeText && body.text === undefined) {
      ctx.addIssue({ code: 'custom', path: ['storeText'], message: 'can be true only with `text`: a fingerprint has no text to keep' })
    }
  })
  .describe('Moderator feedback on one text: exactly one of `text` and `fingerprint`, and what the text should be.')

export const FeedbackResponseSchema = z
  .object({
    id: z.string().describe('The row id.'),
    fingerprint: FingerprintSchema,
    expected: ExpectedSchema,
    kind: z.enum(['post', 'comment']),
    reason: z.string().optional().describe('The note, as stored.'),
    storedText: z.boolean().describe('Whether the text itself was kept (`storeText: true`); otherwise only the fingerprint.'),
    time: z.string().describe('When it was stored (ISO 8601, UTC).'),
  })
  .describe('What was stored. Keep `fingerprint` to send feedback on the same text again without the text.')

const ExportQuerySchema = strictFields({
  scope: z
    .enum(['tenant', 'all'], { error: expecting('"tenant" or "all"') })
    .default('tenant')
    .describe("`tenant` (default): the admin key's own tenant; `all`: every tenant's rows."),
})

export interface FeedbackRoutesOptions {
  feedback: FeedbackService
  /** Keys that may export (ADMIN_API_KEYS); none: nobody may. */
  adminApiKeys?: readonly string[]
}

/** The rows as NDJSON, one line each. */
async function* lines(rows: AsyncIterable<FeedbackRow>): AsyncIterable<string> {
  for await (const row of rows) yield `${JSON.stringify(row)}\n`
}

export default async function feedbackRoutes(app: FastifyInstance, { feedback, adminApiKeys = [] }: FeedbackRoutesOptions) {
  const r = zodRoutes(app)
  const admins = new Set(adminApiKeys.map(apiKeyId))
  app.addHook('onClose', async () => feedback.close())
  // The caller's tenant, named as the template memory names it (an API key, or its name).
  const tenantOf = (apiKey: string | null) => feedbackTenant(app.scoring.memory.namespace(apiKey))

  r.post(
    '/v1/feedback',
    {
      schema: {
        operationId: 'submitFeedback',
        tags: ['feedback'],
        summary: 'Say what a text should have been scored',
        description:
          "Moderator feedback, as Perspective's SuggestCommentScore or Akismet's submit-ham/submit-spam: `expected` says whether the text is `templated` or `authentic`. Stored for the caller's tenant (its API key, or every key of its name; without API_KEYS one shared tenant). Only the text's fingerprint is kept, a keyed hash that matches the same text sent again by the same tenant; the text itself only with `storeText: true`. Send `fingerprint` instead of `text` to judge again a text whose fingerprint an earlier answer gave. 503 when the store (the feedback file, or Redis) cannot be written: nothing was stored, try again.",
        body: FeedbackRequestSchema,
        response: { 201: FeedbackResponseSchema, 400: ErrorSchema, 401: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const stored = await feedback.submit(tenantOf(request.apiKeyId), request.body)
      return reply.code(201).send(stored)
    },
  )

  r.get(
    '/v1/feedback/export',
    {
      schema: {
        operationId: 'exportFeedback',
        tags: ['feedback'],
        summary: 'Export moderator feedback as JSONL (admin keys only)',
        description:
          "The feedback rows as JSONL (`application/x-ndjson`), one `FeedbackRow` per line, oldest first per tenant: the file `npm run fit -- --feedback FILE` reads. `scope=tenant` (default) answers the admin key's own tenant, `scope=all` every tenant's. Only for the keys in ADMIN_API_KEYS: any other caller gets 403, and so does everyone while ADMIN_API_KEYS is unset. 503 when the store cannot be read.",
        querystring: ExportQuerySchema,
        response: {
          200: { description: 'One FeedbackRow per line.', content: { 'application/x-ndjson': { schema: FeedbackRowSchema } } },
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          429: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      if (admins.size === 0) {
        throw new ForbiddenError('exporting feedback needs an admin key: set ADMIN_API_KEYS to the API_KEYS keys that may export (each must also be in API_KEYS), then send one as Authorization: Bearer <key>')
      }
      if (request.apiKeyId === null || !admins.has(request.apiKeyId)) {
        throw new ForbiddenError('this API key may not export feedback: only the keys listed in ADMIN_API_KEYS may')
      }
      const rows = await feedback.export(request.query.scope === 'all' ? undefined : tenantOf(request.apiKeyId))
      // A stream goes out as it is (the response schema documents each line); the cast leaves the
      // type provider's check of JSON answers, which a stream is not.
      ;(reply as unknown as FastifyReply)
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', 'attachment; filename="feedback.jsonl"')
        .send(Readable.from(lines(rows)))
      return reply
    },
  )
}
