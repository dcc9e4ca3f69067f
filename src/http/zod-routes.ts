import type { FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'

/**
 * What every route plugin with zod schemas starts with: zod's compilers, set inside the plugin
 * (not on the root app, whose routes without zod schemas keep fastify's), and the typed instance.
 */
export function zodRoutes(app: FastifyInstance) {
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  return app.withTypeProvider<ZodTypeProvider>()
}

/** A 403 with a message saying what to change: the error handler answers it in the Error shape. */
export class ForbiddenError extends Error {
  readonly statusCode = 403
}
