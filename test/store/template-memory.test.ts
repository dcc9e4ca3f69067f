import t from 'tap'
import { fingerprint, type Signature } from '../../src/engine/fingerprint.js'
import { MemoryTemplateStore } from '../../src/store/memory-store.js'
import { TemplateMemory, UNAVAILABLE_WARNING } from '../../src/store/template-memory.js'
import type { Sightings, StoreHealth, TemplateStore } from '../../src/store/template-store.js'

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const TEMPLATE = fingerprint('Great post! Very timely.')!
const store = () => new MemoryTemplateStore({ windowSeconds: 3600, maxEntries: 1000 })

/** A store whose every operation fails while `down` is true. */
class FlakyStore implements TemplateStore {
  readonly kind = 'redis' as const
  down = true
  private readonly inner = store()
  private check() {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
  }
  async lookup(s: Signature, now: number): Promise<Sightings> {
    this.check()
    return this.inner.lookup(s, now)
  }
  async record(s: Signature, a: number, now: number): Promise<void> {
    this.check()
    return this.inner.record(s, a, now)
  }
  async size() {
    return this.inner.size()
  }
  health(): StoreHealth {
    return { store: 'redis', status: this.down ? 'degraded' : 'ok' }
  }
  async close() {}
}

t.test('sources: a salted SHA-256 of the author, else of the parent post, else none', async (t) => {
  const memory = new TemplateMemory(store(), { salt: 'deployment-a' })
  const other = new TemplateMemory(store(), { salt: 'deployment-b' })
  t.equal(memory.source(undefined), 0)
  t.equal(memory.source(''), 0)
  t.equal(memory.source(undefined, '   '), 0, 'a blank parent is no parent')
  const alice = memory.source('alice')
  t.ok(alice > 0 && alice <= 0xffffffff && Number.isInteger(alice))
  t.equal(memory.source('alice', 'some post'), alice, 'the author wins over the parent')
  t.not(memory.source('bob'), alice)
  t.not(other.source('alice'), alice, 'another salt, another hash')
  t.not(memory.source(undefined, 'alice'), alice, 'an author and a parent with the same text are different sources')
})

t.test('recall counts this submission among the sources and never counts it twice', async (t) => {
  let now = T0
  const memory = new TemplateMemory(store(), { now: () => now })
  t.same(await memory.recall(null, 'alice'), {}, 'no words, no fingerprint, no context')
  await memory.remember(null, 'alice') // nothing to remember
  t.same(await memory.recall(TEMPLATE, 'alice'), { memory: { authors: 1, submissions: 0, since: null, minAuthors: 3 } })
  await memory.remember(TEMPLATE, 'alice')
  now += 1000
  t.same((await memory.recall(TEMPLATE, 'alice')).memory, { authors: 1, submissions: 1, since: new Date(T0).toISOString(), minAuthors: 3 }, 'the same author again')
  t.same((await memory.recall(TEMPLATE, 'bob')).memory?.authors, 2)
  await memory.remember(TEMPLATE, undefined)
  t.same((await memory.recall(TEMPLATE, undefined)).memory, { authors: 3, submissions: 2, since: new Date(T0).toISOString(), minAuthors: 3 }, 'alice, the earlier anonymous one and this one')
  await memory.remember(TEMPLATE, undefined, 'a post')
  await memory.remember(TEMPLATE, undefined, 'a post')
  t.same((await memory.recall(TEMPLATE, undefined, 'a post')).memory?.authors, 3, 'alice, the anonymous one, and the post (once)')
  t.same(memory.health(), { store: 'memory', status: 'ok' })
  await memory.close()
})

t.test('minAuthors must be a positive integer', async (t) => {
  t.throws(() => new TemplateMemory(store(), { minAuthors: 0 }), /minAuthors must be a positive integer, got 0/)
  t.equal(new TemplateMemory(store(), { minAuthors: 5 }).minAuthors, 5)
})

t.test('a failing store: a warning instead of a context, one log line each way, every failure counted', async (t) => {
  const flaky = new FlakyStore()
  const logs: string[] = []
  const errors: string[] = []
  const memory = new TemplateMemory(flaky, {
    logger: { warn: (o, m) => logs.push(`warn ${m} ${JSON.stringify(o)}`), info: (o, m) => logs.push(`info ${m} ${JSON.stringify(o)}`) },
    onError: (operation) => errors.push(operation),
  })
  t.same(await memory.recall(TEMPLATE, 'alice'), { warning: UNAVAILABLE_WARNING })
  await memory.remember(TEMPLATE, 'alice')
  t.same(await memory.recall(TEMPLATE, 'alice'), { warning: UNAVAILABLE_WARNING })
  t.same(errors, ['lookup', 'record', 'lookup'])
  t.equal(logs.length, 1, 'logged once while down')
  t.match(logs[0], /^warn template memory unavailable.*"store":"redis".*ECONNREFUSED/)
  t.same(memory.health(), { store: 'redis', status: 'degraded' })
  flaky.down = false
  await memory.remember(TEMPLATE, 'alice')
  t.same((await memory.recall(TEMPLATE, 'bob')).memory?.submissions, 1)
  t.equal(logs.length, 2)
  t.match(logs[1], /^info template memory available again/)
  flaky.down = true
  const quiet = new TemplateMemory(flaky) // no logger, no counter: still no throw
  t.same(await quiet.recall(TEMPLATE, 'x'), { warning: UNAVAILABLE_WARNING })
  await quiet.remember(TEMPLATE, 'x')
  flaky.down = false
  await quiet.remember(TEMPLATE, 'x')
})
