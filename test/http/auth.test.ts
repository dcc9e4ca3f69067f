import t from 'tap'
import { buildApp } from '../../src/http/app.js'
import { createApiKeys, accessOf } from '../../src/http/plugins/auth.js'

const KEY = 'test-key-0123456789abcdef'
const OTHER = 'other-key-0123456789abcdef'
const envelope = (body: Record<string, unknown>) => Object.keys(body).sort()

t.test('createApiKeys: a configured key verifies, anything else does not', async (t) => {
  const keys = createApiKeys([KEY, OTHER, '', KEY])
  t.equal(keys.enabled, true)
  const id = keys.verify(KEY)
  t.match(id, /^[0-9a-f]{12}$/, 'a key is known by a digest prefix')
  t.not(id, KEY)
  t.not(keys.verify(OTHER), id, 'each key has its own id')
  t.equal(keys.verify(KEY.slice(0, -1)), undefined, 'a prefix is not the key')
  t.equal(keys.verify(`${KEY}x`), undefined, 'nor is a longer string')
  t.equal(keys.verify(''), undefined)
  t.equal(keys.verify(undefined), undefined)
  const none = createApiKeys()
  t.equal(none.enabled, false)
  t.equal(none.verify(KEY), undefined, 'without keys nothing verifies (and nothing needs to)')
})

t.test('accessOf: a route says so, else /v1 needs a key and the rest is open', async (t) => {
  t.equal(accessOf(undefined, '/v1/score'), 'key')
  t.equal(accessOf({}, '/v1alpha1/comments::analyze'), 'key')
  t.equal(accessOf({ access: 'key-or-query' }, '/v1alpha1/comments::analyze'), 'key-or-query')
  t.equal(accessOf({ access: 'open' }, '/v1/anything'), 'open')
  t.equal(accessOf(undefined, '/healthz'), 'open')
  t.equal(accessOf(undefined, undefined), 'open', 'a 404 has no route')
})

t.test('with API keys, /v1 needs Authorization: Bearer <key>; 401 in the one envelope', async (t) => {
  const app = await buildApp({ apiKeys: [KEY, OTHER] })
  t.teardown(() => app.close())
  const missing = await app.inject({ method: 'POST', url: '/v1/score', payload: { text: 'Great post! Very timely.' } })
  t.equal(missing.statusCode, 401)
  t.same(envelope(missing.json()), ['error', 'message', 'statusCode'])
  t.match(missing.json(), { statusCode: 401, error: 'Unauthorized', message: /needs an API key: send Authorization: Bearer <key>/ })
  t.equal(missing.headers['www-authenticate'], 'Bearer')

  for (const authorization of [`Bearer ${KEY}x`, 'Bearer ', `Basic ${KEY}`, KEY, `Token ${KEY}`]) {
    const res = await app.inject({ url: '/v1/signals', headers: { authorization } })
    t.equal(res.statusCode, 401, authorization)
  }
  const wrong = await app.inject({ url: '/v1/signals', headers: { authorization: 'Bearer not-the-key-at-all' } })
  t.match(wrong.json(), { statusCode: 401, message: 'the API key is not valid' })
  t.equal(wrong.headers['www-authenticate'], 'Bearer error="invalid_token"')
  t.notMatch(wrong.body, /not-the-key-at-all/, 'the answer does not echo the key')

  for (const key of [KEY, OTHER]) {
    const ok = await app.inject({ url: '/v1/signals', headers: { authorization: `Bearer ${key}` } })
    t.equal(ok.statusCode, 200, 'either key is accepted')
  }
  const lower = await app.inject({ url: '/v1/signals', headers: { authorization: `bearer ${KEY}` } })
  t.equal(lower.statusCode, 200, 'the scheme is case-insensitive')
  const query = await app.inject({ url: `/v1/signals?key=${KEY}` })
  t.equal(query.statusCode, 401, '?key= is only for routes that say so')
})

t.test('with API keys, probes, metrics, docs and the playground stay open', async (t) => {
  const app = await buildApp({ apiKeys: [KEY] })
  t.teardown(() => app.close())
  for (const url of ['/healthz', '/readyz', '/metrics', '/docs/json', '/docs/', '/']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 200, url)
  }
  t.equal((await app.inject({ url: '/v1/nothing' })).statusCode, 404, 'an unknown route is a 404, key or not')
})

t.test("a route with access 'key-or-query' also takes ?key= (Perspective clients)", async (t) => {
  const app = await buildApp({ apiKeys: [KEY] })
  t.teardown(() => app.close())
  app.get('/v1test/query', { config: { access: 'key-or-query' } }, async (request) => ({ id: request.apiKeyId }))
  const none = await app.inject({ url: '/v1test/query' })
  t.equal(none.statusCode, 401)
  t.match(none.json().message, /\?key=<key>/)
  t.equal((await app.inject({ url: '/v1test/query?key=wrong-key-0123456789' })).statusCode, 401)
  const byQuery = await app.inject({ url: `/v1test/query?key=${KEY}` })
  t.equal(byQuery.statusCode, 200)
  t.equal(byQuery.json().id, createApiKeys([KEY]).verify(KEY), 'the request knows which key it came with')
  t.equal((await app.inject({ url: '/v1test/query', headers: { authorization: `Bearer ${KEY}` } })).statusCode, 200)
})

t.test('app.apiKeys.authorize: the same check for a route that runs it itself', async (t) => {
  const app = await buildApp({ apiKeys: [KEY] })
  t.teardown(() => app.close())
  app.get('/self-checked', async (request) => {
    app.apiKeys.authorize(request, 'key-or-query')
    return { ok: true }
  })
  t.equal((await app.inject({ url: '/self-checked' })).statusCode, 401)
  t.equal((await app.inject({ url: `/self-checked?key=${KEY}` })).statusCode, 200)
})

t.test('without API keys the service is open', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  t.equal(app.apiKeys.enabled, false)
  t.equal((await app.inject({ url: '/v1/signals' })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/signals', headers: { authorization: 'Bearer whatever' } })).statusCode, 200)
})

t.test('the OpenAPI document says which routes take a key', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  app.get('/v1test/query', { schema: { hide: true }, config: { access: 'key-or-query' } }, async () => ({}))
  app.get('/v1test/declared', { schema: { security: [] } as object }, async () => ({}))
  const doc = (await app.inject({ url: '/docs/json' })).json()
  t.ok(doc.components.securitySchemes.bearerAuth)
  t.same(doc.paths['/v1/score'].post.security, [{ bearerAuth: [] }])
  for (const status of ['401', '429', '503']) t.ok(doc.paths['/v1/score'].post.responses[status], `/v1/score may answer ${status}`)
  t.same(doc.paths['/v1test/declared'].get.security, [], 'a route that declares its security keeps it')
  t.notOk(doc.paths['/healthz'].get.security, 'probes take no key')
})
