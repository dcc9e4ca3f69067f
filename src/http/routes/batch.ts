/**
 * POST /v1/score/batch: up to 1,000 texts in one request, scored in order with the template
 * memory (so the third copy in a batch sees the first two). Each item is validated on its own: a
 * bad item gets `{ id, error }` at its place and the others are scored; only a body that is not an
 * object with an `items` array (of 1 to 1,000) is a 400.
 */
import type { FastifyInstance } from 'fastify'
import { zodRoutes } from '../zod-routes.js'
import type { z } from 'zod'
import { BATCH_BODY_LIMIT_BYTES, BatchItemSchema, BatchRequestSchema, BatchResponseSchema, ErrorSchema } from '../schemas.js'
import { scoringContext } from '../scoring-context.js'
import { checkRequestChars } from '../request-chars.js'
import { jsonInTurns, sendJson } from '../serialize-in-turns.js'
import { explainResult } from '../../engine/result.js'
import { DEFAULT_MAX_REQUEST_CHARS } from '../../scoring/request.js'

/** The item's own id when it has a usable one, else its index. */
function idOf(item: unknown, index: number): string | number {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined
  return (typeof id === 'string' && id.length <= 256) || (typeof id === 'number' && Number.isFinite(id)) ? id : index
}

/** "text: text must be a string; kind: …", the same wording as a 400 from /v1/score without the `body.`. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'item'}: ${i.message}`).join('; ')
}

export default async function batch(app: FastifyInstance) {
  const r = zodRoutes(app)

  r.post(
    '/v1/score/batch',
    {
      bodyLimit: BATCH_BODY_LIMIT_BYTES,
      schema: {
        operationId: 'scoreBatch',
        tags: ['scoring'],
        summary: 'Score up to 1,000 posts or comments in one request',
        description:
          `Answers one result per item, in order: the /v1/score answer plus the item's \`id\`, or \`{ id, error: { message } }\` for an item that is not valid (the others are still scored, and the answer is a 200). Body up to ${BATCH_BODY_LIMIT_BYTES / 1024 / 1024} MB, and at most MAX_REQUEST_CHARS characters of text, parent posts included (default ${DEFAULT_MAX_REQUEST_CHARS.toLocaleString('en')}; beyond: 413). Items are scored in order, each seeing the template memory as the items before it left it.`,
        body: BatchRequestSchema,
        response: { 200: BatchResponseSchema, 400: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (request, reply) => {
      const items = request.body.items.map((raw) => BatchItemSchema.safeParse(raw))
      checkRequestChars(
        items.flatMap((p) => (p.success ? [p.data.text, p.data.parent] : [])),
        app.scoring.maxRequestChars,
        'the batch',
      )
      const valid = items.flatMap((p) => (p.success ? [p.data] : []))
      const scored = (await app.scoring.scoreMany(valid, scoringContext(request))).values()
      const results: z.infer<typeof BatchResponseSchema>['results'] = items.map((parsed, index) => {
        const id = idOf(request.body.items[index], index)
        return parsed.success ? { ...explainResult(scored.next().value!.result, parsed.data.explain), id } : { id, error: { message: describeIssues(parsed.error) } }
      })
      // Written in turns, so a 5 MB answer does not hold the event loop (serialize-in-turns.ts).
      return sendJson(reply, await jsonInTurns({ results }))
    },
  )
}
