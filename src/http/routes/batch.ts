/**
 * POST /v1/score/batch: up to 1,000 texts in one request, scored in order with the template
 * memory (so the third copy in a batch sees the first two). Each item is validated on its own: a
 * bad item gets `{ id, error }` at its place and the others are scored; only a body that is not an
 * object with an `items` array (of 1 to 1,000) is a 400.
 *
 * With `Accept: application/x-ndjson` the answer streams: one line per item, what `results[i]`
 * would hold, written as its chunk of items is scored, so a caller sees progress and the server
 * never holds the whole answer. Everything that can be a 4xx (the body, the 413 on characters) is
 * decided before the first line. A failure after the first line cannot change the 200 already
 * sent: the stream ends with one line `{ "error": { "message" } }` (no `id`, unlike an item's
 * error), and a caller that counted fewer lines than items knows where it stopped.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { zodRoutes } from '../zod-routes.js'
import type { z } from 'zod'
import {
  BATCH_BODY_LIMIT_BYTES,
  BatchItemSchema,
  BatchLineSchema,
  BatchRequestSchema,
  BatchResponseSchema,
  ErrorSchema,
  type BatchItem,
} from '../schemas.js'
import { scoringContext } from '../scoring-context.js'
import { checkRequestChars } from '../request-chars.js'
import { jsonInTurns, sendJson, sendNdjson } from '../serialize-in-turns.js'
import { isDeadlineError } from '../plugins/deadline.js'
import { explainResult } from '../../engine/result.js'
import { DEFAULT_MAX_REQUEST_CHARS } from '../../scoring/request.js'
import type { ScoringContext, ScoringService } from '../../scoring/service.js'

type BatchResult = z.infer<typeof BatchResponseSchema>['results'][number]
type ParsedItem = z.ZodSafeParseResult<BatchItem>

/**
 * Items scored per chunk of a streamed batch: small, so the first line goes out after a few
 * milliseconds of scoring and the server holds few answers at a time; enough to keep a pool of
 * scoring threads busy within a chunk (scoreMany puts up to two texts per worker on it).
 */
export const STREAM_CHUNK_ITEMS = 32

const NDJSON = 'application/x-ndjson'

/** The item's own id when it has a usable one, else its index. */
function idOf(item: unknown, index: number): string | number {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined
  return (typeof id === 'string' && id.length <= 256) || (typeof id === 'number' && Number.isFinite(id)) ? id : index
}

/** "text: text must be a string; kind: …", the same wording as a 400 from /v1/score without the `body.`. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'item'}: ${i.message}`).join('; ')
}

/**
 * Whether the Accept header asks for NDJSON: `application/x-ndjson` named with a q above 0 and not
 * below that of `application/json`. A wildcard asks for nothing in particular: JSON, as before.
 */
export function wantsNdjson(accept: string | undefined): boolean {
  const q = { [NDJSON]: 0, 'application/json': 0 }
  for (const range of (accept ?? '').split(',')) {
    const [type, ...params] = range.split(';').map((s) => s.trim().toLowerCase())
    if (!(type in q)) continue
    const weight = params.find((p) => p.startsWith('q='))
    q[type as keyof typeof q] = weight === undefined ? 1 : Number(weight.slice(2)) || 0
  }
  return q[NDJSON] > 0 && q[NDJSON] >= q['application/json']
}

/** The answers of `parsed` (the batch's items from `offset` on, `raw` as sent), scored in one run through the template memory. */
async function scoreItems(scoring: ScoringService, context: ScoringContext, raw: readonly unknown[], parsed: readonly ParsedItem[], offset: number): Promise<BatchResult[]> {
  const valid = parsed.flatMap((p) => (p.success ? [p.data] : []))
  const scored = (await scoring.scoreMany(valid, context)).values()
  return parsed.map((p, i) => {
    const id = idOf(raw[i], offset + i)
    return p.success ? { ...explainResult(scored.next().value!.result, p.data.explain), id } : { id, error: { message: describeIssues(p.error) } }
  })
}

const ndjson = (results: readonly BatchResult[]) => results.map((r) => JSON.stringify(r) + '\n').join('')

/**
 * The NDJSON lines of a batch, its first chunk already scored (`first`), then a chunk of items at a
 * time: a chunk is scored only when the one before it is scored and taken by the stream, so the
 * template memory sees the items in order, and a reader that stops reading stops the scoring (the
 * stream asks for no more). When scoring fails, `lastLine` says what to end the stream with, if
 * anything.
 */
async function* ndjsonLines(
  scoring: ScoringService,
  context: ScoringContext,
  raw: readonly unknown[],
  parsed: readonly ParsedItem[],
  first: readonly BatchResult[],
  lastLine: (error: unknown, answered: number) => string | undefined,
): AsyncGenerator<string> {
  yield ndjson(first)
  let answered = first.length
  try {
    while (answered < parsed.length) {
      const end = answered + STREAM_CHUNK_ITEMS
      const results = await scoreItems(scoring, context, raw.slice(answered, end), parsed.slice(answered, end), answered)
      answered += results.length
      yield ndjson(results)
    }
  } catch (err) {
    const message = lastLine(err, answered)
    if (message !== undefined) yield JSON.stringify({ error: { message } }) + '\n'
  }
}

/** What ends a stream that failed after its first line: logged and counted as the error handler would; none when the client left. */
function streamFailure(app: FastifyInstance, request: FastifyRequest, total: number) {
  return (error: unknown, answered: number): string | undefined => {
    // buildApp sets Fastify's requestTimeout to REQUEST_TIMEOUT_MS; Fastify's types leave it out of initialConfig.
    const timeoutMs = (app.initialConfig as { requestTimeout?: number }).requestTimeout
    if (isDeadlineError(error)) {
      request.log.warn({ timeoutMs, answered, total }, 'streamed batch past its deadline: stopped scoring, ended the stream with an error line')
      app.metrics.deadlineExceeded.inc()
      return `the request took longer than REQUEST_TIMEOUT_MS (${timeoutMs} ms) and was stopped after ${answered} of ${total} items; items looked up before the deadline were remembered (sent again, they count no new source), the rest were not: send the remaining items in another request`
    }
    if (request.deadline.aborted) {
      request.log.info({ answered, total }, 'client left a streamed batch: stopped scoring')
      return undefined
    }
    request.log.error({ err: error, answered, total }, 'streamed batch failed')
    return 'Internal Server Error'
  }
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
          `Answers one result per item, in order: the /v1/score answer plus the item's \`id\`, or \`{ id, error: { message } }\` for an item that is not valid (the others are still scored, and the answer is a 200). Body up to ${BATCH_BODY_LIMIT_BYTES / 1024 / 1024} MB, and at most MAX_REQUEST_CHARS characters of text, parent posts included (default ${DEFAULT_MAX_REQUEST_CHARS.toLocaleString('en')}; beyond: 413). Items are scored in order, each seeing the template memory as the items before it left it.\n\n` +
          `With \`Accept: application/x-ndjson\` the answer streams as newline-delimited JSON: one line per item, in order, each what \`results[i]\` would hold, written as the items are scored (${STREAM_CHUNK_ITEMS} at a time). A 400 or 413 comes before any line, as without it. A failure after the first line (past REQUEST_TIMEOUT_MS, an internal error) cannot change the 200: the stream ends with a line \`{ "error": { "message" } }\`, which has no \`id\`; the items after the last result line were not scored.`,
        body: BatchRequestSchema,
        response: {
          200: {
            description: 'One result per item, in order: a JSON object by default, or one line per item as it is scored with Accept: application/x-ndjson.',
            content: {
              'application/json': { schema: BatchResponseSchema },
              [NDJSON]: { schema: BatchLineSchema },
            },
          },
          400: ErrorSchema,
          413: ErrorSchema,
          415: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const raw = request.body.items
      const items = raw.map((item) => BatchItemSchema.safeParse(item))
      checkRequestChars(
        items.flatMap((p) => (p.success ? [p.data.text, p.data.parent] : [])),
        app.scoring.maxRequestChars,
        'the batch',
      )
      const context = scoringContext(request)
      if (wantsNdjson(request.headers.accept)) {
        // The first chunk is scored before the answer starts: until a line is out, a failure is an
        // ordinary error answer with its status (503 past the deadline, 500), in the envelope.
        const first = await scoreItems(app.scoring, context, raw.slice(0, STREAM_CHUNK_ITEMS), items.slice(0, STREAM_CHUNK_ITEMS), 0)
        return sendNdjson(reply, ndjsonLines(app.scoring, context, raw, items, first, streamFailure(app, request, items.length)))
      }
      const results = await scoreItems(app.scoring, context, raw, items, 0)
      // Written in turns, so a 5 MB answer does not hold the event loop (serialize-in-turns.ts).
      return sendJson(reply, await jsonInTurns({ results }))
    },
  )
}
