/** What bounds a request's work and answer: MAX_REQUEST_CHARS, evidence per signal, Perspective spans. */
import t from 'tap'
import { buildApp } from '../../src/http/app.js'
import { MAX_SPAN_SCORES } from '../../src/http/routes/perspective.js'

t.test('a batch or thread over MAX_REQUEST_CHARS is a 413 naming the limit, and nothing in it is scored or remembered', async (t) => {
  const app = await buildApp({ maxRequestChars: 10_000 })
  t.teardown(() => app.close())
  const text = 'word '.repeat(1000) // 5,000 characters
  const batch = await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items: [{ text }, { text: 'short', parent: text }, { text: 'also short' }] } })
  t.equal(batch.statusCode, 413)
  t.same(batch.json(), {
    statusCode: 413,
    error: 'Payload Too Large',
    message: 'the batch holds 10015 characters of text; the limit per request is 10000 (MAX_REQUEST_CHARS): send it in smaller requests',
  })
  const thread = await app.inject({ method: 'POST', url: '/v1/threads', payload: { post: { text }, comments: [{ text }, { text: 'x' }] } })
  t.equal(thread.statusCode, 413)
  t.match(thread.json().message, /^the thread holds 10001 characters of text; the limit per request is 10000/)
  t.equal(await app.scoring.memory.store.size(), 0, 'nothing remembered')
  const within = await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items: [{ text }, { text: 'short' }] } })
  t.equal(within.statusCode, 200, 'at the limit or under it, scored')
  // Characters are code points: 10,000 emoji are 20,000 UTF-16 units and within the limit.
  const emoji = await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items: [{ text: '🎉'.repeat(5000) }, { text: '🎉'.repeat(5000), remember: false }] } })
  t.equal(emoji.statusCode, 200, '10,000 emoji: within')
  const over = await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items: [{ text: '🎉'.repeat(5000) }, { text: '🎉'.repeat(5001) }] } })
  t.match(over.json().message, /^the batch holds 10001 characters of text/, '10,001 emoji: over')
})

t.test('a Perspective answer lists at most MAX_SPAN_SCORES span scores per attribute, the first in text order', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const text = Array.from({ length: 300 }, (_, i) => `Point ${i} matters.`).join(' ')
  const res = await app.inject({
    method: 'POST',
    url: '/v1alpha1/comments:analyze',
    payload: { comment: { text }, requestedAttributes: { TEMPLATED: {}, GENERIC: {} }, spanAnnotations: true, doNotStore: true },
  })
  t.equal(res.statusCode, 200)
  for (const name of ['TEMPLATED', 'GENERIC']) {
    const spans = res.json().attributeScores[name].spanScores as Array<{ begin: number; end: number }>
    t.equal(spans.length, MAX_SPAN_SCORES, `${name}: ${MAX_SPAN_SCORES} of 300 sentences`)
    t.equal(spans[0].begin, 0)
    t.ok(spans.every((s, i) => i === 0 || s.begin > spans[i - 1].begin), 'in text order')
  }
})
