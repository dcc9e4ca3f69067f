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
  t.same(doc.paths['/healthz'].get.security, [], 'probes say they take no key')
})

t.test('refused keys count toward the client address: 2,000 wrong keys end in 429s', async (t) => {
  const app = await buildApp({ apiKeys: [KEY], limits: { rateLimit: { max: 1000, windowMs: 60_000 } } })
  t.teardown(() => app.close())
  const statuses = new Map<number, number>()
  let first429: Awaited<ReturnType<typeof app.inject>> | undefined
  for (let i = 0; i < 2000; i++) {
    const headers = i % 2 === 0 ? { authorization: `Bearer wrong-key-${i}-0123456789` } : {}
    const res = await app.inject({ method: 'POST', url: '/v1/score', headers, payload: { text: 'Great post!' }, remoteAddress: '198.51.100.7' })
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    if (res.statusCode === 429) first429 ??= res
  }
  t.same(Object.fromEntries(statuses), { 401: 1000, 429: 1000 }, 'wrong and missing keys alike: 1,000 units, then 429')
  t.same(envelope(first429!.json()), ['error', 'message', 'statusCode'])
  t.match(first429!.json().message, /^rate limit exceeded: at most 1000 units per 1 minute per client address, and each request refused for its API key counts 1; retry in/)
  t.ok(Number(first429!.headers['retry-after']) > 0, 'with Retry-After')
  t.equal(first429!.headers['x-ratelimit-remaining'], '0')
  t.equal(first429!.headers['www-authenticate'], undefined, 'a 429, not a challenge')

  const other = await app.inject({ url: '/v1/signals', headers: { authorization: 'Bearer wrong-key-0123456789' }, remoteAddress: '198.51.100.8' })
  t.equal(other.statusCode, 401, 'another address has its own budget')
  t.equal(other.headers['x-ratelimit-remaining'], '999', 'and the refusal cost it one unit')
  const valid = await app.inject({ url: '/v1/signals', headers: { authorization: `Bearer ${KEY}` }, remoteAddress: '198.51.100.7' })
  t.equal(valid.statusCode, 200, 'a valid key counts toward the key, not the address')
  t.equal(valid.headers['x-ratelimit-remaining'], '999')
})

t.test('without a rate limit, refused keys are 401s however many', async (t) => {
  const app = await buildApp({ apiKeys: [KEY] })
  t.teardown(() => app.close())
  const statuses = new Set<number>()
  for (let i = 0; i < 50; i++) statuses.add((await app.inject({ url: '/v1/signals', headers: { authorization: 'Bearer wrong-key-0123456789' } })).statusCode)
  t.same([...statuses], [401])
})

t.test('API_KEYS=name:key: several keys in one named tenant; malformed entries say which, never quoting a key', async (t) => {
  const { apiKeyId, parseApiKeys, readConfig } = await import('../../src/config.js')
  const config = readConfig({ API_KEYS: ` acme:${KEY} , acme : ${OTHER},plain-key-0123456789, solo:${KEY}x ` })
  t.same(config.API_KEYS, [KEY, OTHER, 'plain-key-0123456789', `${KEY}x`], 'the keys, as auth takes them')
  const keys = createApiKeys(config.API_KEYS)
  t.equal(apiKeyId(KEY), keys.verify(KEY), "config's key id is the one auth gives the request")
  t.same(config.apiKeyTenants, { [apiKeyId(KEY)]: 'acme', [apiKeyId(OTHER)]: 'acme', [apiKeyId(`${KEY}x`)]: 'solo' }, 'a plain key has no name: a tenant of its own')
  t.same(readConfig({}).apiKeyTenants, {})
  t.same(parseApiKeys(`a:${KEY},a:${KEY}`), { entries: [{ key: KEY, tenant: 'a' }, { key: KEY, tenant: 'a' }], problems: [] }, 'a repeat is harmless')
  t.same(parseApiKeys(`tenant:with:colon-0123456789`).entries, [{ key: 'with:colon-0123456789', tenant: 'tenant' }], 'split at the first colon: a key with a colon needs a name')

  const secretish = 'sk-live-SECRET'
  const bad = [`:${KEY}`, `bad name:${KEY}`, `${secretish}$:zzzzzzzzzzzzzzzzzzzz`, `acme:short`, 'short', `one:${OTHER}`, `two:${OTHER}`]
  const { problems } = parseApiKeys(bad.join(','))
  t.same(problems, [
    'entry 1 is not a key nor name:key: the tenant name before the first ":" must be 1 to 64 letters, digits, ".", "_" or "-"',
    'entry 2 is not a key nor name:key: the tenant name before the first ":" must be 1 to 64 letters, digits, ".", "_" or "-"',
    'entry 3 is not a key nor name:key: the tenant name before the first ":" must be 1 to 64 letters, digits, ".", "_" or "-"',
    "each key must be at least 16 characters (e.g. openssl rand -hex 32): entry 4's key is shorter",
    "each key must be at least 16 characters (e.g. openssl rand -hex 32): entry 5's key is shorter",
    'entries 6 and 7 give one key two different tenants',
  ])
  const err = (() => {
    try {
      readConfig({ API_KEYS: bad.join(',') })
    } catch (e) {
      return (e as Error).message
    }
  })()
  t.match(err, /^invalid configuration: API_KEYS: entry 1 is not a key nor name:key.*; API_KEYS: entries 6 and 7 give one key two different tenants$/)
  for (const part of [KEY, OTHER, secretish, 'SECRET', 'zzzz']) t.notOk(err!.includes(part), 'the message quotes no key nor part of one')
  t.throws(() => readConfig({ API_KEYS: `x:${'k'.repeat(15)}` }), /API_KEYS: each key must be at least 16 characters/)
  t.throws(() => readConfig({ API_KEYS: `${'n'.repeat(65)}:${KEY}` }), /tenant name before the first ":" must be 1 to 64/)
})

t.test('with API keys the template memory is per tenant: the key id reaches the scoring context', async (t) => {
  const { readConfig } = await import('../../src/config.js')
  const config = readConfig({ API_KEYS: `acme:${KEY},${OTHER}` })
  const app = await buildApp({ apiKeys: config.API_KEYS, templateMemory: { tenants: config.apiKeyTenants } })
  t.teardown(() => app.close())
  const text = 'Great post! Very timely.'
  for (const author of ['ann', 'ben']) await app.inject({ method: 'POST', url: '/v1/score', headers: { authorization: `Bearer ${KEY}` }, payload: { text, author } })
  const value = async (key: string) => {
    const res = await app.inject({ method: 'POST', url: '/v1/score', headers: { authorization: `Bearer ${key}` }, payload: { text, author: 'cat', remember: false } })
    return res.json().signals.find((s: { id: string }) => s.id === 'repeated-template')?.value ?? 0
  }
  t.ok((await value(KEY)) > 0, "the key's own tenant")
  t.equal(await value(OTHER), 0, 'another key sees nothing of it')
  const res = await app.inject({ method: 'DELETE', url: '/v1/templates', headers: { authorization: `Bearer ${KEY}` } })
  t.same(res.json(), { removed: 2 })
})
