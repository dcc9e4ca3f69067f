/**
 * `explain` (none | fired | full) and answers written without validating them again: on every
 * scoring route and level the bytes are what the route's zod response schema would write, on the
 * seed thread and on a sample of the dev data (src/engine/result.ts, src/http/serialize-in-turns.ts).
 */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { serializerCompiler } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import { buildApp } from '../../src/http/app.js'
import { BatchResponseSchema, ScoreResponseSchema, ThreadResponseSchema } from '../../src/http/schemas.js'
import { jsonInTurns } from '../../src/http/serialize-in-turns.js'
import { ExplainedScoreResultSchema, explainResult, type Explain } from '../../src/engine/result.js'
import { createScorer } from '../../src/engine/score.js'
import { loadModel } from '../../src/model/weights.js'
import { SIGNALS } from '../../src/signals/index.js'

const schemaSerializer = (schema: z.ZodType) => serializerCompiler({ schema, method: 'POST', url: '/test' }) as (data: unknown) => string
const LEVELS: Explain[] = ['none', 'fired', 'full']
const seed = JSON.parse(readFileSync(new URL('../../../shared/data/seed-thread.json', import.meta.url), 'utf8')) as { post: { text: string }; comments: Array<{ text: string }> }

t.test('POST /v1/score at each level: the shape asked for, in the bytes the schema writes', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const serialize = schemaSerializer(ScoreResponseSchema)
  const payload = { text: seed.comments[0].text, kind: 'comment', parent: seed.post.text, remember: false }
  const answers: Record<string, { body: Record<string, unknown>; bytes: number }> = {}
  for (const explain of [...LEVELS, undefined]) {
    const res = await app.inject({ method: 'POST', url: '/v1/score', payload: { ...payload, explain } })
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /^application\/json/)
    t.equal(res.payload, serialize(JSON.parse(res.payload)), `${explain ?? 'default'}: byte for byte`)
    answers[explain ?? 'default'] = { body: res.json(), bytes: res.payload.length }
  }
  const { none, fired, full } = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, v.body])) as Record<string, any>
  t.same(Object.keys(none), ['score', 'label', 'dimensions', 'warnings', 'model'])
  t.same(answers.default.body, fired, 'fired is the default')
  t.equal(full.signals.length, SIGNALS.length, 'full: every signal')
  t.ok(full.signals.every((s: { description?: string }) => typeof s.description === 'string'), 'full: with descriptions')
  const firedIds = full.signals.filter((s: { contribution: number }) => s.contribution !== 0).map((s: { id: string }) => s.id)
  t.ok(firedIds.length > 0 && firedIds.length < SIGNALS.length)
  t.same(fired.signals.map((s: { id: string }) => s.id), firedIds, 'fired: the signals that moved the score, in the same order')
  t.ok(fired.signals.every((s: object) => !('description' in s)), 'fired: no descriptions')
  for (const k of ['score', 'label', 'dimensions', 'warnings', 'model']) t.same(none[k], full[k], `${k} is the same at every level`)
  t.ok(answers.none.bytes < answers.fired.bytes && answers.fired.bytes < answers.full.bytes, `answer sizes ${answers.none.bytes} < ${answers.fired.bytes} < ${answers.full.bytes} bytes`)
})

t.test('batch items and threads: explain per item, per thread; the bytes the schemas write', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const batch = await app.inject({
    method: 'POST',
    url: '/v1/score/batch',
    payload: {
      items: [
        { id: 'a', text: 'Great post! Very timely.', kind: 'comment', explain: 'none' },
        { id: 7, text: '' },
        { text: 'We fixed the cache bug on Tuesday after two days of logs.', explain: 'full' },
        { text: 'Moreover, it is crucial to delve into this rich tapestry.' },
        { text: 'x', explain: 'all' },
      ],
    },
  })
  t.equal(batch.statusCode, 200)
  t.equal(batch.payload, schemaSerializer(BatchResponseSchema)(JSON.parse(batch.payload)))
  const results = batch.json().results
  t.same(results.map((r: { id: unknown }) => r.id), ['a', 7, 2, 3, 4])
  t.same(Object.keys(results[0]), ['score', 'label', 'dimensions', 'warnings', 'model', 'id'], 'none: five fields and the id')
  t.equal(results[2].signals.length, SIGNALS.length, 'full')
  t.ok(results[3].signals.every((s: { contribution: number; description?: string }) => s.contribution !== 0 && s.description === undefined), 'fired by default')
  t.match(results[4].error.message, /explain: must be "none", "fired" or "full", got "everything"|explain: must be "none", "fired" or "full"/)

  for (const explain of LEVELS) {
    const thread = await app.inject({
      method: 'POST',
      url: '/v1/threads',
      payload: { post: { text: seed.post.text }, comments: seed.comments.map((c, i) => ({ id: `c${i}`, text: c.text })), explain, remember: false },
    })
    t.equal(thread.statusCode, 200)
    t.equal(thread.payload, schemaSerializer(ThreadResponseSchema)(JSON.parse(thread.payload)), `thread, ${explain}: byte for byte`)
    const body = thread.json()
    t.equal('signals' in body.post, explain !== 'none')
    t.equal(body.comments.every((c: { signals?: Array<{ description?: string }> }) => (explain === 'none' ? c.signals === undefined : c.signals!.every((s) => (s.description !== undefined) === (explain === 'full')))), true, `thread comments: ${explain}`)
  }
})

t.test('the dev data: every level of every sampled text is written as its schema would write it', async (t) => {
  const scorer = createScorer(loadModel(), SIGNALS)
  const serialize = schemaSerializer(ExplainedScoreResultSchema)
  const dev = new URL('../../../shared/data/dev/', import.meta.url)
  let checked = 0
  for (const file of ['youtube-comments.jsonl', 'modern-rewrites.jsonl', 'learner-essays.jsonl', 'tweets.jsonl', 'hc3.jsonl']) {
    const lines = readFileSync(new URL(file, dev), 'utf8').split('\n').filter(Boolean)
    for (let i = 0; i < lines.length; i += Math.ceil(lines.length / 60)) {
      const result = scorer.score({ text: (JSON.parse(lines[i]) as { text: string }).text })
      for (const explain of LEVELS) {
        const shaped = explainResult(result, explain)
        if (JSON.stringify(shaped) !== serialize(shaped)) t.fail(`${file} line ${i + 1}, ${explain}: JSON.stringify differs from the schema's serializer`)
        checked++
      }
    }
  }
  t.ok(checked >= 800, `${checked} answers checked`)
})

t.test('jsonInTurns: the fields in their order, arrays item by item, undefined values left out', async (t) => {
  const json = await jsonInTurns({ a: 1, list: [{ x: 'one' }, { x: 'two', y: undefined }], b: undefined, c: { d: [1, 2] } })
  t.equal(json, '{"a":1,"list":[{"x":"one"},{"x":"two"}],"c":{"d":[1,2]}}')
  t.equal(json, JSON.stringify({ a: 1, list: [{ x: 'one' }, { x: 'two', y: undefined }], b: undefined, c: { d: [1, 2] } }))
})
