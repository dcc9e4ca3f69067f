/**
 * Large answers written in turns (src/http/serialize-in-turns.ts) are byte for byte what the
 * routes' zod serializer writes for the whole answer, and still checked against the schema.
 */
import t from 'tap'
import { serializerCompiler } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { buildApp } from '../../src/http/app.js'
import { BatchResponseSchema, ThreadResponseSchema } from '../../src/http/schemas.js'
import { encodeJson, encodeJsonInTurns } from '../../src/http/serialize-in-turns.js'

const wholeSerializer = (schema: z.ZodType) => serializerCompiler({ schema, method: 'POST', url: '/test' }) as (data: unknown) => string

t.test('batch and thread answers: the same bytes as the zod serializer of the whole answer', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const batch = await app.inject({
    method: 'POST',
    url: '/v1/score/batch',
    payload: { items: [{ id: 'a', text: 'Great post! Very timely.', kind: 'comment' }, { id: 7, text: '' }, { text: 'We fixed the cache bug on Tuesday after two days of logs.' }] },
  })
  t.equal(batch.statusCode, 200)
  t.match(batch.headers['content-type'], /^application\/json/)
  t.equal(batch.payload, wholeSerializer(BatchResponseSchema)(JSON.parse(batch.payload)))
  t.same(JSON.parse(batch.payload).results.map((r: { id: unknown }) => r.id), ['a', 7, 2])

  const thread = await app.inject({
    method: 'POST',
    url: '/v1/threads',
    payload: { post: { text: 'We moved our support team to a four-day week.' }, comments: [{ id: 'x', text: 'Great post! Very timely.' }, { text: 'Great post! Very timely.' }, { text: 'How did you cover weekends?' }] },
  })
  t.equal(thread.statusCode, 200)
  t.match(thread.headers['content-type'], /^application\/json/)
  t.equal(thread.payload, wholeSerializer(ThreadResponseSchema)(JSON.parse(thread.payload)))
  t.equal(JSON.parse(thread.payload).clusters.length, 1)
})

t.test('keys in the schema order, unknown keys and undefined values left out, an invalid answer refused', async (t) => {
  const schema = z.object({ a: z.number(), list: z.array(z.object({ x: z.string(), y: z.number().optional() })), b: z.string().optional() })
  const data = { list: [{ y: 2, x: 'one', extra: true }, { x: 'two', y: undefined }], b: undefined, a: 1, extra: 'dropped' }
  const json = await encodeJsonInTurns(schema, data as z.output<typeof schema>)
  t.equal(json, '{"a":1,"list":[{"x":"one","y":2},{"x":"two"}]}')
  t.equal(json, wholeSerializer(schema)(data))
  await t.rejects(encodeJsonInTurns(schema, { a: 'one', list: [] } as never), /does not match its schema/)
  t.throws(() => encodeJson(z.number(), 'x' as never), /does not match its schema/)
})
