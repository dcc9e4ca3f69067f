import t from 'tap'
import { nearDuplicateClusters } from '../../src/engine/clusters.js'
import { fingerprint } from '../../src/engine/fingerprint.js'

t.test('variants of one template fall together and a specific comment stays out', async (t) => {
  const texts = [
    'Great post! Very timely.',
    'I moved our team to four-day weeks last spring; ticket times went down, not up.',
    'great post — very timely 👏',
    'GREAT POST, VERY TIMELY!!!',
    'Great post Bruce! Very timely.',
    '👏👏👏',
  ]
  const clusters = nearDuplicateClusters(texts.map(fingerprint))
  t.equal(clusters.length, 1)
  t.same(clusters[0].members, [0, 2, 3, 4])
  t.ok(clusters[0].similarity >= 0.5 && clusters[0].similarity < 1, `${clusters[0].similarity}`)
})

t.test('identical texts have similarity 1; texts without words are never clustered', async (t) => {
  const clusters = nearDuplicateClusters(['Thanks for sharing', '👍', '👍', 'thanks for sharing!', 'Congrats on the launch!', 'congrats on the launch'].map(fingerprint))
  t.same(clusters, [
    { members: [0, 3], similarity: 1 },
    { members: [4, 5], similarity: 1 },
  ])
  t.same(nearDuplicateClusters([]), [])
  t.same(nearDuplicateClusters([null, null]), [])
})

t.test('a cluster is the connected near-duplicates; its similarity is the lowest to the example', async (t) => {
  // a ~ b and b ~ c, while a and c share less
  const a = 'alpha beta gamma delta epsilon zeta'
  const b = 'alpha beta gamma delta epsilon zeta eta theta'
  const c = 'gamma delta epsilon zeta eta theta iota kappa'
  const [cluster] = nearDuplicateClusters([a, b, c].map(fingerprint), 0.4)
  t.same(cluster.members, [0, 1, 2])
  t.ok(cluster.similarity < 0.4, `the example and the far end: ${cluster.similarity}`)
  t.same(nearDuplicateClusters([a, c].map(fingerprint), 0.9), [], 'a stricter threshold splits them')
})

t.test('a thousand copies cost no more than a thousand finds', async (t) => {
  const sigs = Array.from({ length: 1000 }, (_, i) => fingerprint(i % 2 ? 'Great post! Very timely.' : 'So true, thanks for sharing'))
  const start = Date.now()
  const clusters = nearDuplicateClusters(sigs)
  t.equal(clusters.length, 2)
  t.equal(clusters[0].members.length, 500)
  t.ok(Date.now() - start < 1000, `${Date.now() - start} ms`)
})
