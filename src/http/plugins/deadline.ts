/**
 * Every request's deadline (REQUEST_TIMEOUT_MS from its arrival) as an AbortSignal, `request.deadline`,
 * which the scoring service checks between texts: a request that runs past it stops scoring,
 * remembers nothing more and is answered 503 in the envelope (the error handler in app.ts), with a
 * log line and a metric, instead of a socket closed without a word. The signal also aborts when the
 * client goes away before its answer, so nothing is scored for nobody.
 *
 * The socket's idle timer (connectionTimeout, the same REQUEST_TIMEOUT_MS, which cuts a client that
 * stops sending) is suspended from the moment the request is read until it is answered: a socket
 * is quiet while its request is scored, and the deadline, not the idle timer, ends that. It is armed
 * again when the answer is sent, so a client that stops reading is cut like one that stops sending.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyRequest {
    /** Aborted (reason: a TimeoutError) at the request's deadline, or (an AbortError) when its client left. */
    deadline: AbortSignal
  }
}

export interface DeadlineOptions {
  /** Milliseconds from a request's arrival to its deadline; 0: none (the signal aborts only when the client leaves). */
  timeoutMs?: number
}

/**
 * One request's deadline: an AbortSignal that aborts (a TimeoutError) after `timeoutMs` (0: never),
 * or (an AbortError) when `response` closes before its answer was written out: the client left.
 * One controller and one timer per request, the timer cleared when the answer is out. AbortSignal.any
 * over AbortSignal.timeout cost 24 µs a request and left its timer running for REQUEST_TIMEOUT_MS;
 * this costs about 3 µs, two thirds of it creating the AbortController and its signal (npm run
 * bench, its table of a request's parts, calls this; an earlier 0.3 µs was measured without reading
 * `controller.signal`, which creates the signal).
 */
export function requestDeadline(timeoutMs: number, response: { once(event: 'close', listener: () => void): unknown; readonly writableFinished: boolean }): AbortSignal {
  const controller = new AbortController()
  const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs) : undefined
  timer?.unref() // never what keeps a process alive
  response.once('close', () => {
    clearTimeout(timer)
    if (!response.writableFinished) controller.abort(new DOMException('This operation was aborted', 'AbortError'))
  })
  return controller.signal
}

async function deadline(app: FastifyInstance, options: DeadlineOptions) {
  const timeoutMs = options.timeoutMs ?? 0
  app.decorateRequest('deadline', null as unknown as AbortSignal)
  app.addHook('onRequest', async (request, reply) => {
    request.deadline = requestDeadline(timeoutMs, reply.raw)
  })
  if (timeoutMs > 0) {
    // (app.inject's requests have a socket without timers)
    app.addHook('preHandler', async (request) => {
      const socket = request.raw.socket
      if (typeof socket?.setTimeout === 'function') socket.setTimeout(0)
    })
    // Armed again as the answer is written: a client that stops reading a large answer is cut
    // after REQUEST_TIMEOUT_MS idle, as one that stops sending is.
    app.addHook('onSend', async (request) => {
      const socket = request.raw.socket
      if (typeof socket?.setTimeout === 'function' && !socket.destroyed) socket.setTimeout(timeoutMs)
    })
  }
}

/** Whether an error is a request's deadline passing (the signal's reason, rethrown by the scoring). */
export function isDeadlineError(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError'
}

export default fp(deadline, { name: 'authenticity-deadline', fastify: '5.x' })
