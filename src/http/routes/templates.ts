/**
 * DELETE /v1/templates: forget. Deletes every submission the caller's tenant left in the template
 * memory (src/store/template-memory.ts), so nothing it sent counts towards repeated-template any
 * more; other tenants' memories are untouched.
 *
 * Only with API keys: a key forgets its own tenant (every key of its `name:` when API_KEYS names
 * one). A service without keys is one tenant open to every caller, and one caller erasing what the
 * others sent would undo the very signal the memory exists for; there the operator forgets by
 * restarting (the in-process memory) or by deleting the `e:*` keys under the Redis prefix.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ForbiddenError, zodRoutes } from '../zod-routes.js'
import { ErrorSchema } from '../schemas.js'

export const ForgetResponseSchema = z
  .object({
    removed: z.number().int().min(0).describe("Entries deleted: the tenant's submissions still held (and entries of an older store layout)."),
  })
  .describe("The caller's template memory is empty.")

export default async function templates(app: FastifyInstance) {
  const r = zodRoutes(app)

  r.delete(
    '/v1/templates',
    {
      schema: {
        operationId: 'forgetTemplates',
        tags: ['scoring'],
        summary: "Forget the caller's template memory",
        description:
          "Deletes every submission the caller's tenant left in the template memory: its texts no longer count towards repeated-template, for anyone. A tenant is an API key, or every key of one name (API_KEYS=name:key); other tenants are untouched. Needs API keys: without API_KEYS the service is one tenant shared by every caller and this answers 403 (restart the service, or delete the `e:*` keys under the Redis prefix). 503 when the store (Redis) cannot be reached: some entries may remain, so try again.",
        response: { 200: ForgetResponseSchema, 401: ErrorSchema, 403: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request) => {
      if (!app.apiKeys.enabled) {
        throw new ForbiddenError('forgetting needs API keys: without API_KEYS every caller shares one template memory; restart the service, or delete the e:* keys under the Redis prefix')
      }
      return { removed: await app.scoring.memory.forget(request.apiKeyId) }
    },
  )
}
