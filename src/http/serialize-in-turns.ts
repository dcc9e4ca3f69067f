/**
 * Answers written as JSON without validating them again: the engine builds every answer in the
 * shape and key order of its zod schema (src/engine/result.ts), so JSON.stringify writes the bytes
 * the schema's serializer would, at a fraction of its cost (a test compares the bytes on every
 * route and `explain` level). Large answers (a batch, a thread) are written a piece at a time, with
 * a turn of the event loop every few milliseconds: encoding a 5 MB answer at once held the event
 * loop for about 100 ms, and /healthz with it. A streamed answer (NDJSON) goes out piece by piece
 * as it is made, the next piece asked for only when the socket has taken the last.
 */
import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { turns } from '../scoring/engine.js'

/** JSON of an object answer, its array fields item by item, yielding to the event loop now and then. */
export async function jsonInTurns(answer: object): Promise<string> {
  const turn = turns()
  const fields: string[] = []
  for (const [key, value] of Object.entries(answer)) {
    if (value === undefined) continue
    let json: string
    if (Array.isArray(value)) {
      const items: string[] = []
      for (const item of value) {
        await turn()
        items.push(JSON.stringify(item))
      }
      json = `[${items.join(',')}]`
    } else {
      await turn()
      json = JSON.stringify(value)
    }
    fields.push(`${JSON.stringify(key)}:${json}`)
  }
  return `{${fields.join(',')}}`
}

/**
 * Send JSON already written and hand the reply back, for the handler to return. A string with a
 * JSON content type goes out as it is: the route's response schema documents the answer but does
 * not serialise it again.
 */
export function sendJson<R>(reply: R, json: string): R {
  ;(reply as unknown as FastifyReply).type('application/json; charset=utf-8').send(json)
  return reply
}

/**
 * Send newline-delimited JSON as `lines` yields it, and hand the reply back. The stream holds one
 * piece at most: Fastify pipes it to the socket, and the pipe waits for 'drain' before it asks for
 * the next, so a client that reads slowly slows the producer instead of filling the server's
 * memory; a client that leaves ends it (the generator is returned). `X-Accel-Buffering: no` asks a
 * proxy in front (nginx) to pass each piece on instead of collecting the whole answer.
 */
export function sendNdjson<R>(reply: R, lines: AsyncIterable<string>): R {
  ;(reply as unknown as FastifyReply)
    .type('application/x-ndjson; charset=utf-8')
    .header('x-accel-buffering', 'no')
    .send(Readable.from(lines, { highWaterMark: 1 }))
  return reply
}
