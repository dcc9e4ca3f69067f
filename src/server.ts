/**
 * The one place that reads the environment, creates the logger, listens and exits.
 */
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './http/app.js'
import { readConfig, type Config } from './config.js'

export async function startServer(config: Config = readConfig()): Promise<FastifyInstance> {
  const app = await buildApp({
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    logger: {
      level: config.LOG_LEVEL,
      // Submitted text never reaches the log: requests are logged by id, route, status and time only.
      redact: ['req.body', 'body', 'text', 'parent'],
    },
  })
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down')
    await app.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
  await app.listen({ host: config.HOST, port: config.PORT })
  return app
}

/* c8 ignore start -- entry point when run directly; tests call startServer() */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  startServer().catch((err: Error) => {
    process.stderr.write(`authenticity-service failed to start: ${err.message}\n`)
    process.exit(1)
  })
}
/* c8 ignore stop */
