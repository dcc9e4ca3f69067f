/** The scoring API under /v1, with zod as validator, serializer and OpenAPI source. */
import type { FastifyInstance } from 'fastify'
import { zodRoutes } from '../zod-routes.js'
import { ErrorSchema, ScoreRequestSchema, ScoreResponseSchema, SignalCatalogueSchema } from '../schemas.js'
import { scoringContext } from '../scoring-context.js'
import { sendJson } from '../serialize-in-turns.js'
import { explainResult } from '../../engine/result.js'

const errors = { 400: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema }

export default async function api(app: FastifyInstance) {
  const r = zodRoutes(app)

  r.post(
    '/v1/score',
    {
      schema: {
        operationId: 'score',
        tags: ['scoring'],
        summary: 'Score one post or comment',
        description:
          'Answers a calibrated score, a label, the two dimensions and, as `explain` asks, the signals with their contributions and evidence: by default only the signals that fired, without their descriptions (GET /v1/signals has them); `explain: "full"` lists every signal with its description; `explain: "none"` only the score, label, dimensions, warnings and model. Evidence offsets are Unicode code points into the submitted text. With AUTHOR_STATS=true and an `author`, the answer also carries `author`, the recent share of templated texts of that account: report only, never part of the score.',
        body: ScoreRequestSchema,
        response: { 200: ScoreResponseSchema, ...errors },
      },
    },
    // With the template memory: looked up before scoring, remembered after unless `remember: false`.
    // The author's stats (AUTHOR_STATS) go last, as the schema has them, beside an answer they did not change.
    async (request, reply) => {
      const { result, author } = await app.scoring.score(request.body, scoringContext(request))
      const answer = explainResult(result, request.body.explain)
      return sendJson(reply, JSON.stringify(author === undefined ? answer : { ...answer, author }))
    },
  )

  r.get(
    '/v1/signals',
    {
      schema: {
        operationId: 'listSignals',
        tags: ['scoring'],
        summary: 'The signal catalogue with the weights in use',
        response: { 200: SignalCatalogueSchema },
      },
    },
    async () => {
      const { model, signals } = app.scoring.scorer
      return {
        model: { version: model.version, thresholds: model.thresholds },
        signals: signals.map((s) => ({
          id: s.id,
          dimension: s.dimension,
          description: s.description,
          source: s.source,
          weight: model.weights[s.id].weight,
          origin: model.weights[s.id].origin,
        })),
      }
    },
  )
}
