/** Liveness and readiness probes (open even when API keys are configured). */
import type { FastifyInstance } from 'fastify'
import { zodRoutes } from '../zod-routes.js'
import { HealthSchema, ReadySchema } from '../schemas.js'

export default async function health(app: FastifyInstance) {
  const r = zodRoutes(app)
  r.get('/healthz', { schema: { tags: ['health'], summary: 'The process is alive', response: { 200: HealthSchema } } }, async () => ({ status: 'ok' as const }))
  r.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The model is loaded and the service is ready to score',
        description: 'Always 200 while the process can score; `status` is `degraded` while the template memory (Redis) is unreachable.',
        response: { 200: ReadySchema },
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
