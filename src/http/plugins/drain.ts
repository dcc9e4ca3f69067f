/**
 * Draining on shutdown. app.close() stops accepting connections and closes the idle ones, and
 * Fastify answers requests that arrive afterwards with a 503; but a request already in flight
 * would get a keep-alive answer, leaving its connection open (and the close waiting) until the
 * keep-alive timeout, 72 seconds later. Once closing, every answer says `Connection: close`, so
 * the connection ends with the answer and the process exits as soon as the last one is out.
 *
 * `app.inFlight()` lists the requests not yet answered (route, method, age), so a shutdown cut short
 * by its grace period can log what it cut (src/server.ts).
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export interface InFlight {
  method: string
  route: string
  ageMs: number
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The requests received and not yet answered. */
    inFlight(): InFlight[]
  }
}

async function drain(app: FastifyInstance) {
  const open = new Map<object, { method: string; route: string; since: number }>()
  app.decorate('inFlight', () =>
    [...open.values()].map((r) => ({ method: r.method, route: r.route, ageMs: Math.round(performance.now() - r.since) })),
  )
  app.addHook('onRequest', async (request, reply) => {
    open.set(request, { method: request.method, route: request.routeOptions.url ?? 'unmatched', since: performance.now() })
    reply.raw.once('close', () => open.delete(request))
  })
  let closing = false
  app.addHook('preClose', (done) => {
    closing = true
    done()
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })
}

export default fp(drain, { name: 'authenticity-drain', fastify: '5.x' })
