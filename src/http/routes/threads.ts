/**
 * POST /v1/threads: a post with its comments. Scores the post, scores each comment with the post as
 * its parent (both with the template memory), groups the near-duplicate comments (MinHash over word
 * shingles of normalised text, src/engine/clusters.ts) and sums the thread up.
 */
import type { FastifyInstance } from 'fastify'
import { zodRoutes } from '../zod-routes.js'
import { nearDuplicateClusters } from '../../engine/clusters.js'
import { BATCH_BODY_LIMIT_BYTES, ErrorSchema, ThreadRequestSchema, ThreadResponseSchema } from '../schemas.js'
import { scoringContext } from '../scoring-context.js'

export default async function threads(app: FastifyInstance) {
  const r = zodRoutes(app)

  r.post(
    '/v1/threads',
    {
      bodyLimit: BATCH_BODY_LIMIT_BYTES,
      schema: {
        tags: ['scoring'],
        summary: 'Score a post with its comments and find the copy-paste comments',
        description:
          `Answers the post's score, each comment's score (read with the post as its parent) with its \`id\`, the clusters of near-duplicate comments and a summary. Body up to ${BATCH_BODY_LIMIT_BYTES / 1024 / 1024} MB.`,
        body: ThreadRequestSchema,
        response: { 200: ThreadResponseSchema, 400: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (request) => {
      const { post, comments: items, remember } = request.body
      const postInput = { text: post.text, kind: 'post' as const, author: post.author, remember }
      const context = scoringContext(request)
      const postResult = (await app.scoring.score(postInput, context)).result
      const ids = items.map((c, i) => c.id ?? i)
      const inputs = items.map((c) => ({ text: c.text, kind: 'comment' as const, parent: post.text, author: c.author, remember }))
      const signatures = []
      const comments = []
      for (const [i, input] of inputs.entries()) {
        const { result, signature } = await app.scoring.score(input, context)
        comments.push({ id: ids[i], ...result })
        signatures.push(signature)
      }
      const clusters = nearDuplicateClusters(signatures).map((c) => ({
        ids: c.members.map((m) => ids[m]),
        similarity: c.similarity,
        example: items[c.members[0]].text,
      }))
      const templated = comments.filter((c) => c.label === 'templated').length
      return {
        post: postResult,
        comments,
        clusters,
        summary: {
          comments: comments.length,
          templated,
          templatedShare: comments.length === 0 ? 0 : Math.round((templated / comments.length) * 1e4) / 1e4,
          duplicateComments: clusters.reduce((n, c) => n + c.ids.length, 0),
        },
      }
    },
  )
}
