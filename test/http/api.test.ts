import t from 'tap'
import { readFileSync } from 'node:fs'
import type { InjectOptions } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import { loadModel } from '../../src/model/weights.js'
import { FIXTURE_THRESHOLDS, fixtureScorer } from './fixture-model.js'

const seed = JSON.parse(readFileSync(new URL('../../../shared/data/seed-thread.json', import.meta.url), 'utf8')) as {
  post: { text: string }
  comments: Array<{ text: string }>
}
const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('')

t.test('POST /v1/score answers a calibrated, explained score', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const text = 'Moreover, it is important to note that this delves into a rich tapestry 🚀 of ideas. Great post!'
  const res = await app.inject({ method: 'POST', url: '/v1/score', payload: { text, explain: 'full' } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.ok(body.score >= 0 && body.score <= 1)
  t.match(body.label, /^(authentic|uncertain|templated|insufficient)$/)
  t.ok(body.dimensions.aiStyle >= 0 && body.dimensions.aiStyle <= 1)
  t.ok(body.dimensions.generic >= 0 && body.dimensions.generic <= 1)
  t.equal(body.signals.length, app.scoring.scorer.signals.length, 'every signal is reported')
  const magnitudes = body.signals.map((s: { contribution: number }) => Math.abs(s.contribution))
  t.same(magnitudes, [...magnitudes].sort((a, b) => b - a), 'most influential first')
  const fired = body.signals.filter((s: { evidence: unknown[] }) => s.evidence.length > 0)
  t.ok(fired.length >= 3, 'several signals found evidence')
  for (const s of fired) for (const e of s.evidence) t.equal(slice(text, e.start, e.end), e.text)
  t.same(Object.keys(body.stats).sort(), ['averageWordLength', 'characters', 'lexicalDiversity', 'readability', 'sentences', 'words'])
  t.equal(body.stats.characters, Array.from(text).length)
  t.equal(body.model.version, app.scoring.scorer.model.version)
  t.equal(body.language, 'eng')
  const again = await app.inject({ method: 'POST', url: '/v1/score', payload: { text, explain: 'full' } })
  t.same(again.json(), body, 'the same text always gets the same answer')
})

t.test('the seed thread with the committed model: the stock comment scores above the specific one, labels follow the published thresholds', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const { thresholds } = (await app.inject({ method: 'GET', url: '/v1/signals' })).json().model
  const scored = []
  for (const c of seed.comments) {
    const res = await app.inject({ method: 'POST', url: '/v1/score', payload: { text: c.text, kind: 'comment', parent: seed.post.text, remember: false } })
    t.equal(res.statusCode, 200)
    scored.push(res.json())
  }
  const [stock, specific] = [scored[0], scored[scored.length - 1]]
  t.ok(stock.score > specific.score, `"${seed.comments[0].text}" (${stock.score}) scores above the last, specific comment (${specific.score})`)
  for (const r of scored) {
    const expected = r.score >= thresholds.templated ? 'templated' : r.score >= thresholds.uncertain ? 'uncertain' : 'authentic'
    t.equal(r.label, expected, `${r.score} against ${thresholds.uncertain} / ${thresholds.templated}: ${expected}`)
    t.equal(r.model.version, loadModel().version, 'scored by the committed model')
  }
})

t.test('with the fixture model: the stock comment is templated, the specific one authentic, by the thresholds /v1/signals publishes', async (t) => {
  const app = await buildApp({ scorer: fixtureScorer() })
  t.teardown(() => app.close())
  t.match((await app.inject({ method: 'GET', url: '/v1/signals' })).json().model.thresholds, FIXTURE_THRESHOLDS)
  const label = async (text: string) => (await app.inject({ method: 'POST', url: '/v1/score', payload: { text, kind: 'comment', parent: seed.post.text } })).json().label
  t.equal(await label(seed.comments[0].text), 'templated')
  t.equal(await label(seed.comments[seed.comments.length - 1].text), 'authentic')
})

t.test('too little evidence is insufficient; the textbook template is not', async (t) => {
  const app = await buildApp({ scorer: fixtureScorer() })
  t.teardown(() => app.close())
  for (const text of ['ok', '👍', 'hmm']) {
    const body = (await app.inject({ method: 'POST', url: '/v1/score', payload: { text } })).json()
    t.equal(body.label, 'insufficient', text)
    t.match(body.warnings.join(' '), /very short|has no words/)
  }
  const body = (await app.inject({ method: 'POST', url: '/v1/score', payload: { text: 'Great post! Very timely.', kind: 'comment' } })).json()
  t.equal(body.label, 'templated')
  t.ok(body.dimensions.generic > body.dimensions.aiStyle, 'stock praise is generic more than AI-style')
})

t.test('text that is not English says so and is insufficient', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const text = 'Ceci est un commentaire écrit en français, qui parle de la pluie et du beau temps à Paris cette semaine.'
  const body = (await app.inject({ method: 'POST', url: '/v1/score', payload: { text } })).json()
  t.equal(body.language, 'fra')
  t.match(body.warnings.join(' '), /does not look like English/)
  t.equal(body.label, 'insufficient')
})

t.test('errors: one envelope, a message that says what to fix, never a 500', async (t) => {
  const app = await buildApp({ bodyLimitBytes: 200_000 })
  t.teardown(() => app.close())
  const cases: Array<{ name: string; req: InjectOptions; status: number; message: RegExp }> = [
    { name: 'malformed JSON', req: { method: 'POST', url: '/v1/score', headers: { 'content-type': 'application/json' }, payload: '{"text": "hi' }, status: 400, message: /^body is not valid JSON \(.*position.*\): send one JSON object$/ },
    { name: 'empty JSON body', req: { method: 'POST', url: '/v1/score', headers: { 'content-type': 'application/json' }, payload: '' }, status: 400, message: /empty/ },
    { name: 'missing text', req: { method: 'POST', url: '/v1/score', payload: { kind: 'post' } }, status: 400, message: /^text: is required: the post or comment to score/ },
    { name: 'text not a string', req: { method: 'POST', url: '/v1/score', payload: { text: 42 } }, status: 400, message: /^text: must be a string, got a number$/ },
    { name: 'blank text', req: { method: 'POST', url: '/v1/score', payload: { text: ' \n\t ' } }, status: 400, message: /^text: .*not white space/ },
    { name: 'empty text', req: { method: 'POST', url: '/v1/score', payload: { text: '' } }, status: 400, message: /^text: / },
    { name: 'text too long', req: { method: 'POST', url: '/v1/score', payload: { text: 'a'.repeat(20_001) } }, status: 400, message: /at most 20000 characters/ },
    { name: 'parent too long', req: { method: 'POST', url: '/v1/score', payload: { text: 'hi there', parent: 'a'.repeat(20_001) } }, status: 400, message: /^parent: must be at most 20000 characters/ },
    { name: 'bad kind', req: { method: 'POST', url: '/v1/score', payload: { text: 'hi', kind: 'tweet' } }, status: 400, message: /^kind: must be "post" or "comment", got "tweet"$/ },
    { name: 'bad remember', req: { method: 'POST', url: '/v1/score', payload: { text: 'hi', remember: 'yes' } }, status: 400, message: /^remember: must be true or false, got "yes"$/ },
    { name: 'array body', req: { method: 'POST', url: '/v1/score', payload: [1, 2] as unknown as object }, status: 400, message: /^body: must be a JSON object, got an array$/ },
    { name: 'too large', req: { method: 'POST', url: '/v1/score', payload: { text: 'a'.repeat(300_000) } }, status: 413, message: /limit of 200000 bytes/ },
    { name: 'wrong content type', req: { method: 'POST', url: '/v1/score', headers: { 'content-type': 'text/plain' }, payload: 'hello' }, status: 415, message: /application\/json/ },
    { name: 'a typo in a field name', req: { method: 'POST', url: '/v1/score', payload: { text: 'Great post!', parnet: 'The post' } }, status: 400, message: /^body: unknown field "parnet" \(did you mean "parent"\?\): the fields are text, kind, parent, author, remember, explain$/ },
    { name: 'an unknown field', req: { method: 'POST', url: '/v1/score', payload: { text: 'Great post!', lang: 'en', xyzzy: 1 } }, status: 400, message: /^body: unknown fields "lang", "xyzzy": the fields are/ },
    { name: 'a __proto__ key', req: { method: 'POST', url: '/v1/score', headers: { 'content-type': 'application/json' }, payload: '{"text": "hi", "__proto__": {"admin": true}}' }, status: 400, message: /^body has a "__proto__" key, which is refused: remove it$/ },
    { name: 'an escaped __proto__ key', req: { method: 'POST', url: '/v1/score', headers: { 'content-type': 'application/json' }, payload: '{"text": "hi", "\\u005f_proto__": {}}' }, status: 400, message: /"__proto__" key/ },
    { name: 'a constructor.prototype key', req: { method: 'POST', url: '/v1/score', headers: { 'content-type': 'application/json' }, payload: '{"text": "hi", "constructor": {"prototype": {}}}' }, status: 400, message: /"constructor\.prototype" key/ },
    { name: 'unknown route', req: { method: 'GET', url: '/v2/nothing?x=1' }, status: 404, message: /no route GET \/v2\/nothing/ },
  ]
  for (const c of cases) {
    const res = await app.inject(c.req)
    t.equal(res.statusCode, c.status, c.name)
    const body = res.json()
    t.same(Object.keys(body).sort(), ['error', 'message', 'statusCode'], `${c.name}: one envelope`)
    t.equal(body.statusCode, c.status)
    t.match(body.message, c.message, `${c.name}: ${body.message}`)
  }
  const escaped = await app.inject({ method: 'POST', url: '/v1/score', headers: { 'content-type': 'application/json' }, payload: '{"text": "caf\\u00e9 prototype talk, \\ud83d\\ude00"}' })
  t.equal(escaped.statusCode, 200, 'escapes and the word "prototype" in a text are fine')
  const emoji = '😀'.repeat(20_000) // 20,000 code points, 40,000 UTF-16 units: allowed
  t.equal((await app.inject({ method: 'POST', url: '/v1/score', payload: { text: emoji } })).statusCode, 200)
})

t.test('a failure inside scoring is a bare 500 with the detail in the log only', async (t) => {
  const lines: string[] = []
  const app = await buildApp({ logger: { level: 'info', stream: { write: (l: string) => lines.push(l) } } })
  t.teardown(() => app.close())
  app.scoring.scorer.score = () => {
    throw new Error('boom inside')
  }
  const res = await app.inject({ method: 'POST', url: '/v1/score', payload: { text: 'hello world' } })
  t.equal(res.statusCode, 500)
  t.same(res.json(), { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' })
  t.ok(lines.some((l) => l.includes('boom inside')), 'the error is logged')
})

t.test('submitted text never appears in the logs', async (t) => {
  const lines: string[] = []
  const app = await buildApp({ logger: { level: 'trace', stream: { write: (l: string) => lines.push(l) } } })
  t.teardown(() => app.close())
  const secret = 'zq7-unique-marker-8841'
  await app.inject({ method: 'POST', url: '/v1/score', payload: { text: `Great post ${secret}!`, parent: `parent ${secret}` } })
  await app.inject({ method: 'POST', url: '/v1/score', headers: { 'content-type': 'application/json' }, payload: `{"text": "${secret}` })
  await app.inject({ method: 'POST', url: '/v1/score', payload: { text: secret, kind: 'nope' } })
  t.ok(lines.length >= 3, 'requests were logged')
  t.notOk(lines.some((l) => l.includes(secret)), 'no log line holds the text')
  const completed = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request completed')
  t.ok(completed.every((l) => l.reqId && l.route && l.statusCode && typeof l.durationMs === 'number'), 'id, route, status and duration')
})

t.test('GET /v1/signals lists the catalogue with weights and thresholds', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const body = (await app.inject({ method: 'GET', url: '/v1/signals' })).json()
  t.equal(body.signals.length, app.scoring.scorer.signals.length)
  t.ok(body.model.thresholds.templated > body.model.thresholds.uncertain)
  for (const s of body.signals) t.ok(s.id && s.source && typeof s.weight === 'number')
})

t.test('health, readiness and docs', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  t.same((await app.inject({ url: '/healthz' })).json(), { status: 'ok' })
  const ready = (await app.inject({ url: '/readyz' })).json()
  t.equal(ready.status, 'ready')
  t.equal(ready.model.version, app.scoring.scorer.model.version)
  const docs = await app.inject({ url: '/docs/json' })
  t.equal(docs.statusCode, 200)
  t.ok(docs.json().paths['/v1/score'].post)
  const ui = await app.inject({ url: '/docs/' })
  t.equal(ui.statusCode, 200)
  t.match(ui.body, /swagger/i)
})
