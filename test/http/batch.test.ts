import t from 'tap'
import { buildApp } from '../../src/http/app.js'
import { BATCH_BODY_LIMIT_BYTES, MAX_BATCH_ITEMS } from '../../src/http/schemas.js'

const POST = 'Will AI be LinkedIn’s downfall? The 2017 changes were survivable; this one may not be.'

t.test('answers one result per item, in order, each a /v1/score answer with its id', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const items = [
    { id: 'a', text: 'Great post! Very timely.', kind: 'comment', parent: POST, remember: false },
    { id: 7, text: 'Moreover, it is important to note that this delves into a rich tapestry of ideas.', remember: false },
    { text: 'We shipped it on Tuesday and it broke on Wednesday, so we rolled back.', remember: false },
  ]
  const res = await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items } })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.same(results.map((r: { id: unknown }) => r.id), ['a', 7, 2], "the item's id, else its index")
  for (const [i, item] of items.entries()) {
    const { id: _id, ...input } = item
    const single = (await app.inject({ method: 'POST', url: '/v1/score', payload: input })).json()
    const { id: _rid, ...result } = results[i]
    t.same(result, single, `item ${i} is scored as /v1/score scores it`)
  }
})

t.test('an invalid item gets an error at its place; the others are scored; still a 200', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const items = [
    { id: 'ok-1', text: 'Thanks for sharing this, it helped.' },
    { id: 'blank', text: '   ' },
    { id: 'kind', text: 'hello there', kind: 'tweet' },
    42,
    null,
    { id: { nested: true }, text: 42 },
    { id: 'long', text: 'a'.repeat(20_001) },
    { text: 'Another fine comment about the roadmap.' },
  ]
  const res = await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items } })
  t.equal(res.statusCode, 200)
  const { results } = res.json()
  t.equal(results.length, items.length)
  t.equal(results[0].id, 'ok-1')
  t.ok(typeof results[0].score === 'number')
  t.same(results[1], { id: 'blank', error: { message: 'text: must contain at least one character that is not white space' } })
  t.match(results[2], { id: 'kind', error: { message: /^kind: / } })
  t.match(results[3], { id: 3, error: { message: /^item: must be a JSON object, got a number$/ } })
  t.match(results[4], { id: 4, error: { message: /^item: / } })
  t.match(results[5], { id: 5, error: { message: /id: .*; text: must be a string, got a number/ } }, 'an unusable id falls back to the index')
  t.match(results[6], { id: 'long', error: { message: /at most 20000 characters/ } })
  t.equal(results[7].id, 7)
  const typo = (await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items: [{ id: 'x', text: 'Great post!', autor: 'a1' }] } })).json()
  t.match(typo.results[0].error.message, /unknown field "autor" \(did you mean "author"\?\)/, 'an unknown field of an item is that item\'s error')
  t.ok(typeof results[7].score === 'number')
})

t.test('a body that is not an object with 1 to 1,000 items is a 400', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const cases: Array<[string, unknown, RegExp]> = [
    ['an array', [{ text: 'hi' }], /^body: /],
    ['no items', { texts: [] }, /^items: is required: the texts to score.*; body: unknown field "texts"/],
    ['items not an array', { items: 'hello' }, /^items: must be an array of 1 to 1000 items, got "hello"$/],
    ['no item', { items: [] }, /^items: must hold at least 1 item$/],
    ['too many', { items: Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => ({ text: 'hi' })) }, /^items: must hold at most 1000 items$/],
  ]
  for (const [name, payload, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/score/batch', payload: payload as object })
    t.equal(res.statusCode, 400, name)
    t.match(res.json(), { statusCode: 400, error: 'Bad Request', message }, name)
  }
})

t.test('the body may be up to 5 MB: over the 1 MiB of one text, a 413 past 5 MB naming that limit', async (t) => {
  // The byte limit alone: the limit on characters of text (test/http/request-caps.test.ts) raised out of the way.
  const app = await buildApp({ maxRequestChars: 10_000_000 })
  t.teardown(() => app.close())
  const text = 'The rollout went fine until the cache warmed up, then latency doubled for an hour. '.repeat(200).trim()
  const big = { items: Array.from({ length: 150 }, (_, i) => ({ id: i, text, remember: false })) }
  const size = Buffer.byteLength(JSON.stringify(big))
  t.ok(size > 1024 * 1024 && size < BATCH_BODY_LIMIT_BYTES, `${size} bytes`)
  const ok = await app.inject({ method: 'POST', url: '/v1/score/batch', payload: big })
  t.equal(ok.statusCode, 200)
  t.equal(ok.json().results.length, 150)
  const tooBig = { items: Array.from({ length: 400 }, () => ({ text })) }
  const res = await app.inject({ method: 'POST', url: '/v1/score/batch', payload: tooBig })
  t.equal(res.statusCode, 413)
  t.match(res.json().message, /limit of 5242880 bytes/)
  const single = await app.inject({ method: 'POST', url: '/v1/score', payload: { text: 'a'.repeat(1024 * 1024 + 10) } })
  t.match(single.json().message, /limit of 1048576 bytes/, '/v1/score keeps its own limit')
})

t.test('items are remembered in order: the third copy from a third author is a repeated template', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const text = 'Love this perspective, thanks for putting it into words.'
  const items = ['ann', 'ben', 'cat'].map((author) => ({ text, author }))
  const { results } = (await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items } })).json()
  const repeated = results.map((r: { signals: Array<{ id: string; value: number }> }) => r.signals.find((s) => s.id === 'repeated-template')?.value ?? 0)
  t.equal(repeated[0], 0)
  t.equal(repeated[1], 0)
  t.ok(repeated[2] > 0, 'fires on the third')
})

t.test('the OpenAPI document shows the item shape', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const doc = (await app.inject({ url: '/docs/json' })).json()
  t.same(doc.paths['/v1/score/batch'].post.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/BatchRequest' })
  const request = doc.components.schemas.BatchRequest
  t.same(request.properties.items.items, { $ref: '#/components/schemas/BatchItem' }, 'the items are BatchItems')
  t.equal(request.properties.items.maxItems, 1000)
  const item = JSON.stringify(doc.components.schemas.BatchItem)
  for (const field of ['"text"', '"kind"', '"parent"', '"author"', '"remember"', '"explain"', '"id"']) t.ok(item.includes(field), `documents ${field}`)
})
