/** Liveness and readiness probes (open even when API keys are configured). */
import type { FastifyInstance } from 'fastify'
import { zodRoutes } from '../zod-routes.js'
import { ErrorSchema, HealthSchema, ReadySchema } from '../schemas.js'

export default async function health(app: FastifyInstance) {
  const r = zodRoutes(app)
  r.get('/healthz', { schema: { operationId: 'liveness', tags: ['health'], summary: 'The process is alive', response: { 200: HealthSchema } } }, async () => ({ status: 'ok' as const }))
  r.get(
    '/readyz',
    {
      schema: {
        operationId: 'readiness',
        tags: ['health'],
        summary: 'The model is loaded and the service is ready to score',
        description: 'Always 200 while the process can score; `status` is `degraded` while the template memory (Redis) is unreachable.',
        // 503 only when the event loop is overloaded (plugins/limits.ts sheds every route but /healthz and /metrics).
        response: { 200: ReadySchema, 503: ErrorSchema },
      },
    },
    async () => {
      const templateMemory = app.scoring.memory.health()
      return {
        status: templateMemory.status === 'ok' ? ('ready' as const) : ('degraded' as const),
        model: { version: app.scoring.scorer.model.version },
        signals: app.scoring.scorer.signals.length,
        templateMemory,
      }
    },
  )
}
