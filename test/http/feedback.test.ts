// POST /v1/feedback and GET /v1/feedback/export: per tenant, the text kept only when asked (read
// back as bytes from the JSONL file and from a real Redis), export for admin keys only, messages
// that name the field, a failing store answered 503, and no text in the log.
import t, { type Test } from 'tap'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { buildApp } from '../../src/http/app.js'
import { apiKeyId, readConfig } from '../../src/config.js'
import { FileFeedbackStore } from '../../src/feedback/file-store.js'
import { RedisFeedbackStore } from '../../src/feedback/redis-store.js'
import type { FeedbackStore } from '../../src/feedback/store.js'
import type { FeedbackRow } from '../../src/feedback/row.js'
import { fixtureScorer } from './fixture-model.js'
import { RedisServer, redisSkipReason } from '../store/redis-server.js'

const KEYS = ['acme-key-one-0123456789', 'acme-key-two-0123456789', 'solo-key-0123456789abc', 'ops-key-0123456789abcd']
/** Two keys of the tenant `acme`, a key of its own, and `ops`; acme's first key and solo's may export. */
const ENV = { API_KEYS: `acme:${KEYS[0]}, acme:${KEYS[1]}, ${KEYS[2]}, ops:${KEYS[3]}`, ADMIN_API_KEYS: `${KEYS[0]},${KEYS[2]}` }
const SOLO = `key:${apiKeyId(KEYS[2])}`

async function feedbackApp(options: { env?: Record<string, string>; feedbackStore?: FeedbackStore; lines?: string[] } = {}) {
  const config = readConfig(options.env ?? ENV)
  const lines = options.lines
  const app = await buildApp({
    scorer: fixtureScorer(),
    apiKeys: config.API_KEYS,
    adminApiKeys: config.ADMIN_API_KEYS,
    templateMemory: { tenants: config.apiKeyTenants },
    feedbackStore: options.feedbackStore,
    ...(lines ? { logger: { level: 'trace', stream: { write: (l: string) => void lines.push(l) } } } : {}),
  })
  const headers = (key?: string) => (key ? { authorization: `Bearer ${key}` } : {})
  const as = (key?: string) => ({
    submit: async (payload: unknown) => {
      const res = await app.inject({ method: 'POST', url: '/v1/feedback', payload: payload as object, headers: headers(key) })
      return { status: res.statusCode, body: res.json() }
    },
    export: async (query = '') => {
      const res = await app.inject({ method: 'GET', url: `/v1/feedback/export${query}`, headers: headers(key) })
      const rows = res.statusCode === 200 ? res.body.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as FeedbackRow) : []
      return { status: res.statusCode, headers: res.headers, rows, body: res.statusCode === 200 ? undefined : res.json() }
    },
  })
  return { app, acme: as(KEYS[0]), acme2: as(KEYS[1]), solo: as(KEYS[2]), ops: as(KEYS[3]), none: as() }
}

t.test('feedback is stored per tenant; an admin exports its own tenant, or every tenant with scope=all', async (t) => {
  const lines: string[] = []
  const { app, acme, acme2, solo, ops } = await feedbackApp({ lines })
  t.teardown(() => app.close())
  const first = await acme.submit({ text: 'Great post! Very timely.', expected: 'templated', reason: 'stock praise' })
  t.equal(first.status, 201)
  t.match(first.body, { id: String, fingerprint: /^[0-9a-f]{32}$/, expected: 'templated', kind: 'comment', reason: 'stock praise', storedText: false, time: String })
  t.ok(Math.abs(Date.parse(first.body.time) - Date.now()) < 60_000, 'stored now')
  t.notOk('text' in first.body, 'the answer does not echo the text')
  t.equal((await acme2.submit({ text: 'We moved CI to a monorepo and it halved.', expected: 'authentic', kind: 'post', storeText: true })).status, 201)
  t.equal((await solo.submit({ text: 'Great post! Very timely.', expected: 'authentic' })).status, 201)
  t.equal((await ops.submit({ text: 'Thanks for sharing!', expected: 'templated' })).status, 201)

  const mine = await acme.export()
  t.equal(mine.status, 200)
  t.match(mine.headers['content-type'], /^application\/x-ndjson/)
  t.match(mine.headers['content-disposition'], /attachment; filename="feedback.jsonl"/)
  t.same(mine.rows.map((r) => [r.tenant, r.expected, r.kind, r.text ?? null]), [
    ['name:acme', 'templated', 'comment', null],
    ['name:acme', 'authentic', 'post', 'We moved CI to a monorepo and it halved.'],
  ], "the admin's tenant: both keys of acme, oldest first, the text where it was kept")
  const { storedText: _, ...answered } = first.body
  t.same(mine.rows[0], { ...answered, tenant: 'name:acme' }, 'the row is what the answer said was stored')
  t.same((await acme.export('?scope=tenant')).rows, mine.rows, 'scope=tenant is the default')

  const soloRows = (await solo.export()).rows
  t.same(soloRows.map((r) => [r.tenant, r.expected]), [[SOLO, 'authentic']], "solo's export holds its own row only: tenant A never sees B's")
  t.not(soloRows[0].fingerprint, first.body.fingerprint, 'the same text has another fingerprint in another tenant')

  const all = await acme.export('?scope=all')
  t.same(all.rows.map((r) => r.tenant).sort(), [SOLO, 'name:acme', 'name:acme', 'name:ops'].sort(), 'scope=all: every tenant, each row naming its tenant')
  t.match(lines.join(''), /"route":"\/v1\/feedback\/export"/, 'requests are logged')
  t.notMatch(lines.join(''), /timely|monorepo|Thanks for sharing|stock praise/i, 'but no text and no reason, neither sent nor exported')
})

t.test('the fingerprint of an answer judges the same text again, without the text', async (t) => {
  const { app, acme, acme2 } = await feedbackApp()
  t.teardown(() => app.close())
  const first = await acme.submit({ text: 'Great post!  Very timely.', expected: 'templated', storeText: true })
  t.equal((await acme2.submit({ text: 'great post! very timely.', expected: 'templated' })).body.fingerprint, first.body.fingerprint, 'the same text, however cased or spaced, from a key of the same tenant')
  const again = await acme.submit({ fingerprint: first.body.fingerprint, expected: 'authentic', reason: 'the author answered in the thread' })
  t.equal(again.status, 201)
  t.same([again.body.fingerprint, again.body.expected, again.body.storedText], [first.body.fingerprint, 'authentic', false])
  t.same((await acme.export()).rows.map((r) => [r.fingerprint === first.body.fingerprint, r.expected]), [[true, 'templated'], [true, 'templated'], [true, 'authentic']])
})

t.test('every message names the field and says what to send', async (t) => {
  const { app, acme } = await feedbackApp()
  t.teardown(() => app.close())
  const cases: Array<[unknown, RegExp]> = [
    [{ expected: 'templated' }, /^text: is required: the text the feedback is about, or instead `fingerprint`/],
    [{ text: 'Great post!', fingerprint: 'a'.repeat(32), expected: 'templated' }, /^fingerprint: must not come with `text`: send the text or its fingerprint, not both$/],
    [{ fingerprint: 'a'.repeat(32), expected: 'templated', storeText: true }, /^storeText: can be true only with `text`/],
    [{ fingerprint: 'not-a-fingerprint', expected: 'templated' }, /^fingerprint: must be the 32 lowercase hex digits an earlier feedback answer gave/],
    [{ fingerprint: 'A'.repeat(32), expected: 'templated' }, /^fingerprint: must be the 32 lowercase hex digits/],
    [{ text: 'Great post!' }, /^expected: is required: what the text should be: "authentic" or "templated"$/],
    [{ text: 'Great post!', expected: 'spam' }, /^expected: must be "authentic" or "templated", got "spam"$/],
    [{ text: '   ', expected: 'templated' }, /^text: must contain at least one character that is not white space$/],
    [{ text: 'x'.repeat(20_001), expected: 'templated' }, /^text: must be at most 20000 characters/],
    [{ text: 7, expected: 'templated' }, /^text: must be a string, got a number$/],
    [{ text: 'Great post!', expected: 'templated', reason: 'r'.repeat(501) }, /^reason: must be at most 500 characters$/],
    [{ text: 'Great post!', expected: 'templated', kind: 'tweet' }, /^kind: must be "post" or "comment", got "tweet"$/],
    [{ text: 'Great post!', expected: 'templated', storeText: 'yes' }, /^storeText: must be true or false, got "yes"$/],
    [{ text: 'Great post!', expected: 'templated', storText: true }, /^body: unknown field "storText" \(did you mean "storeText"\?\): the fields are text, fingerprint, expected, kind, reason, storeText$/],
    [[], /^body: must be a JSON object, got an array$/],
  ]
  for (const [payload, message] of cases) {
    const res = await acme.submit(payload)
    t.equal(res.status, 400, JSON.stringify(payload).slice(0, 80))
    t.match(res.body.message, message)
  }
  const query = await acme.export('?scope=everything')
  t.same([query.status, query.body.message], [400, 'querystring.scope: must be "tenant" or "all", got "everything"'])
  t.match((await acme.export('?tenant=x')).body.message, /^querystring: unknown field "tenant"/)
})

t.test('the export needs an admin key, and says how to get one', async (t) => {
  const open = await feedbackApp({ env: {} })
  t.teardown(() => open.app.close())
  t.equal((await open.none.submit({ text: 'Great post!', expected: 'templated' })).status, 201, 'without API keys anyone may send feedback, to the one shared tenant')
  const refused = await open.none.export()
  t.equal(refused.status, 403)
  t.match(refused.body.message, /^exporting feedback needs an admin key: set ADMIN_API_KEYS to the API_KEYS keys that may export/)

  const noAdmins = await feedbackApp({ env: { API_KEYS: ENV.API_KEYS } })
  t.teardown(() => noAdmins.app.close())
  t.match((await noAdmins.acme.export()).body.message, /^exporting feedback needs an admin key: set ADMIN_API_KEYS/, 'keys, but none may export')

  const { app, ops, none } = await feedbackApp()
  t.teardown(() => app.close())
  t.same([(await ops.export()).status, (await ops.export()).body.message], [403, 'this API key may not export feedback: only the keys listed in ADMIN_API_KEYS may'])
  t.equal((await none.export()).status, 401, 'no key at all: 401')
  t.equal((await none.submit({ text: 'Great post!', expected: 'templated' })).status, 401, 'feedback needs a key when keys are on')
  t.throws(() => readConfig({ API_KEYS: ENV.API_KEYS, ADMIN_API_KEYS: `${KEYS[0]}, admin-key-not-in-api-keys` }), /ADMIN_API_KEYS: entry 2 is not one of the keys of API_KEYS/)
})

const MARK_KEPT = 'kept7c1a Our build went from 40 to 12 minutes'
const MARK_HASHED = 'hashed9e4b Great post Maria, well deserved'

/** Send two texts, one to keep and one not, and answer whether each appears in `bytes()`. */
async function keptOnlyWhenAsked(t: Test, feedbackStore: FeedbackStore, bytes: () => Promise<string>) {
  const { app, acme, solo } = await feedbackApp({ feedbackStore })
  t.teardown(() => app.close())
  t.equal((await acme.submit({ text: MARK_HASHED, expected: 'templated', reason: 'stock praise' })).body.storedText, false)
  t.equal((await solo.submit({ text: MARK_HASHED, expected: 'templated', storeText: false })).body.storedText, false)
  t.equal((await acme.submit({ text: MARK_KEPT, expected: 'authentic', storeText: true })).body.storedText, true)
  const stored = await bytes()
  t.notOk(stored.includes('hashed9e4b'), 'a text sent without storeText is nowhere in the store')
  t.notOk(stored.toLowerCase().includes('maria'), 'no part of it either')
  t.ok(stored.includes(MARK_KEPT), 'the text sent with storeText: true is kept whole')
  t.ok(stored.includes('stock praise'), 'the reason is kept as written')
  const exported = (await acme.export()).rows
  t.same(exported.map((r) => r.text ?? null), [null, MARK_KEPT])
}

t.test('the JSONL file keeps the text only with storeText: true (read as bytes)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'feedback-http-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'data', 'feedback.jsonl')
  await keptOnlyWhenAsked(t, new FileFeedbackStore({ path }), async () => {
    t.same(readdirSync(join(dir, 'data')).sort(), ['feedback.jsonl', 'feedback.jsonl.key'], 'the rows and the secret, nothing else')
    return readdirSync(join(dir, 'data')).map((f) => readFileSync(join(dir, 'data', f), 'latin1')).join('\n')
  })
})

t.test('Redis keeps the text only with storeText: true (every key and value, read as bytes)', { skip: redisSkipReason() }, async (t) => {
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const admin = new Redis(server.url)
  t.teardown(() => admin.quit())
  const store = new RedisFeedbackStore({ url: server.url })
  t.ok(await store.ready())
  await keptOnlyWhenAsked(t, store, async () => {
    const parts: string[] = []
    for (const key of await admin.keys('*')) {
      parts.push(key)
      const type = await admin.type(key)
      if (type === 'string') parts.push(((await admin.getBuffer(key)) ?? Buffer.alloc(0)).toString('latin1'))
      else if (type === 'set') parts.push(...(await admin.smembers(key)))
      else if (type === 'stream') for (const [id, fields] of await admin.xrange(key, '-', '+')) parts.push(id, ...fields)
      else parts.push(`unexpected ${type}`)
    }
    t.notMatch(parts.join('\n'), /unexpected/, 'only strings, sets and streams')
    return parts.join('\n')
  })
})

t.test('a store that cannot be written or read is a 503 saying so, never a 500, and no text reaches the log', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'feedback-http-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'blocker'), '')
  const lines: string[] = []
  const { app, acme } = await feedbackApp({ feedbackStore: new FileFeedbackStore({ path: join(dir, 'blocker', 'feedback.jsonl') }), lines })
  t.teardown(() => app.close())
  const text = 'logcheck3f9a A comment that must never be written to a log'
  const failed = await acme.submit({ text, expected: 'templated', storeText: true, reason: 'reasoncheck3f9a' })
  t.same([failed.status, failed.body.message], [503, "the feedback store cannot be written right now: nothing was stored; try again (the operator's log says why)"])
  const exported = await acme.export()
  t.same([exported.status, exported.body.message], [503, "the feedback store cannot be read right now: nothing was exported; try again (the operator's log says why)"])
  await acme.submit({ text, expected: 'nope' })
  const log = lines.join('')
  t.match(log, /feedback store: write failed/, 'the operator learns why')
  t.match(log, /ENOTDIR/)
  t.notMatch(log, /3f9a/, 'neither the text nor the reason is logged')
})
