/**
 * POST /v1/score/batch with Accept: application/x-ndjson: one line per item as it is scored, the
 * same results as the JSON answer, the same 4xx before any line, a final error line when it fails
 * after the first, and scoring that stops with a client that leaves or stops reading.
 */
import t from 'tap'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { once } from 'node:events'
import { setTimeout as delay } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import { STREAM_CHUNK_ITEMS, wantsNdjson } from '../../src/http/routes/batch.js'

const NDJSON = 'application/x-ndjson'
const URL_PATH = '/v1/score/batch'

/** `app.scoring.scorer.score` counted (and optionally changed), through the real path; the count is read live. */
function countScored(app: FastifyInstance, change: (n: number, score: () => ReturnType<FastifyInstance['scoring']['scorer']['score']>) => ReturnType<FastifyInstance['scoring']['scorer']['score']> = (_n, score) => score()) {
  const score = app.scoring.scorer.score
  const counter = { scored: 0 }
  app.scoring.scorer.score = (input) => {
    counter.scored++
    return change(counter.scored, () => score(input))
  }
  return counter
}

/** Hold the thread for `ms`: a text that takes that long to score. */
function busy(ms: number) {
  const until = performance.now() + ms
  while (performance.now() < until);
}

/** Resolves once `read()` has given the same value for `quietMs` (polled every 25 ms), or after `maxMs`. */
async function settled(read: () => number, quietMs: number, maxMs = 20_000): Promise<number> {
  let last = read()
  let since = performance.now()
  const start = since
  while (performance.now() - since < quietMs && performance.now() - start < maxMs) {
    await delay(25)
    const now = read()
    if (now !== last) [last, since] = [now, performance.now()]
  }
  return last
}

const lines = (body: string) => body.split('\n').slice(0, -1).map((l) => JSON.parse(l))

t.test('an NDJSON batch of 1,000 items streams its first line while the rest are still being scored', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const counter = countScored(app)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const items = Array.from({ length: 1000 }, (_, i) => ({ id: `c${i}`, text: `Comment ${i}: the rollout went fine until the cache warmed up, then latency doubled.`, remember: false }))
  const res = await fetch(`http://127.0.0.1:${port}${URL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: NDJSON }, body: JSON.stringify({ items }) })
  t.equal(res.status, 200)
  t.equal(res.headers.get('content-type'), 'application/x-ndjson; charset=utf-8')
  t.equal(res.headers.get('x-accel-buffering'), 'no', 'a proxy in front is asked not to buffer it')
  const reader = res.body!.getReader()
  const first = await reader.read()
  const scoredAtFirstLine = counter.scored
  t.comment(`texts scored when the first bytes arrived: ${scoredAtFirstLine} of 1,000`)
  t.ok(scoredAtFirstLine < 1000, `the first line came after ${scoredAtFirstLine} of 1,000 texts were scored, not after all`)
  let body = Buffer.from(first.value!).toString('utf8')
  t.same(JSON.parse(body.slice(0, body.indexOf('\n'))).id, 'c0', 'and it is the first item')
  const decoder = new TextDecoder()
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) body += decoder.decode(chunk.value, { stream: true })
  const out = lines(body)
  t.equal(out.length, 1000, 'one line per item')
  t.same(out.map((r) => r.id), items.map((i) => i.id), 'in order')
  t.equal(counter.scored, 1000)
})

t.test('the lines are the JSON answer\'s results, in order, one per item: scores, explain levels, item errors', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const explains = ['none', 'fired', 'full', undefined] as const
  const items: unknown[] = Array.from({ length: 3 * STREAM_CHUNK_ITEMS + 5 }, (_, i) => ({
    ...(i % 3 === 0 ? {} : { id: i % 3 === 1 ? `item-${i}` : i * 10 }),
    text: i % 2 === 0 ? `Great post number ${i}! Very timely, thanks for sharing.` : `We moved build ${i} to the new runners on Tuesday and the cache hit rate fell to 40%.`,
    kind: i % 2 === 0 ? 'comment' : 'post',
    explain: explains[i % explains.length],
    remember: false,
  }))
  items[STREAM_CHUNK_ITEMS - 1] = { id: 'blank', text: '   ', remember: false }
  items[STREAM_CHUNK_ITEMS + 1] = 42
  const json = await app.inject({ method: 'POST', url: URL_PATH, payload: { items } })
  const stream = await app.inject({ method: 'POST', url: URL_PATH, headers: { accept: NDJSON }, payload: { items } })
  t.equal(json.headers['content-type'], 'application/json; charset=utf-8', 'without the Accept header: the JSON answer, as before')
  t.equal(stream.statusCode, 200)
  t.match(stream.headers['content-type'], /^application\/x-ndjson/)
  t.ok(stream.body.endsWith('}\n'), 'every line ends with a newline, the last too')
  const { results } = json.json()
  const out = lines(stream.body)
  t.equal(out.length, items.length, 'one line per item')
  t.same(out, results, 'each line is results[i] of the JSON answer')
  t.match(out[STREAM_CHUNK_ITEMS - 1], { id: 'blank', error: { message: /^text: / } }, 'an invalid item: its error at its place')
  t.match(out[STREAM_CHUNK_ITEMS + 1], { id: STREAM_CHUNK_ITEMS + 1, error: { message: /^item: / } })
  t.same(Object.keys(out[0]), ['score', 'label', 'dimensions', 'warnings', 'model', 'id'], "explain: none, the item's index as its id")
  t.same(new Set(out.map((r) => typeof r.id)), new Set(['string', 'number']))
})

t.test('items are remembered in order across chunks: the third copy, in the next chunk, is a repeated template', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const copy = 'Love this perspective, thanks for putting it into words.'
  const items = Array.from({ length: STREAM_CHUNK_ITEMS + 2 }, (_, i) => ({ text: `Filler comment ${i} about shipping the release on Friday.`, author: `f${i}` }))
  // the copies at the end of the first chunk and the start of the second
  for (const [n, at] of [STREAM_CHUNK_ITEMS - 2, STREAM_CHUNK_ITEMS - 1, STREAM_CHUNK_ITEMS].entries()) items[at] = { text: copy, author: ['ann', 'ben', 'cat'][n] }
  const res = await app.inject({ method: 'POST', url: URL_PATH, headers: { accept: NDJSON }, payload: { items } })
  const repeated = lines(res.body).map((r: { signals: Array<{ id: string; value: number }> }) => r.signals.find((s) => s.id === 'repeated-template')?.value ?? 0)
  t.equal(repeated[STREAM_CHUNK_ITEMS - 2], 0)
  t.equal(repeated[STREAM_CHUNK_ITEMS - 1], 0)
  t.ok(repeated[STREAM_CHUNK_ITEMS] > 0, 'fires on the third copy, scored in the second chunk')
})

t.test('bad input is a 4xx in the JSON envelope, before any line', async (t) => {
  const app = await buildApp({ maxRequestChars: 1000 })
  t.teardown(() => app.close())
  const counter = countScored(app)
  const post = (payload: string | object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: URL_PATH, headers: { accept: NDJSON, ...headers }, payload })
  const cases: Array<[string, Awaited<ReturnType<typeof post>>, number, RegExp]> = [
    ['no item', await post({ items: [] }), 400, /^items: must hold at least 1 item$/],
    ['items not an array', await post({ items: 'hello' }), 400, /^items: must be an array of 1 to 1000 items, got "hello"$/],
    ['an unknown field', await post({ items: [{ text: 'hi' }], explian: 'full' }), 400, /unknown field "explian"/],
    ['not JSON', await post('{"items": [', { 'content-type': 'application/json' }), 400, /^body is not valid JSON/],
    ['not JSON at all', await post('items', { 'content-type': 'text/plain' }), 415, /send JSON with Content-Type: application\/json/],
    ['too much text', await post({ items: [{ text: 'a'.repeat(600) }, { text: 'b'.repeat(600) }] }), 413, /the batch holds 1200 characters of text; the limit per request is 1000 \(MAX_REQUEST_CHARS\)/],
  ]
  for (const [name, res, status, message] of cases) {
    t.equal(res.statusCode, status, name)
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8', `${name}: the envelope, not a stream`)
    t.match(res.json(), { statusCode: status, message }, name)
  }
  t.equal(counter.scored, 0, 'nothing was scored')
})

t.test('past its deadline after the first line: the stream ends with an error line, logged and counted, and scoring stops', async (t) => {
  const log: string[] = []
  const app = await buildApp({ requestTimeoutMs: 1000, logger: { level: 'info', stream: { write: (l: string) => log.push(l) } } })
  t.teardown(() => app.close())
  // The first chunk scores at once (its line goes out); from the second on, each text takes 50 ms.
  const counter = countScored(app, (n, score) => {
    if (n > STREAM_CHUNK_ITEMS) busy(50)
    return score()
  })
  const items = Array.from({ length: 200 }, (_, i) => ({ text: `Comment ${i} about the rollout, which went fine.` }))
  const res = await app.inject({ method: 'POST', url: URL_PATH, headers: { accept: NDJSON }, payload: { items } })
  t.equal(res.statusCode, 200, 'the 200 was sent with the first line')
  const out = lines(res.body)
  const last = out.at(-1)
  t.same(Object.keys(last), ['error'], 'the last line is an error without an id')
  t.match(last.error.message, new RegExp(`^the request took longer than REQUEST_TIMEOUT_MS \\(1000 ms\\) and was stopped after ${out.length - 1} of 200 items; .*send the remaining items in another request$`))
  t.ok(out.length - 1 >= STREAM_CHUNK_ITEMS && out.length - 1 < 200, `${out.length - 1} result lines before it`)
  t.same(out.slice(0, -1).map((r) => r.error), out.slice(0, -1).map(() => undefined), 'the lines before it are results')
  const scored = counter.scored
  t.ok(scored < 200, `${scored} of 200 texts were scored`)
  const remembered = await app.scoring.memory.store.size()
  t.ok(remembered < 200, `${remembered} of 200 remembered`)
  await delay(200)
  t.equal(counter.scored, scored, 'and no more after the answer')
  t.ok(log.some((l) => l.includes('streamed batch past its deadline')), 'logged')
  t.notOk(log.some((l) => l.includes('rollout')), 'no submitted text in the log')
  t.match((await app.inject({ url: '/metrics' })).body, /authenticity_requests_past_deadline_total 1/, 'counted')
})

t.test('a failure before the first line is answered in the envelope with its status', async (t) => {
  const app = await buildApp({ requestTimeoutMs: 200 })
  t.teardown(() => app.close())
  countScored(app, (_n, score) => {
    busy(50)
    return score()
  })
  const items = Array.from({ length: 2 * STREAM_CHUNK_ITEMS }, (_, i) => ({ text: `Comment ${i}.`, remember: false }))
  const late = await app.inject({ method: 'POST', url: URL_PATH, headers: { accept: NDJSON }, payload: { items } })
  t.equal(late.statusCode, 503, 'past the deadline within the first chunk: a 503')
  t.equal(late.headers['content-type'], 'application/json; charset=utf-8')
  t.match(late.json(), { statusCode: 503, message: /REQUEST_TIMEOUT_MS \(200 ms\)/ })

  const broken = await buildApp({ logger: false })
  t.teardown(() => broken.close())
  countScored(broken, () => {
    throw new Error('a bug in a signal')
  })
  const failed = await broken.inject({ method: 'POST', url: URL_PATH, headers: { accept: NDJSON }, payload: { items } })
  t.equal(failed.statusCode, 500)
  t.same(failed.json(), { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' })
})

t.test('an internal error after the first line: a last line saying only "Internal Server Error", the error in the log', async (t) => {
  const log: string[] = []
  const app = await buildApp({ logger: { level: 'info', stream: { write: (l: string) => log.push(l) } } })
  t.teardown(() => app.close())
  const counter = countScored(app, (n, score) => {
    if (n === STREAM_CHUNK_ITEMS + 3) throw new Error('a bug in a signal')
    return score()
  })
  const items = Array.from({ length: 100 }, (_, i) => ({ text: `Comment ${i} about the launch.`, remember: false }))
  const res = await app.inject({ method: 'POST', url: URL_PATH, headers: { accept: NDJSON }, payload: { items } })
  t.equal(res.statusCode, 200)
  const out = lines(res.body)
  t.equal(out.length, STREAM_CHUNK_ITEMS + 1, 'the first chunk, then the error line')
  t.same(out.at(-1), { error: { message: 'Internal Server Error' } })
  t.equal(counter.scored, STREAM_CHUNK_ITEMS + 3, 'nothing scored after the failure')
  t.ok(log.some((l) => l.includes('streamed batch failed') && l.includes('a bug in a signal')), 'the error is in the log')
})

t.test('a client that leaves mid-stream stops the scoring: no further chunks scored or remembered', async (t) => {
  const log: string[] = []
  const app = await buildApp({ logger: { level: 'info', stream: { write: (l: string) => log.push(l) } } })
  t.teardown(() => app.close())
  const counter = countScored(app, (_n, score) => {
    busy(5) // 1,000 texts: about 5 s, were the scoring not stopped
    return score()
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const items = Array.from({ length: 1000 }, (_, i) => ({ text: `Comment ${i} about the rollout.`, author: `a${i}` }))
  // node:http, not fetch: after an abort, fetch's pool opens a spare connection that holds app.close() until the keep-alive timeout
  const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: URL_PATH, headers: { 'content-type': 'application/json', accept: NDJSON } })
  req.on('error', () => {}) // the socket destroyed below
  req.end(JSON.stringify({ items }))
  const [res] = (await once(req, 'response')) as [IncomingMessage]
  await once(res, 'data')
  req.destroy() // the client leaves after the first lines
  const scored = await settled(() => counter.scored, 500)
  const remembered = await app.scoring.memory.store.size()
  t.comment(`scored ${scored}, remembered ${remembered} of 1,000 after the client left`)
  t.ok(scored < 1000, `${scored} of 1,000 texts scored: the scoring stopped`)
  // the chunk the client read, at most one taken by the stream ahead of it, and the one it stopped in
  t.ok(scored < 3 * STREAM_CHUNK_ITEMS, `no chunk was started after the client left (${scored} texts scored, chunks of ${STREAM_CHUNK_ITEMS})`)
  t.ok(remembered < 1000, `${remembered} of 1,000 remembered`)
  await delay(300)
  t.equal(counter.scored, scored, 'no more scored since')
  t.equal(await app.scoring.memory.store.size(), remembered, 'no more remembered since')
  t.notOk(log.some((l) => l.includes('streamed batch failed')), 'a client leaving is not an error')
})

t.test('a client that stops reading stops the scoring (backpressure), and it resumes when the client reads', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  // Lines of 50 kB each, 50 MB for the batch: far more than the socket buffers take while nobody reads.
  const counter = countScored(app, (_n, score) => {
    const result = score()
    result.warnings.push('w'.repeat(50_000))
    return result
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const body = JSON.stringify({ items: Array.from({ length: 1000 }, (_, i) => ({ text: `Great post number ${i}! Very timely.`, remember: false, explain: 'none' })) })
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: URL_PATH, headers: { 'content-type': 'application/json', accept: NDJSON } }, resolve)
    req.on('error', reject)
    req.end(body)
  })
  t.teardown(() => res.destroy())
  res.pause() // reads nothing for now
  const stalled = await settled(() => counter.scored, 500)
  t.comment(`scored while the client did not read: ${stalled} of 1,000`)
  t.ok(stalled < 1000, `the scoring waited for the reader after ${stalled} of 1,000 texts`)
  let count = 0
  res.on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 10) count++
  })
  res.resume()
  await new Promise((resolve) => res.on('end', resolve))
  t.equal(count, 1000, 'then every line came')
  t.equal(counter.scored, 1000)
})

t.test('Accept negotiation: NDJSON when asked for by name, at a q not below JSON\'s', async (t) => {
  const cases: Array<[string | undefined, boolean]> = [
    [undefined, false],
    ['', false],
    ['application/json', false],
    ['*/*', false],
    ['application/x-ndjson', true],
    ['Application/X-NDJSON; charset=utf-8', true],
    ['application/json, application/x-ndjson', true],
    ['application/x-ndjson, application/json;q=0.9', true],
    ['application/json, application/x-ndjson;q=0.5', false],
    ['application/x-ndjson;q=0', false],
    ['application/x-ndjson;q=nonsense', false],
    ['text/html, application/x-ndjson ; q=0.8', true],
  ]
  for (const [accept, streams] of cases) t.equal(wantsNdjson(accept), streams, JSON.stringify(accept))
})

t.test('the OpenAPI document shows both answers of the 200: the JSON object and the NDJSON line', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const doc = (await app.inject({ url: '/docs/json' })).json()
  const ok = doc.paths[URL_PATH].post.responses['200']
  t.same(ok.content['application/json'].schema, { $ref: '#/components/schemas/BatchResponse' })
  t.same(ok.content[NDJSON].schema, { $ref: '#/components/schemas/BatchLine' })
  const line = doc.components.schemas.BatchLine
  t.same(line.anyOf.map((s: { $ref: string }) => s.$ref.split('/').at(-1)), ['ItemScoreFull', 'ItemScoreFired', 'ItemScoreBrief', 'ItemError', 'BatchStreamError'])
  t.same(doc.components.schemas.BatchStreamError.required, ['error'])
  t.match(doc.paths[URL_PATH].post.description, /Accept: application\/x-ndjson/)
})
