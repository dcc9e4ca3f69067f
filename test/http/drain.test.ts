import t from 'tap'
import { connect } from 'node:net'
import { once } from 'node:events'
import { buildApp } from '../../src/http/app.js'

t.test('closing: the request in flight is answered with Connection: close, and the close does not wait for keep-alive', async (t) => {
  const app = await buildApp()
  // Registered after the drain plugin's own preClose hook, so it runs once closing has begun.
  const closing = new Promise<void>((resolve) =>
    app.addHook('preClose', (done) => {
      resolve()
      done()
    }),
  )
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const body = JSON.stringify({ text: 'We shipped it on Tuesday and it broke on Wednesday.', remember: false })
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  let received = ''
  socket.on('data', (c) => (received += c.toString('utf8')))
  const ended = once(socket, 'close')
  const arrived = once(app.server, 'request')
  socket.write(`POST /v1/score HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`)
  socket.write(body.slice(0, 10))
  await arrived
  const started = performance.now()
  const closed = app.close()
  await closing
  socket.write(body.slice(10))
  await ended
  await closed
  t.match(received, /^HTTP\/1\.1 200 OK/)
  t.match(received, /\r\nconnection: close\r\n/i, 'the answer says Connection: close')
  t.ok(performance.now() - started < 5000, 'the close finished with the answer, not after the keep-alive timeout')
})

t.test('before closing, answers keep their connection alive', async (t) => {
  const app = await buildApp()
  t.teardown(() => app.close())
  const res = await app.inject({ url: '/healthz' })
  t.notOk(res.headers.connection === 'close')
})
