/**
 * GET /v1/authors/{author}: an account's recent pattern (src/store/author-stats.ts), how many texts
 * the caller's tenant scored with this `author` within AUTHOR_STATS_WINDOW and how many of them were
 * templated. Data about an account, so off unless the operator turns it on (AUTHOR_STATS=true);
 * off, the route answers 403 saying so, and keeps and counts nothing.
 *
 * The author in the path is hashed for the lookup (the template memory's keyed hash) and neither
 * kept nor logged. An author with nothing in the window answers zeros, not 404: the store cannot
 * tell an account never seen from one whose texts have left the window, nor should it.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ForbiddenError, zodRoutes } from '../zod-routes.js'
import { AuthorStatsSchema, ErrorSchema } from '../schemas.js'

/** The longest author id, as POST /v1/score takes it. */
export const MAX_AUTHOR_CHARS = 256

export const AuthorParamsSchema = z.object({
  author: z
    .string()
    .min(1, { message: 'must name an author: GET /v1/authors/{author}' })
    .max(MAX_AUTHOR_CHARS, { message: `must be at most ${MAX_AUTHOR_CHARS} characters, as in POST /v1/score` })
    .describe(`The account id as sent in \`author\` to POST /v1/score (1 to ${MAX_AUTHOR_CHARS} characters), percent-encoded.`),
})

/**
 * Fastify's router refuses path parameters longer than 100 characters (as a 404); an author of
 * MAX_AUTHOR_CHARS characters, percent-encoded, takes up to 12 characters each (4 bytes of UTF-8,
 * 3 characters a byte). src/http/app.ts sets the router's limit to this.
 */
export const MAX_AUTHOR_PARAM_CHARS = MAX_AUTHOR_CHARS * 12

export default async function authors(app: FastifyInstance) {
  const r = zodRoutes(app)

  r.get(
    '/v1/authors/:author',
    {
      schema: {
        operationId: 'getAuthorStats',
        tags: ['scoring'],
        summary: "An author's recent share of templated texts",
        description:
          "How many texts the caller's tenant scored with this `author` within the window (AUTHOR_STATS_WINDOW, 7 days by default) and how many of them were templated: labeled `templated`, or matching a repeated template. Counted per tenant (an API key, or every key of one name), after each scored text (batches and threads too; not texts sent with `remember: false`). An author with nothing in the window answers zeros. Report only: author stats never enter a score. Off unless the service runs with AUTHOR_STATS=true: then this answers 403. 503 when the template memory (Redis) cannot be reached.",
        params: AuthorParamsSchema,
        response: { 200: AuthorStatsSchema, 400: ErrorSchema, 403: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request) => {
      if (app.scoring.memory.authorWindowSeconds === undefined) {
        throw new ForbiddenError('author stats are off: the operator turns them on with AUTHOR_STATS=true (and AUTHOR_STATS_WINDOW, default 7 days); see "Author stats" in the README')
      }
      return app.scoring.memory.authorStats(request.params.author, request.apiKeyId)
    },
  )
}
