/**
 * buildApp: the HTTP application as plugins and routes. It never listens; src/server.ts does.
 * Tests build it and call app.inject().
 */
import { readFileSync } from 'node:fs'
import { STATUS_CODES } from 'node:http'
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { createJsonSchemaTransform, hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { createScorer, type Scorer } from '../engine/score.js'
import { SIGNALS } from '../signals/index.js'
import { loadModel } from '../model/weights.js'
import api from './routes/api.js'
import health from './routes/health.js'

export interface AppOptions {
  /** The scorer to serve; by default the registry's signals with the committed weights. */
  scorer?: Scorer
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimitBytes?: number
  /** Fastify's logger option (pino); off by default so tests stay quiet. */
  logger?: FastifyServerOptions['logger']
}

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024

declare module 'fastify' {
  interface FastifyInstance {
    scorer: Scorer
  }
}

/** One readable sentence per schema issue, naming the field ("body.text: ..."). */
function describeValidation(error: FastifyError & { validation: NonNullable<FastifyError['validation']> }): string {
  const where = error.validationContext
  return error.validation
    .map((v) => {
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.')
      return `${path ? `${where}.${path}` : where}: ${v.message}`
    })
    .join('; ')
}

export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    requestIdHeader: 'x-request-id',
    // Fastify's own request lines are replaced by the one onResponse line below.
    logController: new LogController({ disableRequestLogging: true }),
  })
  // JSON only: a text/plain body is a 415 that says so, not a schema error.
  app.removeContentTypeParser('text/plain')
  app.decorate('scorer', options.scorer ?? createScorer(loadModel(), SIGNALS))

  // One log line per request: id, route, status and duration; never the body.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    )
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.code(400).send({ statusCode: 400, error: STATUS_CODES[400], message: describeValidation(error) })
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 500) {
      request.log.error({ err: error }, 'request failed')
      return reply.code(500).send({ statusCode: 500, error: STATUS_CODES[500], message: 'Internal Server Error' })
    }
    let message = error.message
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = `request body is larger than the limit of ${bodyLimit} bytes`
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') message = `unsupported content type ${JSON.stringify(request.headers['content-type'])}: send JSON with Content-Type: application/json`
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') message = 'body is not valid JSON'
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') message = 'body is empty: send a JSON object'
    request.log.info({ code: error.code, statusCode: status }, 'request rejected')
    return reply.code(status).send({ statusCode: status, error: STATUS_CODES[status], message })
  })

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ statusCode: 404, error: STATUS_CODES[404], message: `no route ${request.method} ${request.url.split('?')[0]}: see /docs` }),
  )

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'authenticity-service',
        description:
          'Scores a social-media post or comment for templated, banal, AI-style writing and explains why, signal by signal, down to the characters that triggered each signal. The score describes the text, not who wrote it.',
        version: PACKAGE.version,
      },
      tags: [
        { name: 'scoring', description: 'Score texts' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
    transform: createJsonSchemaTransform({ skipList: ['/docs', '/docs/*', '/docs/json', '/docs/yaml', '/docs/static/*'] }),
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  await app.register(health)
  await app.register(api)
  return app
}
