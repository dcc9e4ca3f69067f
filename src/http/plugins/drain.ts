/**
 * Draining on shutdown. app.close() stops accepting connections and closes the idle ones, and
 * Fastify answers requests that arrive afterwards with a 503; but a request already in flight
 * would get a keep-alive answer, leaving its connection open (and the close waiting) until the
 * keep-alive timeout, 72 seconds later. Once closing, every answer says `Connection: close`, so
 * the connection ends with the answer and the process exits as soon as the last one is out.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

async function drain(app: FastifyInstance) {
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
