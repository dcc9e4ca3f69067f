/** A request past its deadline (REQUEST_TIMEOUT_MS): a 503 in the envelope, a log line, a metric, and nothing more remembered. */
import t from 'tap'
import { connect } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { buildApp } from '../../src/http/app.js'

t.test('a batch that runs past REQUEST_TIMEOUT_MS is stopped and answered 503, remembering nothing past the deadline', async (t) => {
  const lines: string[] = []
  const app = await buildApp({ requestTimeoutMs: 200, logger: { level: 'info', stream: { write: (l: string) => lines.push(l) } } })
  t.teardown(() => app.close())
  // Scoring slowed down on purpose, through the real path: each text takes 50 ms.
  const score = app.scoring.scorer.score
  app.scoring.scorer.score = (input) => {
    const until = performance.now() + 50
    while (performance.now() < until);
    return score(input)
  }
  const items = Array.from({ length: 20 }, (_, i) => ({ text: `Comment number ${i} about the rollout, which went fine.` }))
  const res = await app.inject({ method: 'POST', url: '/v1/score/batch', payload: { items } })
  t.equal(res.statusCode, 503)
  t.match(res.json(), { statusCode: 503, error: 'Service Unavailable', message: /took longer than REQUEST_TIMEOUT_MS \(200 ms\) and was stopped/ })
  const remembered = await app.scoring.memory.store.size()
  t.ok(remembered >= 1 && remembered < items.length, `${remembered} of ${items.length} texts were scored and remembered before the deadline, the rest not`)
  t.ok(lines.some((l) => l.includes('request past its deadline')), 'logged')
  t.notOk(lines.some((l) => l.includes('rollout')), 'no submitted text in the log')
  const metrics = (await app.inject({ url: '/metrics' })).body
  t.match(metrics, /authenticity_requests_past_deadline_total 1/)
  app.scoring.scorer.score = score
  const quick = await app.inject({ method: 'POST', url: '/v1/score', payload: { text: 'A quick one.' } })
  t.equal(quick.statusCode, 200, 'a request within its deadline is answered')
})

t.test('over real HTTP: the socket is not cut while its request is scored, and the 503 arrives', async (t) => {
  const app = await buildApp({ requestTimeoutMs: 300 })
  t.teardown(() => app.close())
  const score = app.scoring.scorer.score
  app.scoring.scorer.score = (input) => {
    const until = performance.now() + 100
    while (performance.now() < until);
    return score(input)
  }
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const items = Array.from({ length: 20 }, (_, i) => ({ text: `Comment ${i}.`, remember: false }))
  const res = await fetch(`http://127.0.0.1:${port}/v1/score/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }) })
  t.equal(res.status, 503, 'answered over the socket, not reset')
  t.match(await res.json(), { message: /REQUEST_TIMEOUT_MS \(300 ms\)/ })
})

t.test('over real HTTP: a client that stops reading a large answer is cut after REQUEST_TIMEOUT_MS idle', async (t) => {
  const app = await buildApp({ requestTimeoutMs: 1000 })
  t.teardown(() => app.close())
  const closed = new Promise<number>((resolve) => app.server.once('connection', (socket) => socket.once('close', () => resolve(performance.now()))))
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  // About 10 MB of answer, far more than the loopback buffers take while nobody reads.
  const body = JSON.stringify({ items: Array.from({ length: 1000 }, (_, i) => ({ text: `Great post number ${i}! Very timely.`, remember: false, explain: 'full' })) })
  const client = connect(port, '127.0.0.1')
  t.teardown(() => client.destroy())
  client.pause() // never reads
  client.write(`POST /v1/score/batch HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  const sent = performance.now()
  const stopWaiting = new AbortController()
  const at = await Promise.race([closed, delay(20_000, undefined, { signal: stopWaiting.signal }).catch(() => undefined)])
  stopWaiting.abort()
  t.ok(at !== undefined, 'the server closed the stalled socket (it held it for 20 s and more before)')
  t.ok(at === undefined || at - sent >= 1000, `closed ${at === undefined ? 'never' : Math.round(at - sent) + ' ms'} after the request, once the answer had sat unread`)
})
