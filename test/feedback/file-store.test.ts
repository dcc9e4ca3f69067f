// The JSONL feedback store's own behaviour: what it writes where, with which permissions, how it
// survives a restart, a torn last line and a rewrite that fails, and how it fails. The behaviour
// it shares with the other stores is in store.test.ts.
import t from 'tap'
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileFeedbackStore } from '../../src/feedback/file-store.js'
import { collect, ids, row } from './helpers.js'

const root = mkdtempSync(join(tmpdir(), 'feedback-file-'))
t.teardown(() => rmSync(root, { recursive: true, force: true }))
let n = 0
/** A fresh folder for one test. */
const fresh = () => join(root, `case-${++n}`)

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '')

t.test('creates nothing until the first row, then the file and its folder, readable by the owner only', async (t) => {
  const dir = join(fresh(), 'nested', 'data')
  const path = join(dir, 'feedback.jsonl')
  const store = new FileFeedbackStore({ path })
  t.same(await collect(store.rows()), [], 'an export before the first row is empty')
  t.notOk(existsSync(dir), 'reading created nothing')
  await store.add(row('shared', 1))
  t.equal(statSync(path).mode & 0o777, 0o600, 'the file is 0600: it may hold texts')
  t.same(lines(path).map((l) => JSON.parse(l)), [row('shared', 1)], 'one JSON row per line, in the export shape')
  await store.close()
})

t.test('keeps the generated secret beside the file (hex, 0600), so a restart keeps the fingerprints', async (t) => {
  const path = join(fresh(), 'feedback.jsonl')
  const secret = Buffer.alloc(32, 7)
  t.same(await new FileFeedbackStore({ path }).sharedSecret(secret), secret)
  t.equal(readFileSync(`${path}.key`, 'utf8'), `${secret.toString('hex')}\n`)
  t.equal(statSync(`${path}.key`).mode & 0o777, 0o600)
  t.same(await new FileFeedbackStore({ path }).sharedSecret(Buffer.alloc(32, 9)), secret, 'another process (a restart) reads the same secret')
  t.notOk(existsSync(path), 'the rows file itself is still to be created')
})

t.test('a key file that holds no usable secret is an error that says what to do', async (t) => {
  const dir = fresh()
  mkdirSync(dir)
  for (const content of ['abc123\n', 'not hex at all, but long enough to pass a length check\n']) {
    writeFileSync(join(dir, 'feedback.jsonl.key'), content)
    await t.rejects(new FileFeedbackStore({ path: join(dir, 'feedback.jsonl') }).sharedSecret(Buffer.alloc(32)), /feedback\.jsonl\.key does not hold a secret of at least 16 bytes in hex: delete it .* or set TEMPLATE_SALT/)
  }
})

t.test('a restarted store counts the rows already in the file towards the bound', async (t) => {
  const path = join(fresh(), 'feedback.jsonl')
  const first = new FileFeedbackStore({ path, maxRowsPerTenant: 10 })
  for (let i = 1; i <= 10; i++) await first.add(row('shared', i))
  await first.close()
  const second = new FileFeedbackStore({ path, maxRowsPerTenant: 10 })
  t.same(ids(await collect(second.rows())).length, 10, 'the rows survive a restart')
  await second.add(row('shared', 11))
  t.equal(lines(path).length, 11, 'a tenth over the bound is allowed (one rewrite per tenth, not per row)')
  await second.add(row('shared', 12))
  t.same(ids(await collect(second.rows())), Array.from({ length: 10 }, (_, i) => `shared-${i + 3}`), 'then the file is rewritten to the newest 10')
})

t.test('a torn last line (a crash mid-write) is skipped, the next row starts on its own line, and a rewrite drops it', async (t) => {
  const dir = fresh()
  mkdirSync(dir)
  const path = join(dir, 'feedback.jsonl')
  writeFileSync(path, `${JSON.stringify(row('shared', 1))}\n\nnot json\n${JSON.stringify({ id: 'x', tenant: 'shared' })}\n{"id":"torn","tena`)
  const store = new FileFeedbackStore({ path, maxRowsPerTenant: 1 })
  t.same(ids(await collect(store.rows())), ['shared-1'], 'lines that are not rows are skipped')
  await store.add(row('shared', 2))
  t.same(ids(await collect(store.rows())), ['shared-1', 'shared-2'], 'the new row is read whole')
  t.match(readFileSync(path, 'utf8'), /"tena\n\{"id":"shared-2"/, 'it starts on a line of its own')
  await store.add(row('shared', 3))
  t.same(lines(path).map((l) => JSON.parse(l).id), ['shared-3'], 'the rewrite keeps the newest row and no broken line')
  t.equal(statSync(path).mode & 0o777, 0o600, 'the rewritten file is 0600 too')
})

t.test('a rewrite of a large file writes it whole', async (t) => {
  const path = join(fresh(), 'feedback.jsonl')
  const store = new FileFeedbackStore({ path, maxRowsPerTenant: 40 })
  const text = 'A long comment that a moderator kept. '.repeat(100) // 3,800 characters: 40 rows pass the 64 KiB write size
  for (let i = 1; i <= 45; i++) await store.add(row('shared', i, { text }))
  const kept = await collect(store.rows())
  t.same(ids(kept), Array.from({ length: 40 }, (_, i) => `shared-${i + 6}`))
  t.ok(kept.every((r) => r.text === text), 'every text whole')
})

t.test('a rewrite that fails leaves the file as it was, and the next row tries again', async (t) => {
  const dir = fresh()
  const path = join(dir, 'feedback.jsonl')
  const store = new FileFeedbackStore({ path, maxRowsPerTenant: 2 })
  await store.add(row('shared', 1))
  // The rewrite's temporary file cannot be made: a folder stands at its name.
  const temporary = `${path}.${process.pid}.tmp`
  mkdirSync(temporary)
  for (let i = 2; i <= 4; i++) await store.add(row('shared', i))
  t.same(ids(await collect(store.rows())), ['shared-1', 'shared-2', 'shared-3', 'shared-4'], 'every row stored, none lost')
  rmSync(temporary, { recursive: true })
  await store.add(row('shared', 5))
  t.same(ids(await collect(store.rows())), ['shared-4', 'shared-5'], 'the next row rewrites it')
  t.notOk(existsSync(temporary), 'no temporary file left')
})

t.test('a file that cannot be written or read rejects, and the store works again once it can', async (t) => {
  const dir = fresh()
  mkdirSync(dir)
  const blocker = join(dir, 'not-a-folder')
  writeFileSync(blocker, '')
  const store = new FileFeedbackStore({ path: join(blocker, 'feedback.jsonl') })
  await t.rejects(store.add(row('shared', 1)), { code: 'ENOTDIR' }, 'its folder is a file')
  await t.rejects(collect(store.rows()), { code: 'ENOTDIR' })
  await t.rejects(store.sharedSecret(Buffer.alloc(32)), { code: 'ENOTDIR' })
  const folder = new FileFeedbackStore({ path: dir })
  await t.rejects(collect(folder.rows()), { code: 'EISDIR' }, 'the path is a folder')
  await t.rejects(folder.add(row('shared', 1)), { code: 'EISDIR' })
  // A failure does not stop the store: once the folder can be made, the same store writes.
  rmSync(blocker)
  await store.add(row('shared', 2))
  t.same(ids(await collect(store.rows('shared'))), ['shared-2'])
})

t.test('a row another writer appended meanwhile (a hand edit) survives a rewrite', async (t) => {
  const path = join(fresh(), 'feedback.jsonl')
  const store = new FileFeedbackStore({ path, maxRowsPerTenant: 1 })
  await store.add(row('shared', 1))
  appendFileSync(path, `${JSON.stringify(row('name:elsewhere', 1))}\n`)
  await store.add(row('shared', 2))
  await store.add(row('shared', 3))
  t.same(ids(await collect(store.rows())), ['name:elsewhere-1', 'shared-3'], "the store's own tenant is cut to its bound; the row it never counted stays")
})
