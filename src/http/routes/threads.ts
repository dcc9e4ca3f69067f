/**
 * POST /v1/threads: a post with its comments. Scores the post, scores each comment with the post as
 * its parent (both with the template memory), groups the near-duplicate comments (MinHash over word
 * shingles of normalised text, src/engine/clusters.ts) and sums the thread up.
 */
import type { FastifyInstance } from 'fastify'
import type { z } from 'zod'
import { zodRoutes } from '../zod-routes.js'
import { nearDuplicateClusters } from '../../engine/clusters.js'
import { BATCH_BODY_LIMIT_BYTES, ErrorSchema, ThreadRequestSchema, ThreadResponseSchema } from '../schemas.js'
import { scoringContext } from '../scoring-context.js'
import { checkRequestChars } from '../request-chars.js'
import { jsonInTurns, sendJson } from '../serialize-in-turns.js'
import { explainResult } from '../../engine/result.js'
import { DEFAULT_MAX_REQUEST_CHARS } from '../../scoring/request.js'

type ThreadResponse = z.infer<typeof ThreadResponseSchema>

export default async function threads(app: FastifyInstance) {
  const r = zodRoutes(app)

  r.post(
    '/v1/threads',
    {
      bodyLimit: BATCH_BODY_LIMIT_BYTES,
      schema: {
        operationId: 'scoreThread',
        tags: ['scoring'],
        summary: 'Score a post with its comments and find the copy-paste comments',
        description:
          `Answers the post's score, each comment's score (read with the post as its parent) with its \`id\`, the clusters of near-duplicate comments and a summary. Body up to ${BATCH_BODY_LIMIT_BYTES / 1024 / 1024} MB, and at most MAX_REQUEST_CHARS characters of text (default ${DEFAULT_MAX_REQUEST_CHARS.toLocaleString('en')}; beyond: 413).`,
        body: ThreadRequestSchema,
        response: { 200: ThreadResponseSchema, 400: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { post, comments: items, remember, explain } = request.body
      checkRequestChars([post.text, ...items.map((c) => c.text)], app.scoring.maxRequestChars, 'the thread')
      const postInput = { text: post.text, kind: 'post' as const, author: post.author, remember }
      const context = scoringContext(request)
      const postResult = (await app.scoring.score(postInput, context)).result
      const ids = items.map((c, i) => c.id ?? i)
      const inputs = items.map((c) => ({ text: c.text, kind: 'comment' as const, parent: post.text, author: c.author, remember }))
      const scored = await app.scoring.scoreMany(inputs, context)
      const comments = scored.map(({ result }, i) => ({ ...explainResult(result, explain), id: ids[i] }))
      const signatures = scored.map((s) => s.signature)
      const clusters = nearDuplicateClusters(signatures).map((c) => ({
        ids: c.members.map((m) => ids[m]),
        similarity: c.similarity,
        example: items[c.members[0]].text,
      }))
      const templated = comments.filter((c) => c.label === 'templated').length
      const answer: ThreadResponse = {
        post: explainResult(postResult, explain),
        comments,
        clusters,
        summary: {
          comments: comments.length,
          templated,
          templatedShare: comments.length === 0 ? 0 : Math.round((templated / comments.length) * 1e4) / 1e4,
          duplicateComments: clusters.reduce((n, c) => n + c.ids.length, 0),
        },
      }
      // Written in turns, so a 5 MB answer does not hold the event loop (serialize-in-turns.ts).
      return sendJson(reply, await jsonInTurns(answer))
    },
  )
}
