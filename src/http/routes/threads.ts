/**
 * POST /v1/threads: a post with its comments. Scores the post, scores each comment with the post as
 * its parent (both with the template memory), groups the near-duplicate comments (MinHash over word
 * shingles of normalised text, src/engine/clusters.ts) and sums the thread up.
 */
import type { FastifyInstance } from 'fastify'
import { zodRoutes } from '../zod-routes.js'
import { nearDuplicateClusters } from '../../engine/clusters.js'
import { BATCH_BODY_LIMIT_BYTES, ErrorSchema, ThreadRequestSchema, ThreadResponseSchema } from '../schemas.js'
import { asParent } from '../../engine/document.js'

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
      const postPrepared = app.scoring.prepare(postInput)
      const postResult = await app.scoring.score(postInput, postPrepared)
      const ids = items.map((c, i) => c.id ?? i)
      // Each comment is prepared once, for its fingerprint (the clusters) and its score; the post is
      // folded and tokenised once, as every comment's parent.
      const inputs = items.map((c) => ({ text: c.text, kind: 'comment' as const, parent: post.text, author: c.author, remember }))
      const parent = asParent(postPrepared.doc)
      const prepared = inputs.map((input) => app.scoring.prepare(input, parent))
      const signatures = prepared.map((p) => p.signature)
      const comments = []
      for (const [i, input] of inputs.entries()) comments.push({ id: ids[i], ...(await app.scoring.score(input, prepared[i])) })
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
