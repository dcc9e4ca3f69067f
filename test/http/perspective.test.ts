import t from 'tap'
import { readFileSync } from 'node:fs'
import type { InjectOptions } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import { scoreInputOf, toIso6391, utf16Offsets } from '../../src/http/routes/perspective.js'
import { AnalyzeCommentRequestSchema } from '../../src/http/perspective-schemas.js'
import { fixtureScorer } from './fixture-model.js'

const seed = JSON.parse(readFileSync(new URL('../../../shared/data/seed-thread.json', import.meta.url), 'utf8')) as {
  post: { text: string }
  comments: Array<{ text: string }>
}
const URL_ = '/v1alpha1/comments:analyze'
// doNotStore by default: the same text scored again must not meet itself in the template memory.
const analyze = (payload: object, url = URL_): InjectOptions => ({ method: 'POST', url, payload: { doNotStore: true, ...payload } })
const native = (payload: object): InjectOptions => ({ method: 'POST', url: '/v1/score', payload: { remember: false, ...payload } })
const cpSlice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('')
// Tests whose premise is a direction of the score (which sentence is more AI-style, that a repeat
// raises GENERIC) use the fixed fixture model, so a refit of the committed weights cannot move them.
const withFixture = () => buildApp({ scorer: fixtureScorer() })

t.test("Perspective's own documented request gets a Perspective-shaped answer", async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  // The AnalyzeComment example of conversationai/perspectiveapi 2-api/methods.md, asking for
  // UNSUBSTANTIAL (which this service offers) with span annotations.
  const text = 'What kind of idiot name is foo? Sorry, I like your name.'
  const payload = { comment: { text }, languages: ['en'], requestedAttributes: { UNSUBSTANTIAL: {} }, spanAnnotations: true }
  const res = await app.inject({ method: 'POST', url: URL_, payload })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(Object.keys(body).sort(), ['attributeScores', 'detectedLanguages', 'languages'])
  t.same(Object.keys(body.attributeScores), ['UNSUBSTANTIAL'], 'attribute names mirror the request')
  const u = body.attributeScores.UNSUBSTANTIAL
  t.equal(u.summaryScore.type, 'PROBABILITY')
  t.ok(u.summaryScore.value >= 0 && u.summaryScore.value <= 1)
  t.same(
    u.spanScores.map((s: { begin: number; end: number }) => [s.begin, s.end]),
    [
      [0, 31],
      [32, 56],
    ],
    'one span per sentence, as in the documented example ("What kind of idiot name is foo?" is [0,31))',
  )
  for (const s of u.spanScores) t.same(Object.keys(s.score).sort(), ['type', 'value'])
  t.same(body.languages, ['en'])
  t.same(body.detectedLanguages, ['en'])
})

t.test('attributes map onto the score: TEMPLATED = score, AI_STYLE and GENERIC = dimensions, UNSUBSTANTIAL = GENERIC', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  for (const comment of [seed.comments[0].text, seed.comments[4].text]) {
    const scored = (await app.inject(native({ text: comment, kind: 'comment', parent: seed.post.text }))).json()
    const res = await app.inject(
      analyze({
        comment: { text: comment },
        context: { entries: [{ text: seed.post.text }] },
        requestedAttributes: { TEMPLATED: {}, AI_STYLE: {}, GENERIC: {}, UNSUBSTANTIAL: {} },
      }),
    )
    t.equal(res.statusCode, 200)
    const scores = res.json().attributeScores
    t.equal(scores.TEMPLATED.summaryScore.value, scored.score)
    t.equal(scores.AI_STYLE.summaryScore.value, scored.dimensions.aiStyle)
    t.equal(scores.GENERIC.summaryScore.value, scored.dimensions.generic)
    t.same(scores.UNSUBSTANTIAL, scores.GENERIC)
    t.notOk('spanScores' in scores.TEMPLATED, 'no spans unless spanAnnotations is true')
  }
})

t.test('the seed thread through the Perspective endpoint: stock praise scores above the real answer', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const value = async (text: string) =>
    (await app.inject(analyze({ comment: { text }, context: { entries: [{ text: seed.post.text }] }, requestedAttributes: { TEMPLATED: {} } }))).json()
      .attributeScores.TEMPLATED.summaryScore.value
  const stock = await value(seed.comments[0].text)
  const answer = await value(seed.comments[seed.comments.length - 1].text)
  t.ok(stock > answer, `the stock praise (${stock}) scores above the specific answer (${answer}), with the committed model`)
})

t.test('span scores are per sentence, in UTF-16 code units, with per-attribute values', async (t) => {
  const app = await withFixture()
  t.teardown(() => app.close())
  const text = '🚀🚀 Great post Bruce! Very timely. Moreover, it is important to note that this delves into a rich tapestry of ideas.'
  const scored = (await app.inject(native({ text, kind: 'comment' }))).json()
  const body = (await app.inject(analyze({ comment: { text }, requestedAttributes: { TEMPLATED: {}, AI_STYLE: {}, GENERIC: {} }, spanAnnotations: true }))).json()
  const templated = body.attributeScores.TEMPLATED.spanScores
  t.equal(templated.length, scored.sentences.length)
  scored.sentences.forEach((s: { start: number; end: number; score: number }, i: number) => {
    t.equal(text.slice(templated[i].begin, templated[i].end), cpSlice(text, s.start, s.end), `sentence ${i}: UTF-16 offsets cut the same text`)
    t.equal(templated[i].score.value, s.score, `sentence ${i}: TEMPLATED span = /v1/score sentence score`)
  })
  t.ok(templated[1].begin > scored.sentences[1].start, 'after the two emoji, UTF-16 offsets run ahead of code points')
  const ai = body.attributeScores.AI_STYLE.spanScores.map((s: { score: { value: number } }) => s.score.value)
  const generic = body.attributeScores.GENERIC.spanScores.map((s: { score: { value: number } }) => s.score.value)
  const last = ai.length - 1
  t.ok(ai[last] > ai[0], 'the "Moreover, it is important to note ... delves ... tapestry" sentence is the most AI-style')
  t.ok(generic[0] > generic[last], 'the stock praise is more generic than the expository sentence')
  for (const v of [...ai, ...generic]) t.ok(v >= 0 && v <= 1)
})

t.test('scoreThreshold leaves out the scores below it, and an attribute with none left', async (t) => {
  const app = await withFixture()
  t.teardown(() => app.close())
  const text = seed.comments[4].text
  const all = (await app.inject(analyze({ comment: { text }, requestedAttributes: { TEMPLATED: {} }, spanAnnotations: true }))).json().attributeScores.TEMPLATED
  const summary = all.summaryScore.value
  const spans = all.spanScores.map((s: { score: { value: number } }) => s.score.value)
  const cut = [...spans].sort((a: number, b: number) => a - b)[Math.floor(spans.length / 2)]
  t.ok(cut > summary, 'test premise: the median sentence scores above the whole (an authentic text)')
  const body = (
    await app.inject(analyze({ comment: { text }, requestedAttributes: { TEMPLATED: { scoreThreshold: cut }, GENERIC: { scoreThreshold: 1 }, AI_STYLE: { scoreThreshold: summary } }, spanAnnotations: true }))
  ).json()
  t.notOk('summaryScore' in body.attributeScores.TEMPLATED, 'a summary below the threshold is left out')
  t.same(
    body.attributeScores.TEMPLATED.spanScores.map((s: { score: { value: number } }) => s.score.value),
    spans.filter((v: number) => v >= cut),
    'spans below the threshold are left out; a span at it stays',
  )
  t.notOk('GENERIC' in body.attributeScores, 'nothing at or above 1: the attribute is left out')
  t.ok(body.attributeScores.AI_STYLE, 'a threshold of 0..1 only drops what is below it')
  const zero = (await app.inject(analyze({ comment: { text }, requestedAttributes: { TEMPLATED: { scoreThreshold: 0 } } }))).json()
  t.equal(zero.attributeScores.TEMPLATED.summaryScore.value, summary)
})

t.test('clientToken is echoed, languages mirrored or detected', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const english = 'I went to the market on Tuesday and the prices were higher than I expected for apples.'
  const withToken = (await app.inject(analyze({ comment: { text: english }, requestedAttributes: { GENERIC: {} }, clientToken: 'comment-53922' }))).json()
  t.equal(withToken.clientToken, 'comment-53922')
  t.same(withToken.languages, ['en'], 'no languages in the request: the detected one')
  t.same(withToken.detectedLanguages, ['en'])
  const without = (await app.inject(analyze({ comment: { text: english }, requestedAttributes: { GENERIC: {} } }))).json()
  t.notOk('clientToken' in without)
  const mirrored = (await app.inject(analyze({ comment: { text: english }, requestedAttributes: { GENERIC: {} }, languages: ['en', 'es'] }))).json()
  t.same(mirrored.languages, ['en', 'es'], "the request's languages are mirrored")
  const empty = (await app.inject(analyze({ comment: { text: english }, requestedAttributes: { GENERIC: {} }, languages: [] }))).json()
  t.same(empty.languages, ['en'], 'an empty list counts as none')
  const short = (await app.inject(analyze({ comment: { text: 'ok 👍' }, requestedAttributes: { GENERIC: {} } }))).json()
  t.same(short.languages, ['und'], 'too short to tell')
  t.same(short.detectedLanguages, [])
  const french = 'Ceci est un commentaire écrit en français, qui parle de la pluie et du beau temps à Paris cette semaine.'
  t.same((await app.inject(analyze({ comment: { text: french }, requestedAttributes: { GENERIC: {} } }))).json().detectedLanguages, ['fr'])
  t.equal(toIso6391('eng'), 'en')
  t.equal(toIso6391('fuv'), 'fuv', 'no two-letter code: the three-letter one stays')
})

t.test('context is the parent post: entries[0], else articleAndParentComment', async (t) => {
  const app = await withFixture()
  t.teardown(() => app.close())
  const text = seed.comments[0].text
  const parent = seed.post.text
  const scored = (await app.inject(native({ text, kind: 'comment', parent }))).json()
  const alone = (await app.inject(native({ text, kind: 'comment' }))).json()
  t.not(scored.score, alone.score, 'test premise: the parent changes the score')
  const value = async (context: object | undefined) =>
    (await app.inject(analyze({ comment: { text }, requestedAttributes: { TEMPLATED: {} }, ...(context && { context }) }))).json().attributeScores.TEMPLATED.summaryScore.value
  t.equal(await value({ entries: [{ text: parent, type: 'PLAIN_TEXT' }, { text: 'a later entry is not the parent' }] }), scored.score)
  t.equal(await value({ articleAndParentComment: { parentComment: { text: parent } } }), scored.score)
  t.equal(await value({ articleAndParentComment: { article: { text: parent } } }), scored.score)
  t.equal(await value(undefined), alone.score, 'no context: a comment on its own')
  t.equal(await value({ entries: [] }), alone.score)
})

t.test('doNotStore: true means remember: false, through the same template memory as /v1/score', async (t) => {
  const parse = (extra: object) => AnalyzeCommentRequestSchema.parse({ comment: { text: 'hello there' }, requestedAttributes: { GENERIC: {} }, ...extra })
  t.equal(scoreInputOf(parse({ doNotStore: true })).remember, false)
  t.equal(scoreInputOf(parse({ doNotStore: false })).remember, true)
  t.equal(scoreInputOf(parse({})).remember, true, "Perspective's default: the text may be stored")
  t.same(scoreInputOf(parse({})).input, { text: 'hello there', kind: 'comment', parent: undefined })

  const app = await withFixture()
  t.teardown(() => app.close())
  const payload = { comment: { text: seed.comments[2].text }, requestedAttributes: { GENERIC: {} }, spanAnnotations: true }
  const send = (extra: object) => app.inject({ method: 'POST', url: URL_, payload: { ...payload, ...extra } })
  for (let i = 0; i < 4; i++) t.equal((await send({ doNotStore: true })).statusCode, 200)
  t.equal(await app.scoring.memory.store.size(), 0, 'doNotStore: nothing remembered')
  // Anonymous submissions count as sources by their parent post: the same comment under three posts.
  const under = (article: string) => ({ context: { entries: [{ text: article }] } })
  const articles = ['Our team shipped the new billing page today.', 'We moved the office to Leeds last month.', 'The conference talks are now online.']
  const first = (await send(under(articles[0]))).json().attributeScores.GENERIC.summaryScore.value
  t.equal(await app.scoring.memory.store.size(), 1, 'without doNotStore the text is remembered')
  await send(under(articles[0]))
  t.equal((await send({ ...under(articles[0]), doNotStore: true })).json().attributeScores.GENERIC.summaryScore.value, first, 'sent again under the same post: one source, nothing repeated')
  await send(under(articles[1]))
  await send(under(articles[2]))
  const repeated = (await send({ ...under(articles[0]), doNotStore: true })).json().attributeScores.GENERIC.summaryScore.value
  t.ok(repeated > first, `the repeated-template signal counts remembered sources (${first} → ${repeated})`)
})

t.test('the literal colon: only comments:analyze matches, with or without ?key=', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const payload = { comment: { text: 'hello there' }, requestedAttributes: { GENERIC: {} } }
  t.equal((await app.inject(analyze(payload))).statusCode, 200)
  t.equal((await app.inject(analyze(payload, `${URL_}?key=any-key-when-none-are-configured`))).statusCode, 200)
  for (const url of ['/v1alpha1/commentsXYZ', '/v1alpha1/comments', '/v1alpha1/comments:suggestscore', '/v1alpha1/comments:analyzed']) {
    const res = await app.inject(analyze(payload, url))
    t.equal(res.statusCode, 404, url)
    t.match(res.json().message, /no route POST/)
  }
})

t.test('fields a Perspective client may also send are accepted and ignored', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const res = await app.inject(
    analyze({
      comment: { text: 'hello there, friends', type: 'PLAIN_TEXT' },
      requestedAttributes: { GENERIC: { scoreType: 'PROBABILITY' }, AI_STYLE: { scoreType: 'SCORE_TYPE_UNSPECIFIED' } },
      sessionId: '12345',
      communityId: '/forum/movies',
      spanAnnotations: false,
      doNotStore: true,
      somethingNew: 1,
    }),
  )
  t.equal(res.statusCode, 200)
  t.same(Object.keys(res.json().attributeScores).sort(), ['AI_STYLE', 'GENERIC'])
})

t.test('errors: the project envelope, naming what is wrong', async (t) => {
  const app = await buildApp({ bodyLimitBytes: 100_000 })
  t.teardown(() => app.close())
  const text = { text: 'hello there' }
  const cases: Array<{ name: string; req: InjectOptions; status: number; message: RegExp }> = [
    { name: 'unknown attribute', req: analyze({ comment: text, requestedAttributes: { TOXICITY: {}, GENERIC: {} } }), status: 400, message: /body\.requestedAttributes: unknown attribute "TOXICITY": this service offers AI_STYLE, GENERIC, TEMPLATED, UNSUBSTANTIAL$/ },
    { name: 'lower-case attribute', req: analyze({ comment: text, requestedAttributes: { generic: {} } }), status: 400, message: /unknown attribute "generic"/ },
    { name: 'no attribute', req: analyze({ comment: text, requestedAttributes: {} }), status: 400, message: /body\.requestedAttributes: request at least one attribute/ },
    { name: 'missing requestedAttributes', req: analyze({ comment: text }), status: 400, message: /body\.requestedAttributes/ },
    { name: 'missing comment', req: analyze({ requestedAttributes: { GENERIC: {} } }), status: 400, message: /body\.comment/ },
    { name: 'blank text', req: analyze({ comment: { text: '  ' }, requestedAttributes: { GENERIC: {} } }), status: 400, message: /body\.comment\.text: .*not white space/ },
    { name: 'text too long', req: analyze({ comment: { text: 'a'.repeat(20_001) }, requestedAttributes: { GENERIC: {} } }), status: 400, message: /body\.comment\.text: .*at most 20000/ },
    { name: 'HTML', req: analyze({ comment: { text: '<p>hi</p>', type: 'HTML' }, requestedAttributes: { GENERIC: {} } }), status: 400, message: /body\.comment\.type: only PLAIN_TEXT/ },
    { name: 'other score type', req: analyze({ comment: text, requestedAttributes: { GENERIC: { scoreType: 'RAW' } } }), status: 400, message: /body\.requestedAttributes\.GENERIC\.scoreType: only PROBABILITY/ },
    { name: 'threshold above 1', req: analyze({ comment: text, requestedAttributes: { GENERIC: { scoreThreshold: 1.5 } } }), status: 400, message: /body\.requestedAttributes\.GENERIC\.scoreThreshold/ },
    { name: 'both kinds of context', req: analyze({ comment: text, requestedAttributes: { GENERIC: {} }, context: { entries: [], articleAndParentComment: {} } }), status: 400, message: /body\.context: populate only one/ },
    { name: 'context text too long', req: analyze({ comment: text, requestedAttributes: { GENERIC: {} }, context: { entries: [{ text: 'a'.repeat(20_001) }] } }), status: 400, message: /body\.context\.entries\.0\.text/ },
    { name: 'doNotStore not boolean', req: analyze({ comment: text, requestedAttributes: { GENERIC: {} }, doNotStore: 'yes' }), status: 400, message: /body\.doNotStore/ },
    { name: 'malformed JSON', req: { method: 'POST', url: URL_, headers: { 'content-type': 'application/json' }, payload: '{"comment": ' }, status: 400, message: /not valid JSON/ },
    { name: 'too large', req: analyze({ comment: { text: 'a'.repeat(150_000) }, requestedAttributes: { GENERIC: {} } }), status: 413, message: /limit of 100000 bytes/ },
    { name: 'not JSON', req: { method: 'POST', url: URL_, headers: { 'content-type': 'text/plain' }, payload: 'hello' }, status: 415, message: /application\/json/ },
  ]
  for (const c of cases) {
    const res = await app.inject(c.req)
    t.equal(res.statusCode, c.status, c.name)
    const body = res.json()
    t.same(Object.keys(body).sort(), ['error', 'message', 'statusCode'], `${c.name}: one envelope`)
    t.match(body.message, c.message, `${c.name}: ${body.message}`)
  }
})

t.test('neither the comment, its context nor the key reaches the logs', async (t) => {
  const lines: string[] = []
  const app = await buildApp({ logger: { level: 'trace', stream: { write: (l: string) => lines.push(l) } } })
  t.teardown(() => app.close())
  const secret = 'zq9-perspective-marker-5512'
  await app.inject(analyze({ comment: { text: `Great post ${secret}!` }, context: { entries: [{ text: secret }] }, requestedAttributes: { GENERIC: {} } }, `${URL_}?key=${secret}`))
  await app.inject(analyze({ comment: { text: secret }, requestedAttributes: { [secret]: {} } }, `${URL_}?key=${secret}`))
  t.ok(lines.length >= 2)
  t.notOk(lines.some((l) => l.includes(secret)), 'no log line holds the text or the key')
  t.ok(lines.some((l) => l.includes('"route":"/v1alpha1/comments::analyze"')), 'requests are logged by route')
})

t.test('the endpoint is in the OpenAPI document under its real path, with both key forms', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  await app.ready()
  const doc = app.swagger() as { paths: Record<string, { post?: { security?: unknown; tags?: string[] } }> }
  const op = doc.paths['/v1alpha1/comments:analyze']?.post
  t.ok(op, 'documented as /v1alpha1/comments:analyze')
  t.same(op?.tags, ['perspective'])
  t.same(op?.security, [{ bearerAuth: [] }, { queryKey: [] }], 'Bearer or ?key=')
})

t.test('with API keys configured: ?key= as Perspective clients send it, or the Bearer header', async (t) => {
  const app = await buildApp({ apiKeys: ['k-perspective-1', 'k-other'] })
  t.teardown(() => app.close())
  const payload = { comment: { text: 'hello there' }, requestedAttributes: { GENERIC: {} }, doNotStore: true }
  const post = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload, headers })
  t.equal((await post(`${URL_}?key=k-perspective-1`)).statusCode, 200, '?key=')
  t.equal((await post(URL_, { authorization: 'Bearer k-other' })).statusCode, 200, 'Authorization: Bearer')
  const missing = await post(URL_)
  t.equal(missing.statusCode, 401)
  t.match(missing.json().message, /\?key=<key>/, 'the 401 says the query form works here')
  t.equal((await post(`${URL_}?key=wrong`)).statusCode, 401)
  const score = await app.inject({ method: 'POST', url: '/v1/score?key=k-perspective-1', payload: { text: 'hello there' } })
  t.equal(score.statusCode, 401, '/v1/score keeps to the Bearer header')
  t.equal((await app.inject({ method: 'GET', url: '/' })).statusCode, 200, 'the playground page stays open')
})

t.test('utf16Offsets maps code points to UTF-16 units', async (t) => {
  const at = utf16Offsets('a😀b')
  t.same([0, 1, 2, 3].map(at), [0, 1, 3, 4])
  t.equal(utf16Offsets('')(0), 0)
})
