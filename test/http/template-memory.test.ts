// The template memory through the API: repeated-template fires on the third author, not before;
// across two service instances sharing one real redis-server; and Redis dying mid-run loses no request.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { buildApp } from '../../src/http/app.js'
import { MemoryTemplateStore } from '../../src/store/memory-store.js'
import { RedisTemplateStore } from '../../src/store/redis-store.js'
import { UNAVAILABLE_WARNING } from '../../src/store/template-memory.js'
import { RedisServer, redisSkipReason } from '../store/redis-server.js'
import { CHILD_NODE_ARGS, childEnv } from '../child-env.js'
import { fixtureScorer } from './fixture-model.js'

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const POST = 'Will AI be LinkedIn’s downfall? The 2017 changes were survivable; this one may not be.'
const COMMENT = 'Insightful as always. The point about real relationships really resonated with me.'

interface Signal {
  id: string
  value: number
  contribution: number
  evidence: Array<{ start: number; end: number; text: string; note?: string }>
}

async function score(app: FastifyInstance, payload: object) {
  const res = await app.inject({ method: 'POST', url: '/v1/score', payload })
  return { status: res.statusCode, body: res.json() }
}
const repeated = (body: { signals: Signal[] }) => body.signals.find((s) => s.id === 'repeated-template')!

t.test('the same comment from three authors: repeated-template fires on the third, not before', async (t) => {
  let now = T0
  // The fixture model: how far one repeat moves the label is a matter of weights, and these stay fixed.
  const app = await buildApp({
    scorer: fixtureScorer(),
    templateStore: new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 1000 }),
    templateMemory: { now: () => now },
  })
  t.teardown(() => app.close())
  const notRemembered = await score(app, { text: COMMENT, kind: 'comment', parent: POST, author: 'zed', remember: false })
  const first = await score(app, { text: COMMENT, kind: 'comment', parent: POST, author: 'ann' })
  now += 60_000
  const again = await score(app, { text: COMMENT, kind: 'comment', parent: POST, author: 'ann' })
  const second = await score(app, { text: COMMENT, kind: 'comment', parent: POST, author: 'ben' })
  now += 60_000
  const third = await score(app, { text: 'insightful as always — the point about REAL relationships really resonated with me 👏', kind: 'comment', parent: POST, author: 'cat' })
  for (const r of [notRemembered, first, again, second]) t.equal(repeated(r.body).value, 0, 'does not fire before the third source')
  const signal = repeated(third.body)
  t.ok(signal.value > 0 && signal.contribution > 0, 'fires on the third author, for a near-duplicate')
  t.equal(signal.evidence.length, 1)
  t.match(signal.evidence[0].note, /from 3 distinct sources, counting this one: 3 earlier near-duplicates since 2026-01-05T09:00:00\.000Z/)
  t.ok(third.body.score > first.body.score, `the score rises: ${first.body.score} → ${third.body.score}`)
  t.equal(first.body.label, 'authentic')
  t.not(third.body.label, 'authentic', `an otherwise authentic comment from three accounts is ${third.body.label}`)
  now += 3600_000
  t.equal(repeated((await score(app, { text: COMMENT, author: 'dan' })).body).value, 0, 'a window later it is forgotten')
})

t.test('without an author, each submission counts (without a parent post)', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const values = []
  for (let i = 0; i < 3; i++) values.push(repeated((await score(app, { text: 'Congrats on the new role, well deserved!' })).body).value)
  t.equal(values[0], 0)
  t.equal(values[1], 0)
  t.ok(values[2] > 0)
})

t.test('a text without words is never remembered', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  for (const author of ['a', 'b', 'c', 'd']) t.equal(repeated((await score(app, { text: '👏👏👏', author })).body).value, 0)
  t.equal(await app.scoring.memory.store.size(), 0)
})

const skip = redisSkipReason()

t.test('two service instances sharing one redis-server', { skip }, async (t) => {
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const instance = async () => {
    const store = new RedisTemplateStore({ url: server.url, prefix: 'shared:', windowSeconds: 3600, maxEntries: 1000 })
    t.ok(await store.ready(), 'connected')
    const app = await buildApp({ templateStore: store, templateMemory: { salt: 'one-deployment' } })
    t.teardown(() => app.close())
    return app
  }
  const [a, b] = [await instance(), await instance()]
  const ready = (await a.inject({ url: '/readyz' })).json()
  t.same(ready.templateMemory, { store: 'redis', status: 'ok' })
  t.equal(ready.status, 'ready')
  const secret = 'zq7-unique-marker-5150'
  const text = `Great insights ${secret}, thanks for sharing with the network.`
  const r1 = await score(a, { text, kind: 'comment', parent: POST, author: 'ann' })
  const r2 = await score(b, { text, kind: 'comment', parent: POST, author: 'ben' })
  const r3 = await score(a, { text, kind: 'comment', parent: POST, author: 'cat' })
  t.equal(repeated(r1.body).value, 0)
  t.equal(repeated(r2.body).value, 0)
  t.ok(repeated(r3.body).value > 0, 'the third author, on the first instance, sees the second instance’s record')

  // Only hashes in Redis: no key or value holds the text, a word of it, or an author.
  const admin = new Redis(server.url)
  t.teardown(() => admin.quit())
  const keys = await admin.keys('*')
  t.ok(keys.length > 0)
  for (const key of keys) {
    const type = await admin.type(key)
    const values = type === 'string' ? [await admin.getBuffer(key)] : (await admin.zrange(key, 0, '-1')).map((v) => Buffer.from(v))
    for (const needle of [secret, 'insights', 'ann', 'ben']) {
      t.notOk(key.includes(needle), `key ${key} holds no ${needle}`)
      for (const v of values) t.notOk(v!.includes(needle), `value of ${key} holds no ${needle}`)
    }
  }
})

t.test('Redis killed mid-run: no request fails, /readyz says degraded, and the store is used again once Redis is back', { skip }, async (t) => {
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const store = new RedisTemplateStore({ url: server.url, prefix: 'crash:', windowSeconds: 3600, maxEntries: 1000 })
  t.ok(await store.ready())
  const lines: string[] = []
  const app = await buildApp({ templateStore: store, logger: { level: 'info', stream: { write: (l: string) => lines.push(l) } } })
  t.teardown(() => app.close())

  const statuses: number[] = []
  const warned: boolean[] = []
  const send = async (i: number) => {
    const route = i % 3
    const res =
      route === 0
        ? await app.inject({ method: 'POST', url: '/v1/score', payload: { text: `Request ${i} about the roadmap and the hiring plan.`, author: `u${i}` } })
        : route === 1
          ? await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items: [{ text: `Batch ${i}, first item.` }, { text: `Batch ${i}, second item.` }] } })
          : await app.inject({ method: 'POST', url: '/v1/threads', payload: { post: { text: `Thread ${i}` }, comments: [{ text: 'Great post!' }, { text: 'great post' }] } })
    statuses.push(res.statusCode)
    const body = res.json()
    const warnings: string[] = route === 0 ? body.warnings : route === 1 ? body.results[0].warnings : body.comments[0].warnings
    warned.push(warnings.includes(UNAVAILABLE_WARNING))
  }
  // Waves of concurrent requests; Redis dies during the third wave.
  for (let wave = 0; wave < 6; wave++) {
    const batch = Array.from({ length: 10 }, (_, k) => send(wave * 10 + k))
    if (wave === 2) await server.kill()
    await Promise.all(batch)
  }
  t.equal(statuses.length, 60)
  t.ok(statuses.every((s) => s === 200), 'every request answered 200')
  t.notOk(warned.slice(0, 20).some(Boolean), 'no warning while Redis was up')
  t.ok(warned.slice(30).every(Boolean), 'after the kill every answer says the memory was not checked')
  const degraded = (await app.inject({ url: '/readyz' })).json()
  t.equal(degraded.status, 'degraded')
  t.same(degraded.templateMemory, { store: 'redis', status: 'degraded' })
  const warnLines = lines.map((l) => JSON.parse(l)).filter((l) => /template memory unavailable/.test(l.msg))
  t.equal(warnLines.length, 1, 'logged once, not per request')

  await server.restart()
  t.ok(await store.ready(10_000), 'the client reconnects by itself')
  const readyAgain = (await app.inject({ url: '/readyz' })).json()
  t.equal(readyAgain.status, 'ready')
  t.same(readyAgain.templateMemory, { store: 'redis', status: 'ok' }, 'ready again without a restart of the app')
  const after = []
  for (const author of ['x', 'y', 'z']) after.push((await score(app, { text: COMMENT, author })).body)
  t.notOk(after[0].warnings.includes(UNAVAILABLE_WARNING))
  t.equal(repeated(after[1]).value, 0)
  t.ok(repeated(after[2]).value > 0, 'the restarted Redis is used: the third author fires')
  t.ok(lines.some((l) => /template memory available again/.test(l)))
  t.notOk(lines.some((l) => l.includes('roadmap') || l.includes('Great post')), 'no text in the logs')
})

t.test('two real service processes (src/server.ts) sharing one redis-server over HTTP', { skip }, async (t) => {
  const { spawn } = await import('node:child_process')
  const { freePort } = await import('../store/redis-server.js')
  const server = await RedisServer.start()
  t.teardown(() => server.kill())
  const start = async () => {
    const port = await freePort()
    const child = spawn(process.execPath, [...CHILD_NODE_ARGS, 'src/server.ts'], {
      cwd: new URL('../../', import.meta.url).pathname,
      env: childEnv({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', REDIS_URL: server.url, TEMPLATE_SALT: 'shared-salt' }),
      stdio: 'ignore',
    })
    t.teardown(() => {
      child.kill('SIGKILL')
    })
    const base = `http://127.0.0.1:${port}`
    const deadline = Date.now() + 30_000
    for (;;) {
      const ready = await fetch(`${base}/readyz`).then((r) => r.json() as Promise<{ status: string }>, () => undefined)
      if (ready?.status === 'ready') return base
      if (Date.now() > deadline) throw new Error(`the service on ${base} did not become ready`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const [a, b] = await Promise.all([start(), start()])
  const post = async (base: string, author: string) => {
    const res = await fetch(`${base}/v1/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: COMMENT, author }) })
    t.equal(res.status, 200)
    return repeated((await res.json()) as { signals: Signal[] }).value
  }
  t.equal(await post(a, 'ann'), 0)
  t.equal(await post(b, 'ben'), 0)
  t.ok((await post(b, 'cat')) > 0, 'the third author fires, across processes')
})
