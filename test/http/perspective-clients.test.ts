/**
 * Both Perspective npm clients against the real service over HTTP, with nothing changed but the
 * base URL: what a team moving off Google's Perspective API would do.
 *
 * How each client is pointed here (both hard-code https://commentanalyzer.googleapis.com):
 * - perspective-api-client@3.1.0 keeps the URL in a module constant (COMMENT_ANALYZER_URL) and
 *   posts with its own copy of axios (0.18, nested in its node_modules); no option sets the URL.
 *   A request interceptor on that axios instance, and only on it (found through the package's own
 *   require), swaps Google's origin for the test server's and leaves path, query (?key=), headers
 *   and body as the client built them. It is ejected when the test ends.
 * - @conversationai/perspectiveapi-js-client@1.0.1 builds the URL in its constructor into the
 *   instance field `perspectiveApiUrl` (private only to TypeScript) and reads it on every call.
 *   Setting that field on the one client instance is the whole change; no global is touched.
 *
 * What each client shows for an error depends on the client, not only on the answer:
 * perspective-api-client throws a ResponseError whose message is the answer's `error.message`
 * (Google's shape), so it shows the service's message. @conversationai/perspectiveapi-js-client
 * wraps axios' error in `new Error(error)` twice, which keeps only axios' own text ("Request failed
 * with status code 400") and drops the response; no answer can put the message in what it throws.
 * The test records what that client received (an observing interceptor on its axios, which changes
 * nothing) to show the message reached it, and asserts what it throws as it is.
 */
import t, { type Test } from 'tap'
import { createRequire } from 'node:module'
import { Client } from '@conversationai/perspectiveapi-js-client'
import { buildApp } from '../../src/http/app.js'
import { ATTRIBUTE_NAMES } from '../../src/http/perspective-schemas.js'
import { fixtureScorer } from './fixture-model.js'

const require = createRequire(import.meta.url)
const GOOGLE_ORIGIN = 'https://commentanalyzer.googleapis.com'
const KEY = 'perspective-clients-test-key'

/** The parts of axios (0.16 and 0.18) used here. */
interface AxiosConfig {
  url: string
}
interface AxiosResponse {
  status: number
  data: unknown
}
interface AxiosLike {
  interceptors: {
    request: { use(onFulfilled: (config: AxiosConfig) => AxiosConfig): number; eject(id: number): void }
    response: { use(onFulfilled: (response: AxiosResponse) => AxiosResponse, onRejected: (error: { response?: AxiosResponse }) => unknown): number; eject(id: number): void }
  }
}
/** The axios instance a package itself loads (each client has its own version). */
const axiosOf = (pkg: string) => createRequire(require.resolve(pkg))('axios') as AxiosLike

/** perspective-api-client@3.1.0 (no type declarations): the parts used here. */
interface PerspectiveApiClient {
  analyze(text: string, options?: { attributes?: string[]; doNotStore?: boolean }): Promise<{ attributeScores: Record<string, { summaryScore: { value: number } }> }>
}
const Perspective = require('perspective-api-client') as { new (options: { apiKey: string }): PerspectiveApiClient; ResponseError: new (...args: unknown[]) => Error }

const STOCK = 'Great post Bruce! Very timely. Thanks for sharing!'
const SPECIFIC = 'We moved our billing page to the new stack in March and the p99 went from 900 ms to 140 ms.'

async function listening(t: Test) {
  // API keys on, as a deployment that replaces Perspective would run: the clients send ?key=.
  const app = await buildApp({ scorer: fixtureScorer(), apiKeys: [KEY] })
  t.teardown(() => app.close())
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  return { app, base: `http://127.0.0.1:${port}` }
}

/** An answer of the route as the tests read it: scores, or Google's error. */
interface Answer {
  attributeScores: Record<string, { summaryScore: { value: number }; spanScores: Array<{ begin: number; end: number; score: unknown }> }>
  error: { code: number; status: string; message: string }
}

/** What the service answers to the same request sent by hand (doNotStore, as both clients send). */
async function direct(base: string, body: object) {
  const res = await fetch(`${base}/v1alpha1/comments:analyze?key=${KEY}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ doNotStore: true, ...body }) })
  return { status: res.status, body: (await res.json()) as Answer }
}

t.test('perspective-api-client, base URL changed: scores, and the service\'s message for a bad attribute or key', async (t) => {
  const { app, base } = await listening(t)
  const axios = axiosOf('perspective-api-client')
  const seen: string[] = []
  const id = axios.interceptors.request.use((config) => {
    seen.push(config.url)
    return config.url.startsWith(GOOGLE_ORIGIN) ? { ...config, url: base + config.url.slice(GOOGLE_ORIGIN.length) } : config
  })
  t.teardown(() => axios.interceptors.request.eject(id))

  const client = new Perspective({ apiKey: KEY })
  const stock = await client.analyze(STOCK, { attributes: ['TEMPLATED', 'GENERIC', 'AI_STYLE'] })
  t.ok(seen.every((url) => url === `${GOOGLE_ORIGIN}/v1alpha1/comments:analyze`), 'the client built Google\'s URL; only its origin was changed')
  t.same(Object.keys(stock.attributeScores).sort(), ['AI_STYLE', 'GENERIC', 'TEMPLATED'], "the service's attributes")
  const expected = await direct(base, { comment: { text: STOCK }, requestedAttributes: { TEMPLATED: {}, GENERIC: {}, AI_STYLE: {} } })
  t.same(stock, expected.body, 'the same answer as the request sent by hand')
  const specific = await client.analyze(SPECIFIC, { attributes: ['TEMPLATED'] })
  t.ok(stock.attributeScores.TEMPLATED.summaryScore.value > specific.attributeScores.TEMPLATED.summaryScore.value, 'the stock comment scores above the specific one')
  t.equal(await app.scoring.memory.store.size(), 0, 'the client sends doNotStore: true, and nothing was remembered')

  // The client's default attribute is Google's TOXICITY, which this service does not offer.
  const bad = await direct(base, { comment: { text: STOCK }, requestedAttributes: { TOXICITY: {} } })
  t.equal(bad.status, 400)
  t.match(bad.body, { error: { code: 400, status: 'INVALID_ARGUMENT', message: /attribute TOXICITY does not exist/ } })
  const thrown = await client.analyze(STOCK).then(
    () => undefined,
    (err: Error) => err,
  )
  t.type(thrown, Perspective.ResponseError)
  t.equal(thrown?.message, bad.body.error.message, "the client's error message is the service's message")
  t.match(thrown?.message, new RegExp(`must be among ${ATTRIBUTE_NAMES.join(', ')}`), 'which says what to send instead')

  const wrongKey = await new Perspective({ apiKey: 'not-a-key' }).analyze(STOCK, { attributes: ['GENERIC'] }).then(
    () => undefined,
    (err: Error) => err,
  )
  t.equal(wrongKey?.message, 'the API key is not valid', 'a refused key: the service\'s 401 message')
})

t.test('@conversationai/perspectiveapi-js-client, base URL changed: scores; a bad attribute is a 400 whose message the client drops', async (t) => {
  const { base } = await listening(t)
  const client = new Client(KEY)
  // The one change: the URL the constructor built from Google's, with the same path and ?key=.
  const field = client as unknown as { perspectiveApiUrl: string }
  t.equal(field.perspectiveApiUrl, `${GOOGLE_ORIGIN}/v1alpha1/comments:analyze?key=${KEY}`, 'test premise: the field holds Google\'s URL')
  field.perspectiveApiUrl = base + field.perspectiveApiUrl.slice(GOOGLE_ORIGIN.length)

  const scores = await client.getScores(STOCK, { attributes: ['TEMPLATED', 'UNSUBSTANTIAL'] })
  const expected = await direct(base, { comment: { text: STOCK }, requestedAttributes: { TEMPLATED: {}, UNSUBSTANTIAL: {} }, languages: ['en'] })
  t.same(scores, { TEMPLATED: expected.body.attributeScores.TEMPLATED.summaryScore.value, UNSUBSTANTIAL: expected.body.attributeScores.UNSUBSTANTIAL.summaryScore.value }, "the service's scores, as numbers")
  const specific = await client.getScores(SPECIFIC, { attributes: ['TEMPLATED'] })
  t.ok(scores.TEMPLATED > specific.TEMPLATED, 'the stock comment scores above the specific one')

  // Observe, without changing, what the client's axios receives.
  const axios = axiosOf('@conversationai/perspectiveapi-js-client')
  const received: unknown[] = []
  const id = axios.interceptors.response.use(
    (response) => response,
    (error) => {
      received.push(error.response?.data)
      throw error
    },
  )
  t.teardown(() => axios.interceptors.response.eject(id))
  // The client's default attributes are Google's SPAM and TOXICITY.
  const thrown = await client.getScores(STOCK).then(
    () => undefined,
    (err: Error) => err,
  )
  t.match(received, [{ error: { code: 400, status: 'INVALID_ARGUMENT', message: /^requestedAttributes: attributes SPAM, TOXICITY do not exist: requested attributes must be among / } }], 'the answer it received is Google-shaped, with the message')
  t.match(thrown?.message, /Request failed with status code 400$/, 'what it throws keeps only the status: the client discards the answer (new Error(error))')
})

t.test('over HTTP: Google-shaped errors for a bad attribute, invalid JSON, a missing comment.text and a bad key; unknown fields ignored', async (t) => {
  const { base } = await listening(t)
  const post = async (body: string, query = `?key=${KEY}`) => {
    const res = await fetch(`${base}/v1alpha1/comments:analyze${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    return { status: res.status, body: (await res.json()) as { error: { code: number; status: string; message: string } } }
  }
  const shape = (res: { status: number; body: { error: object } }) => [Object.keys(res.body), Object.keys(res.body.error).sort()]
  const cases: Array<[string, Awaited<ReturnType<typeof post>>, number, string, RegExp]> = [
    ['bad attribute', await post(JSON.stringify({ comment: { text: STOCK }, requestedAttributes: { FLIRTATION: {} } })), 400, 'INVALID_ARGUMENT', /^requestedAttributes: attribute FLIRTATION does not exist/],
    ['invalid JSON', await post('{"comment": {"text": "hi"'), 400, 'INVALID_ARGUMENT', /^body is not valid JSON \(.*\): send one JSON object$/],
    ['missing comment.text', await post(JSON.stringify({ comment: {}, requestedAttributes: { GENERIC: {} } })), 400, 'INVALID_ARGUMENT', /^comment\.text: missing/],
    ['no key', await post(JSON.stringify({ comment: { text: STOCK }, requestedAttributes: { GENERIC: {} } }), ''), 401, 'UNAUTHENTICATED', /needs an API key/],
    ['wrong key', await post(JSON.stringify({ comment: { text: STOCK }, requestedAttributes: { GENERIC: {} } }), '?key=nope'), 401, 'UNAUTHENTICATED', /^the API key is not valid$/],
  ]
  for (const [name, res, status, google, message] of cases) {
    t.equal(res.status, status, name)
    t.same(shape(res), [['error'], ['code', 'message', 'status']], `${name}: Google's shape`)
    t.equal(res.body.error.code, status, `${name}: code`)
    t.equal(res.body.error.status, google, `${name}: status`)
    t.match(res.body.error.message, message, `${name}: ${res.body.error.message}`)
  }
  const request = { comment: { text: SPECIFIC }, requestedAttributes: { TEMPLATED: {} }, spanAnnotations: true, doNotStore: true }
  const plain = await post(JSON.stringify(request))
  const noisy = await post(JSON.stringify({ ...request, comment: { ...request.comment, lang: 'en' }, requestedAttributes: { TEMPLATED: { explain: true } }, botId: 42 }))
  t.equal(noisy.status, 200, 'unknown fields are not an error')
  t.same(noisy.body, plain.body, 'and change nothing')
})

t.test('over HTTP: an HTML comment is scored as its text, with span offsets in the HTML as sent', async (t) => {
  const { base } = await listening(t)
  const html = '<p>Great post <b>Bruce</b>! Very&nbsp;timely.</p><p>We moved our <a href="/billing?a=1&amp;b=2">billing page</a> in March &amp; p99 fell to 140&#8239;ms.</p>'
  const text = 'Great post Bruce! Very\u00a0timely.\n\nWe moved our billing page in March & p99 fell to 140\u202fms.'
  const ask = (comment: object) => direct(base, { comment, requestedAttributes: { TEMPLATED: {} }, spanAnnotations: true })
  const fromHtml = await ask({ text: html, type: 'HTML' })
  const fromText = await ask({ text })
  t.equal(fromHtml.status, 200)
  const h = fromHtml.body.attributeScores.TEMPLATED
  const p = fromText.body.attributeScores.TEMPLATED
  t.equal(h.summaryScore.value, p.summaryScore.value, 'the HTML scores as its text')
  const cut = (s: string, spans: Array<{ begin: number; end: number }>) => spans.map((x) => s.slice(x.begin, x.end))
  t.same(cut(text, p.spanScores), ['Great post Bruce!', 'Very\u00a0timely.', 'We moved our billing page in March & p99 fell to 140\u202fms.'], 'test premise: three sentences in the text')
  t.same(
    cut(html, h.spanScores),
    ['Great post <b>Bruce</b>!', 'Very&nbsp;timely.', 'We moved our <a href="/billing?a=1&amp;b=2">billing page</a> in March &amp; p99 fell to 140&#8239;ms.'],
    'the same sentences, cut from the HTML by the offsets',
  )
  t.same(
    h.spanScores.map((s) => s.score),
    p.spanScores.map((s) => s.score),
    'with the same scores',
  )
})
