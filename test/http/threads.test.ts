import t from 'tap'
import { readFileSync } from 'node:fs'
import { buildApp } from '../../src/http/app.js'
import { MAX_THREAD_COMMENTS } from '../../src/http/schemas.js'
import { fixtureScorer } from './fixture-model.js'

const seed = JSON.parse(readFileSync(new URL('../../../shared/data/seed-thread.json', import.meta.url), 'utf8')) as {
  post: { text: string }
  comments: Array<{ text: string }>
}
// Labels and summaries depend on the weights: the fixed fixture model keeps them still while the committed weights are refitted.
const build = () => buildApp({ scorer: fixtureScorer() })

t.test('the seed thread: the same scores as one by one, and a summary that counts them', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const res = await app.inject({
    method: 'POST',
    url: '/v1/threads',
    payload: { post: { text: seed.post.text, author: 'bruce' }, comments: seed.comments.map((c, i) => ({ id: `c${i + 1}`, text: c.text })), remember: false },
  })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(body.comments.map((c: { id: string }) => c.id), ['c1', 'c2', 'c3', 'c4', 'c5'])
  for (const [i, c] of seed.comments.entries()) {
    const one = (await app.inject({ method: 'POST', url: '/v1/score', payload: { text: c.text, kind: 'comment', parent: seed.post.text, remember: false } })).json()
    const { id, ...inThread } = body.comments[i]
    t.same(inThread, one, `${id}: read with the post as its parent, as /v1/score reads it`)
  }
  const labels = body.comments.map((c: { label: string }) => c.label)
  t.equal(labels[0], 'templated', 'the fixture model: the stock praise is templated')
  t.equal(labels[4], 'authentic', 'and the specific answer authentic')
  t.same(body.clusters, [], 'no two seed comments are near-duplicates')
  const templated = labels.filter((l: string) => l === 'templated').length
  t.same(body.summary, { comments: 5, templated, templatedShare: Math.round((templated / 5) * 1e4) / 1e4, duplicateComments: 0 })
  t.same(Object.keys(body.post).sort(), Object.keys(body.comments[0]).filter((k) => k !== 'id').sort(), "the post's score has the shape of a comment's")
})

t.test('four variants of "great post, very timely" from four authors form one cluster; a specific comment stays out', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const comments = [
    { id: 'v1', text: 'Great post! Very timely.', author: 'ann' },
    { id: 'specific', text: 'The 2017 change pushed me off the feed for a month; the newsletter brought me back, not the algorithm.', author: 'eve' },
    { id: 'v2', text: 'great post — very timely 👏', author: 'ben' },
    { id: 'v3', text: 'GREAT POST, VERY TIMELY!!!', author: 'cat' },
    { id: 'v4', text: 'Great post Bruce... very timely 🙌', author: 'dan' },
  ]
  const res = await app.inject({ method: 'POST', url: '/v1/threads', payload: { post: { text: seed.post.text }, comments } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.clusters.length, 1)
  t.same(body.clusters[0].ids, ['v1', 'v2', 'v3', 'v4'])
  t.equal(body.clusters[0].example, 'Great post! Very timely.')
  t.ok(body.clusters[0].similarity >= 0.5 && body.clusters[0].similarity <= 1)
  t.equal(body.summary.duplicateComments, 4)
  t.equal(body.summary.comments, 5)
  t.equal(body.summary.templated, body.comments.filter((c: { label: string }) => c.label === 'templated').length)
  const fired = body.comments.map((c: { signals: Array<{ id: string; value: number }> }) => (c.signals.find((s) => s.id === 'repeated-template')?.value ?? 0) > 0)
  t.same(fired, [false, false, false, true, true], 'the template memory sees the copies too: from the third author on')
})

t.test('ids default to the index; a thread without comments; remember: false', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const copies = { post: { text: 'Shipping the new search today.' }, comments: [{ text: 'So true!' }, { text: 'so true' }], remember: false }
  for (let round = 0; round < 3; round++) {
    const body = (await app.inject({ method: 'POST', url: '/v1/threads', payload: copies })).json()
    t.same(body.clusters, [{ ids: [0, 1], similarity: 1, example: 'So true!' }])
    const repeated = body.comments.map((c: { signals: Array<{ id: string; value: number }> }) => (c.signals.find((s) => s.id === 'repeated-template')?.value ?? 0))
    t.same(repeated, [0, 0], `round ${round}: nothing remembered`)
  }
  const empty = (await app.inject({ method: 'POST', url: '/v1/threads', payload: { post: { text: 'Just a post.' }, comments: [] } })).json()
  t.same(empty.comments, [])
  t.same(empty.clusters, [])
  t.same(empty.summary, { comments: 0, templated: 0, templatedShare: 0, duplicateComments: 0 })
})

t.test('scoring the same thread again does not make its comments look repeated', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const thread = { post: { text: seed.post.text }, comments: seed.comments.map((c) => ({ text: c.text })) }
  const rounds = []
  for (let round = 0; round < 4; round++) rounds.push((await app.inject({ method: 'POST', url: '/v1/threads', payload: thread })).json())
  const repeated = rounds[3].comments.map((c: { signals: Array<{ id: string; value: number }> }) => (c.signals.find((s) => s.id === 'repeated-template')?.value ?? 0))
  t.same(repeated, [0, 0, 0, 0, 0], 'without authors, a comment counts as its post: one source')
  t.same(rounds[3].comments, rounds[0].comments, 'the fourth round scores as the first')
})

t.test('a malformed thread is a 400 naming the field', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const cases: Array<[string, unknown, RegExp]> = [
    ['no post', { comments: [] }, /^post: is required: a JSON object$/],
    ['a typo in a comment', { post: { text: 'A post.' }, comments: [{ txt: 'hi' }] }, /comments\.0: unknown field "txt" \(did you mean "text"\?\)/],
    ['an unknown field of the thread', { post: { text: 'A post.' }, comments: [], remeber: false }, /^body: unknown field "remeber" \(did you mean "remember"\?\)/],
    ['blank comment', { post: { text: 'A post.' }, comments: [{ text: ' ' }] }, /^comments\.0\.text: .*not white space/],
    ['too many comments', { post: { text: 'A post.' }, comments: Array.from({ length: MAX_THREAD_COMMENTS + 1 }, () => ({ text: 'hi' })) }, /at most 1000 comments/],
  ]
  for (const [name, payload, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/threads', payload: payload as object })
    t.equal(res.statusCode, 400, name)
    t.match(res.json().message, message, name)
  }
})
