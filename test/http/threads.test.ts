import t from 'tap'
import { readFileSync } from 'node:fs'
import { buildApp } from '../../src/http/app.js'
import { MAX_THREAD_COMMENTS } from '../../src/http/schemas.js'

const seed = JSON.parse(readFileSync(new URL('../../../shared/data/seed-thread.json', import.meta.url), 'utf8')) as {
  post: { text: string }
  comments: Array<{ text: string }>
}

t.test('the seed thread: the same labels as one by one, and a summary', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const res = await app.inject({
    method: 'POST',
    url: '/v1/threads',
    payload: { post: { text: seed.post.text, author: 'bruce' }, comments: seed.comments.map((c, i) => ({ id: `c${i + 1}`, text: c.text })) },
  })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(body.comments.map((c: { label: string }) => c.label), ['templated', 'authentic', 'templated', 'authentic', 'authentic'])
  t.same(body.comments.map((c: { id: string }) => c.id), ['c1', 'c2', 'c3', 'c4', 'c5'])
  t.same(body.clusters, [], 'no two seed comments are near-duplicates')
  t.same(body.summary, { comments: 5, templated: 2, templatedShare: 0.4, duplicateComments: 0 })
  t.ok(typeof body.post.score === 'number' && body.post.label)
  const overlap = body.comments[1].signals.find((s: { id: string }) => s.id === 'parent-overlap')
  t.equal(overlap.value, 0, 'comments are read with the post as their parent')
})

t.test('four variants of "great post, very timely" from four authors form one cluster; a specific comment stays out', async (t) => {
  const app = await buildApp()
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
  const fired = body.comments.map((c: { signals: Array<{ id: string; value: number }> }) => c.signals.find((s) => s.id === 'repeated-template')!.value > 0)
  t.same(fired, [false, false, false, true, true], 'the template memory sees the copies too: from the third author on')
})

t.test('ids default to the index; a thread without comments; remember: false', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const copies = { post: { text: 'Shipping the new search today.' }, comments: [{ text: 'So true!' }, { text: 'so true' }], remember: false }
  for (let round = 0; round < 3; round++) {
    const body = (await app.inject({ method: 'POST', url: '/v1/threads', payload: copies })).json()
    t.same(body.clusters, [{ ids: [0, 1], similarity: 1, example: 'So true!' }])
    const repeated = body.comments.map((c: { signals: Array<{ id: string; value: number }> }) => c.signals.find((s) => s.id === 'repeated-template')!.value)
    t.same(repeated, [0, 0], `round ${round}: nothing remembered`)
  }
  const empty = (await app.inject({ method: 'POST', url: '/v1/threads', payload: { post: { text: 'Just a post.' }, comments: [] } })).json()
  t.same(empty.comments, [])
  t.same(empty.clusters, [])
  t.same(empty.summary, { comments: 0, templated: 0, templatedShare: 0, duplicateComments: 0 })
})

t.test('scoring the same thread again does not make its comments look repeated', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const thread = { post: { text: seed.post.text }, comments: seed.comments.map((c) => ({ text: c.text })) }
  let labels: string[] = []
  for (let round = 0; round < 4; round++) labels = (await app.inject({ method: 'POST', url: '/v1/threads', payload: thread })).json().comments.map((c: { label: string }) => c.label)
  t.same(labels, ['templated', 'authentic', 'templated', 'authentic', 'authentic'], 'without authors, a comment counts as its post: one source')
})

t.test('a malformed thread is a 400 naming the field', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const cases: Array<[string, unknown, RegExp]> = [
    ['no post', { comments: [] }, /body\.post/],
    ['blank comment', { post: { text: 'A post.' }, comments: [{ text: ' ' }] }, /body\.comments\.0\.text: .*not white space/],
    ['too many comments', { post: { text: 'A post.' }, comments: Array.from({ length: MAX_THREAD_COMMENTS + 1 }, () => ({ text: 'hi' })) }, /at most 1000 comments/],
  ]
  for (const [name, payload, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/threads', payload: payload as object })
    t.equal(res.statusCode, 400, name)
    t.match(res.json().message, message, name)
  }
})
