/**
 * What a request adds to the scoring of its texts (src/scoring/service.ts): the tenant whose
 * template memory it reads and writes, and a signal aborted when the request gave up.
 */
import type { FastifyRequest } from 'fastify'
import type { ScoringContext } from '../scoring/service.js'

/**
 * `tenant`: the id of the API key the request presented (src/http/plugins/auth.ts); the template
 * memory puts it in its named tenant when API_KEYS names one. Without keys: none, the one tenant.
 */
export function scoringContext(request: FastifyRequest): ScoringContext {
  return { tenant: request.apiKeyId ?? undefined, signal: request.deadline }
}
