// The feedback service: what a fingerprint matches and what it hides, what a row keeps, and how a
// failing store becomes a 503 without the text reaching the log.
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileFeedbackStore } from '../../src/feedback/file-store.js'
import { MemoryFeedbackStore } from '../../src/feedback/memory-store.js'
import { FeedbackService, SHARED_TENANT, feedbackTenant, foldForFingerprint, type Submission } from '../../src/feedback/service.js'
import { FeedbackStoreError, type FeedbackStore } from '../../src/feedback/store.js'
import type { FeedbackRow } from '../../src/feedback/row.js'
import { collect, row } from './helpers.js'

const SALT = 'a-deployment-secret-0123456789'
const submission = (extra: Partial<Submission> = {}): Submission => ({ text: 'Great post! Very timely.', expected: 'templated', kind: 'comment', storeText: false, ...extra })

t.test('a fingerprint matches the same text from the same tenant, however cased or spaced', async (t) => {
  const service = new FeedbackService(new MemoryFeedbackStore(), { salt: SALT })
  const fp = await service.fingerprint('name:acme', 'Great post!  Very timely.')
  t.match(fp, /^[0-9a-f]{32}$/)
  t.equal(await service.fingerprint('name:acme', '  great POST! very\ntimely. '), fp, 'case and white space are folded')
  t.equal(await service.fingerprint('name:acme', 'Great post! Very timely.'), fp, 'NFKC folds the full-width letters')
  t.not(await service.fingerprint('name:acme', 'Great post! Very timely!'), fp, 'punctuation is not folded: another text')
  t.not(await service.fingerprint('name:other', 'Great post! Very timely.'), fp, "another tenant's fingerprint of the same text differs: rows of two tenants cannot be linked")
  t.not(await new FeedbackService(new MemoryFeedbackStore(), { salt: `${SALT}!` }).fingerprint('name:acme', 'Great post! Very timely.'), fp, 'another secret, other fingerprints: a guessed text cannot be checked without it')
  t.equal(await new FeedbackService(new MemoryFeedbackStore(), { salt: SALT }).fingerprint('name:acme', 'great post! very timely.'), fp, 'the same secret: the same fingerprint in another process')
  t.equal(foldForFingerprint(' A\u00a0B\t\tc '), 'a b c')
})

t.test('without TEMPLATE_SALT the store keeps the secret: a file store gives the same fingerprints after a restart', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'feedback-service-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'feedback.jsonl')
  const before = await new FeedbackService(new FileFeedbackStore({ path })).fingerprint('shared', 'Great post!')
  t.equal(await new FeedbackService(new FileFeedbackStore({ path })).fingerprint('shared', 'Great post!'), before)
  t.not(await new FeedbackService(new MemoryFeedbackStore()).fingerprint('shared', 'Great post!'), before, 'another store, another secret')
})

t.test('a row keeps the text only with storeText, and always the fingerprint', async (t) => {
  const store = new MemoryFeedbackStore()
  const service = new FeedbackService(store, { salt: SALT, now: () => Date.UTC(2026, 0, 5), newId: () => 'row-1' })
  const fingerprint = await service.fingerprint('shared', 'Great post! Very timely.')
  t.same(await service.submit('shared', submission()), { id: 'row-1', fingerprint, expected: 'templated', kind: 'comment', storedText: false, time: '2026-01-05T00:00:00.000Z' })
  t.same(await service.submit('shared', submission({ storeText: true, reason: 'stock praise', kind: 'post' })), { id: 'row-1', fingerprint, expected: 'templated', kind: 'post', reason: 'stock praise', storedText: true, time: '2026-01-05T00:00:00.000Z' })
  t.same(await service.submit('shared', { fingerprint, expected: 'authentic', kind: 'comment', storeText: false }), { id: 'row-1', fingerprint, expected: 'authentic', kind: 'comment', storedText: false, time: '2026-01-05T00:00:00.000Z' }, 'by fingerprint alone')
  const rows = await collect(store.rows('shared'))
  t.same(rows.map((r) => r.text), [undefined, 'Great post! Very timely.', undefined])
  t.notOk('text' in rows[0] || 'text' in rows[2], 'no text field at all')
  t.same(rows.map((r) => r.tenant), ['shared', 'shared', 'shared'])
  t.equal(feedbackTenant(''), SHARED_TENANT, 'without API keys: the one shared tenant')
  t.equal(feedbackTenant('name:acme'), 'name:acme')
})

/** A store that fails as told, logging nothing of its own. */
function failing(failures: { add?: boolean; secret?: number; rows?: 'first' | 'later' }): FeedbackStore {
  const inner = new MemoryFeedbackStore()
  let secretFailures = failures.secret ?? 0
  return {
    kind: 'memory',
    add: async (r: FeedbackRow) => (failures.add ? Promise.reject(new Error('disk full')) : inner.add(r)),
    async *rows(): AsyncIterable<FeedbackRow> {
      if (failures.rows === 'first') throw new Error('connection refused')
      yield row('shared', 1)
      throw new Error('connection reset')
    },
    sharedSecret: async (candidate: Buffer) => (secretFailures-- > 0 ? Promise.reject(new Error('connection refused')) : inner.sharedSecret(candidate)),
    close: () => inner.close(),
  }
}

t.test('a store that fails is a 503 saying nothing was stored, and the log has the reason, never the text', async (t) => {
  const logged: Array<[object, string]> = []
  const logger = { warn: (obj: object, msg: string) => void logged.push([obj, msg]) }
  const text = 'A unique comment 5d1f0c about a moderator decision'
  const service = new FeedbackService(failing({ add: true }), { salt: SALT, logger })
  const err = await service.submit('shared', submission({ text, storeText: true })).catch((e: unknown) => e)
  t.ok(err instanceof FeedbackStoreError)
  t.equal((err as FeedbackStoreError).statusCode, 503)
  t.match((err as Error).message, /the feedback store cannot be written right now: nothing was stored; try again/)
  t.same(logged, [[{ store: 'memory', err: 'disk full' }, 'feedback store: write failed']])
  t.notMatch(JSON.stringify(logged), /5d1f0c/, 'the text is not logged')
})

t.test('a secret the store cannot give is asked for again on the next submission', async (t) => {
  const service = new FeedbackService(failing({ secret: 1 }))
  await t.rejects(service.submit('shared', submission()), { statusCode: 503, message: /cannot be written/ })
  t.equal((await service.submit('shared', submission())).storedText, false, 'the next one goes through')
})

t.test('an export reads its first row before answering: a store that cannot be read is a 503; a later failure ends it', async (t) => {
  await t.rejects(new FeedbackService(failing({ rows: 'first' })).export(), { statusCode: 503, message: /cannot be read right now: nothing was exported/ })
  const rows = await new FeedbackService(failing({ rows: 'later' })).export('shared')
  const seen: string[] = []
  await t.rejects(
    (async () => {
      for await (const r of rows) seen.push(r.id)
    })(),
    /connection reset/,
  )
  t.same(seen, ['shared-1'], 'the rows before the failure went out')
  const empty = await new FeedbackService(new MemoryFeedbackStore()).export()
  t.same(await collect(empty), [], 'an empty store exports nothing')
})
