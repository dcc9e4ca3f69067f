import t, { type Test } from 'tap'
import { readFileSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'
import type { InjectOptions } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import { htmlToText, scoreInputOf, toIso6391, toPerspectiveError, utf16Offsets } from '../../src/http/routes/perspective.js'
import { AnalyzeCommentRequestSchema, ATTRIBUTE_NAMES } from '../../src/http/perspective-schemas.js'
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
  t.equal(await value({ entries: [{ type: 'HTML' }, { text: parent }] }), alone.score, 'an entry without text: no parent, not an error')
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
    t.match(res.json().message, /no route POST/, 'not this route: the app\'s 404 in its envelope')
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
    }),
  )
  t.equal(res.statusCode, 200)
  t.same(Object.keys(res.json().attributeScores).sort(), ['AI_STYLE', 'GENERIC'])
})

t.test('unknown fields are ignored at every level, as on Perspective (the /v1 routes may be strict; this one is not)', async (t) => {
  const app = await withFixture()
  t.teardown(() => app.close())
  const text = seed.comments[0].text
  const plain = { comment: { text }, context: { entries: [{ text: seed.post.text }] }, requestedAttributes: { TEMPLATED: {}, GENERIC: { scoreThreshold: 0 } }, spanAnnotations: true }
  const noisy = {
    comment: { text, parnet: 'a typo', format: 'markdown' },
    context: { entries: [{ text: seed.post.text, author: 'bruce' }], thread: 7 },
    requestedAttributes: { TEMPLATED: { explain: 'full' }, GENERIC: { scoreThreshold: 0, weight: 2 } },
    spanAnnotations: true,
    somethingNew: 1,
    __future: { nested: [1, 2] },
  }
  const expected = await app.inject(analyze(plain))
  const res = await app.inject(analyze(noisy))
  t.equal(expected.statusCode, 200)
  t.equal(res.statusCode, 200, 'unknown fields are not a 400')
  t.same(res.json(), expected.json(), 'and change nothing in the answer')
  t.notOk(JSON.stringify(res.json()).includes('somethingNew'), 'nor are they echoed')
  // The same kind of typo on /v1/score, for contrast, whatever that route decides about it.
  const strict = await app.inject(native({ text, parnet: 'a typo' }))
  t.ok([200, 400].includes(strict.statusCode))
})

/** A Google-shaped error: `{ error: { code, message, status } }` and nothing else, `code` the HTTP status. */
function googleError(t: Test, res: { statusCode: number; json(): unknown }, status: string, message: RegExp, name: string) {
  const body = res.json() as { error: { code: number; message: string; status: string } }
  t.same(Object.keys(body), ['error'], `${name}: one top-level field, error`)
  t.same(Object.keys(body.error).sort(), ['code', 'message', 'status'], `${name}: code, message, status`)
  t.equal(body.error.code, res.statusCode, `${name}: code is the HTTP status`)
  t.equal(body.error.status, status, name)
  t.match(body.error.message, message, `${name}: ${body.error.message}`)
}

t.test("errors: Google's shape, the HTTP status kept, the message naming what to fix", async (t) => {
  const app = await buildApp({ bodyLimitBytes: 100_000 })
  t.teardown(() => app.close())
  const text = { text: 'hello there' }
  const all = ATTRIBUTE_NAMES.join(', ')
  const cases: Array<{ name: string; req: InjectOptions; status: number; google?: string; message: RegExp }> = [
    { name: 'unknown attribute', req: analyze({ comment: text, requestedAttributes: { TOXICITY: {}, GENERIC: {} } }), status: 400, message: new RegExp(`^requestedAttributes: attribute TOXICITY does not exist: requested attributes must be among ${all}$`) },
    { name: 'two unknown attributes', req: analyze({ comment: text, requestedAttributes: { TOXICITY: {}, SPAM: {} } }), status: 400, message: /^requestedAttributes: attributes TOXICITY, SPAM do not exist/ },
    { name: 'lower-case attribute', req: analyze({ comment: text, requestedAttributes: { generic: {} } }), status: 400, message: /attribute generic does not exist/ },
    { name: 'attributes not a map', req: analyze({ comment: text, requestedAttributes: ['GENERIC'] }), status: 400, message: /^requestedAttributes: .*expected record/ },
    { name: 'no attribute', req: analyze({ comment: text, requestedAttributes: {} }), status: 400, message: /^requestedAttributes: request at least one attribute/ },
    { name: 'missing requestedAttributes', req: analyze({ comment: text }), status: 400, message: new RegExp(`^requestedAttributes: missing: request at least one attribute, e\\.g\\. \\{"TEMPLATED": \\{\\}\\}, among ${all}$`) },
    { name: 'missing comment', req: analyze({ requestedAttributes: { GENERIC: {} } }), status: 400, message: /^comment: missing: send \{"text": "the comment to score"\}$/ },
    { name: 'comment not an object', req: analyze({ comment: 'hello', requestedAttributes: { GENERIC: {} } }), status: 400, message: /^comment: expected an object/ },
    { name: 'missing comment.text', req: analyze({ comment: {}, requestedAttributes: { GENERIC: {} } }), status: 400, message: /^comment\.text: missing: send the comment to score as a string$/ },
    { name: 'comment.text a number', req: analyze({ comment: { text: 7 }, requestedAttributes: { GENERIC: {} } }), status: 400, message: /^comment\.text: expected a string/ },
    { name: 'blank text', req: analyze({ comment: { text: '  ' }, requestedAttributes: { GENERIC: {} } }), status: 400, message: /^comment\.text: Comment must be non-empty: send at least one character that is not white space$/ },
    { name: 'text too long', req: analyze({ comment: { text: 'a'.repeat(20_001) }, requestedAttributes: { GENERIC: {} } }), status: 400, message: /^comment\.text: Comment text too long: at most 20000 characters/ },
    { name: 'other text type', req: analyze({ comment: { text: 'hi', type: 'MARKDOWN' }, requestedAttributes: { GENERIC: {} } }), status: 400, message: /^comment\.type: unknown text type: send one of PLAIN_TEXT, HTML, TEXT_TYPE_UNSPECIFIED$/ },
    { name: 'HTML without text', req: analyze({ comment: { text: '<p> <img src="a.png"> </p><script>Great post!</script>', type: 'HTML' }, requestedAttributes: { GENERIC: {} } }), status: 400, message: /^comment\.text: Comment must be non-empty: the HTML holds no text/ },
    { name: 'other score type', req: analyze({ comment: text, requestedAttributes: { GENERIC: { scoreType: 'RAW' } } }), status: 400, message: /^requestedAttributes\.GENERIC\.scoreType: only PROBABILITY/ },
    { name: 'threshold above 1', req: analyze({ comment: text, requestedAttributes: { GENERIC: { scoreThreshold: 1.5 } } }), status: 400, message: /^requestedAttributes\.GENERIC\.scoreThreshold/ },
    { name: 'two faults', req: analyze({ comment: { text: ' ' }, requestedAttributes: { GENERIC: { scoreThreshold: 2 } } }), status: 400, message: /^comment\.text: .*; requestedAttributes\.GENERIC\.scoreThreshold: / },
    { name: 'both kinds of context', req: analyze({ comment: text, requestedAttributes: { GENERIC: {} }, context: { entries: [], articleAndParentComment: {} } }), status: 400, message: /^context: populate only one/ },
    { name: 'context text a number', req: analyze({ comment: text, requestedAttributes: { GENERIC: {} }, context: { entries: [{ text: 7 }] } }), status: 400, message: /^context\.entries\.0\.text: expected a string/ },
    { name: 'context text too long', req: analyze({ comment: text, requestedAttributes: { GENERIC: {} }, context: { entries: [{ text: 'a'.repeat(20_001) }] } }), status: 400, message: /^context\.entries\.0\.text: context text too long/ },
    { name: 'context of another type', req: analyze({ comment: text, requestedAttributes: { GENERIC: {} }, context: { entries: [{ text: 'x', type: 'PDF' }] } }), status: 400, message: /^context\.entries\.0\.type: unknown text type/ },
    { name: 'doNotStore not boolean', req: analyze({ comment: text, requestedAttributes: { GENERIC: {} }, doNotStore: 'yes' }), status: 400, message: /^doNotStore: / },
    { name: 'body not an object', req: { method: 'POST', url: URL_, payload: [1, 2] }, status: 400, message: /expected object/ },
    { name: 'malformed JSON', req: { method: 'POST', url: URL_, headers: { 'content-type': 'application/json' }, payload: '{"comment": ' }, status: 400, message: /not valid JSON/ },
    { name: 'empty body', req: { method: 'POST', url: URL_, headers: { 'content-type': 'application/json' }, payload: '' }, status: 400, message: /body is empty/ },
    { name: 'too large', req: analyze({ comment: { text: 'a'.repeat(150_000) }, requestedAttributes: { GENERIC: {} } }), status: 413, google: 'INVALID_ARGUMENT', message: /limit of 100000 bytes/ },
    { name: 'not JSON', req: { method: 'POST', url: URL_, headers: { 'content-type': 'text/plain' }, payload: 'hello' }, status: 415, google: 'INVALID_ARGUMENT', message: /application\/json/ },
  ]
  for (const c of cases) {
    const res = await app.inject(c.req)
    t.equal(res.statusCode, c.status, c.name)
    googleError(t, res, c.google ?? 'INVALID_ARGUMENT', c.message, c.name)
  }
  const elsewhere = await app.inject({ method: 'POST', url: '/v1/score', payload: { text: '  ' } })
  t.same(Object.keys(elsewhere.json()).sort(), ['error', 'message', 'statusCode'], 'other routes keep the envelope')
  t.match(elsewhere.json().message, /^text: /, 'and their own field paths')
})

t.test("errors raised before the handler come in Google's shape too: API key, rate limit, deadline", async (t) => {
  const payload = { comment: { text: 'hello there' }, requestedAttributes: { GENERIC: {} }, doNotStore: true }

  const keyed = await buildApp({ apiKeys: ['k-1'], limits: { rateLimit: { max: 3, windowMs: 60_000 } } })
  t.teardown(() => keyed.close())
  const missing = await keyed.inject({ method: 'POST', url: URL_, payload })
  t.equal(missing.statusCode, 401)
  googleError(t, missing, 'UNAUTHENTICATED', /needs an API key: send Authorization: Bearer <key> or \?key=<key>/, 'no key')
  t.equal(missing.headers['www-authenticate'], 'Bearer', 'the headers are the app\'s')
  const wrong = await keyed.inject({ method: 'POST', url: `${URL_}?key=nope`, payload })
  googleError(t, wrong, 'UNAUTHENTICATED', /the API key is not valid/, 'wrong key')
  t.equal((await keyed.inject({ method: 'POST', url: `${URL_}?key=k-1`, payload })).statusCode, 200)
  t.equal((await keyed.inject({ method: 'POST', url: `${URL_}?key=k-1`, payload })).statusCode, 200)
  t.equal((await keyed.inject({ method: 'POST', url: `${URL_}?key=k-1`, payload })).statusCode, 200)
  const limited = await keyed.inject({ method: 'POST', url: `${URL_}?key=k-1`, payload })
  t.equal(limited.statusCode, 429)
  googleError(t, limited, 'RESOURCE_EXHAUSTED', /^rate limit exceeded: at most 3 units per 1 minute/, 'rate limit')
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After kept')

  const slow = await buildApp({ requestTimeoutMs: 100 })
  t.teardown(() => slow.close())
  // The template memory answers late (a slow Redis, say): the deadline passes while the request waits.
  const memory = slow.scoring.memory
  const recall = memory.recall.bind(memory)
  memory.recall = async (...args) => {
    await delay(300)
    return recall(...args)
  }
  const late = await slow.inject({ method: 'POST', url: URL_, payload })
  t.equal(late.statusCode, 503)
  googleError(t, late, 'UNAVAILABLE', /took longer than REQUEST_TIMEOUT_MS \(100 ms\)/, 'deadline')
})

t.test('toPerspectiveError: google.rpc.Code names by HTTP status, INVALID_ARGUMENT or INTERNAL for the others', async (t) => {
  const status = (code: number) => toPerspectiveError({ statusCode: code, error: 'x', message: 'm' }).error.status
  t.same(
    [400, 401, 403, 404, 413, 415, 429, 500, 503, 504].map(status),
    ['INVALID_ARGUMENT', 'UNAUTHENTICATED', 'PERMISSION_DENIED', 'NOT_FOUND', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'RESOURCE_EXHAUSTED', 'INTERNAL', 'UNAVAILABLE', 'DEADLINE_EXCEEDED'],
  )
  t.equal(status(422), 'INVALID_ARGUMENT', 'another 4xx: the request is what is wrong')
  t.equal(status(502), 'INTERNAL', 'another 5xx')
  t.same(toPerspectiveError({ statusCode: 429, error: 'Too Many Requests', message: 'slow down' }), { error: { code: 429, message: 'slow down', status: 'RESOURCE_EXHAUSTED' } })
})

t.test('comment.type HTML: scored as its text, span offsets in the HTML as sent (UTF-16)', async (t) => {
  const app = await withFixture()
  t.teardown(() => app.close())
  const html =
    '<div class="comment"><p>Great post &amp; <b>very</b> timely!</p>' +
    '<p>🚀 Moreover, it&#39;s important to note that this <a href="https://x.test/?a=1&amp;b=2" title="a > b">delves</a> into a rich tapestry&nbsp;of ideas.</p>' +
    '<script>var s = "Great post! Very timely. Thanks for sharing!"</script><style>p::after { content: "Moreover" }</style></div>'
  const stripped = htmlToText(html).text
  t.equal(stripped.trim(), "Great post & very timely!\n\n🚀 Moreover, it's important to note that this delves into a rich tapestry\u00a0of ideas.", 'the text scored')
  const request = (comment: object) => analyze({ comment, requestedAttributes: { TEMPLATED: {}, AI_STYLE: {}, GENERIC: {} }, spanAnnotations: true })
  const fromHtml = await app.inject(request({ text: html, type: 'HTML' }))
  const fromText = await app.inject(request({ text: stripped, type: 'PLAIN_TEXT' }))
  t.equal(fromHtml.statusCode, 200)
  const h = fromHtml.json().attributeScores
  const p = fromText.json().attributeScores
  for (const name of ['TEMPLATED', 'AI_STYLE', 'GENERIC']) {
    t.equal(h[name].summaryScore.value, p[name].summaryScore.value, `${name}: the HTML scores as its text`)
    t.same(
      h[name].spanScores.map((s: { score: unknown }) => s.score),
      p[name].spanScores.map((s: { score: unknown }) => s.score),
      `${name}: the same sentences with the same scores`,
    )
    h[name].spanScores.forEach((s: { begin: number; end: number }, i: number) => {
      const q = p[name].spanScores[i]
      t.equal(htmlToText(html.slice(s.begin, s.end)).text, stripped.slice(q.begin, q.end), `${name} span ${i}: the HTML span reads as the text span`)
    })
  }
  const spans = h.TEMPLATED.spanScores as Array<{ begin: number; end: number }>
  t.equal(spans.length, 2)
  t.equal(html.slice(spans[0].begin, spans[0].end), 'Great post &amp; <b>very</b> timely!', 'offsets count the tags and the entity as sent')
  t.equal(html.slice(spans[1].begin, spans[1].end).slice(0, 2), '🚀', 'a span starts on a whole emoji (a surrogate pair)')
  t.ok(html.slice(spans[1].begin, spans[1].end).endsWith('tapestry&nbsp;of ideas.'))
  t.ok(spans[1].end < html.indexOf('<script>'), 'the script is not text: no span reaches it')
  t.ok(h.AI_STYLE.spanScores[1].score.value > h.AI_STYLE.spanScores[0].score.value, 'the "Moreover ... delves ... tapestry" sentence is the AI-style one')

  const alone = (await app.inject(request({ text: '<p>Hello there, friends.</p>', type: 'HTML' }))).json()
  const withScript = (await app.inject(request({ text: '<p>Hello there, friends.</p><script>Moreover, it is important to note that this delves into a rich tapestry of ideas.</script>', type: 'HTML' }))).json()
  const scriptAsText = (await app.inject(request({ text: '<p>Hello there, friends.</p><p>Moreover, it is important to note that this delves into a rich tapestry of ideas.</p>', type: 'HTML' }))).json()
  t.equal(withScript.attributeScores.AI_STYLE.summaryScore.value, alone.attributeScores.AI_STYLE.summaryScore.value, 'script content is not scored')
  t.ok(scriptAsText.attributeScores.AI_STYLE.summaryScore.value > alone.attributeScores.AI_STYLE.summaryScore.value, 'test premise: the same words as text would raise AI_STYLE')

  const asPlain = (await app.inject(request({ text: '<p>Hello there, friends.</p>' }))).json()
  t.equal(asPlain.attributeScores.TEMPLATED.spanScores[0].begin, 0, 'without type HTML the tags are text, as before')
})

t.test('an HTML context entry is read as its text', async (t) => {
  const app = await withFixture()
  t.teardown(() => app.close())
  // The comment shares words only with the parent's script, which is not text: read as HTML, the
  // parent shares nothing with the comment; read as plain text, the script's words would count.
  const text = 'The billing rollout notes were useful, thanks.'
  const visible = 'Our office moved to Leeds last month &amp; the view is lovely.'
  const asHtml = `<article><h1>${visible}</h1><script>track("billing rollout notes useful")</script></article>`
  const value = async (context: object) =>
    (await app.inject(analyze({ comment: { text }, requestedAttributes: { GENERIC: {} }, context }))).json().attributeScores.GENERIC.summaryScore.value
  const plain = await value({ entries: [{ text: htmlToText(asHtml).text }] })
  t.equal(await value({ entries: [{ text: asHtml, type: 'HTML' }] }), plain, 'entries[0] as HTML')
  t.equal(await value({ articleAndParentComment: { article: { text: asHtml, type: 'HTML' } } }), plain, 'article as HTML')
  t.equal(await value({ articleAndParentComment: { parentComment: { text: asHtml, type: 'HTML' } } }), plain, 'parentComment as HTML')
  t.ok(await value({ entries: [{ text: asHtml }] }) < plain, 'test premise: read as plain text, the script shares words with the comment and lowers GENERIC')
})

t.test('htmlToText: tags, comments and raw text dropped, references decoded, offsets on the original', async (t) => {
  const cases: Array<[string, string]> = [
    ['plain text', 'plain text'],
    ['a < b and c <3 d', 'a < b and c <3 d'],
    ['a <b>bold</b> <i class="x">it</i>', 'a bold it'],
    ['one<br>two<br/>three<BR >four', 'one\ntwo\nthree\nfour'],
    ['<P>one</P><DIV>two</DIV>', '\none\n\ntwo\n'],
    ['&amp; &lt; &gt; &quot; &apos; &nbsp;', '& < > " \' \u00a0'],
    ['&#39;&#x27;&#X41;&#128512;&#x1F600;', "''A😀😀"],
    ['&#0; &#xD800; &#x110000;', '\ufffd \ufffd \ufffd'],
    ['&#xE9;&#xe9;&#233;', 'ééé'],
    ['&toString; &valueOf; &AMP;', '&toString; &valueOf; &AMP;'],
    ['&copy; &amp &#39 &# &#x; &#123456789; &verylongname; & x', '&copy; &amp &#39 &# &#x; &#123456789; &verylongname; & x'],
    ['a<!-- hidden -->b<!---->c<!-->d<!--->e', 'abcde'],
    ['<!DOCTYPE html><?xml version="1.0"?>text', 'text'],
    ['a</>b</ 3>c', 'abc'],
    ['tail </', 'tail </'],
    ['<a title="x > y" data-q=\'<p>\' href = "z">link</a>', 'link'],
    ['<a href=x>unquoted</a>', 'unquoted'],
    ['before <a href="never closed>after', 'before '],
    ['before <a href="x"', 'before '],
    ['before <!-- never closed', 'before '],
    ['before <!DOCTYPE', 'before '],
    ['before <?xml', 'before '],
    ['before </a', 'before '],
    ['before </ x', 'before '],
    ['<script>if (a < b) { x = "</p>" }</script>after', 'after'],
    ['<style type="text/css">p { color: red }</STYLE >after', 'after'],
    ['<script>a</scriptx>b</script/>c', 'c'],
    ['<script>never closed', ''],
    ['<script>ends at the very end</script', ''],
    ['<textarea>kept</textarea>', 'kept'],
    ['😀<b>é</b>\ud800x', '😀é\ud800x'],
  ]
  for (const [html, text] of cases) t.equal(htmlToText(html).text, text, JSON.stringify(html))

  const html = '<p>Hi &amp; 😀 bye</p>'
  const h = htmlToText(html)
  t.equal(h.text, '\nHi & 😀 bye\n')
  const cps = Array.from(h.text)
  // Each code point maps back to what produced it: a tag, an entity, a character.
  const produced = cps.map((_, i) => html.slice(h.begin(i), h.end(i + 1)))
  t.same(produced, ['<p>', 'H', 'i', ' ', '&amp;', ' ', '😀', ' ', 'b', 'y', 'e', '</p>'])
  t.equal(h.begin(cps.length), html.length, 'the end of the text is the end of the HTML')
  t.equal(h.end(0), 0)
})

t.test('htmlToText runs in time linear in its input, whatever the input', async (t) => {
  // A backtracking or rescanning scanner is quadratic on these; four times the input must not take
  // sixteen times as long. Each is timed at n and 4n (best of three), and the ratio compared.
  const inputs: Record<string, (n: number) => string> = {
    'unclosed tags': (n) => '<a'.repeat(n / 2),
    'unclosed quotes': (n) => '<a b="'.repeat(n / 6),
    'script full of end-tag starts': (n) => '<script>' + '</s'.repeat(n / 3),
    'comment openers': (n) => '<!--'.repeat(n / 4),
    'ampersands': (n) => '&#1'.repeat(n / 3),
    'named-reference prefixes': (n) => '&ampx'.repeat(n / 5),
    'lone angle brackets': (n) => '< '.repeat(n / 2),
  }
  const best = (input: string) => {
    let min = Infinity
    for (let i = 0; i < 3; i++) {
      const start = performance.now()
      htmlToText(input)
      min = Math.min(min, performance.now() - start)
    }
    return min
  }
  for (const [name, make] of Object.entries(inputs)) {
    const small = make(60_000)
    const large = make(240_000)
    best(small) // warm up
    const ratio = best(large) / Math.max(best(small), 0.05)
    t.ok(ratio < 9, `${name}: 4x the input took ${ratio.toFixed(1)}x the time (quadratic: about 16x)`)
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
  t.match(missing.json().error.message, /\?key=<key>/, 'the 401 says the query form works here')
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
